/**
 * What the protocol benchmark's two processes say to each other over IPC (plain data):
 *
 *   parent (servers)                         child (cassandra-driver)
 *        run {port, ops, ...}  ───────────▶  connect, warm up (untimed)
 *                              ◀───────────  phase-start      ┐ once per timed phase: the parent
 *                              ◀───────────  phase-end {...}  ┘ measures its own CPU in between
 *                              ◀───────────  done | failed
 *
 * The parent measures the server side of each phase (its process CPU, which includes the
 * storage worker threads, and its main thread's event-loop utilization) between the child's
 * phase-start and phase-end, so the report can say which side was saturated.
 */

export type ProtocolOperation = 'INSERT' | 'SELECT';

export interface ClientRunRequest {
  readonly kind: 'run';
  /** The target's name, for progress lines. */
  readonly label: string;
  /** The native port every node of the target listens on (127.0.0.1 is the contact point). */
  readonly port: number;
  /** Operations per closed-loop phase; the fixed-rate phases run half as many. */
  readonly ops: number;
  /** Untimed INSERTs then SELECTs before the timed phases, on keys of their own. */
  readonly warmupOps: number;
  /** Requests in flight of the closed-loop phases, one phase per value and operation. */
  readonly concurrencies: readonly number[];
  readonly seed: number;
  /** Whether a SELECT by a written key finds its row (a real database) or nothing (the null server). */
  readonly expectRows: boolean;
}

/** One timed phase as the client saw it. */
export interface ClientPhaseResult {
  readonly operation: ProtocolOperation;
  /** Requests in flight of a closed loop; null for the fixed-rate phase at half the maximum rate. */
  readonly concurrency: number | null;
  readonly operations: number;
  readonly ratePerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  /** CPU the client process used over the phase, in cores (1 = one core busy throughout). */
  readonly clientCores: number;
  /** Requests the driver failed (timed out, or answered with an error); included in operations. */
  readonly failures: number;
  /** The first such failure's name and message, or null. */
  readonly firstFailure: string | null;
}

/** A phase with the server side measured by the parent. */
export interface PhaseResult extends ClientPhaseResult {
  /** CPU the server process used (main thread and storage workers), in cores. */
  readonly serverCores: number;
  /** Event-loop utilization of the server's main thread (0..1): where the protocol is served. */
  readonly serverLoop: number;
}

export type ClientMessage =
  | { readonly kind: 'phase-start' }
  | { readonly kind: 'phase-end'; readonly result: ClientPhaseResult }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly message: string };
