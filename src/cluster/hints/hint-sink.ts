/**
 * Where a write coordinator leaves the share of a write that a replica did not take: the
 * replica was down when the write was sent, or did not acknowledge it before the deadline
 * (Cassandra's StorageProxy.shouldHint + submitHint). The hints service is the sink; a
 * coordinator without one simply drops that share, as with hinted_handoff_enabled: false.
 */

import type { Endpoint } from '../ring/endpoint.js';

export interface HintSink {
  /**
   * Stores `batch` (an encoded write batch) as a hint for `replica`, unless hinting is off or
   * the replica has been down longer than max_hint_window. True when the hint is stored: it is
   * in the hints file (the operating system has it) when this returns, so a write at ANY can
   * count it as its acknowledgement.
   */
  submitHint(replica: Endpoint, batch: Uint8Array): boolean;
}
