import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { DiskFullError } from '../../../../src/lib/errors.js';
import { FaultyStoragePort } from '../../../../src/lib/faulty-storage-port.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import type { StoragePort } from '../../../../src/lib/storage-port.js';
import { CommitLog } from '../../../../src/storage/commitlog/commit-log.js';
import type { CommitLogSyncMode } from '../../../../src/storage/commitlog/commit-log-options.js';
import type { CommitLogPosition } from '../../../../src/storage/commitlog/commit-log-position.js';
import { ManualScheduler } from '../../../../src/storage/commitlog/scheduler.js';
import {
  makePayloads,
  makeTempDirectory,
  replayAll,
  segmentFiles,
  segmentIdOf,
  TearingStoragePort,
} from './commit-log-test-kit.js';

// 300-byte payloads in 1 KiB segments: a header (20) and three 312-byte frames fill a segment.
const SMALL_SEGMENT_BYTES = 1024;

function openLog(
  port: StoragePort,
  directory: string,
  options: { segmentBytes?: number; syncMode?: CommitLogSyncMode; clock?: ManualClock } = {},
): CommitLog {
  const clock = options.clock ?? new ManualClock(0);
  return CommitLog.open(port, clock, new ManualScheduler(clock), {
    directory,
    syncMode: options.syncMode ?? 'periodic',
    syncPeriodMs: 10,
    segmentBytes: options.segmentBytes ?? 64 * 1024,
  });
}

describe('CommitLog round trip', () => {
  it('replays every appended batch, in order and byte for byte, across several segments', () => {
    const directory = makeTempDirectory('roundtrip');
    const port = new NodeStoragePort();
    const log = openLog(port, directory, { segmentBytes: 16 * 1024 });
    const payloads = [...makePayloads(40, 700, 1), ...makePayloads(40, 33, 2), ...makePayloads(5, 9_000, 3)];
    const positions: CommitLogPosition[] = [];
    for (const [i, payload] of payloads.entries()) {
      positions.push(log.append(payload, [`vnode${i % 4}/table1`]).position);
    }
    for (let i = 1; i < positions.length; i++) {
      const [a, b] = [positions[i - 1]!, positions[i]!];
      expect(a.segmentId < b.segmentId || (a.segmentId === b.segmentId && a.offset < b.offset)).toBe(true);
    }
    expect(log.currentPosition()).toEqual(positions[positions.length - 1]);
    log.close();

    const reopened = openLog(port, directory);
    expect(reopened.segmentsToReplay.map((file) => path.basename(file))).toEqual(segmentFiles(directory));
    expect(reopened.segmentsToReplay.length).toBeGreaterThan(3);
    const replayed = replayAll(port, reopened.segmentsToReplay);
    expect(replayed.corruptions).toEqual([]);
    expect(replayed.tornTails).toBe(0);
    expect(replayed.payloads).toEqual(payloads);
    reopened.close();
  });

  it('returns the position just after each entry', () => {
    const directory = makeTempDirectory('position');
    const port = new NodeStoragePort();
    const log = openLog(port, directory);
    const [first, second] = makePayloads(2, 100);
    const a = log.append(first!, ['t']).position;
    const b = log.append(second!, ['t']).position;
    expect(b.segmentId).toBe(a.segmentId);
    expect(b.offset - a.offset).toBe(100 + 12);
    log.close();
    const file = path.join(directory, segmentFiles(directory)[0]!);
    expect(fs.statSync(file).size).toBe(b.offset);
  });
});

