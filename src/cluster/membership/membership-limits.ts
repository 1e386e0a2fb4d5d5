/**
 * Timings and bounds of membership changes (STYLE rule 4), named after the Cassandra settings
 * they copy. Tests shorten ringDelayMs (ClusterOptions.ringDelayMs): it is the time a state
 * change is given to reach every node, so it must be a few gossip rounds.
 */

import { gossipLimits } from '../gossip/gossip-limits.js';

export const membershipLimits = Object.freeze({
  /** StorageService.RING_DELAY: a joining or leaving node waits this long for its status to spread. */
  ringDelayMsDefault: gossipLimits.ringDelayMs,
  /** Gossiper.waitToSettle: the ring and schema must stay the same for this many rounds in a row. */
  settledRoundsMin: 3,
  /** A new node that has not learned the ring and the schema in this many ring delays gives up. */
  settleRingDelaysMax: 4,
  /** How long a new replica may take to fetch what a removed node's departure gives it. */
  restoreTimeoutMs: 30 * 60_000,
  /** Gossip rounds to wait after advertising a removal, so at least one round carries it. */
  removalAdvertiseRounds: 4,
});
