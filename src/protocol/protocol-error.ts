/**
 * A client broke the native protocol (spec section 9, code 0x000A): a body that ends early, a
 * negative length, invalid UTF-8, an unknown opcode, a request in the wrong state. The message
 * names what was being read, so a driver author can see which field of which message was bad.
 * Whether the connection survives is the server's call: it does when the frame's length was
 * trustworthy (the next frame starts where this one ends), it does not when the header was bad.
 */

import { CqlErrorCode, SibylError } from '../lib/errors.js';

export class ProtocolError extends SibylError {
  override readonly name = 'ProtocolError';
  readonly code = CqlErrorCode.protocolError;
}
