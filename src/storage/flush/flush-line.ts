/**
 * The messages on a storage thread's line to the node's flusher (node-flusher.ts, on main):
 * a call per flush and its answer, matched by id. Structured-cloned over a MessagePort, so the
 * frozen memtable's SharedArrayBuffers arrive as the same memory, not copies.
 */

import type { FlushRequest, FlushResult } from './flush-task.js';

export interface FlushCall {
  readonly id: number;
  readonly request: FlushRequest;
}

export type FlushAnswer =
  | { readonly id: number; readonly result: FlushResult }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string } };
