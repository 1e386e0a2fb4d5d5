import { describe, expect, it } from 'vitest';
import type { Actor, ActorContext, ActorKinds } from '../../../src/actors/actor.js';
import { ActorFailedError, DeadLetterError } from '../../../src/actors/actor-errors.js';
import { ActorHost, type ActorHostEvent } from '../../../src/actors/actor-host.js';
import type { ActorRef } from '../../../src/actors/actor-ref.js';
import { MAIN_HOST } from '../../../src/actors/envelope.js';
import { ManualClock } from '../../../src/lib/clock.js';
import { OverloadedError, RequestTimeoutError } from '../../../src/lib/errors.js';
import { ManualScheduler, ManualTimers, flushMicrotasks } from './manual-runtime.js';

type Msg =
  | { kind: 'note'; value: string }
  | { kind: 'wait'; value: string }
  | { kind: 'get' }
  | { kind: 'fail'; message: string }
  | { kind: 'silent' }
  | { kind: 'later' }
  | { kind: 'init' };

/** Journal shared by all actors of a test, in handling order. */
type Journal = string[];

class Recorder implements Actor<Msg> {
  private readonly notes: string[] = [];
  static released: Array<() => void> = [];
  static repliers: Array<(v: unknown) => void> = [];

  constructor(
    private readonly init: unknown,
    private readonly journal: Journal,
    private readonly self: string,
  ) {}

  async receive(message: Msg, context: ActorContext): Promise<void> {
    switch (message.kind) {
      case 'note':
        this.notes.push(message.value);
        this.journal.push(`${this.self}:${message.value}`);
        return;
      case 'wait':
        this.journal.push(`${this.self}:start ${message.value}`);
        await new Promise<void>((resolve) => Recorder.released.push(resolve));
        this.journal.push(`${this.self}:end ${message.value}`);
        return;
      case 'get':
        context.reply([...this.notes]);
        return;
      case 'fail':
        throw new Error(message.message);
      case 'silent':
        return;
      case 'later': {
        const replier = context.replyLater();
        Recorder.repliers.push((v) => replier.reply(v));
        return;
      }
      case 'init':
        context.reply(this.init);
        return;
    }
  }
}

function setup(options: { mailboxDepthMax?: number; kindsExtra?: ActorKinds } = {}) {
  const journal: Journal = [];
  const scheduler = new ManualScheduler();
  const timers = new ManualTimers();
  const events: ActorHostEvent[] = [];
  const clock = new ManualClock(0);
  const create = (init: unknown, context: ActorContext): Actor => new Recorder(init, journal, context.self.id);
  const kinds: ActorKinds = {
    recorder: { create },
    stopper: { create, supervision: { directive: 'stop' } },
    resumer: { create, supervision: { directive: 'resume' } },
    ...options.kindsExtra,
  };
  const host = new ActorHost({
    address: MAIN_HOST,
    node: 'n1',
    kinds,
    services: undefined,
    clock,
    timers,
    scheduler,
    limits: {
      mailboxDepthMax: options.mailboxDepthMax ?? 1_000,
      actorTurnMessagesMax: 8,
      requestTimeoutMsDefault: 1_000,
      pendingRequestsMax: 1_000,
      actorsPerThreadMax: 100,
    },
    onEvent: (event) => events.push(event),
  });
  let slot = 0;
  const spawn = (id: string, kind = 'recorder', init: unknown = { id }): ActorRef => host.spawnLocal(kind, id, init, slot++);
  return { host, journal, scheduler, timers, events, clock, spawn };
}

