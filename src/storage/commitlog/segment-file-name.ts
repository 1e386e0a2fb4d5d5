/**
 * Segment file names, Cassandra's shape: `CommitLog-<version>-<segmentId>.log`. The id in the
 * name orders segments for replay without opening them; the header repeats it under a checksum.
 */

import { assert } from '../../lib/assert.js';
import { COMMIT_LOG_FORMAT_VERSION } from './segment-header.js';

const SEGMENT_NAME = /^CommitLog-(\d{1,9})-(\d{1,16})\.log$/;

export interface SegmentFileName {
  readonly version: number;
  readonly segmentId: number;
}

export function segmentFileName(segmentId: number): string {
  assert(Number.isSafeInteger(segmentId) && segmentId >= 0, `bad segment id ${segmentId}`);
  return `CommitLog-${COMMIT_LOG_FORMAT_VERSION}-${segmentId}.log`;
}

/** The version and id a file name carries, or null if the file is not a segment. */
export function parseSegmentFileName(name: string): SegmentFileName | null {
  const match = SEGMENT_NAME.exec(name);
  if (match === null) return null;
  const segmentId = Number(match[2]);
  if (!Number.isSafeInteger(segmentId)) return null;
  return { version: Number(match[1]), segmentId };
}
