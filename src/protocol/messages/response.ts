/**
 * Every response message as one closed union, its opcode, and its body codec. The server
 * encodes; the decoders serve tests, the fuzz harness and benchmarks that act as clients.
 */

import { assertNever } from '../../lib/assert.js';
import { Opcode, opcodeName } from '../frame/opcode.js';
import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';
import { decodeAuthChallenge, encodeAuthChallenge, type AuthChallengeResponse } from './auth-challenge.js';
import { decodeAuthSuccess, encodeAuthSuccess, type AuthSuccessResponse } from './auth-success.js';
import { decodeAuthenticate, encodeAuthenticate, type AuthenticateResponse } from './authenticate.js';
import { decodeError, encodeError, type ErrorResponse } from './error.js';
import { decodeEvent, encodeEvent, type ProtocolEvent } from './event.js';
import { READY, type ReadyResponse } from './ready.js';
import { decodeResult, encodeResult, type Result } from './result.js';
import { decodeSupported, encodeSupported, type SupportedResponse } from './supported.js';

export interface ResultResponse {
  readonly kind: 'result';
  readonly result: Result;
}

export interface EventResponse {
  readonly kind: 'event';
  readonly event: ProtocolEvent;
}

export type Response =
  | ErrorResponse
  | ReadyResponse
  | AuthenticateResponse
  | SupportedResponse
  | ResultResponse
  | EventResponse
  | AuthChallengeResponse
  | AuthSuccessResponse;

const opcodes: Readonly<Record<Response['kind'], Opcode>> = {
  error: Opcode.error,
  ready: Opcode.ready,
  authenticate: Opcode.authenticate,
  supported: Opcode.supported,
  result: Opcode.result,
  event: Opcode.event,
  'auth-challenge': Opcode.authChallenge,
  'auth-success': Opcode.authSuccess,
};

export function responseOpcode(response: Response): Opcode {
  return opcodes[response.kind];
}

export function resultResponse(result: Result): ResultResponse {
  return { kind: 'result', result };
}

export function encodeResponseBody(writer: BodyWriter, response: Response, version: number): void {
  switch (response.kind) {
    case 'error':
      return encodeError(writer, response.error, version);
    case 'ready':
      return;
    case 'authenticate':
      return encodeAuthenticate(writer, response);
    case 'supported':
      return encodeSupported(writer, response);
    case 'result':
      return encodeResult(writer, response.result, version);
    case 'event':
      return encodeEvent(writer, response.event);
    case 'auth-challenge':
      return encodeAuthChallenge(writer, response);
    case 'auth-success':
      return encodeAuthSuccess(writer, response);
    default:
      return assertNever(response, 'response');
  }
}

export function decodeResponseBody(opcode: number, reader: BodyReader, version: number): Response {
  switch (opcode) {
    case Opcode.error:
      return { kind: 'error', error: decodeError(reader, version) };
    case Opcode.ready:
      return READY;
    case Opcode.authenticate:
      return decodeAuthenticate(reader);
    case Opcode.supported:
      return decodeSupported(reader);
    case Opcode.result:
      return { kind: 'result', result: decodeResult(reader, version) };
    case Opcode.event:
      return { kind: 'event', event: decodeEvent(reader) };
    case Opcode.authChallenge:
      return decodeAuthChallenge(reader);
    case Opcode.authSuccess:
      return decodeAuthSuccess(reader);
    default:
      throw new ProtocolError(`${opcodeName(opcode)} is not a response`);
  }
}
