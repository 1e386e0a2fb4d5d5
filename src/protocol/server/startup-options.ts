/**
 * What a server offers before STARTUP (SUPPORTED) and what it accepts in STARTUP, per
 * cql-compat 1.4: CQL_VERSION ["3.4.6"], COMPRESSION ["lz4"] (our own codec; Cassandra also
 * offers snappy, which no current driver needs), PROTOCOL_VERSIONS in Cassandra's form.
 * STARTUP must name a CQL 3 version (Node sends 3.0.0, Python the one we offered) and no
 * compression we do not have; other options (driver names, NO_COMPACT) are kept, not checked.
 */

import type { SegmentCompression } from '../frame/segment-codec.js';
import { ProtocolError } from '../protocol-error.js';

export const SERVED_CQL_VERSION = '3.4.6';

export function supportedOptions(versions: readonly number[]): ReadonlyMap<string, readonly string[]> {
  return new Map<string, readonly string[]>([
    ['CQL_VERSION', [SERVED_CQL_VERSION]],
    ['COMPRESSION', ['lz4']],
    ['PROTOCOL_VERSIONS', versions.map((v) => `${v}/v${v}`)],
  ]);
}

const CQL_3 = /^3(\.\d+){0,2}$/;

/**
 * The compression STARTUP asks for; throws ProtocolError when STARTUP cannot be accepted
 * (Cassandra's wording where it has one).
 */
export function checkStartupOptions(options: ReadonlyMap<string, string>): SegmentCompression {
  const cqlVersion = options.get('CQL_VERSION');
  if (cqlVersion === undefined) throw new ProtocolError('Missing value CQL_VERSION in STARTUP message');
  if (!CQL_3.test(cqlVersion)) throw new ProtocolError(`Unsupported CQL version ${cqlVersion}: this server speaks CQL ${SERVED_CQL_VERSION}`);
  const compression = options.get('COMPRESSION')?.toLowerCase();
  if (compression === undefined || compression === '') return 'none';
  if (compression === 'lz4') return 'lz4';
  throw new ProtocolError(`Unknown compression algorithm: ${compression}`);
}
