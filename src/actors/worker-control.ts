/**
 * The control plane of one actor host worker, exposed with comlink on its own
 * MessageChannel: lifecycle (spawn, stop, restart), admin calls into actors (control),
 * stats, and topology changes pushed by the main thread (routes, peers going down and
 * coming back). Kept apart from the envelope link so an admin call is never queued behind
 * a flood of messages, and so it reads as method calls rather than a message switch.
 */

import type { MessagePort } from 'node:worker_threads';
import type { ActorHost, ActorRoute, ActorStats } from './actor-host.js';
import type { ActorRef } from './actor-ref.js';
import { ThreadExitedError } from './actor-errors.js';
import type { HostAddress } from './envelope.js';
import type { Link } from './port-link.js';

export interface WorkerControlApi {
  /** Answers once the host is built (calls queue in the port until then). */
  ready(): boolean;
  spawn(kind: string, id: string, init: unknown, slot: number): ActorRef;
  stop(ref: ActorRef): Promise<void>;
  restart(ref: ActorRef): Promise<void>;
  control(ref: ActorRef, command: unknown): Promise<unknown>;
  stats(): ActorStats[];
  setRoute(ref: ActorRef, route: ActorRoute): void;
  removeRoute(ref: ActorRef): void;
  /** Another worker thread died: fail the asks waiting on it, drop its link. */
  hostDown(threadIndex: number): void;
  /** A respawned worker thread's end of a new channel. */
  attachPeer(threadIndex: number, port: MessagePort): void;
  shutdown(): void;
}

export class WorkerControl implements WorkerControlApi {
  constructor(
    private readonly host: ActorHost,
    private readonly createLink: (port: MessagePort) => Link,
    private readonly onShutdown: () => void,
  ) {}

  ready(): boolean {
    return true;
  }

  spawn(kind: string, id: string, init: unknown, slot: number): ActorRef {
    return this.host.spawnLocal(kind, id, init, slot);
  }

  stop(ref: ActorRef): Promise<void> {
    return this.host.stopLocal(ref);
  }

  restart(ref: ActorRef): Promise<void> {
    return this.host.restartLocal(ref);
  }

  control(ref: ActorRef, command: unknown): Promise<unknown> {
    return this.host.controlLocal(ref, command);
  }

  stats(): ActorStats[] {
    return this.host.stats();
  }

  setRoute(ref: ActorRef, route: ActorRoute): void {
    this.host.setRoute(ref, route);
  }

  removeRoute(ref: ActorRef): void {
    this.host.removeRoute(ref);
  }

  hostDown(threadIndex: HostAddress): void {
    this.host.detachHost(threadIndex, new ThreadExitedError(`thread ${threadIndex} exited`));
  }

  attachPeer(threadIndex: HostAddress, port: MessagePort): void {
    this.host.attachLink(threadIndex, this.createLink(port));
  }

  shutdown(): void {
    this.onShutdown();
  }
}
