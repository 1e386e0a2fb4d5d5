/**
 * removenode's one request (Verb.restoreReplicas), the coordinator to each node that gains a
 * removed node's ranges: "fetch these ranges of these tables from these live replicas". It is
 * answered once every fetch is written, which is Cassandra's REPLICATION_DONE_REQ folded into
 * the reply. Plain data for msgpackr; ranges are checked again on receipt.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { fromWireRange, type WireTokenRange } from '../streaming/stream-messages.js';
import type { TokenRange } from '../ring/token-range.js';

export interface RestoreFetch {
  /** The live replica to fetch from (host:7000). */
  readonly source: string;
  readonly tableIds: readonly number[];
  readonly ranges: readonly WireTokenRange[];
}

export interface RestoreReplicasRequest {
  /** The host id of the node being removed (for the receiver's log and checks). */
  readonly removedHostId: string;
  readonly fetches: readonly RestoreFetch[];
}

export interface RestoreReplicasResponse {
  readonly partitions: number;
  readonly bytes: number;
}

/** A request as it arrived, shape-checked, with its ranges as TokenRanges. */
export function decodeRestoreRequest(payload: unknown): { removedHostId: string; fetches: Array<{ source: string; tableIds: number[]; ranges: TokenRange[] }> } {
  const request = payload as RestoreReplicasRequest;
  if (typeof request?.removedHostId !== 'string' || !Array.isArray(request.fetches)) throw new InvalidRequestError('not a restore-replicas request');
  return {
    removedHostId: request.removedHostId,
    fetches: request.fetches.map((fetch) => {
      if (typeof fetch?.source !== 'string' || !Array.isArray(fetch.tableIds) || !Array.isArray(fetch.ranges)) throw new InvalidRequestError('bad restore fetch');
      if (!fetch.tableIds.every((id: unknown) => Number.isInteger(id) && (id as number) >= 0)) throw new InvalidRequestError('restore table ids must be storage ids');
      return { source: fetch.source, tableIds: [...fetch.tableIds], ranges: fetch.ranges.map(fromWireRange) };
    }),
  };
}
