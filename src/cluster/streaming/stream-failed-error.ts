/**
 * A stream that could not finish (Cassandra's StreamException, "Stream failed"): the peer did
 * not answer a page in time, failed it, or is stopped. What was written before the failure
 * stays written (each page is a write like any other, so streaming again is harmless).
 */

import { CqlErrorCode, SibylError } from '../../lib/errors.js';

export class StreamFailedError extends SibylError {
  override readonly name = 'StreamFailedError';
  readonly code = CqlErrorCode.serverError;

  constructor(
    readonly peer: string,
    readonly direction: 'in' | 'out',
    readonly tableId: number,
    readonly range: string,
    readonly causeMessage: string,
  ) {
    super(`Stream failed: ${direction === 'in' ? 'from' : 'to'} ${peer}, table ${tableId}, range ${range}: ${causeMessage}`);
  }
}
