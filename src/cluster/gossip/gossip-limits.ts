/**
 * The gossiper's timings and bounds, each named after the Cassandra constant it copies
 * (gms/Gossiper.java, gms/FailureDetector.java, service/StorageService.java). They live here,
 * not in config/limits.ts, while gossip is not yet wired into a node; the integrator may move
 * them. The relations between them are asserted below, with their reasons.
 */

import { assert } from '../../lib/assert.js';

export const gossipLimits = {
  /** Gossiper.intervalInMillis: one gossip round (tick) per second. */
  intervalMs: 1_000,
  /** StorageService.RING_DELAY: how long a ring change takes to reach every node. */
  ringDelayMs: 30_000,
  /** Gossiper.QUARANTINE_DELAY: gossip about a just-removed endpoint is ignored this long. */
  quarantineDelayMs: 60_000,
  /**
   * Gossiper.fatClientTimeout: an endpoint gossip knows that is not a ring member (it never
   * announced tokens) and has been silent this long is removed from gossip.
   */
  fatClientTimeoutMs: 30_000,
  /**
   * Gossiper.assassinateEndpoint: an endpoint we know nothing of is given a generation this far
   * ahead of our clock, so whatever its real one is, the assassination outranks it.
   */
  assassinateGenerationAheadMs: 60_000,
  /** Gossiper.assassinateEndpoint: the heartbeat version of such a made-up state. */
  assassinateHeartBeatVersion: 9_999,
  /** Gossiper.assassinateEndpoint waits this many rounds after it, so gossip carries it. */
  assassinateAdvertiseRounds: 4,
  /** Gossiper.advertiseTokenRemoved waits this many rounds after it ("at least one gossip round"). */
  tokenRemovedAdvertiseRounds: 2,
  /** Gossiper.aVeryLongTime (3 days): the expiry to write into a LEFT or removed STATUS. */
  expireDelayMs: 259_200_000,
  /** Gossiper.MAX_GENERATION_DIFFERENCE: a generation a year ahead is corrupt, not a restart. */
  generationAheadSecondsMax: 86_400 * 365,
  /** Cassandra's phi_convict_threshold default. */
  phiConvictThresholdDefault: 8,
  /** FailureDetector.SAMPLE_SIZE: heartbeat inter-arrival times kept per endpoint. */
  arrivalWindowSamples: 1_000,
  /**
   * FailureDetector INITIAL_VALUE (two gossip intervals): the first sample of every window,
   * and also ArrivalWindow MAX_INTERVAL, the longest inter-arrival time ever recorded.
   */
  arrivalIntervalInitialMs: 2_000,
  /** FailureDetector DEFAULT_MAX_PAUSE: a longer gap between our own ticks is a local pause. */
  localPauseMsMax: 5_000,
  /** The ECHO_REQ verb's timeout (Cassandra's rpc timeout): an echo unanswered this long failed. */
  echoTimeoutMs: 10_000,
  /**
   * A new echo may go out this long after the last one, when gossip again says the peer is
   * there. Cassandra 4.0 waits for the echo's timeout instead; over TCP an echo is rarely
   * lost, but our simulated and in-process transports drop single messages, and waiting 10 s
   * per lost echo made a 10-node cluster at 5% loss take up to 52 s to converge.
   */
  echoResendMs: 1_000,
  /** CASSANDRA-8072: the shadow round re-sends its empty SYN to the seeds this often. */
  shadowRoundResendMs: 5_000,
  /** HeartBeatState.forceHighestPossibleVersionUnsafe: Java's Integer.MAX_VALUE. */
  versionMax: 2 ** 31 - 1,
  /** Endpoints in one message (digests or states); larger messages are rejected on receive. */
  endpointsPerMessageMax: 10_000,
  /** Characters of one application state value (TOKENS of 256 vnodes is about 5,000). */
  valueCharsMax: 65_535,
} as const;

// Cassandra derives these from each other; keeping the relations makes our timings its timings.
assert(gossipLimits.arrivalIntervalInitialMs === 2 * gossipLimits.intervalMs, 'FD initial = 2 rounds');
assert(gossipLimits.quarantineDelayMs === 2 * gossipLimits.ringDelayMs, 'quarantine = 2 ring delays');
// Cassandra: fatClientTimeout = QUARANTINE_DELAY / 2, so a removed fat client is still
// quarantined when the last relayed word of it could arrive.
assert(gossipLimits.fatClientTimeoutMs === gossipLimits.quarantineDelayMs / 2, 'fat client timeout = half the quarantine');
// A pause shorter than one round would make every ordinary round look like a pause.
assert(gossipLimits.localPauseMsMax > gossipLimits.intervalMs, 'a pause is longer than a round');
// A resend before the timeout is what makes a lost echo cheap.
assert(gossipLimits.echoResendMs < gossipLimits.echoTimeoutMs, 'echoes resend before they time out');
// The shadow round must get at least one resend before it gives up.
assert(gossipLimits.shadowRoundResendMs < gossipLimits.ringDelayMs, 'shadow round resends');
