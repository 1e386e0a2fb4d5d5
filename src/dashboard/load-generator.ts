/**
 * The dashboard's built-in load: stress-shaped writes and reads at the rates the page asks
 * for, so the charts move and the red button's effect shows with nothing else running.
 *
 * Pacing: each tick (a tenth of a second, from the Dashboard's timer) earns rate x elapsed
 * operations of each kind; the whole ones are started, up to IN_FLIGHT_MAX outstanding. Ops
 * that would pass that bound are skipped and counted, not queued: a cluster that cannot keep
 * up shows as skipped ops and failures, never as a backlog that runs on after the load stops.
 * Writes go through the key population in order, wrapping; reads pick a key among those
 * written (all of them once it has wrapped).
 */

import { assert } from '../lib/assert.js';
import type { Random } from '../lib/random.js';

export interface LoadTarget {
  /** Creates the keyspace and table if absent; called before the first operation. */
  prepare(): Promise<void>;
  write(keyIndex: number): Promise<void>;
  read(keyIndex: number): Promise<void>;
  /** What the page says about the load: where and at which consistency it runs. */
  readonly description: string;
}

export interface LoadRates {
  readonly writesPerSecond: number;
  readonly readsPerSecond: number;
}

export interface LoadReport {
  readonly rates: LoadRates;
  readonly description: string;
  /** Per second since the previous report. */
  readonly writesOkPerSecond: number;
  readonly writeFailuresPerSecond: number;
  readonly readsOkPerSecond: number;
  readonly readFailuresPerSecond: number;
  readonly skippedPerSecond: number;
  readonly inFlight: number;
  /** The latest failure's message, with when it happened (ms); null if none yet. */
  readonly lastError: { readonly atMs: number; readonly message: string } | null;
}

export const LOAD_RATE_MAX = 20_000;
/** Outstanding operations at most: enough for the rate limit at 10 ms each, small enough for 2 cores. */
export const IN_FLIGHT_MAX = 256;
/** Keys written in turn (cassandra-stress' default population is 1,000,000; this keeps a demo small). */
export const KEY_POPULATION = 100_000;
/** A tick after a long pause earns at most this much time's worth of operations. */
const TICK_CREDIT_MS_MAX = 1000;

interface Counts {
  writesOk: number;
  writeFailures: number;
  readsOk: number;
  readFailures: number;
  skipped: number;
}

export class LoadGenerator {
  private rates: LoadRates = { writesPerSecond: 0, readsPerSecond: 0 };
  private prepared: Promise<void> | null = null;
  private ready = false;
  private lastTickMs = 0;
  private writeCredit = 0;
  private readCredit = 0;
  private nextWriteKey = 0;
  private written = 0;
  private inFlight = 0;
  private readonly counts: Counts = { writesOk: 0, writeFailures: 0, readsOk: 0, readFailures: 0, skipped: 0 };
  private reported: Counts = { ...this.counts };
  private lastReportMs: number | null = null;
  private lastError: LoadReport['lastError'] = null;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly target: LoadTarget,
    private readonly random: Random,
  ) {}

  get description(): string {
    return this.target.description;
  }

  currentRates(): LoadRates {
    return this.rates;
  }

  /** Sets both rates (0 stops that kind); the first non-zero rate prepares the schema first. */
  async setRates(rates: LoadRates, nowMs: number): Promise<void> {
    for (const rate of [rates.writesPerSecond, rates.readsPerSecond]) {
      assert(Number.isFinite(rate) && rate >= 0 && rate <= LOAD_RATE_MAX, `a load rate must be 0 to ${LOAD_RATE_MAX} per second, not ${rate}`);
    }
    if (rates.writesPerSecond + rates.readsPerSecond > 0 && !this.ready) {
      this.prepared ??= this.target.prepare().then(
        () => void (this.ready = true),
        (error: unknown) => {
          this.prepared = null;
          throw error;
        },
      );
      await this.prepared;
    }
    this.rates = rates;
    this.lastTickMs = nowMs;
    this.writeCredit = 0;
    this.readCredit = 0;
  }

  tick(nowMs: number): void {
    const elapsedMs = Math.min(TICK_CREDIT_MS_MAX, Math.max(0, nowMs - this.lastTickMs));
    this.lastTickMs = nowMs;
    if (!this.ready) return;
    this.writeCredit += (this.rates.writesPerSecond * elapsedMs) / 1000;
    this.readCredit += (this.rates.readsPerSecond * elapsedMs) / 1000;
    const writes = Math.floor(this.writeCredit);
    const reads = this.written === 0 ? 0 : Math.floor(this.readCredit);
    this.writeCredit -= writes;
    this.readCredit -= reads;
    for (let i = 0; i < writes; i++) this.start('write');
    for (let i = 0; i < reads; i++) this.start('read');
  }

  /** Rates since the previous report (the first covers one second). */
  report(nowMs: number): LoadReport {
    const seconds = this.lastReportMs === null ? 1 : Math.max(0.001, (nowMs - this.lastReportMs) / 1000);
    const per = (pick: (c: Counts) => number): number => (pick(this.counts) - pick(this.reported)) / seconds;
    const report: LoadReport = {
      rates: this.rates,
      description: this.target.description,
      writesOkPerSecond: per((c) => c.writesOk),
      writeFailuresPerSecond: per((c) => c.writeFailures),
      readsOkPerSecond: per((c) => c.readsOk),
      readFailuresPerSecond: per((c) => c.readFailures),
      skippedPerSecond: per((c) => c.skipped),
      inFlight: this.inFlight,
      lastError: this.lastError,
    };
    this.reported = { ...this.counts };
    this.lastReportMs = nowMs;
    return report;
  }

  /** Stops issuing and waits for what is outstanding. */
  async stop(nowMs: number): Promise<void> {
    this.rates = { writesPerSecond: 0, readsPerSecond: 0 };
    this.lastTickMs = nowMs;
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private start(kind: 'write' | 'read'): void {
    if (this.inFlight >= IN_FLIGHT_MAX) {
      this.counts.skipped++;
      return;
    }
    let operation: Promise<void>;
    if (kind === 'write') {
      const key = this.nextWriteKey;
      this.nextWriteKey = (key + 1) % KEY_POPULATION;
      this.written = Math.min(KEY_POPULATION, this.written + 1);
      operation = this.target.write(key);
    } else {
      operation = this.target.read(this.random.int(this.written));
    }
    this.inFlight++;
    operation.then(
      () => {
        if (kind === 'write') this.counts.writesOk++;
        else this.counts.readsOk++;
        this.finished();
      },
      (error: unknown) => {
        if (kind === 'write') this.counts.writeFailures++;
        else this.counts.readFailures++;
        this.lastError = { atMs: this.lastTickMs, message: `${kind}: ${error instanceof Error ? error.message : String(error)}` };
        this.finished();
      },
    );
  }

  private finished(): void {
    this.inFlight--;
    if (this.inFlight > 0) return;
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }
}
