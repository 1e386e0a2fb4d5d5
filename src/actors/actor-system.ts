/**
 * The main thread's face of the actor runtime: starts W worker threads (each an ActorHost
 * with its own dispatcher), hosts main-thread actors itself, keeps the node's directory
 * (which thread and slot each actor lives on), and owns the data-plane rings (one per
 * worker, main producing). It watches its workers: a thread that exits is respawned with
 * the same index, its actors re-created from their original init, and 'threadRestarted'
 * tells the owner to recover their state.
 *
 *   main ──PortLink (msgpackr envelopes)──> worker i        worker i <──PortLink──> worker j
 *   main ──BinaryRing (SAB, sendBinary)───> worker i        (one MessageChannel per pair:
 *   main ──comlink (WorkerControl)────────> worker i         thread-to-thread tells skip main)
 */

import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { type Remote, transfer, wrap } from 'comlink';
import { assert } from '../lib/assert.js';
import { type Clock, SystemClock } from '../lib/clock.js';
import { InvalidRequestError, OverloadedError, RequestTimeoutError } from '../lib/errors.js';
import { limits } from '../config/limits.js';
import { type ActorKindsModule, isActorKindsModule } from './actor.js';
import { DeadLetterError, ThreadExitedError, fromWireError } from './actor-errors.js';
import { ActorHost, type ActorHostEvent, type ActorHostLimits, type ActorRoute, type ActorStats } from './actor-host.js';
import type { ActorHostWorkerData, PeerPort, RouteEntry } from './actor-host-worker-data.js';
import { type ActorRef, actorKey, formatActorRef } from './actor-ref.js';
import { BinaryRingProducer } from './binary-ring-producer.js';
import { createBinaryRing, preTouchRing } from './binary-ring.js';
import { comlinkEndpoint } from './comlink-endpoint.js';
import { DeadLetters } from './dead-letters.js';
import { MAIN_HOST } from './envelope.js';
import { PortLink } from './port-link.js';
import { decideDirective } from './supervision.js';
import { immediateScheduler, systemTimers } from './system-timers.js';
import type { Timers } from './timers.js';
import type { WorkerControlApi } from './worker-control.js';
import { builtWorker } from '../lib/package-root.js';

export interface ActorSystemOptions {
  node: string;
  /** Worker threads; default os.availableParallelism(). 0 hosts every actor on main. */
  threads?: number;
  /** Absolute path of the compiled JS kinds module (ActorKindsModule). */
  kindsModule: string;
  servicesOptions?: unknown;
  requestTimeoutMs?: number;
  ringBytes?: number;
  mailboxDepthMax?: number;
  /** Where dead-letter and thread lines go; default stderr. */
  log?: (line: string) => void;
  /** Built worker entry; default <package>/dist/workers/actor-host.worker.js. */
  workerScript?: string;
  /**
   * Raises the worker threads' nice value by this much (Linux; 0 = same as main), so under
   * CPU contention the main thread's event loop, which answers clients, gets the core first.
   */
  niceIncrement?: number;
  /** Faults in each data-plane ring's memory when its thread starts (binary-ring.ts preTouchRing). */
  preTouchRings?: boolean;
  /**
   * Makes a MessagePort for a worker thread at each start (the first and every respawn),
   * handed to its kinds module's createServices as ActorHostInfo.servicePort: a direct line
   * from the thread's services to a node-wide service the owner runs on main (the storage
   * engine's flusher), beside the actor channels.
   */
  threadServicePort?: (threadIndex: number) => MessagePort;
  /**
   * Awaited after a worker thread exits and before it is respawned, so the owner can stop
   * work it was doing on that thread's behalf elsewhere (its flushes) before the new thread
   * looks at the same files.
   */
  beforeThreadRespawn?: (threadIndex: number) => Promise<void>;
}

export interface ActorFailureEvent {
  readonly ref: ActorRef;
  readonly error: string;
  readonly directive: string;
}
export interface DeadLetterEvent {
  readonly to: ActorRef;
  readonly message: string;
}
export interface ThreadRestartedEvent {
  readonly threadIndex: number;
  readonly respawned: ActorRef[];
}

