/**
 * Every request message as one closed union, and the decoding of an envelope into it:
 *
 *   flags 0x01 compressed   refused (no compression is negotiated, cql-compat 1.10)
 *   flags 0x02 tracing      noted; a request carries no tracing bytes
 *   flags 0x04 payload      the body starts with a [bytes map] custom payload, read first
 *   then the opcode's body, which must be consumed exactly (trailing bytes are an error)
 *
 * An opcode that is unknown or names a response is a protocol error. The encoders exist for
 * the other side: tests, the fuzz harness and benchmarks speak to the server with them.
 */

import { assertNever } from '../../lib/assert.js';
import { FrameFlag } from '../frame/frame-header.js';
import type { Envelope } from '../frame/frame-reader.js';
import { Opcode, opcodeName } from '../frame/opcode.js';
import { ProtocolError } from '../protocol-error.js';
import { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';
import { decodeAuthResponse, encodeAuthResponse, type AuthResponseRequest } from './auth-response.js';
import { decodeBatch, encodeBatch, type BatchRequest } from './batch.js';
import { decodeExecute, encodeExecute, type ExecuteRequest } from './execute.js';
import { decodeOptions, type OptionsRequest } from './options.js';
import { decodePrepare, encodePrepare, type PrepareRequest } from './prepare.js';
import { decodeQuery, encodeQuery, type QueryRequest } from './query.js';
import { decodeRegister, encodeRegister, type RegisterRequest } from './register.js';
import { decodeStartup, encodeStartup, type StartupRequest } from './startup.js';

export type Request =
  | StartupRequest
  | OptionsRequest
  | QueryRequest
  | PrepareRequest
  | ExecuteRequest
  | BatchRequest
  | RegisterRequest
  | AuthResponseRequest;

export type RequestKind = Request['kind'];

export type CustomPayload = ReadonlyMap<string, Uint8Array | null>;

export interface DecodedRequest {
  readonly request: Request;
  /** The client asked for tracing (flag 0x02). */
  readonly tracing: boolean;
  readonly customPayload: CustomPayload | null;
}

const opcodes: Readonly<Record<RequestKind, Opcode>> = {
  startup: Opcode.startup,
  options: Opcode.options,
  query: Opcode.query,
  prepare: Opcode.prepare,
  execute: Opcode.execute,
  batch: Opcode.batch,
  register: Opcode.register,
  'auth-response': Opcode.authResponse,
};

export function requestOpcode(request: Request): Opcode {
  return opcodes[request.kind];
}

export function decodeRequest(envelope: Envelope): DecodedRequest {
  const { header, body } = envelope;
  if ((header.flags & FrameFlag.compressed) !== 0) {
    throw new ProtocolError(`${opcodeName(header.opcode)} frame is compressed but no compression was negotiated`);
  }
  const reader = new BodyReader(body);
  const customPayload = (header.flags & FrameFlag.customPayload) !== 0 ? reader.bytesMap('custom payload') : null;
  const request = decodeRequestBody(header.opcode, reader, header.version);
  reader.expectEnd(opcodeName(header.opcode));
  return { request, tracing: (header.flags & FrameFlag.tracing) !== 0, customPayload };
}

function decodeRequestBody(opcode: number, reader: BodyReader, version: number): Request {
  switch (opcode) {
    case Opcode.startup:
      return decodeStartup(reader);
    case Opcode.options:
      return decodeOptions();
    case Opcode.query:
      return decodeQuery(reader, version);
    case Opcode.prepare:
      return decodePrepare(reader, version);
    case Opcode.execute:
      return decodeExecute(reader, version);
    case Opcode.batch:
      return decodeBatch(reader, version);
    case Opcode.register:
      return decodeRegister(reader);
    case Opcode.authResponse:
      return decodeAuthResponse(reader);
    case Opcode.error:
    case Opcode.ready:
    case Opcode.authenticate:
    case Opcode.supported:
    case Opcode.result:
    case Opcode.event:
    case Opcode.authChallenge:
    case Opcode.authSuccess:
      throw new ProtocolError(`${opcodeName(opcode)} is a response, not a request`);
    default:
      throw new ProtocolError(`Unknown opcode ${opcodeName(opcode)}`);
  }
}

export function encodeRequestBody(writer: BodyWriter, request: Request, version: number): void {
  switch (request.kind) {
    case 'startup':
      return encodeStartup(writer, request);
    case 'options':
      return;
    case 'query':
      return encodeQuery(writer, request, version);
    case 'prepare':
      return encodePrepare(writer, request, version);
    case 'execute':
      return encodeExecute(writer, request, version);
    case 'batch':
      return encodeBatch(writer, request, version);
    case 'register':
      return encodeRegister(writer, request);
    case 'auth-response':
      return encodeAuthResponse(writer, request);
    default:
      return assertNever(request, 'request');
  }
}
