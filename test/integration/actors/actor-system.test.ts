import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorFailedError, DeadLetterError, ThreadExitedError } from '../../../src/actors/actor-errors.js';
import type { ActorRef } from '../../../src/actors/actor-ref.js';
import { ActorSystem, type ActorFailureEvent, type DeadLetterEvent, type ThreadRestartedEvent } from '../../../src/actors/actor-system.js';
import { InvalidRequestError, OverloadedError, RequestTimeoutError } from '../../../src/lib/errors.js';
import type { ProbeBinaryReply } from '../../../test/fixtures/actors/probe-kinds.js';
import { assertBuilt, probeKindsModule } from './built-fixture.js';

describe('ActorSystem on two worker threads', () => {
  let system: ActorSystem;
  const failures: ActorFailureEvent[] = [];
  const deadLetters: DeadLetterEvent[] = [];
  const restarts: ThreadRestartedEvent[] = [];
  const quietLog: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    system = await ActorSystem.start({
      node: 'n1',
      threads: 2,
      kindsModule: probeKindsModule,
      requestTimeoutMs: 5_000,
      log: (line) => quietLog.push(line),
    });
    system.on('failure', (e) => failures.push(e));
    system.on('deadLetter', (e) => deadLetters.push(e));
    system.on('threadRestarted', (e) => restarts.push(e));
  });

  afterAll(async () => {
    await system?.shutdown();
  });

  it('spawns on worker threads and on main, each with its thread`s services and its init', async () => {
    const w0 = await system.spawn('probe', 'w0', { n: 0 }, { thread: 0 });
    const w1 = await system.spawn('probe', 'w1', { n: 1 }, { thread: 1 });
    const m = await system.spawn('probe', 'm', { n: -1 }, { thread: 'main' });
    expect(w0).toEqual({ node: 'n1', kind: 'probe', id: 'w0' });
    expect(await system.ask(w0, { kind: 'thread' })).toBe(0);
    expect(await system.ask(w1, { kind: 'thread' })).toBe(1);
    expect(await system.ask(m, { kind: 'thread' })).toBe(-1);
    expect(await system.ask(w1, { kind: 'init' })).toEqual({ n: 1 });
    await expect(system.spawn('probe', 'w0', null, { thread: 1 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(system.spawn('nope', 'x', null, { thread: 0 })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(system.threads).toBe(2);
  });

  it('lets actors on different threads (and main) tell and ask each other', async () => {
    const a = await system.spawn('probe', 'a', null, { thread: 0 });
    const b = await system.spawn('probe', 'b', null, { thread: 1 });
    const m = await system.spawn('probe', 'a-main', null, { thread: 'main' });
    expect(await system.ask(a, { kind: 'askOther', to: b, message: { kind: 'echo', value: { deep: [1, 'two'] } } })).toEqual({ deep: [1, 'two'] });
    expect(await system.ask(b, { kind: 'askOther', to: m, message: { kind: 'echo', value: 'from main' } })).toBe('from main');
    system.tell(a, { kind: 'forward', to: b, message: { kind: 'record', value: 'via a' } });
    await expect.poll(() => system.ask(b, { kind: 'log' })).toEqual(['via a']);
  });

  it('passes SharedArrayBuffers in spawn init: the actor and main share memory', async () => {
    const sab = new SharedArrayBuffer(4);
    const s = await system.spawn('probe', 'sab', { sab }, { thread: 1 });
    expect(await system.ask(s, { kind: 'sabAdd', n: 5 })).toBe(5);
    expect(new Int32Array(sab)[0]).toBe(5);
  });

  it('moves reply buffers listed in the transfer list to the asker', async () => {
    const s = await system.spawn('probe', 'bytes', null, { thread: 0 });
    const bytes = await system.ask<Uint8Array>(s, { kind: 'bytes', size: 100_000 });
    expect(bytes.byteLength).toBe(100_000);
    expect(bytes[99_999]).toBe(7);
  });

  it('sends binary batches through the ring and answers askBinary', async () => {
    const r = await system.spawn('probe', 'ring', null, { thread: 1 });
    system.sendBinary(r, new Uint8Array([1, 2, 3]));
    const reply = await system.askBinary<ProbeBinaryReply>(r, new Uint8Array(1000).fill(9));
    expect(reply).toEqual({ batches: 2, bytes: 1003, first: 9, length: 1000 });
    const local = await system.spawn('probe', 'ring-main', null, { thread: 'main' });
    expect(await system.askBinary<ProbeBinaryReply>(local, new Uint8Array([4]))).toEqual({ batches: 1, bytes: 1, first: 4, length: 1 });
  });

  it('calls control() over comlink, and reports stats per thread', async () => {
    const c = await system.spawn('probe', 'ctl', { tag: 'c' }, { thread: 0 });
    system.tell(c, { kind: 'record', value: 1 });
    // control() rides its own channel (comlink), not ordered with tells: fence with an ask.
    expect(await system.ask(c, { kind: 'log' })).toEqual([1]);
    expect(await system.control(c, { kind: 'status' })).toEqual({ logLength: 1, ticks: 0, init: { tag: 'c' } });
    await expect(system.control(c, { kind: 'bogus' })).rejects.toThrow('unknown control command bogus');
    await expect(system.control({ node: 'n1', kind: 'probe', id: 'nobody' }, { kind: 'status' })).rejects.toBeInstanceOf(DeadLetterError);
    const stats = await system.stats();
    expect(stats.threads.map((t) => [t.threadIndex, t.alive])).toEqual([[0, true], [1, true], [-1, true]]);
    const ctl = stats.threads[0]?.actors.find((a) => a.ref.id === 'ctl');
    expect(ctl).toEqual({ ref: c, mailboxDepth: 0, processed: 4, failures: 0 }); // record, log, 2 controls
  });

  it('rejects an ask whose handler threw with its message, restarts the actor and emits a failure', async () => {
    const f = await system.spawn('probe', 'fragile', { original: 1 }, { thread: 1 });
    system.tell(f, { kind: 'record', value: 'lost on restart' });
    const error = await system.ask(f, { kind: 'throw', message: 'disk on fire' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActorFailedError);
    expect((error as Error).message).toBe('disk on fire');
    expect(await system.ask(f, { kind: 'log' })).toEqual([]);
    expect(await system.ask(f, { kind: 'init' })).toEqual({ original: 1 });
    await expect.poll(() => failures.find((e) => e.ref.id === 'fragile')).toEqual({ ref: f, error: 'Error: disk on fire', directive: 'restart' });
  });

  it('times asks out, rejects asks to unknown or stopped actors at once, and counts tells to them as dead letters', async () => {
    const t = await system.spawn('probe', 'timer', null, { thread: 0 });
    await expect(system.ask(t, { kind: 'slow', ms: 300, value: 1 }, 50)).rejects.toBeInstanceOf(RequestTimeoutError);
    await system.stop(t);
    await expect(system.ask(t, { kind: 'echo', value: 1 })).rejects.toBeInstanceOf(DeadLetterError);
    const before = (await system.stats()).deadLetters;
    system.tell(t, { kind: 'record', value: 'into the void' });
    system.tell({ node: 'n1', kind: 'probe', id: 'never-spawned' }, { kind: 'record', value: 1 });
    await expect.poll(async () => (await system.stats()).deadLetters).toBe(before + 2);
    expect(deadLetters.some((e) => e.to.id === 'never-spawned')).toBe(true);
  });

  it('bounds remote mailboxes: a tell into a full one is dropped as a dead letter, an ask gets OverloadedError', async () => {
    const small = await ActorSystem.start({ node: 'n2', threads: 1, kindsModule: probeKindsModule, mailboxDepthMax: 4, log: () => undefined });
    try {
      const smallDeadLetters: DeadLetterEvent[] = [];
      small.on('deadLetter', (e) => smallDeadLetters.push(e));
      const slow = await small.spawn('probe', 'slow', null, { thread: 0 });
      const busy = small.ask(slow, { kind: 'slow', ms: 300, value: 'x' });
      // Let the slow message reach the actor: while it sleeps, its mailbox holds 4 more.
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < 6; i += 1) small.tell(slow, { kind: 'record', value: i });
      await expect(small.ask(slow, { kind: 'log' })).rejects.toBeInstanceOf(OverloadedError);
      await busy;
      await expect.poll(async () => (await small.stats()).deadLetters).toBe(2);
      expect(smallDeadLetters.map((e) => e.message)).toEqual(['{kind:record}: mailbox full (4)', '{kind:record}: mailbox full (4)']);
      expect(await small.ask(slow, { kind: 'log' })).toEqual(['x', 0, 1, 2, 3]);
    } finally {
      await small.shutdown();
    }
  });

  it('throws OverloadedError from sendBinary when the ring is full', async () => {
    const tiny = await ActorSystem.start({ node: 'n3', threads: 1, kindsModule: probeKindsModule, ringBytes: 8 * 1024, log: () => undefined });
    try {
      const r = await tiny.spawn('probe', 'r', null, { thread: 0 });
      let error: unknown;
      for (let i = 0; i < 10_000 && error === undefined; i += 1) {
        try {
          tiny.sendBinary(r, new Uint8Array(1024));
        } catch (e) {
          error = e;
        }
      }
      expect(error).toBeInstanceOf(OverloadedError);
    } finally {
      await tiny.shutdown();
    }
  });

  async function expectRespawn(victim: ActorRef, crash: unknown, threadIndex: number): Promise<void> {
    const restartsBefore = restarts.length;
    const neighbour = await system.spawn('probe', `neighbour-${victim.id}`, { keep: victim.id }, { thread: threadIndex });
    // The neighbour is busy with a long ask when its thread dies: that ask must fail, not hang.
    const pending = system.ask(neighbour, { kind: 'slow', ms: 10_000, value: 'never' }, 8_000).catch((e: unknown) => e);
    system.tell(victim, crash);
    const error = await pending;
    expect(error).toBeInstanceOf(ThreadExitedError);
    await expect.poll(() => restarts.length, { timeout: 10_000 }).toBe(restartsBefore + 1);
    const event = restarts[restarts.length - 1];
    expect(event?.threadIndex).toBe(threadIndex);
    expect(event?.respawned).toEqual(expect.arrayContaining([victim, neighbour]));
    expect(await system.ask(neighbour, { kind: 'init' })).toEqual({ keep: victim.id });
    expect(await system.ask(victim, { kind: 'thread' })).toBe(threadIndex);
  }

  it('detects a worker that calls process.exit, fails its pending asks, respawns it with its actors', async () => {
    const v = await system.spawn('probe', 'exit-victim', null, { thread: 1 });
    await expectRespawn(v, { kind: 'exit', code: 3 }, 1);
    // Thread-to-thread links are rebuilt: thread 0 reaches the respawned thread 1.
    const a = await system.spawn('probe', 'after-exit', null, { thread: 0 });
    expect(await system.ask(a, { kind: 'askOther', to: v, message: { kind: 'echo', value: 'again' } })).toBe('again');
    expect(await system.askBinary<ProbeBinaryReply>(v, new Uint8Array([6]))).toEqual({ batches: 1, bytes: 1, first: 6, length: 1 });
  });

  it('detects a worker that dies of an uncaught error the same way', async () => {
    const v = await system.spawn('probe', 'uncaught-victim', null, { thread: 0 });
    await expectRespawn(v, { kind: 'uncaught' }, 0);
  });
});

describe('ActorSystem with no worker threads', () => {
  it.runIf(process.platform === 'linux')('lowers the worker threads` priority by niceIncrement, leaving main as it was', async () => {
    const niced = await ActorSystem.start({ node: 'nice', threads: 1, kindsModule: probeKindsModule, niceIncrement: 5, log: () => undefined });
    try {
      const mainNice = os.getPriority(0);
      const w = await niced.spawn('probe', 'p', null, { thread: 0 });
      const m = await niced.spawn('probe', 'pm', null, { thread: 'main' });
      expect(await niced.ask(w, { kind: 'priority' })).toBe(Math.min(19, mainNice + 5));
      expect(await niced.ask(m, { kind: 'priority' })).toBe(mainNice);
      expect(os.getPriority(0)).toBe(mainNice);
    } finally {
      await niced.shutdown();
    }
  });

  it('hosts every actor on the main thread and refuses worker placements', async () => {
    assertBuilt();
    const system = await ActorSystem.start({ node: 'solo', threads: 0, kindsModule: probeKindsModule, log: () => undefined });
    try {
      const m = await system.spawn('probe', 'm', { solo: true }, { thread: 'main' });
      expect(await system.ask(m, { kind: 'init' })).toEqual({ solo: true });
      await expect(system.spawn('probe', 'w', null, { thread: 0 })).rejects.toBeInstanceOf(InvalidRequestError);
      expect((await system.stats()).threads).toEqual([
        { threadIndex: -1, alive: true, actors: [{ ref: m, mailboxDepth: 0, processed: 1, failures: 0 }] },
      ]);
    } finally {
      await system.shutdown();
    }
  });
});