export interface ActorSystemStats {
  /** Worker threads 0..W-1, then the main thread as threadIndex -1. */
  threads: Array<{ threadIndex: number; alive: boolean; actors: ActorStats[] }>;
  deadLetters: number;
}

export type Placement = { readonly thread: number | 'main' };

interface SpawnRecord {
  readonly ref: ActorRef;
  readonly route: ActorRoute;
  readonly init: unknown;
}

interface ThreadState {
  readonly index: number;
  incarnation: number;
  worker: Worker | undefined;
  control: Remote<WorkerControlApi> | undefined;
  producer: BinaryRingProducer | undefined;
  alive: boolean;
  /** Settles when the current incarnation exits, so calls into it cannot hang. */
  exited: Promise<ThreadExitedError>;
  restartTimesMs: readonly number[];
  nextSlot: number;
}

/** Bound on a lifecycle call (spawn, stop, routes) into a worker; control() uses the ask timeout. */
const lifecycleCallTimeoutMs = 30_000;

export class ActorSystem {
  readonly threads: number;
  private readonly host: ActorHost;
  private readonly registry = new Map<string, SpawnRecord | 'spawning'>();
  private readonly threadStates: ThreadState[] = [];
  private readonly deadLetters: DeadLetters;
  private readonly failureListeners: Array<(e: ActorFailureEvent) => void> = [];
  private readonly deadLetterListeners: Array<(e: DeadLetterEvent) => void> = [];
  private readonly restartListeners: Array<(e: ThreadRestartedEvent) => void> = [];
  private readonly timers: Timers = systemTimers;
  private readonly clock: Clock = new SystemClock();
  private readonly log: (line: string) => void;
  private readonly hostLimits: ActorHostLimits;
  private readonly requestTimeoutMs: number;
  private nextMainSlot = 0;
  private shuttingDown = false;

  private constructor(
    private readonly options: ActorSystemOptions,
    kindsModule: ActorKindsModule,
    services: unknown,
    threads: number,
  ) {
    this.threads = threads;
    this.log = options.log ?? ((line) => process.stderr.write(`[sibyl actors ${options.node}] ${line}\n`));
    this.requestTimeoutMs = options.requestTimeoutMs ?? limits.requestTimeoutMsDefault;
    this.hostLimits = {
      mailboxDepthMax: options.mailboxDepthMax ?? limits.mailboxDepthMax,
      actorTurnMessagesMax: limits.actorTurnMessagesMax,
      requestTimeoutMsDefault: this.requestTimeoutMs,
      pendingRequestsMax: limits.pendingRequestsMax,
      actorsPerThreadMax: limits.actorsPerThreadMax,
    };
    // While shutting down, what was still queued for the actors being stopped (a timer's tick)
    // is counted and reported to listeners but not logged: it is the shutdown, not a fault.
    const logDeadLetter = (line: string): void => {
      if (!this.shuttingDown) this.log(line);
    };
    this.deadLetters = new DeadLetters(this.clock, limits.deadLetterLogIntervalMs, logDeadLetter, (letter) => {
      for (const fn of this.deadLetterListeners) fn(letter);
    });
    this.host = new ActorHost({
      address: MAIN_HOST,
      node: options.node,
      kinds: kindsModule.kinds,
      services,
      clock: this.clock,
      timers: this.timers,
      scheduler: immediateScheduler,
      limits: this.hostLimits,
      onEvent: (event) => this.onHostEvent(event),
    });
  }

  static async start(options: ActorSystemOptions): Promise<ActorSystem> {
    const threads = options.threads ?? os.availableParallelism();
    assert(Number.isInteger(threads) && threads >= 0 && threads <= 256, `threads: ${threads}`);
    assert(options.node.length > 0, 'node name');
    const loaded: unknown = await import(pathToFileURL(options.kindsModule).href);
    if (!isActorKindsModule(loaded)) throw new InvalidRequestError(`${options.kindsModule} exports no 'kinds'`);
    const services = await loaded.createServices?.({ threadIndex: MAIN_HOST, node: options.node, options: options.servicesOptions });
    const system = new ActorSystem(options, loaded, services, threads);
    try {
      await system.startThreads();
    } catch (error) {
      await system.shutdown();
      throw error;
    }
    return system;
  }

