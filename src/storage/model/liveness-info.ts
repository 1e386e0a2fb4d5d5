/**
 * A row's primary-key liveness (Cassandra's LivenessInfo): what an INSERT writes so that a row
 * with every regular column null still exists. UPDATE does not write one.
 */

import type { LocalDeletionSeconds, Timestamp } from './timestamp.js';
import { NO_DELETION_TIME } from './timestamp.js';

export interface LivenessInfo {
  readonly timestamp: Timestamp;
  /** Seconds; 0 when it does not expire. */
  readonly ttl: number;
  /** Expiry in seconds, NO_DELETION_TIME when it does not expire. */
  readonly localExpirationTime: LocalDeletionSeconds;
}

export function livenessInfo(timestamp: Timestamp, ttl = 0, nowSeconds = 0): LivenessInfo {
  return {
    timestamp,
    ttl,
    localExpirationTime: ttl > 0 ? nowSeconds + ttl : NO_DELETION_TIME,
  };
}

export function isLivenessLive(info: LivenessInfo, nowSeconds: number): boolean {
  return info.ttl === 0 || nowSeconds < info.localExpirationTime;
}

/** Cassandra's LivenessInfo.supersedes, with a last tie-break on the TTL. */
export function livenessSupersedes(a: LivenessInfo, b: LivenessInfo): boolean {
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  const aExpiring = a.ttl > 0;
  const bExpiring = b.ttl > 0;
  if (aExpiring !== bExpiring) return aExpiring;
  // Same expiry from different TTLs (written at different times): the larger TTL, so the
  // choice does not depend on which version is merged first (replicas must converge).
  if (a.localExpirationTime !== b.localExpirationTime) return a.localExpirationTime > b.localExpirationTime;
  return a.ttl > b.ttl;
}