describe('CommitLog segments', () => {
  it('rolls to a new segment when the next entry would not fit', () => {
    const directory = makeTempDirectory('roll');
    const log = openLog(new NodeStoragePort(), directory, { segmentBytes: SMALL_SEGMENT_BYTES });
    const positions = makePayloads(7, 300).map((p) => log.append(p, ['a']).position);
    expect(positions.map((p) => p.segmentId - positions[0]!.segmentId)).toEqual([0, 0, 0, 1, 1, 1, 2]);
    expect(log.stats().segments).toBe(3);
    for (const name of segmentFiles(directory)) {
      expect(fs.statSync(path.join(directory, name)).size).toBeLessThanOrEqual(SMALL_SEGMENT_BYTES);
    }
    log.close();
  });

  it('deletes a segment only once every owner that dirtied it is marked clean past its entries', () => {
    const directory = makeTempDirectory('clean');
    const port = new NodeStoragePort();
    const log = openLog(port, directory, { segmentBytes: SMALL_SEGMENT_BYTES });
    const payloads = makePayloads(7, 300);
    const owners = ['A', 'B', 'A', 'A', 'A', 'A', 'B'];
    // Segment 1: A B A | segment 2: A A A | segment 3 (active): B
    const at = payloads.map((p, i) => log.append(p, [owners[i]!]).position);
    expect(segmentFiles(directory)).toHaveLength(3);
    expect(log.oldestDirtyOwners()).toEqual(['A', 'B']);

    log.markClean('A', at[3]!); // A still has entries 4 and 5 in segment 2; B holds segment 1
    expect(segmentFiles(directory)).toHaveLength(3);

    log.markClean('A', at[5]!); // segment 2 is free; segment 1 still waits for B
    const afterA = segmentFiles(directory);
    expect(afterA.map(segmentIdOf)).toEqual([at[0]!.segmentId, at[6]!.segmentId]);
    expect(log.oldestDirtyOwners()).toEqual(['B']);

    log.markClean('B', at[1]!);
    expect(segmentFiles(directory).map(segmentIdOf)).toEqual([at[6]!.segmentId]);

    log.markClean('B', at[6]!); // the active segment stays, clean or not
    expect(segmentFiles(directory)).toHaveLength(1);
    expect(log.stats().segments).toBe(1);
    log.close();

    const reopened = openLog(port, directory);
    expect(replayAll(port, reopened.segmentsToReplay).payloads).toEqual([payloads[6]]);
    reopened.close();
  });

  it('deletes an already-clean segment as soon as the log rolls past it', () => {
    const directory = makeTempDirectory('roll-clean');
    const log = openLog(new NodeStoragePort(), directory, { segmentBytes: SMALL_SEGMENT_BYTES });
    const payloads = makePayloads(4, 300);
    for (const payload of payloads.slice(0, 3)) log.append(payload, ['A']);
    log.markClean('A', log.currentPosition());
    expect(segmentFiles(directory)).toHaveLength(1); // active: kept
    const next = log.append(payloads[3]!, ['A']).position;
    expect(segmentFiles(directory).map(segmentIdOf)).toEqual([next.segmentId]);
    log.close();
  });

  it('keeps segment ids increasing across restarts, after the segments found on disk', () => {
    const directory = makeTempDirectory('ids');
    const port = new NodeStoragePort();
    const clock = new ManualClock(0); // a clock that never moves: ids must still grow
    const seen: number[] = [];
    for (let run = 0; run < 4; run++) {
      const log = openLog(port, directory, { clock, segmentBytes: SMALL_SEGMENT_BYTES });
      if (run > 0) expect(log.segmentsToReplay).toHaveLength(1);
      for (const payload of makePayloads(4, 300, run)) seen.push(log.append(payload, ['A']).position.segmentId);
      log.discardReplayedSegments();
      log.markClean('A', log.currentPosition());
      expect(log.segmentsToReplay).toEqual([]);
      log.close();
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(new Set(seen).size).toBe(8); // two segments per run, never reused
    expect(segmentFiles(directory)).toHaveLength(1);
  });

  it('starts ids at the clock when no segment is left on disk', () => {
    const directory = makeTempDirectory('ids-clock');
    const port = new NodeStoragePort();
    const clock = new ManualClock(1_700_000_000_000);
    const first = openLog(port, directory, { clock });
    const a = first.append(makePayloads(1, 10)[0]!, ['A']).position;
    first.close();
    fs.rmSync(path.join(directory, segmentFiles(directory)[0]!));
    clock.advanceMs(5);
    const second = openLog(port, directory, { clock });
    const b = second.append(makePayloads(1, 10)[0]!, ['A']).position;
    expect(b.segmentId).toBeGreaterThan(a.segmentId);
    second.close();
  });
});

describe('CommitLog when the disk is full', () => {
  it('fails the append with DiskFullError, leaves the file as it was, and resumes when space returns', () => {
    const directory = makeTempDirectory('enospc');
    const port = new FaultyStoragePort(new NodeStoragePort());
    const log = openLog(port, directory);
    const [a, b, failed, c] = makePayloads(4, 300);
    log.append(a!, ['A']);
    log.append(b!, ['A']);
    const before = log.currentPosition();
    const file = path.join(directory, segmentFiles(directory)[0]!);
    const sizeBefore = fs.statSync(file).size;

    port.full = true;
    expect(() => log.append(failed!, ['A'])).toThrow(DiskFullError);
    expect(() => log.append(failed!, ['A'])).toThrow(DiskFullError);
    expect(log.currentPosition()).toEqual(before);
    expect(fs.statSync(file).size).toBe(sizeBefore);

    port.full = false;
    log.append(c!, ['A']);
    log.close();
    const replayed = replayAll(port, openLog(port, directory).segmentsToReplay);
    expect(replayed.payloads).toEqual([a, b, c]);
    expect(replayed.corruptions).toEqual([]);
    expect(replayed.tornTails).toBe(0);
  });

  it('truncates away a write that filled the disk half-way', () => {
    const directory = makeTempDirectory('enospc-torn');
    const port = new TearingStoragePort();
    const log = openLog(port, directory);
    const [a, failed, c] = [makePayloads(1, 300)[0]!, makePayloads(1, 500, 7)[0]!, makePayloads(1, 40, 8)[0]!];
    log.append(a, ['A']);
    const file = path.join(directory, segmentFiles(directory)[0]!);
    const sizeBefore = fs.statSync(file).size;

    port.tearNextWrite(200);
    expect(() => log.append(failed, ['A'])).toThrow(DiskFullError);
    expect(fs.statSync(file).size).toBe(sizeBefore);

    log.append(c, ['A']); // shorter than the torn write: left-over bytes would show as a torn tail
    log.close();
    const replayed = replayAll(port, [file]);
    expect(replayed.payloads).toEqual([a, c]);
    expect(replayed.tornTails).toBe(0);
    expect(replayed.corruptions).toEqual([]);
  });

  it('leaves no new segment behind when the disk fills while rolling', () => {
    const directory = makeTempDirectory('enospc-roll');
    const port = new FaultyStoragePort(new NodeStoragePort());
    const log = openLog(port, directory, { segmentBytes: SMALL_SEGMENT_BYTES });
    const payloads = makePayloads(5, 300);
    for (const payload of payloads.slice(0, 3)) log.append(payload, ['A']);
    const before = log.currentPosition();
    const filesBefore = segmentFiles(directory);

    port.full = true;
    expect(() => log.append(payloads[3]!, ['A'])).toThrow(DiskFullError);
    expect(segmentFiles(directory)).toEqual(filesBefore);
    expect(log.currentPosition()).toEqual(before);
    expect(log.stats().segments).toBe(1);

    port.full = false;
    const after = log.append(payloads[4]!, ['A']).position;
    expect(after.segmentId).toBeGreaterThan(before.segmentId);
    log.close();
    expect(replayAll(port, openLog(port, directory).segmentsToReplay).payloads).toEqual([
      ...payloads.slice(0, 3),
      payloads[4],
    ]);
  });

  it('removes a new segment whose header could not be written', () => {
    const directory = makeTempDirectory('enospc-header');
    const port = new TearingStoragePort();
    const log = openLog(port, directory);
    const before = log.currentPosition();
    port.tearNextWrite(7);
    expect(() => log.append(makePayloads(1, 50)[0]!, ['A'])).toThrow(DiskFullError);
    expect(segmentFiles(directory)).toEqual([]);
    expect(log.currentPosition()).toEqual(before);
    log.append(makePayloads(1, 50)[0]!, ['A']);
    expect(segmentFiles(directory)).toHaveLength(1);
    log.close();
  });
});
