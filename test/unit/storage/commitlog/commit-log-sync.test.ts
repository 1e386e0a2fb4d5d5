import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { DiskFullError } from '../../../../src/lib/errors.js';
import { FaultyStoragePort } from '../../../../src/lib/faulty-storage-port.js';
import type { StoragePort } from '../../../../src/lib/storage-port.js';
import { CommitLog } from '../../../../src/storage/commitlog/commit-log.js';
import type { CommitLogSyncMode } from '../../../../src/storage/commitlog/commit-log-options.js';
import { ManualScheduler } from '../../../../src/storage/commitlog/scheduler.js';
import { CountingStoragePort, makePayloads, makeTempDirectory, settle } from './commit-log-test-kit.js';

const WINDOW_MS = 10;

interface Rig {
  readonly log: CommitLog;
  readonly port: CountingStoragePort;
  readonly scheduler: ManualScheduler;
}

function rig(syncMode: CommitLogSyncMode, wrap: (port: CountingStoragePort) => StoragePort = (p) => p): Rig {
  const port = new CountingStoragePort();
  const clock = new ManualClock(1_000);
  const scheduler = new ManualScheduler(clock);
  const log = CommitLog.open(wrap(port), clock, scheduler, {
    directory: makeTempDirectory(`sync-${syncMode}`),
    syncMode,
    syncPeriodMs: WINDOW_MS,
    segmentBytes: 1024 * 1024,
  });
  return { log, port, scheduler };
}

/** Tracks whether a promise has settled, and how. */
function watch(promise: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; error: unknown } {
  const watched = { state: 'pending' as 'pending' | 'resolved' | 'rejected', error: undefined as unknown };
  promise.then(
    () => (watched.state = 'resolved'),
    (error: unknown) => {
      watched.state = 'rejected';
      watched.error = error;
    },
  );
  return watched;
}

const [p1, p2, p3] = makePayloads(3, 300);

describe('CommitLog sync modes', () => {
  it('group: acks wait for the group fsync at the end of the window, one fsync for all', async () => {
    const { log, port, scheduler } = rig('group');
    const a = watch(log.append(p1!, ['A']).durable);
    const b = watch(log.append(p2!, ['B']).durable);
    await settle();
    expect([a.state, b.state]).toEqual(['pending', 'pending']);
    expect(port.syncCalls).toBe(0);
    expect(log.stats().pendingSyncs).toBe(2);

    scheduler.advanceMs(WINDOW_MS - 1);
    await settle();
    expect([a.state, b.state]).toEqual(['pending', 'pending']);

    scheduler.advanceMs(1);
    await settle();
    expect([a.state, b.state]).toEqual(['resolved', 'resolved']);
    expect(port.syncCalls).toBe(1);
    expect(log.stats().pendingSyncs).toBe(0);

    // The next append opens a new window.
    const c = watch(log.append(p3!, ['A']).durable);
    scheduler.advanceMs(WINDOW_MS - 1);
    await settle();
    expect(c.state).toBe('pending');
    scheduler.advanceMs(1);
    await settle();
    expect(c.state).toBe('resolved');
    expect(port.syncCalls).toBe(2);
    log.close();
  });

  it('batch: acks do not wait for a window; the appends of one tick share one fsync', async () => {
    const { log, port, scheduler } = rig('batch');
    const a = log.append(p1!, ['A']).durable;
    const b = log.append(p2!, ['B']).durable;
    expect(port.syncCalls).toBe(0); // not before the tick's appends are done
    expect(scheduler.pendingTimers()).toBe(0);
    await Promise.all([a, b]); // no time passes: the clock is never advanced
    expect(port.syncCalls).toBe(1);

    await log.append(p3!, ['A']).durable;
    expect(port.syncCalls).toBe(2);
    expect(log.stats().pendingSyncs).toBe(0);
    log.close();
  });

  it('periodic: acks at once, and the fsync follows within the period', async () => {
    const { log, port, scheduler } = rig('periodic');
    await log.append(p1!, ['A']).durable;
    await log.append(p2!, ['A']).durable;
    expect(port.syncCalls).toBe(0);
    expect(log.stats().pendingSyncs).toBe(0);
    scheduler.advanceMs(WINDOW_MS);
    expect(port.syncCalls).toBe(1);
    expect(scheduler.pendingTimers()).toBe(0); // idle: no timer until the next append
    log.close();
  });

  it('sync() settles waiting appends at once and cancels the pending group fsync', async () => {
    const { log, port, scheduler } = rig('group');
    const a = watch(log.append(p1!, ['A']).durable);
    log.sync();
    await settle();
    expect(a.state).toBe('resolved');
    expect(port.syncCalls).toBe(1);
    expect(scheduler.pendingTimers()).toBe(0);
    log.close();
  });

  it('close() performs the final sync for waiting appends', async () => {
    const { log, port } = rig('group');
    const a = watch(log.append(p1!, ['A']).durable);
    log.close();
    await settle();
    expect(a.state).toBe('resolved');
    expect(port.syncCalls).toBe(1);
  });

  it('a failed fsync rejects the waiting acks with DiskFullError; the next window retries', async () => {
    let faulty: FaultyStoragePort | null = null;
    const { log, port, scheduler } = rig('group', (p) => (faulty = new FaultyStoragePort(p)));
    const disk = faulty as unknown as FaultyStoragePort;
    const a = watch(log.append(p1!, ['A']).durable);
    disk.full = true;
    scheduler.advanceMs(WINDOW_MS);
    await settle();
    expect(a.state).toBe('rejected');
    expect(a.error).toBeInstanceOf(DiskFullError);
    expect(log.stats().syncFailures).toBe(1);

    disk.full = false;
    const b = watch(log.append(p2!, ['A']).durable);
    scheduler.advanceMs(WINDOW_MS);
    await settle();
    expect(b.state).toBe('resolved');
    expect(port.syncCalls).toBe(1); // the failed attempt never reached the disk
    log.close();
  });

  it('an ack nobody awaits does not surface as an unhandled rejection when its fsync fails', async () => {
    let faulty: FaultyStoragePort | null = null;
    const { log, scheduler } = rig('group', (p) => (faulty = new FaultyStoragePort(p)));
    const disk = faulty as unknown as FaultyStoragePort;
    void log.append(p1!, ['A']).durable; // vitest fails the run on an unhandled rejection
    disk.full = true;
    scheduler.advanceMs(WINDOW_MS);
    await settle();
    expect(log.stats().syncFailures).toBe(1);
    disk.full = false;
    log.close();
  });

  it('batch: a failed fsync rejects the tick', async () => {
    let faulty: FaultyStoragePort | null = null;
    const { log } = rig('batch', (p) => (faulty = new FaultyStoragePort(p)));
    const disk = faulty as unknown as FaultyStoragePort;
    const durable = log.append(p1!, ['A']).durable;
    disk.full = true;
    await expect(durable).rejects.toBeInstanceOf(DiskFullError);
    disk.full = false;
    await log.append(p2!, ['A']).durable;
    log.close();
  });
});
