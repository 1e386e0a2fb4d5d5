/**
 * The node's FlusherActor (ARCHITECTURE.md section 2: one per node): every storage thread's
 * frozen memtables are written to SSTables by one pool thread, reached from each thread over
 * a MessagePort of its own (ActorSystemOptions.threadServicePort). One thread rather than one
 * per storage thread: its code is compiled and warmed once, not once per storage thread (on 2
 * cores, a cold ingest of 1M rows spent ~0.25 s more in flush threads and ~0.8 s more in V8's
 * compiler threads than a warm one), and it holds one isolate's memory.
 *
 * The pool thread runs a little above the storage threads' priority (flushes free the
 * memtable space their writes wait for; flusherNiceIncrement). A storage thread that dies
 * leaves flushes behind it: `abandon` drops the queued ones and stops a running one (the pool
 * replaces its thread) before the thread is respawned, so nothing writes into a table folder
 * the new thread is reading.
 */

import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { builtWorker } from '../../lib/package-root.js';
import type { FlushAnswer, FlushCall } from './flush-line.js';
import type { FlushResult } from './flush-task.js';
import { poolNiceIncrement } from '../../lib/pool-nice-increment.js';
import { POOL_EXEC_ARGV } from '../../lib/pool-exec-argv.js';

interface ThreadLine {
  readonly port: MessagePort;
  /** False once the thread is gone or the flusher closed: answers then go nowhere. */
  open: boolean;
  /** One per flush of this thread queued or running in the pool. */
  readonly flights: Map<AbortController, Promise<unknown>>;
}

/**
 * The flusher's nice value for `storageThreads` threads at `storageNice`: one thread carries
 * the flushes of all of them, so under contention it needs about that many times one storage
 * thread's CPU share. A nice step is ~1.25x of Linux's scheduler weight, so it runs
 * log1.25(threads) steps higher (nice 2 beside two storage threads at 5). At the storage
 * threads' own priority, a 10M-row ingest with compactions running starved it: ~5,900 writes
 * refused for slabs and ~15% fewer rows/s; at nice 2 none.
 */
export function flusherNiceIncrement(storageNice: number, storageThreads: number): number {
  const steps = Math.round(Math.log(Math.max(1, storageThreads)) / Math.log(1.25));
  return Math.max(0, storageNice - steps);
}

export class NodeFlusher {
  private readonly pool: Piscina;
  private readonly lines = new Map<number, ThreadLine>();
  private closed = false;

  constructor(options: { readonly niceIncrement: number }) {
    // Started now: loading the flush code takes ~150 ms of CPU, better spent at open than
    // inside the first flush of the first heavy ingest.
    this.pool = new Piscina({
      filename: builtWorker('flush'),
      minThreads: 1,
      maxThreads: 1,
      niceIncrement: poolNiceIncrement(options.niceIncrement),
      execArgv: [...POOL_EXEC_ARGV],
    });
  }

  /** A fresh line for storage thread `threadIndex` (at its every start); its end goes to the thread. */
  connect(threadIndex: number): MessagePort {
    const previous = this.lines.get(threadIndex);
    if (previous !== undefined) this.closeLine(previous);
    const channel = new MessageChannel();
    const line: ThreadLine = { port: channel.port1, open: true, flights: new Map() };
    line.port.on('message', (call: FlushCall) => this.serve(line, call));
    // The storage engine's close ends the flusher; an open line must not keep the process up.
    line.port.unref();
    this.lines.set(threadIndex, line);
    return channel.port2;
  }

  /**
   * Drops the flushes a dead thread left: queued ones never start, a running one's pool thread
   * is stopped. Resolves when none of them runs any more.
   */
  async abandon(threadIndex: number): Promise<void> {
    const line = this.lines.get(threadIndex);
    if (line === undefined) return;
    this.lines.delete(threadIndex);
    this.closeLine(line);
    const flights = [...line.flights];
    for (const [controller] of flights) controller.abort(new Error(`storage thread ${threadIndex} exited`));
    await Promise.allSettled(flights.map(([, flight]) => flight));
  }

  /** Flushes queued or running, of one storage thread or of all. */
  flushesInFlight(threadIndex?: number): number {
    if (threadIndex !== undefined) return this.lines.get(threadIndex)?.flights.size ?? 0;
    let count = 0;
    for (const line of this.lines.values()) count += line.flights.size;
    return count;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const line of this.lines.values()) this.closeLine(line);
    this.lines.clear();
    await this.pool.destroy();
  }

  private serve(line: ThreadLine, call: FlushCall): void {
    const controller = new AbortController();
    const flight = (this.pool.run(call.request, { signal: controller.signal }) as Promise<FlushResult>).then(
      (result) => this.answer(line, { id: call.id, result }),
      (error: unknown) => {
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        this.answer(line, { id: call.id, error: { name, message } });
      },
    );
    line.flights.set(controller, flight);
    void flight.finally(() => line.flights.delete(controller));
  }

  private answer(line: ThreadLine, answer: FlushAnswer): void {
    if (line.open) line.port.postMessage(answer);
  }

  private closeLine(line: ThreadLine): void {
    line.open = false;
    line.port.close();
  }
}
