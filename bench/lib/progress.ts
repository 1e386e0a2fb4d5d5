/**
 * Progress of a long benchmark phase: on a terminal, one line redrawn in place with a bar, the
 * rate and an ETA; elsewhere (CI logs, files), a plain line at a fixed interval, so logs stay
 * readable and short.
 *
 *   TTY:   lmdb ingest [##########..........]  51%  102,000/200,000  243k/s  ETA 0.4 s
 *   plain: lmdb ingest: 102,000/200,000 (51%), 243k/s, ETA 0.4 s
 *
 * Callers report progress per batch; the cost is one hrtime read per call and one write per
 * redraw (at most every 100 ms on a TTY).
 */

import { assert } from '../../src/lib/assert.js';

export interface ProgressOptions {
  readonly label: string;
  readonly total: number;
  readonly unit: string;
  readonly stream: NodeJS.WriteStream;
  /** Between plain lines when the stream is not a terminal. */
  readonly plainIntervalMs: number;
}

const TTY_REDRAW_MS = 100;
const BAR_WIDTH = 20;

export class Progress {
  private readonly startNs = process.hrtime.bigint();
  private lastDrawNs = this.startNs;
  private lastDrawnDone = -1;
  private readonly isTty: boolean;

  constructor(private readonly options: ProgressOptions) {
    assert(options.total > 0, `progress needs a positive total, got ${options.total}`);
    this.isTty = options.stream.isTTY === true;
  }

  /** Reports that `done` of `total` units are complete. */
  update(done: number): void {
    const now = process.hrtime.bigint();
    const intervalMs = this.isTty ? TTY_REDRAW_MS : this.options.plainIntervalMs;
    if (done < this.options.total && Number(now - this.lastDrawNs) / 1e6 < intervalMs) return;
    this.lastDrawNs = now;
    this.draw(done, now);
  }

  /** Draws the final state (unless just drawn) and ends the line on a terminal. */
  finish(done: number): void {
    if (done !== this.lastDrawnDone) this.draw(done, process.hrtime.bigint());
    if (this.isTty) this.options.stream.write('\n');
  }

  private draw(done: number, now: bigint): void {
    this.lastDrawnDone = done;
    const { label, total, unit, stream } = this.options;
    const elapsedS = Number(now - this.startNs) / 1e9;
    const rate = elapsedS > 0 ? done / elapsedS : 0;
    const etaS = rate > 0 ? (total - done) / rate : Number.NaN;
    const percent = Math.floor((100 * done) / total);
    const counts = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}`;
    const tail = `${formatCompact(rate)}/s  ETA ${Number.isFinite(etaS) ? etaS.toFixed(1) : '?'} s`;
    if (this.isTty) {
      const filled = Math.round((BAR_WIDTH * done) / total);
      const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled);
      stream.write(`\r${label} [${bar}] ${String(percent).padStart(3)}%  ${counts}  ${tail}\x1b[K`);
    } else {
      stream.write(`${label}: ${counts} (${percent}%), ${tail.replace('  ', ', ')}\n`);
    }
  }
}

/** 243456 -> "243k", 1234567 -> "1.23M": short enough for a progress line. */
export function formatCompact(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e3) return `${Math.round(value / 1e3)}k`;
  return value.toFixed(0);
}
