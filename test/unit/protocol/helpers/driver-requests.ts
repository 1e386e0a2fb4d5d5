/**
 * Request frames written by the real cassandra-driver 4.10 (lib/requests.js, the classes the
 * driver sends on every connection), so the decoders are tested against the bytes a client
 * really produces. Options are the driver's ExecutionOptions with chosen getters overridden.
 */

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface DriverRequest {
  write(encoder: object, streamId: number): Buffer;
}
type RequestClass = new (...args: never[]) => DriverRequest;

const requests = require('cassandra-driver/lib/requests.js') as Record<string, RequestClass> & { options: DriverRequest };
const { ExecutionOptions } = require('cassandra-driver/lib/execution-options.js') as { ExecutionOptions: { empty(): object } };
const Encoder = require('cassandra-driver/lib/encoder.js') as new (version: number, options: object) => object;

export interface DriverOptions {
  readonly consistency?: number;
  readonly serialConsistency?: number;
  readonly fetchSize?: number;
  readonly pageState?: Buffer;
  readonly timestamp?: unknown;
  readonly hints?: readonly unknown[];
  readonly customPayload?: Record<string, Buffer>;
  readonly tracing?: boolean;
  readonly logged?: boolean;
  readonly counter?: boolean;
}

export function driverOptions(options: DriverOptions): object {
  const getters = {
    getConsistency: () => options.consistency,
    getSerialConsistency: () => options.serialConsistency,
    getFetchSize: () => options.fetchSize,
    getPageState: () => options.pageState,
    getOrGenerateTimestamp: () => options.timestamp ?? null,
    getHints: () => options.hints,
    getCustomPayload: () => options.customPayload,
    isQueryTracing: () => options.tracing === true,
    isBatchLogged: () => options.logged !== false,
    isBatchCounter: () => options.counter === true,
    getKeyspace: () => undefined,
  };
  return Object.assign(ExecutionOptions.empty(), getters);
}

/** The frame bytes of `new requests[className](...args).write(encoder, stream)`. */
export function driverRequestFrame(className: string, args: readonly unknown[], stream = 1, version = 4): Uint8Array {
  const RequestClass = requests[className];
  if (RequestClass === undefined) throw new Error(`no driver request class ${className}`);
  const request = new (RequestClass as unknown as new (...a: unknown[]) => DriverRequest)(...args);
  return request.write(new Encoder(version, { encoding: {} }), stream);
}

/** The driver's OPTIONS frame (it keeps one shared OptionsRequest instance). */
export function driverOptionsFrame(stream = 1, version = 4): Uint8Array {
  return requests.options.write(new Encoder(version, { encoding: {} }), stream);
}
