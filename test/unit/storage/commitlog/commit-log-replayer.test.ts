import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { CorruptionError } from '../../../../src/lib/errors.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { CommitLog } from '../../../../src/storage/commitlog/commit-log.js';
import { ManualScheduler } from '../../../../src/storage/commitlog/scheduler.js';
import { makePayloads, makeTempDirectory, replayAll, segmentFiles } from './commit-log-test-kit.js';

const FRAME_OVERHEAD = 12;
const port = new NodeStoragePort();

/** Writes `payloads` through a real log into a fresh folder; returns the segment paths. */
function writeLog(payloads: readonly Uint8Array[], segmentBytes = 64 * 1024): { directory: string; files: string[] } {
  const directory = makeTempDirectory('replay');
  const clock = new ManualClock(0);
  const log = CommitLog.open(port, clock, new ManualScheduler(clock), {
    directory,
    syncMode: 'periodic',
    syncPeriodMs: 1000,
    segmentBytes,
  });
  for (const payload of payloads) log.append(payload, ['A']);
  log.close();
  return { directory, files: segmentFiles(directory).map((name) => path.join(directory, name)) };
}

describe('CommitLogReplayer torn tails', () => {
  const payloads = makePayloads(3, 40);
  const { files } = writeLog(payloads);
  const file = files[0]!;
  const original = fs.readFileSync(file);
  const lastStart = replayAll(port, [file]).offsets[2]!;

  it('drops the last entry cut at any byte and keeps every earlier one, without a report', () => {
    expect(original.length - lastStart).toBe(40 + FRAME_OVERHEAD);
    for (let cut = lastStart; cut < original.length; cut++) {
      fs.writeFileSync(file, original.subarray(0, cut));
      const replayed = replayAll(port, [file]);
      expect(replayed.payloads, `cut at ${cut}`).toEqual(payloads.slice(0, 2));
      expect(replayed.corruptions, `cut at ${cut}`).toEqual([]);
      expect(replayed.tornTails, `cut at ${cut}`).toBe(cut > lastStart ? 1 : 0);
    }
  });

  it('treats zeros from any byte of the last entry to the end as a torn tail', () => {
    for (let from = lastStart; from < original.length; from++) {
      const bytes = Uint8Array.from(original);
      bytes.fill(0, from);
      fs.writeFileSync(file, bytes);
      const replayed = replayAll(port, [file]);
      expect(replayed.payloads, `zeros from ${from}`).toEqual(payloads.slice(0, 2));
      expect(replayed.corruptions, `zeros from ${from}`).toEqual([]);
      expect(replayed.tornTails, `zeros from ${from}`).toBe(1);
    }
    // Zeros past the end of the last entry (a preallocated or size-extended file) are a torn tail too.
    fs.writeFileSync(file, Buffer.concat([original, Buffer.alloc(4096)]));
    const padded = replayAll(port, [file]);
    expect(padded.payloads).toEqual(payloads);
    expect(padded.tornTails).toBe(1);
    fs.writeFileSync(file, original);
  });

  it('keeps replaying newer segments after an older segment with a torn tail', () => {
    const many = makePayloads(6, 300);
    const { files: segments } = writeLog(many, 1024); // three 312-byte frames per segment
    expect(segments).toHaveLength(2);
    const first = fs.readFileSync(segments[0]!);
    fs.writeFileSync(segments[0]!, first.subarray(0, first.length - 5));
    const replayed = replayAll(port, segments);
    expect(replayed.payloads).toEqual([many[0], many[1], many[3], many[4], many[5]]);
    expect(replayed.tornTails).toBe(1);
    expect(replayed.corruptions).toEqual([]);
  });

  it('reads a segment whose header never reached the disk as empty', () => {
    const { files: segments } = writeLog(makePayloads(1, 10));
    for (const bytes of [new Uint8Array(0), new Uint8Array(7), new Uint8Array(20), new Uint8Array(100)]) {
      fs.writeFileSync(segments[0]!, bytes);
      const replayed = replayAll(port, segments);
      expect(replayed.payloads).toEqual([]);
      expect(replayed.corruptions).toEqual([]);
    }
  });
});