describe('ActorHost (in-process, hand-driven)', () => {
  it('handles each actor`s messages one at a time and in order; an async handler blocks only its own actor', async () => {
    const { host, journal, scheduler, spawn } = setup();
    Recorder.released = [];
    const a = spawn('a');
    const b = spawn('b');
    host.tell(a, { kind: 'wait', value: 'w1' });
    host.tell(a, { kind: 'note', value: 'a2' });
    host.tell(b, { kind: 'note', value: 'b1' });
    await scheduler.runUntilIdle();
    expect(journal).toEqual(['a:start w1', 'b:b1']); // a2 waits behind w1, b runs
    Recorder.released.shift()?.();
    await scheduler.runUntilIdle();
    expect(journal).toEqual(['a:start w1', 'b:b1', 'a:end w1', 'a:a2']);
  });

  it('runs at most actorTurnMessagesMax messages per turn, so a flooded actor does not starve others', async () => {
    const { host, journal, scheduler, spawn } = setup();
    const busy = spawn('busy');
    const quiet = spawn('quiet');
    for (let i = 0; i < 100; i += 1) host.tell(busy, { kind: 'note', value: `${i}` });
    host.tell(quiet, { kind: 'note', value: 'q' });
    await scheduler.runUntilIdle();
    const quietAt = journal.indexOf('quiet:q');
    expect(quietAt).toBeGreaterThan(0);
    expect(quietAt).toBeLessThanOrEqual(8); // after at most one turn (8) of busy
    expect(journal.filter((e) => e.startsWith('busy:'))).toEqual(Array.from({ length: 100 }, (_, i) => `busy:${i}`));
  });

  it('turns a tell into a full mailbox into a counted dead letter and fails an ask with OverloadedError', async () => {
    const { host, events, scheduler, spawn } = setup({ mailboxDepthMax: 3 });
    const a = spawn('a');
    for (let i = 0; i < 5; i += 1) host.tell(a, { kind: 'note', value: `${i}` });
    await expect(host.ask(a, { kind: 'get' })).rejects.toBeInstanceOf(OverloadedError);
    expect(events.filter((e) => e.kind === 'deadLetter')).toHaveLength(2);
    await scheduler.runUntilIdle();
    await expect(answer(host.ask(a, { kind: 'get' }), scheduler)).resolves.toEqual(['0', '1', '2']);
  });

  it('takes a stop before queued user messages; those become dead letters and their asks DeadLetterError', async () => {
    const { host, events, scheduler, spawn, journal } = setup();
    Recorder.released = [];
    const a = spawn('a');
    host.tell(a, { kind: 'wait', value: 'w' });
    await scheduler.runUntilIdle();
    host.tell(a, { kind: 'note', value: 'queued' });
    const queuedAsk = caught(host.ask(a, { kind: 'get' }));
    const stopped = host.stopLocal(a);
    Recorder.released.shift()?.();
    await scheduler.runUntilIdle();
    await stopped;
    expect(await queuedAsk).toBeInstanceOf(DeadLetterError);
    expect(journal).toEqual(['a:start w', 'a:end w']);
    expect(events).toContainEqual({ kind: 'deadLetter', to: a, message: '{kind:note}: stopped' });
    expect(host.hasLocal(a)).toBe(false);
  });

  it('rejects an ask to an unknown actor at once and sends tells to it to dead letters', async () => {
    const { host, events } = setup();
    const ghost = { node: 'n1', kind: 'recorder', id: 'ghost' };
    await expect(host.ask(ghost, { kind: 'get' })).rejects.toBeInstanceOf(DeadLetterError);
    host.tell(ghost, { kind: 'note', value: 'x' });
    host.tell({ node: 'other-node', kind: 'recorder', id: 'a' }, { kind: 'note', value: 'x' });
    expect(events.map((e) => e.kind)).toEqual(['deadLetter', 'deadLetter']);
  });

  it('times every ask out with RequestTimeoutError; a late answer is a dead letter', async () => {
    const { host, scheduler, timers, events, spawn } = setup();
    Recorder.repliers = [];
    const a = spawn('a');
    const pending = caught(host.ask(a, { kind: 'later' }, 500));
    await scheduler.runUntilIdle();
    timers.advance(499);
    await flushMicrotasks();
    timers.advance(1);
    expect(await pending).toBeInstanceOf(RequestTimeoutError);
    Recorder.repliers.shift()?.('too late');
    expect(events).toContainEqual(expect.objectContaining({ kind: 'deadLetter', message: 'reply after the ask ended' }));
    expect(host.pendingRequestCount).toBe(0);
    expect(timers.pending).toBe(0);
  });

  it('answers an ask the handler did not reply to with undefined, and replyLater answers afterwards', async () => {
    const { host, scheduler, spawn } = setup();
    Recorder.repliers = [];
    const a = spawn('a');
    await expect(answer(host.ask(a, { kind: 'silent' }), scheduler)).resolves.toBeUndefined();
    const later = host.ask(a, { kind: 'later' });
    await scheduler.runUntilIdle();
    Recorder.repliers.shift()?.('afterwards');
    await expect(later).resolves.toBe('afterwards');
  });

  it('restarts a failing actor from its original init (state lost), reports the failure, and stops it after 3 restarts within 10 s', async () => {
    const { host, scheduler, events, spawn, clock } = setup();
    const a = spawn('a', 'recorder', { original: true });
    host.tell(a, { kind: 'note', value: 'before' });
    const failed = caught(host.ask(a, { kind: 'fail', message: 'boom' }));
    await scheduler.runUntilIdle();
    const error = await failed;
    expect(error).toBeInstanceOf(ActorFailedError);
    expect((error as Error).message).toBe('boom');
    expect(events).toContainEqual({ kind: 'failure', ref: a, error: 'Error: boom', directive: 'restart' });
    await expect(answer(host.ask(a, { kind: 'get' }), scheduler)).resolves.toEqual([]);
    await expect(answer(host.ask(a, { kind: 'init' }), scheduler)).resolves.toEqual({ original: true });
    for (let i = 0; i < 3; i += 1) {
      clock.advanceMs(1_000);
      host.tell(a, { kind: 'fail', message: `again ${i}` });
      await scheduler.runUntilIdle();
    }
    expect(events.filter((e) => e.kind === 'failure').map((e) => (e.kind === 'failure' ? e.directive : ''))).toEqual([
      'restart',
      'restart',
      'restart',
      'stop',
    ]);
    expect(host.hasLocal(a)).toBe(false);
  });

  it('applies the kind`s stop and resume policies', async () => {
    const { host, scheduler, spawn } = setup();
    const s = spawn('s', 'stopper');
    const r = spawn('r', 'resumer');
    host.tell(r, { kind: 'note', value: 'kept' });
    host.tell(s, { kind: 'fail', message: 'x' });
    host.tell(r, { kind: 'fail', message: 'x' });
    await scheduler.runUntilIdle();
    expect(host.hasLocal(s)).toBe(false);
    await expect(answer(host.ask(r, { kind: 'get' }), scheduler)).resolves.toEqual(['kept']);
  });

  it('runs control() commands in mailbox order and reports stats', async () => {
    const kindsExtra: ActorKinds = {
      counter: {
        create: () => {
          let n = 0;
          return {
            receive: () => {
              n += 1;
            },
            control: (command: unknown) => ({ n, command }),
          };
        },
      },
    };
    const { host, scheduler, spawn } = setup({ kindsExtra });
    const c = spawn('c', 'counter');
    host.tell(c, 'x');
    host.tell(c, 'y');
    const status = host.controlLocal(c, 'status');
    await scheduler.runUntilIdle();
    await expect(status).resolves.toEqual({ n: 2, command: 'status' });
    expect(host.stats()).toEqual([{ ref: c, mailboxDepth: 0, processed: 3, failures: 0 }]); // 2 tells + control
  });
});

