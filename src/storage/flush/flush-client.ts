/**
 * A storage thread's end of its line to the node's flusher (node-flusher.ts): flush() sends the
 * frozen memtable's handle and settles with the flusher's answer. If the line closes (the
 * engine is closing) the flushes waiting on it fail, as a failed flush does, and are retried
 * or reported by their VNodeState.
 */

import type { MessagePort } from 'node:worker_threads';
import type { FlushAnswer, FlushCall } from './flush-line.js';
import type { FlushRequest, FlushResult } from './flush-task.js';

interface Waiting {
  readonly resolve: (result: FlushResult) => void;
  readonly reject: (error: Error) => void;
}

export class FlushClient {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (answer: FlushAnswer) => this.settle(answer));
    port.on('close', () => this.failAll(new Error('the node flusher closed its line')));
    // Waiting flushes keep their VNodeState busy, not the thread.
    port.unref();
  }

  flush(request: FlushRequest): Promise<FlushResult> {
    if (this.closed) return Promise.reject(new Error('the node flusher line is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const call: FlushCall = { id, request };
      this.port.postMessage(call);
    });
  }

  close(): void {
    this.failAll(new Error('the node flusher line is closed'));
    this.port.close();
  }

  private settle(answer: FlushAnswer): void {
    const waiting = this.waiting.get(answer.id);
    if (waiting === undefined) return;
    this.waiting.delete(answer.id);
    if ('result' in answer) {
      waiting.resolve(answer.result);
    } else {
      const error = new Error(answer.error.message);
      error.name = answer.error.name;
      waiting.reject(error);
    }
  }

  private failAll(error: Error): void {
    this.closed = true;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) w.reject(error);
  }
}
