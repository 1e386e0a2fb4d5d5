/**
 * When a partition read asks one more replica (Cassandra's SpeculativeRetryPolicy and
 * AbstractReadExecutor.maybeTryAdditionalReplicas): a read that has not heard from the replicas
 * its consistency level needs by the table's threshold sends one extra request to the next
 * live replica, and the first `blockFor` answers (one of them with data) decide. The
 * threshold comes from the table's `speculative_retry`:
 *
 *   NEVER                 never
 *   ALWAYS                at once
 *   <n>ms                 after n ms
 *   <p>p                  after the p-th percentile of the table's recent coordinator read latency
 *   MIN/MAX(<p>p, <n>ms)  the smaller / larger of the two
 *
 * Until a table has latency samples its percentile is half the read timeout, as Cassandra's
 * ColumnFamilyStore starts sampleReadLatencyNanos: a replica that died with reads in flight
 * (the failure detector has not convicted it yet) is then read around instead of failing
 * every read it was asked for with ReadTimeout. A threshold at or past the read timeout
 * means no speculation.
 */

import { speculativeRetryPolicy, type SpeculativeRetryPolicy } from '../../cql/schema/speculative-retry.js';

/** The latencies a table's percentile is taken over: the most recent ones. */
const SAMPLE_SIZE = 1024;
/** Fewer samples than this give no percentile. */
const SAMPLES_MIN = 20;
/**
 * A percentile is recomputed after this many new samples: sorting 1,024 samples every 64 reads
 * was 1.3% of a 3-node QUORUM read's main thread.
 */
const RECOMPUTE_EVERY = 256;

class LatencySamples {
  private readonly samples = new Float64Array(SAMPLE_SIZE);
  private count = 0;
  private sinceComputed = 0;
  private readonly cached = new Map<number, number>();

  record(ms: number): void {
    this.samples[this.count % SAMPLE_SIZE] = ms;
    this.count++;
    if (++this.sinceComputed >= RECOMPUTE_EVERY) {
      this.sinceComputed = 0;
      this.cached.clear();
    }
  }

  percentile(p: number): number | undefined {
    const size = Math.min(this.count, SAMPLE_SIZE);
    if (size < SAMPLES_MIN) return undefined;
    let value = this.cached.get(p);
    if (value === undefined) {
      const sorted = this.samples.slice(0, size).sort();
      value = sorted[Math.min(size - 1, Math.ceil((p / 100) * size) - 1)]!;
      this.cached.set(p, value);
    }
    return value;
  }
}

export class SpeculativeRetry {
  private readonly latencies = new Map<number, LatencySamples>();
  private readonly policies = new Map<string, SpeculativeRetryPolicy>();

  /** A coordinator read of the table took `ms`. */
  record(tableId: number, ms: number): void {
    let samples = this.latencies.get(tableId);
    if (samples === undefined) this.latencies.set(tableId, (samples = new LatencySamples()));
    samples.record(ms);
  }

  /** Milliseconds after which a read of the table asks one more replica, or null for never. */
  delayMs(tableId: number, option: string, timeoutMs: number): number | null {
    let policy = this.policies.get(option);
    if (policy === undefined) this.policies.set(option, (policy = speculativeRetryPolicy(option)));
    const percentile = (p: number): number => this.latencies.get(tableId)?.percentile(p) ?? timeoutMs / 2;
    let delay: number;
    switch (policy.kind) {
      case 'NEVER':
        return null;
      case 'ALWAYS':
        return 0;
      case 'FIXED':
        delay = policy.ms;
        break;
      case 'PERCENTILE':
        delay = percentile(policy.percentile);
        break;
      case 'HYBRID':
        delay = (policy.take === 'MIN' ? Math.min : Math.max)(percentile(policy.percentile), policy.ms);
        break;
    }
    return delay >= timeoutMs ? null : delay;
  }
}