/** Keeps every binary payload it gets, and its content when handled; may hold the handler open. */
class BinaryKeeper implements Actor {
  readonly kept: Uint8Array[] = [];
  readonly seen: number[][] = [];
  static hold: Array<() => void> = [];
  static last: BinaryKeeper | null = null;

  constructor(readonly borrowsBinary: boolean, private readonly asyncHandler: boolean) {
    BinaryKeeper.last = this;
  }

  receive(): void {}

  receiveBinary(bytes: Uint8Array): void | Promise<void> {
    this.kept.push(bytes);
    this.seen.push([...bytes]);
    if (this.asyncHandler) return new Promise<void>((resolve) => BinaryKeeper.hold.push(resolve));
  }
}

describe('ActorHost binary delivery', () => {
  const setupKeeper = (borrows: boolean, asyncHandler = false) => {
    const { host, scheduler, spawn } = setup({ kindsExtra: { keeper: { create: () => new BinaryKeeper(borrows, asyncHandler) } } });
    spawn('k', 'keeper');
    return { host, scheduler, keeper: BinaryKeeper.last! };
  };

  it('copies the payload, so the sender may reuse its buffer at once', async () => {
    const { host, scheduler, keeper } = setupKeeper(false);
    const payload = new Uint8Array([1, 2, 3]);
    host.deliverBinary(0, payload, undefined);
    payload.fill(9);
    await scheduler.runUntilIdle();
    expect(keeper.seen).toEqual([[1, 2, 3]]);
  });

  it('gives an owning actor bytes that later messages never overwrite', async () => {
    const { host, scheduler, keeper } = setupKeeper(false);
    for (let i = 0; i < 4; i++) {
      host.deliverBinary(0, new Uint8Array(5_000).fill(i), undefined);
      await scheduler.runUntilIdle();
    }
    expect(keeper.kept.map((bytes) => bytes[4_999])).toEqual([0, 1, 2, 3]);
  });

  it('lends a borrowing actor one reused buffer once each handler is done, and holds it while a handler runs', async () => {
    const sync = setupKeeper(true);
    for (let i = 0; i < 3; i++) {
      sync.host.deliverBinary(0, new Uint8Array(5_000).fill(i), undefined);
      await sync.scheduler.runUntilIdle();
    }
    expect(sync.keeper.seen.map((bytes) => bytes[4_999])).toEqual([0, 1, 2]);
    expect(new Set(sync.keeper.kept.map((bytes) => bytes.buffer)).size).toBe(1);

    BinaryKeeper.hold = [];
    const held = setupKeeper(true, true);
    held.host.deliverBinary(0, new Uint8Array(5_000).fill(7), undefined);
    await held.scheduler.runUntilIdle();
    held.host.deliverBinary(0, new Uint8Array(5_000).fill(8), undefined);
    expect(held.keeper.kept[0]![0]).toBe(7); // the second payload did not land in the held buffer
    BinaryKeeper.hold.shift()?.();
    await held.scheduler.runUntilIdle();
    expect(held.keeper.seen.map((bytes) => bytes[0])).toEqual([7, 8]);
    expect(held.keeper.kept[0]!.buffer).not.toBe(held.keeper.kept[1]!.buffer);
  });
});

async function answer<T>(promise: Promise<T>, scheduler: ManualScheduler): Promise<T> {
  await scheduler.runUntilIdle();
  return promise;
}

/** The rejection of a promise (or undefined if it resolved), handled from the start. */
function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}