describe('CommitLogReplayer corruption', () => {
  const payloads = makePayloads(4, 40);
  const { files } = writeLog(payloads);
  const file = files[0]!;
  const original = fs.readFileSync(file);
  const offsets = replayAll(port, [file]).offsets;

  it('reports a flipped byte anywhere in a middle entry with the file and offset, and replays the others', () => {
    const start = offsets[1]!;
    for (let at = start; at < offsets[2]!; at++) {
      const bytes = Uint8Array.from(original);
      bytes[at]! ^= 0xff;
      fs.writeFileSync(file, bytes);
      const replayed = replayAll(port, [file]);
      expect(replayed.payloads, `flip at ${at}`).toEqual([payloads[0], payloads[2], payloads[3]]);
      expect(replayed.corruptions, `flip at ${at}`).toHaveLength(1);
      const error = replayed.corruptions[0]!;
      expect(error).toBeInstanceOf(CorruptionError);
      expect(error.file).toBe(file);
      expect(error.offset).toBe(start);
      expect(error.message).toContain(file);
      expect(replayed.tornTails).toBe(0);
    }
    fs.writeFileSync(file, original);
  });

  it('never takes a frame copied inside a payload for a real one while resyncing', () => {
    const directory = makeTempDirectory('nested');
    const clock = new ManualClock(0);
    const log = CommitLog.open(port, clock, new ManualScheduler(clock), {
      directory,
      syncMode: 'periodic',
      syncPeriodMs: 1000,
      segmentBytes: 64 * 1024,
    });
    const [first, last] = makePayloads(2, 64);
    log.append(first!, ['A']);
    const segment = path.join(directory, segmentFiles(directory)[0]!);
    // The first entry's exact frame bytes, carried as data inside the second entry.
    const firstFrame = fs.readFileSync(segment).subarray(20, 20 + 64 + FRAME_OVERHEAD);
    const carrier = Buffer.concat([Buffer.from('blob:'), firstFrame, Buffer.from(':end')]);
    const middleStart = log.currentPosition().offset;
    log.append(carrier, ['A']);
    log.append(last!, ['A']);
    log.close();

    const bytes = fs.readFileSync(segment);
    bytes[middleStart + 2]! ^= 0x01; // the carrier's length no longer checks: scan for the next frame
    fs.writeFileSync(segment, bytes);
    const replayed = replayAll(port, [segment]);
    expect(replayed.payloads).toEqual([first, last]);
    expect(replayed.corruptions.map((e) => e.offset)).toEqual([middleStart]);
  });

  it('reports a damaged segment header and still replays the entries behind it', () => {
    const bytes = Uint8Array.from(original);
    bytes[9]! ^= 0x10; // inside the segment id
    fs.writeFileSync(file, bytes);
    const replayed = replayAll(port, [file]);
    expect(replayed.payloads).toEqual(payloads);
    expect(replayed.corruptions).toHaveLength(1);
    expect(replayed.corruptions[0]!.offset).toBe(0);
    expect(replayed.corruptions[0]!.file).toBe(file);
    fs.writeFileSync(file, original);
  });

  it('skips a segment of an unknown format version, with a report', () => {
    const { files: segments } = writeLog(makePayloads(2, 10));
    const bytes = fs.readFileSync(segments[0]!);
    // Rewrite the header as a valid header of version 9 (the checksum recomputed to match).
    bytes.writeUInt16BE(9, 4);
    bytes.writeUInt32BE(zlib.crc32(bytes.subarray(0, 16)), 16);
    fs.writeFileSync(segments[0]!, bytes);
    const replayed = replayAll(port, segments);
    expect(replayed.payloads).toEqual([]);
    expect(replayed.corruptions.map((e) => e.message)).toEqual([expect.stringContaining('version 9')]);
  });
});
