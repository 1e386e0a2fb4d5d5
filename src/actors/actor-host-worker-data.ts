/**
 * The start-up message of an actor host worker (piscina's types.ts: every cross-thread
 * message has a named interface). Sent as workerData by structured clone, ports and the
 * ring moved or shared, and checked on arrival.
 */

import type { MessagePort } from 'node:worker_threads';
import { assert } from '../lib/assert.js';
import type { ActorHostLimits, ActorRoute } from './actor-host.js';
import { type ActorRef, isActorRef } from './actor-ref.js';

export interface PeerPort {
  readonly threadIndex: number;
  readonly port: MessagePort;
}

export interface RouteEntry {
  readonly ref: ActorRef;
  readonly route: ActorRoute;
}

export interface ActorHostWorkerData {
  readonly threadIndex: number;
  readonly node: string;
  /** Absolute path of the compiled kinds module. */
  readonly kindsModule: string;
  readonly servicesOptions: unknown;
  /** Envelopes to and from the main thread. */
  readonly mainPort: MessagePort;
  /** comlink control plane (WorkerControl). */
  readonly controlPort: MessagePort;
  /** Envelopes to and from each other worker thread, one MessageChannel per pair. */
  readonly peerPorts: readonly PeerPort[];
  /** The data-plane ring from main (binary-ring.ts). */
  readonly ring: SharedArrayBuffer;
  /** Where every actor of the node lives at start-up. */
  readonly routes: readonly RouteEntry[];
  readonly limits: ActorHostLimits;
  readonly ringRecordsPerTurnMax: number;
  /** Added to this thread's nice value at start (ActorSystemOptions.niceIncrement). */
  readonly niceIncrement: number;
  /** The owner's line to this thread's services (ActorSystemOptions.threadServicePort). */
  readonly servicePort?: MessagePort | undefined;
}

export function assertActorHostWorkerData(value: unknown): asserts value is ActorHostWorkerData {
  assert(typeof value === 'object' && value !== null, 'actor host worker: workerData missing');
  const data = value as Partial<ActorHostWorkerData>;
  assert(Number.isInteger(data.threadIndex) && (data.threadIndex ?? -1) >= 0, 'workerData.threadIndex');
  assert(typeof data.node === 'string' && typeof data.kindsModule === 'string', 'workerData.node/kindsModule');
  assert(data.ring instanceof SharedArrayBuffer, 'workerData.ring');
  assert(data.mainPort !== undefined && data.controlPort !== undefined, 'workerData ports');
  assert(Array.isArray(data.peerPorts) && Array.isArray(data.routes), 'workerData peers/routes');
  for (const entry of data.routes) assert(isActorRef(entry.ref), 'workerData.routes ref');
  assert(typeof data.limits === 'object' && data.limits !== null, 'workerData.limits');
  assert(Number.isInteger(data.niceIncrement) && (data.niceIncrement ?? -1) >= 0, 'workerData.niceIncrement');
}
