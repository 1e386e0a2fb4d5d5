/**
 * STARTUP (spec 4.1.1): a [string map] of options. CQL_VERSION is mandatory; COMPRESSION and
 * driver names are optional. What the options mean is the connection's business
 * (server/startup-options.ts); this file only carries them.
 */

import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export interface StartupRequest {
  readonly kind: 'startup';
  readonly options: ReadonlyMap<string, string>;
}

export function decodeStartup(reader: BodyReader): StartupRequest {
  return { kind: 'startup', options: reader.stringMap('STARTUP options') };
}

export function encodeStartup(writer: BodyWriter, request: StartupRequest): void {
  writer.stringMap(request.options);
}