  // ---- lifecycle ----

  /**
   * Spawns on a worker thread (threadIndex) or on the main thread ('main'): the init value
   * must be structured-clonable (may hold SharedArrayBuffers).
   */
  async spawn(kind: string, id: string, init: unknown, placement: Placement): Promise<ActorRef> {
    assert(!this.shuttingDown, 'spawn after shutdown');
    const ref: ActorRef = { node: this.options.node, kind, id };
    const key = actorKey(ref);
    if (this.registry.has(key)) throw new InvalidRequestError(`actor ${formatActorRef(ref)} exists`);
    this.registry.set(key, 'spawning');
    try {
      let route: ActorRoute;
      if (placement.thread === 'main') {
        route = { host: MAIN_HOST, slot: this.nextMainSlot++ };
        this.host.spawnLocal(kind, id, init, route.slot);
      } else {
        const state = this.threadState(placement.thread);
        route = { host: state.index, slot: state.nextSlot++ };
        await this.callThread(state, (c) => c.spawn(kind, id, init, route.slot), lifecycleCallTimeoutMs);
        this.host.setRoute(ref, route);
      }
      this.registry.set(key, { ref, route, init });
      await this.broadcast(route.host, (c) => c.setRoute(ref, route));
      return ref;
    } catch (error) {
      this.registry.delete(key);
      throw error;
    }
  }

  /** Stops the actor after the message it is handling; messages still queued become dead letters. */
  async stop(ref: ActorRef): Promise<void> {
    const record = this.registry.get(actorKey(ref));
    if (record === undefined || record === 'spawning' || ref.node !== this.options.node) return;
    this.registry.delete(actorKey(ref));
    if (record.route.host === MAIN_HOST) {
      await this.host.stopLocal(ref);
    } else {
      this.host.removeRoute(ref);
      const state = this.threadState(record.route.host);
      if (state.alive) await this.callThread(state, (c) => c.stop(ref), lifecycleCallTimeoutMs).catch(() => undefined);
    }
    await this.broadcast(record.route.host, (c) => c.removeRoute(ref));
  }

  /** Replaces the actor's instance by its kind's create(init), as a supervisor restart does. */
  async restart(ref: ActorRef): Promise<void> {
    const record = this.registry.get(actorKey(ref));
    if (record === undefined || record === 'spawning') throw new DeadLetterError(`no actor ${formatActorRef(ref)}`);
    if (record.route.host === MAIN_HOST) return this.host.restartLocal(ref);
    const state = this.threadState(record.route.host);
    return this.callThread(state, (c) => c.restart(ref), lifecycleCallTimeoutMs);
  }

  // ---- messaging ----

  tell(to: ActorRef, message: unknown): void {
    this.host.tell(to, message);
  }

  ask<T>(to: ActorRef, message: unknown, timeoutMs?: number): Promise<T> {
    return this.host.ask<T>(to, message, timeoutMs ?? this.requestTimeoutMs);
  }

  /**
   * Data plane: copies `bytes` into the target thread's SharedArrayBuffer ring (one copy per
   * batch); throws OverloadedError if the ring has no room. The actor gets it in receiveBinary.
   */
  sendBinary(to: ActorRef, bytes: Uint8Array): void {
    const route = this.host.lookupRoute(to);
    if (route === undefined) {
      this.deadLetters.record({ to, message: `binary(${bytes.byteLength} bytes): no such actor` });
      return;
    }
    if (route.host === MAIN_HOST) {
      this.host.deliverBinary(route.slot, bytes, undefined);
      return;
    }
    const state = this.threadState(route.host);
    if (!state.alive || state.producer === undefined) {
      this.deadLetters.record({ to, message: `binary(${bytes.byteLength} bytes): thread ${route.host} is down` });
      return;
    }
    if (!state.producer.tryWrite(route.slot, 0, bytes)) {
      throw new OverloadedError(`data-plane ring of thread ${route.host} is full`);
    }
  }

