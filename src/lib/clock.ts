/**
 * Time as an argument (STYLE rule 7): logic asks a Clock, never Date.now, so the simulator can
 * drive the same code with a manual clock.
 */

export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  nowMs(): number;
  /** Wall-clock microseconds since the epoch: Cassandra's write timestamp unit. */
  nowMicros(): bigint;
  /** Seconds since the epoch: Cassandra's local deletion time unit. */
  nowSeconds(): number;
}

export class SystemClock implements Clock {
  private lastMicros = 0n;

  nowMs(): number {
    return Date.now();
  }

  /** Strictly increasing within this clock, so two writes from one client never tie. */
  nowMicros(): bigint {
    const micros = BigInt(Date.now()) * 1000n;
    this.lastMicros = micros > this.lastMicros ? micros : this.lastMicros + 1n;
    return this.lastMicros;
  }

  nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }
}

export class ManualClock implements Clock {
  constructor(private ms: number) {}

  nowMs(): number {
    return this.ms;
  }

  nowMicros(): bigint {
    return BigInt(this.ms) * 1000n;
  }

  nowSeconds(): number {
    return Math.floor(this.ms / 1000);
  }

  advanceMs(deltaMs: number): void {
    this.ms += deltaMs;
  }
}
