/**
 * What an actor host worker thread runs (workers/actor-host.worker.ts only calls this):
 * load the kinds module, build the per-thread services, build the ActorHost with links to
 * the main thread and to every peer thread, start draining the data-plane ring, and expose
 * the control plane with comlink last, so the main thread's ready() answers only when all
 * of this is done.
 */

import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { expose } from 'comlink';
import { SystemClock } from '../lib/clock.js';
import { isActorKindsModule } from './actor.js';
import { DeadLetterError } from './actor-errors.js';
import { ActorHost, type ActorHostEvent } from './actor-host.js';
import { assertActorHostWorkerData } from './actor-host-worker-data.js';
import { BinaryRingConsumer } from './binary-ring-consumer.js';
import { comlinkEndpoint } from './comlink-endpoint.js';
import { MAIN_HOST } from './envelope.js';
import { PortLink } from './port-link.js';
import { immediateScheduler, systemTimers } from './system-timers.js';
import { WorkerControl } from './worker-control.js';

export async function runActorHostWorker(workerData: unknown): Promise<void> {
  assertActorHostWorkerData(workerData);
  const data = workerData;
  lowerThreadPriority(data.niceIncrement);
  const kindsModule: unknown = await import(pathToFileURL(data.kindsModule).href);
  if (!isActorKindsModule(kindsModule)) throw new Error(`${data.kindsModule} exports no 'kinds'`);
  const services = await kindsModule.createServices?.({
    threadIndex: data.threadIndex,
    node: data.node,
    options: data.servicesOptions,
    servicePort: data.servicePort,
  });

  let mainLink: PortLink | undefined;
  const onEvent = (event: ActorHostEvent): void => {
    // Main counts, logs and emits; a worker only forwards.
    mainLink?.send(event);
  };
  const host = new ActorHost({
    address: data.threadIndex,
    node: data.node,
    kinds: kindsModule.kinds,
    services,
    clock: new SystemClock(),
    timers: systemTimers,
    scheduler: immediateScheduler,
    limits: data.limits,
    onEvent,
  });
  const createLink = (port: MessagePort): PortLink => new PortLink(port, (envelope) => host.receive(envelope));
  mainLink = createLink(data.mainPort);
  host.attachLink(MAIN_HOST, mainLink);
  for (const peer of data.peerPorts) host.attachLink(peer.threadIndex, createLink(peer.port));
  for (const entry of data.routes) host.setRoute(entry.ref, entry.route);

  const ring = new BinaryRingConsumer(
    data.ring,
    (slot, correlationId, payload) =>
      host.deliverBinary(slot, payload, correlationId === 0 ? undefined : { host: MAIN_HOST, correlationId }),
    immediateScheduler,
    data.ringRecordsPerTurnMax,
  );
  ring.start();

  const control = new WorkerControl(host, createLink, () => {
    ring.stop();
    host.close(new DeadLetterError('actor system shut down'));
  });
  expose(control, comlinkEndpoint(data.controlPort));
}

/**
 * On Linux a thread has its own nice value, and setpriority(pid 0) from a thread changes only
 * that thread: this worker, not the process. Best effort elsewhere (a platform or sandbox that
 * refuses only loses the preference).
 */
function lowerThreadPriority(increment: number): void {
  if (increment === 0) return;
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + increment));
  } catch {
    // not permitted here: run at the inherited priority
  }
}