  askBinary<T>(to: ActorRef, bytes: Uint8Array, timeoutMs?: number): Promise<T> {
    const route = this.host.lookupRoute(to);
    if (route === undefined) return Promise.reject(new DeadLetterError(`no actor ${formatActorRef(to)}`));
    // Named only if it times out or finds no thread: a string built per ask cost the hot path.
    const length = bytes.byteLength;
    const describe = (): string => `askBinary(${length} bytes) to ${formatActorRef(to)}`;
    if (route.host === MAIN_HOST) {
      const { correlationId, answer } = this.host.openRequest<T>(MAIN_HOST, timeoutMs ?? this.requestTimeoutMs, describe);
      this.host.deliverBinary(route.slot, bytes, { host: MAIN_HOST, correlationId });
      return answer;
    }
    const state = this.threadState(route.host);
    if (!state.alive || state.producer === undefined) {
      return Promise.reject(new DeadLetterError(`${describe()}: thread ${route.host} is down`));
    }
    const { correlationId, answer } = this.host.openRequest<T>(route.host, timeoutMs ?? this.requestTimeoutMs, describe);
    if (!state.producer.tryWrite(route.slot, correlationId, bytes)) {
      this.host.failRequest(correlationId, new OverloadedError(`data-plane ring of thread ${route.host} is full`));
    }
    return answer;
  }

  /** Control plane over comlink: calls the actor's control(command). */
  control<T>(to: ActorRef, command: unknown, timeoutMs?: number): Promise<T> {
    const route = this.host.lookupRoute(to);
    const deadlineMs = timeoutMs ?? this.requestTimeoutMs;
    if (route === undefined) return Promise.reject(new DeadLetterError(`no actor ${formatActorRef(to)}`));
    if (route.host === MAIN_HOST) {
      return this.withDeadline(this.host.controlLocal(to, command) as Promise<T>, deadlineMs, `control of ${formatActorRef(to)}`);
    }
    const state = this.threadState(route.host);
    return this.callThread(state, (c) => c.control(to, command), deadlineMs) as Promise<T>;
  }

  async stats(): Promise<ActorSystemStats> {
    const threads = await Promise.all(
      this.threadStates.map(async (state) => {
        if (!state.alive) return { threadIndex: state.index, alive: false, actors: [] };
        try {
          const actors = await this.callThread(state, (c) => c.stats(), this.requestTimeoutMs);
          return { threadIndex: state.index, alive: true, actors };
        } catch {
          return { threadIndex: state.index, alive: false, actors: [] };
        }
      }),
    );
    threads.push({ threadIndex: MAIN_HOST, alive: true, actors: this.host.stats() });
    return { threads, deadLetters: this.deadLetters.count };
  }

