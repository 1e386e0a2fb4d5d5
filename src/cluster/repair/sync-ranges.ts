/**
 * One sync task's work on one of its two replicas (Cassandra's SymmetricLocalSyncTask): pull
 * the differing ranges from the peer and push ours to it, at once, so both end up with the
 * reconciliation of the two. Streamed partitions are written as writes, so what either side
 * already holds is untouched and the newest timestamp (or tombstone) wins.
 */

import type { NodeAddress } from '../messaging/transport.js';
import type { TokenRange } from '../ring/token-range.js';
import type { StreamingService } from '../streaming/streaming-service.js';
import type { SyncResponse } from './repair-messages.js';

export async function syncRanges(streaming: StreamingService, peer: NodeAddress, tableId: number, ranges: readonly TokenRange[]): Promise<SyncResponse> {
  const [received, sent] = await Promise.all([streaming.streamRangesFrom(peer, [tableId], ranges), streaming.pushRangesTo(peer, [tableId], ranges)]);
  return { received, sent };
}
