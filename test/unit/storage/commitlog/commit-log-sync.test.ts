import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { DiskFullError } from '../../../../src/lib/errors.js';
import { FaultyStoragePort } from '../../../../src/lib/faulty-storage-port.js';
import type { StoragePort } from '../../../../src/lib/storage-port.js';
import { CommitLog } from '../../../../src/storage/commitlog/commit-log.js';
import type { CommitLogSyncMode } from '../../../../src/storage/commitlog/commit-log-options.js';
import { FRAME_OVERHEAD_BYTES } from '../../../../src/storage/commitlog/entry-frame.js';
import { ManualScheduler } from '../../../../src/storage/commitlog/scheduler.js';
import { SEGMENT_HEADER_BYTES } from '../../../../src/storage/commitlog/segment-header.js';
import { CountingStoragePort, makePayloads, makeTempDirectory, settle } from './commit-log-test-kit.js';

const WINDOW_MS = 10;

interface Rig {
  readonly log: CommitLog;
  readonly port: CountingStoragePort;
  readonly scheduler: ManualScheduler;
}

function rig(
  syncMode: CommitLogSyncMode,
  wrap: (port: CountingStoragePort) => StoragePort = (p) => p,
  segmentBytes = 1024 * 1024,
): Rig & { readonly directory: string } {
  const port = new CountingStoragePort();
  const clock = new ManualClock(1_000);
  const scheduler = new ManualScheduler(clock);
  const directory = makeTempDirectory(`sync-${syncMode}`);
  const log = CommitLog.open(wrap(port), clock, scheduler, { directory, syncMode, syncPeriodMs: WINDOW_MS, segmentBytes });
  return { log, port, scheduler, directory };
}

/** Files under `directory` this process holds open (Linux: /proc/self/fd). */
function openFilesUnder(directory: string): string[] {
  const open: string[] = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(directory)) open.push(target);
    } catch {
      // Closed between the listing and the readlink (the listing's own descriptor, say).
    }
  }
  return open;
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
    await settle(port);
    expect([a.state, b.state]).toEqual(['pending', 'pending']);
    expect(port.syncCalls).toBe(0);
    expect(log.stats().pendingSyncs).toBe(2);

    scheduler.advanceMs(WINDOW_MS - 1);
    await settle(port);
    expect([a.state, b.state]).toEqual(['pending', 'pending']);

    scheduler.advanceMs(1);
    await settle(port);
    expect([a.state, b.state]).toEqual(['resolved', 'resolved']);
    expect(port.syncCalls).toBe(1);
    expect(log.stats().pendingSyncs).toBe(0);

    // The next append opens a new window.
    const c = watch(log.append(p3!, ['A']).durable);
    scheduler.advanceMs(WINDOW_MS - 1);
    await settle(port);
    expect(c.state).toBe('pending');
    scheduler.advanceMs(1);
    await settle(port);
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
    await settle(port);
    expect(a.state).toBe('resolved');
    expect(port.syncCalls).toBe(1);
    expect(scheduler.pendingTimers()).toBe(0);
    log.close();
  });

  it('close() performs the final sync for waiting appends', async () => {
    const { log, port } = rig('group');
    const a = watch(log.append(p1!, ['A']).durable);
    log.close();
    await settle(port);
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
    await settle(port);
    expect(a.state).toBe('rejected');
    expect(a.error).toBeInstanceOf(DiskFullError);
    expect(log.stats().syncFailures).toBe(1);

    disk.full = false;
    const b = watch(log.append(p2!, ['A']).durable);
    scheduler.advanceMs(WINDOW_MS);
    await settle(port);
    expect(b.state).toBe('resolved');
    expect(port.syncCalls).toBe(1); // the failed attempt never reached the disk
    log.close();
  });

  it('an ack nobody awaits does not surface as an unhandled rejection when its fsync fails', async () => {
    let faulty: FaultyStoragePort | null = null;
    const { log, port, scheduler } = rig('group', (p) => (faulty = new FaultyStoragePort(p)));
    const disk = faulty as unknown as FaultyStoragePort;
    void log.append(p1!, ['A']).durable; // vitest fails the run on an unhandled rejection
    disk.full = true;
    scheduler.advanceMs(WINDOW_MS);
    await settle(port);
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

  it('the thread goes on while a background fsync is out; appends made meanwhile wait for the next one', async () => {
    const { log, port, scheduler } = rig('group');
    const a = watch(log.append(p1!, ['A']).durable);
    scheduler.advanceMs(WINDOW_MS); // the group fsync leaves for the thread pool
    expect(port.syncCalls).toBe(1);
    const b = watch(log.append(p2!, ['B']).durable); // appending does not wait for it
    scheduler.advanceMs(WINDOW_MS); // b's window ends while the first fsync is still out
    expect(port.syncCalls).toBe(1);
    expect(log.stats().pendingSyncs).toBe(2);
    await settle(port);
    expect([a.state, b.state]).toEqual(['resolved', 'resolved']);
    expect(port.syncCalls).toBe(2); // the second fsync covers b, written after the first began
    expect(log.stats().pendingSyncs).toBe(0);
    log.close();
  });

  it('a full segment keeps its file open until its background fsync settles, then closes it', async () => {
    const oneFrame = SEGMENT_HEADER_BYTES + 300 + FRAME_OVERHEAD_BYTES;
    const { log, port, scheduler, directory } = rig('periodic', (p) => p, oneFrame);
    await log.append(p1!, ['A']).durable;
    await log.append(p2!, ['A']).durable; // rolls: the first segment is sealed, a second is active
    expect(openFilesUnder(directory)).toHaveLength(2);
    scheduler.advanceMs(WINDOW_MS);
    expect(port.syncCalls).toBe(2); // both segments, in the background
    expect(openFilesUnder(directory)).toHaveLength(2);
    await settle(port);
    expect(openFilesUnder(directory)).toHaveLength(1); // the sealed one, synced, is closed
    log.close();
    expect(openFilesUnder(directory)).toHaveLength(0);
  });

  it('close() while a background fsync is out settles its appends and closes every file once it returns', async () => {
    const { log, port, scheduler, directory } = rig('group');
    const a = watch(log.append(p1!, ['A']).durable);
    scheduler.advanceMs(WINDOW_MS);
    const b = watch(log.append(p2!, ['A']).durable);
    log.close(); // syncs in place: covers a and b
    await settle(port);
    expect([a.state, b.state]).toEqual(['resolved', 'resolved']);
    expect(openFilesUnder(directory)).toHaveLength(0);
  });
});