  on(event: 'failure', fn: (e: ActorFailureEvent) => void): void;
  on(event: 'deadLetter', fn: (e: DeadLetterEvent) => void): void;
  on(event: 'threadRestarted', fn: (e: ThreadRestartedEvent) => void): void;
  on(
    event: 'failure' | 'deadLetter' | 'threadRestarted',
    fn: ((e: ActorFailureEvent) => void) | ((e: DeadLetterEvent) => void) | ((e: ThreadRestartedEvent) => void),
  ): void {
    switch (event) {
      case 'failure':
        this.failureListeners.push(fn as (e: ActorFailureEvent) => void);
        return;
      case 'deadLetter':
        this.deadLetterListeners.push(fn as (e: DeadLetterEvent) => void);
        return;
      case 'threadRestarted':
        this.restartListeners.push(fn as (e: ThreadRestartedEvent) => void);
        return;
    }
  }

  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    await Promise.all(
      this.threadStates.map(async (state) => {
        if (state.alive) await this.callThread(state, (c) => c.shutdown(), 2_000).catch(() => undefined);
        state.alive = false;
        await state.worker?.terminate();
      }),
    );
    this.host.close(new DeadLetterError('actor system shut down'));
  }

  // ---- threads ----

  private async startThreads(): Promise<void> {
    for (let index = 0; index < this.threads; index += 1) {
      this.threadStates.push({
        index,
        incarnation: 0,
        worker: undefined,
        control: undefined,
        producer: undefined,
        alive: false,
        exited: new Promise(() => undefined),
        restartTimesMs: [],
        nextSlot: 0,
      });
    }
    // One MessageChannel per pair of workers: thread-to-thread messages never pass main.
    const peers: PeerPort[][] = this.threadStates.map(() => []);
    for (let i = 0; i < this.threads; i += 1) {
      for (let j = i + 1; j < this.threads; j += 1) {
        const channel = new MessageChannel();
        peers[i]?.push({ threadIndex: j, port: channel.port1 });
        peers[j]?.push({ threadIndex: i, port: channel.port2 });
      }
    }
    await Promise.all(this.threadStates.map((state) => this.startThread(state, peers[state.index] ?? [])));
  }

  private async startThread(state: ThreadState, peerPorts: readonly PeerPort[]): Promise<void> {
    const ring = createBinaryRing(this.options.ringBytes ?? limits.ringBytes);
    if (this.options.preTouchRings === true) preTouchRing(ring);
    const mainChannel = new MessageChannel();
    const controlChannel = new MessageChannel();
    const servicePort = this.options.threadServicePort?.(state.index);
    const routes: RouteEntry[] = [];
    for (const record of this.registry.values()) {
      if (record !== 'spawning') routes.push({ ref: record.ref, route: record.route });
    }
    const workerData: ActorHostWorkerData = {
      threadIndex: state.index,
      node: this.options.node,
      kindsModule: this.options.kindsModule,
      servicesOptions: this.options.servicesOptions,
      mainPort: mainChannel.port2,
      controlPort: controlChannel.port2,
      peerPorts,
      ring,
      routes,
      limits: this.hostLimits,
      ringRecordsPerTurnMax: limits.ringRecordsPerTurnMax,
      niceIncrement: this.options.niceIncrement ?? 0,
      servicePort,
    };
    const transferList: MessagePort[] = [mainChannel.port2, controlChannel.port2, ...peerPorts.map((p) => p.port)];
    if (servicePort !== undefined) transferList.push(servicePort);
    const worker = new Worker(this.options.workerScript ?? builtWorker('actor-host'), { workerData, transferList });
    state.incarnation += 1;
    const incarnation = state.incarnation;
    let lastError = '';
    worker.on('error', (error) => {
      lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.log(`thread ${state.index} failed: ${lastError}`);
    });
    state.exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        resolve(new ThreadExitedError(`thread ${state.index} exited with code ${code}${lastError ? ` (${lastError})` : ''}`));
        this.onThreadExit(state, incarnation);
      });
    });
    state.worker = worker;
    state.control = wrap<WorkerControlApi>(comlinkEndpoint(controlChannel.port1));
    state.producer = new BinaryRingProducer(ring);
    this.host.attachLink(state.index, new PortLink(mainChannel.port1, (envelope) => this.host.receive(envelope)));
    state.alive = true;
    await this.callThread(state, (c) => c.ready(), lifecycleCallTimeoutMs);
  }

  private onThreadExit(state: ThreadState, incarnation: number): void {
    if (this.shuttingDown || incarnation !== state.incarnation) return;
    state.alive = false;
    state.producer = undefined;
    const error = new ThreadExitedError(`thread ${state.index} exited; its actors are being respawned`);
    this.host.detachHost(state.index, error);
    void this.broadcast(state.index, (c) => c.hostDown(state.index)).catch(() => undefined);
    const decision = decideDirective(
      { directive: 'restart', restartsMax: limits.threadRestartsMax, withinMs: limits.threadRestartWindowMs },
      state.restartTimesMs,
      this.clock.nowMs(),
    );
    state.restartTimesMs = decision.restartTimesMs;
    if (decision.directive !== 'restart') {
      this.log(`thread ${state.index} exited ${limits.threadRestartsMax} times within ${limits.threadRestartWindowMs} ms: left down`);
      return;
    }
    this.respawnThread(state).catch((e: unknown) => {
      this.log(`thread ${state.index} could not be respawned: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private async respawnThread(state: ThreadState): Promise<void> {
    if (this.options.beforeThreadRespawn !== undefined) {
      try {
        await this.options.beforeThreadRespawn(state.index);
      } catch (error) {
        this.log(`before respawning thread ${state.index}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (this.shuttingDown) return;
    const peerPorts: PeerPort[] = [];
    const attachments: Array<Promise<void>> = [];
    for (const other of this.threadStates) {
      if (other.index === state.index || !other.alive) continue;
      const channel = new MessageChannel();
      peerPorts.push({ threadIndex: other.index, port: channel.port1 });
      const port = channel.port2;
      attachments.push(this.callThread(other, (c) => c.attachPeer(state.index, transfer(port, [port])), lifecycleCallTimeoutMs));
    }
    await this.startThread(state, peerPorts);
    await Promise.all(attachments);
    const respawned: ActorRef[] = [];
    for (const record of [...this.registry.values()]) {
      if (record === 'spawning' || record.route.host !== state.index) continue;
      try {
        await this.callThread(state, (c) => c.spawn(record.ref.kind, record.ref.id, record.init, record.route.slot), lifecycleCallTimeoutMs);
        respawned.push(record.ref);
      } catch (error) {
        this.registry.delete(actorKey(record.ref));
        this.log(`respawn of ${formatActorRef(record.ref)} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (this.shuttingDown) return;
    for (const fn of this.restartListeners) fn({ threadIndex: state.index, respawned });
  }

  /** A comlink call into a worker that fails (never hangs) if the worker exits or stalls. */
  private async callThread<R>(state: ThreadState, call: (control: Remote<WorkerControlApi>) => Promise<R>, timeoutMs: number): Promise<R> {
    const control = state.control;
    if (!state.alive || control === undefined) throw new ThreadExitedError(`thread ${state.index} is down`);
    const exited = state.exited.then((error) => Promise.reject(error));
    try {
      return await this.withDeadline(Promise.race([call(control), exited]), timeoutMs, `call into thread ${state.index}`);
    } catch (error) {
      // comlink rebuilds thrown errors as plain Errors carrying the name: restore our types.
      if (error instanceof Error && !(error instanceof ThreadExitedError) && !(error instanceof RequestTimeoutError)) {
        throw fromWireError({ name: error.name, message: error.message });
      }
      throw error;
    }
  }

  private withDeadline<R>(promise: Promise<R>, timeoutMs: number, describe: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => reject(new RequestTimeoutError(`${describe}: no answer within ${timeoutMs} ms`)), timeoutMs);
      promise.then(
        (value) => {
          this.timers.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.timers.clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** Runs a control call on every live worker except `except` (the owner of a change). */
  private async broadcast(except: number, call: (control: Remote<WorkerControlApi>) => Promise<unknown>): Promise<void> {
    await Promise.all(
      this.threadStates
        .filter((state) => state.alive && state.index !== except)
        .map((state) => this.callThread(state, call, lifecycleCallTimeoutMs).catch(() => undefined)),
    );
  }

  private threadState(index: number): ThreadState {
    const state = this.threadStates[index];
    if (state === undefined) throw new InvalidRequestError(`no worker thread ${index} (threads: ${this.threads})`);
    return state;
  }

  private onHostEvent(event: ActorHostEvent): void {
    switch (event.kind) {
      case 'failure':
        for (const fn of this.failureListeners) fn({ ref: event.ref, error: event.error, directive: event.directive });
        return;
      case 'deadLetter':
        this.deadLetters.record({ to: event.to, message: event.message });
        return;
    }
  }
}
