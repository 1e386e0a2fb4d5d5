/**
 * EXECUTE (or a BATCH statement) named a prepared id this node does not know (spec section 9,
 * Unprepared 0x2500, body: the id). Both drivers then re-prepare on that node and resend.
 */

import { CqlErrorCode, SibylError } from '../lib/errors.js';

export class UnpreparedError extends SibylError {
  override readonly name = 'UnpreparedError';
  readonly code = CqlErrorCode.unprepared;

  constructor(readonly id: Uint8Array) {
    // Cassandra's wording (ExecuteMessage): the id in hex, without a prefix.
    super(
      `Prepared query with ID ${Buffer.from(id).toString('hex')} not found (either the query was not prepared on this host ` +
        '(maybe the host has been restarted?) or you have prepared too many queries and it has been evicted from the internal cache)',
    );
  }
}
