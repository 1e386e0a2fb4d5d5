/**
 * Reads commit-log segments back at start-up (Cassandra's CommitLogReplayer) and yields every
 * intact batch payload, oldest segment first, in the order it was appended. It never yields
 * bytes that fail a checksum, so a batch is replayed whole or not at all.
 *
 * What a failed entry at offset X means depends on what follows it in the same segment:
 *
 *   nothing intact follows (end of file, zeros, garbage)   torn tail: the crash cut the last
 *                                                          write short. Dropped, counted in
 *                                                          stats().tornTails, not reported.
 *   an intact frame follows at Y > X                       corruption in the middle: reported as
 *                                                          CorruptionError(file, X) through
 *                                                          onCorruption, replay resumes at Y.
 *
 * The next frame is found from the entry's length when that length passes its checksum, and
 * otherwise by scanning forward: frame checksums are seeded with the segment id and the frame's
 * offset (entry-frame.ts), so only a frame written at that very place checks out. Every segment
 * may end in a torn tail, not just the newest: a run that crashed during replay leaves an older
 * torn segment before the newer ones.
 *
 * Known blind spot: a bit flipped in the last entry of a segment looks like a torn tail.
 */

import path from 'node:path';
import { assertNever } from '../../lib/assert.js';
import { CorruptionError } from '../../lib/errors.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { checkFrameAt, findNextFrame } from './entry-frame.js';
import { parseSegmentFileName } from './segment-file-name.js';
import { decodeSegmentHeader, SEGMENT_HEADER_BYTES } from './segment-header.js';

export interface ReplayedEntry {
  /** One batch as appended: a view into the segment's bytes, valid as long as it is kept. */
  readonly payload: Uint8Array;
  readonly segment: string;
  /** Where the entry's frame starts in the segment file. */
  readonly offset: number;
}

export interface CommitLogReplayStats {
  segments: number;
  entries: number;
  payloadBytes: number;
  /** Segments whose end held a torn (cut short or unchecked) write, dropped silently. */
  tornTails: number;
  tornBytes: number;
  /** Entries or headers reported through onCorruption. */
  corruptions: number;
}

export interface CommitLogReplay extends IterableIterator<ReplayedEntry> {
  /** Counts so far; final once the iteration is done. */
  stats(): CommitLogReplayStats;
}

export class CommitLogReplayer {
  /**
   * Reads `segments` in the order given (oldest first) and yields each intact batch payload.
   * Corruption in the middle of a segment is reported through `onCorruption` and skipped; a
   * torn tail is dropped and counted.
   */
  static replay(
    port: StoragePort,
    segments: readonly string[],
    onCorruption: (e: CorruptionError) => void,
  ): CommitLogReplay {
    const stats: CommitLogReplayStats = {
      segments: 0,
      entries: 0,
      payloadBytes: 0,
      tornTails: 0,
      tornBytes: 0,
      corruptions: 0,
    };
    const report = (error: CorruptionError): void => {
      stats.corruptions++;
      onCorruption(error);
    };
    const entries = replaySegments(port, [...segments], report, stats);
    return Object.assign(entries, { stats: (): CommitLogReplayStats => ({ ...stats }) });
  }
}

function* replaySegments(
  port: StoragePort,
  segments: readonly string[],
  report: (error: CorruptionError) => void,
  stats: CommitLogReplayStats,
): Generator<ReplayedEntry, void, undefined> {
  for (const segment of segments) {
    stats.segments++;
    yield* replaySegment(segment, port.readFile(segment), report, stats);
  }
}

function* replaySegment(
  segment: string,
  file: Uint8Array,
  report: (error: CorruptionError) => void,
  stats: CommitLogReplayStats,
): Generator<ReplayedEntry, void, undefined> {
  const segmentId = checkHeader(segment, file, report, stats);
  if (segmentId === null) return;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const image = { file, view, segmentId };
  let offset = SEGMENT_HEADER_BYTES;
  while (offset < file.length) {
    const frame = checkFrameAt(image, offset);
    if (frame.kind === 'entry') {
      stats.entries++;
      stats.payloadBytes += frame.payloadEnd - frame.payloadStart;
      yield { payload: file.subarray(frame.payloadStart, frame.payloadEnd), segment, offset };
      offset = frame.next;
      continue;
    }
    // A frame the file ends inside of has nothing after it: that is a torn tail by definition.
    const searchFrom = frame.kind === 'bad-payload' ? frame.next : offset + 1;
    const resumeAt = frame.kind === 'cut-short' ? null : findNextFrame(image, searchFrom);
    if (resumeAt === null) {
      stats.tornTails++;
      stats.tornBytes += file.length - offset;
      return;
    }
    const what = frame.kind === 'bad-payload' ? 'payload' : 'length';
    const skipped = resumeAt - offset;
    const detail = `entry fails its ${what} checksum; skipped ${skipped} bytes to the next entry`;
    report(new CorruptionError(segment, offset, detail));
    offset = resumeAt;
  }
}

/**
 * The segment id that seeds the file's frame checksums, or null to skip the file. A header cut
 * short or zeroed with nothing after it is a torn segment creation; a damaged header over
 * written entries is reported, and the entries are still read, seeded by the id in the name.
 */
function checkHeader(
  segment: string,
  file: Uint8Array,
  report: (error: CorruptionError) => void,
  stats: CommitLogReplayStats,
): number | null {
  const header = decodeSegmentHeader(file);
  const named = parseSegmentFileName(path.basename(segment));
  const reportHeader = (detail: string): void => report(new CorruptionError(segment, 0, detail));
  switch (header.kind) {
    case 'valid':
      if (named !== null && named.segmentId !== header.segmentId) {
        reportHeader(`header holds segment id ${header.segmentId}, the name ${named.segmentId}`);
      }
      return header.segmentId;
    case 'unsupported-version':
      reportHeader(`unsupported commit-log format version ${header.version}; segment skipped`);
      return null;
    case 'invalid':
      if (file.length <= SEGMENT_HEADER_BYTES || isAllZero(file)) {
        if (file.length > 0) {
          stats.tornTails++;
          stats.tornBytes += file.length;
        }
        return null;
      }
      if (named === null) {
        reportHeader(`${header.detail}; no segment id in the name, segment skipped`);
        return null;
      }
      reportHeader(`${header.detail}; reading entries with the id from the name`);
      return named.segmentId;
    default:
      return assertNever(header, 'segment header check');
  }
}

function isAllZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
