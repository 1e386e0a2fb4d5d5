import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeHint } from '../../../../src/cluster/hints/hint.js';
import { ENTRY_HEADER_BYTES, ENTRY_OVERHEAD_BYTES } from '../../../../src/cluster/hints/hint-entry-frame.js';
import { encodeHintsHeader, hintsFileName, parseHintsFileName, positionFileName, type HintsDescriptor } from '../../../../src/cluster/hints/hints-descriptor.js';
import { HintsReader } from '../../../../src/cluster/hints/hints-reader.js';
import { HintsWriter } from '../../../../src/cluster/hints/hints-writer.js';
import { encodeHint } from '../../../../src/cluster/hints/hint.js';
import { FaultyStoragePort } from '../../../../src/lib/faulty-storage-port.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { hintBatch, keysOf, TARGET, tempDir } from './hints-fixtures.js';

const port = new NodeStoragePort();
const descriptor: HintsDescriptor = { hostId: TARGET, timestampMs: 1_700_000_000_123, version: 1 };
let dir: string;

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes hints for keys k0..k{n-1}; returns the file and where each entry starts. */
function writeFile(n: number): { file: string; starts: number[]; end: number } {
  const writer = HintsWriter.create(port, dir, descriptor);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    starts.push(writer.bytes);
    writer.append(encodeHint({ creationMs: 1_000 + i, gcGraceSeconds: 864_000, batch: hintBatch(`k${i}`) }));
  }
  const end = writer.bytes;
  writer.close();
  return { file: writer.path, starts, end };
}

function open(file: string): HintsReader {
  const opened = HintsReader.open(port, file);
  if (opened.kind !== 'open') throw new Error(`unreadable: ${opened.detail}`);
  return opened.reader;
}

/** Every readable hint's key, in file order, stepping over bad payloads. */
function readKeys(file: string): string[] {
  const reader = open(file);
  const keys: string[] = [];
  let offset = reader.headerBytes;
  for (;;) {
    const read = reader.readAt(offset);
    if (read.kind === 'entry') keys.push(...keysOf(decodeHint(read.payload).batch));
    if (read.kind !== 'entry' && read.kind !== 'bad-payload') break;
    offset = read.next;
  }
  reader.close();
  return keys;
}

function flipByte(file: string, at: number): void {
  const bytes = fs.readFileSync(file);
  bytes[at]! ^= 0x40;
  fs.writeFileSync(file, bytes);
}

describe('hints file names', () => {
  it('name a file <hostId>-<timestamp>-<version>.hints and parse back to the same descriptor', () => {
    expect(hintsFileName(descriptor)).toBe(`${TARGET}-1700000000123-1.hints`);
    expect(positionFileName(descriptor)).toBe(`${TARGET}-1700000000123-1.position`);
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 0, max: 2 ** 48 }), fc.integer({ min: 1, max: 9 }), (hostId, timestampMs, version) => {
        const d = { hostId, timestampMs, version };
        expect(parseHintsFileName(hintsFileName(d))).toEqual(d);
      }),
    );
    for (const other of ['CommitLog-7-1.log', `${TARGET}-12.hints`, `${TARGET}-x-1.hints`, `${TARGET}-1-1.position`, '-1-1.hints']) {
      expect(parseHintsFileName(other)).toBeNull();
    }
  });
});

describe('HintsWriter and HintsReader', () => {
  it('read back every hint as written: creation time, gc grace and batch, in order', () => {
    const { file, end } = writeFile(5);
    const reader = open(file);
    expect(reader.descriptor).toEqual(descriptor);
    expect(reader.scan()).toEqual({ entries: 5, readableEnd: end, corruptEntries: 0, tail: 'end' });
    const read = reader.readAt(reader.headerBytes);
    expect(read.kind).toBe('entry');
    if (read.kind === 'entry') expect(decodeHint(read.payload)).toMatchObject({ creationMs: 1_000, gcGraceSeconds: 864_000 });
    reader.close();
    expect(readKeys(file)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
  });

  it('detect a torn tail wherever the last entry was cut, and keep the entries before it', () => {
    const { file, starts, end } = writeFile(3);
    const whole = fs.readFileSync(file);
    const last = starts[2]!;
    for (let cut = last + 1; cut < end; cut++) {
      fs.writeFileSync(file, whole.subarray(0, cut));
      const reader = open(file);
      expect(reader.scan()).toEqual({ entries: 2, readableEnd: last, corruptEntries: 0, tail: 'torn' });
      reader.close();
      expect(readKeys(file)).toEqual(['k0', 'k1']);
    }
  });

  it('skip an entry whose payload fails its checksum and read on past it', () => {
    const { file, starts } = writeFile(4);
    flipByte(file, starts[1]! + ENTRY_HEADER_BYTES + 20);
    const reader = open(file);
    expect(reader.readAt(starts[1]!)).toEqual({ kind: 'bad-payload', next: starts[2] });
    expect(reader.scan()).toMatchObject({ entries: 4, corruptEntries: 1, tail: 'end' });
    reader.close();
    expect(readKeys(file)).toEqual(['k0', 'k2', 'k3']);
  });

  it('stop at a size that fails its checksum: nothing after it can be located', () => {
    const { file, starts } = writeFile(4);
    flipByte(file, starts[2]! + 2);
    const reader = open(file);
    expect(reader.scan()).toEqual({ entries: 2, readableEnd: starts[2], corruptEntries: 0, tail: 'bad-size' });
    reader.close();
    expect(readKeys(file)).toEqual(['k0', 'k1']);
  });

  it('read a tail of zeros (a hard reboot) as the end of what is readable', () => {
    const { file, end } = writeFile(2);
    fs.appendFileSync(file, new Uint8Array(64));
    const reader = open(file);
    expect(reader.scan()).toEqual({ entries: 2, readableEnd: end, corruptEntries: 0, tail: 'bad-size' });
    reader.close();
  });

  it('refuse a file whose header is cut short or fails its checksum', () => {
    const { file, starts } = writeFile(1);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, starts[0]! - 1));
    expect(HintsReader.open(port, file)).toEqual({ kind: 'unreadable', detail: 'file cut inside its header' });
    fs.writeFileSync(file, whole);
    flipByte(file, 10);
    expect(HintsReader.open(port, file)).toEqual({ kind: 'unreadable', detail: 'header checksum mismatch' });
  });

  it('read, from a file cut anywhere, exactly the whole entries before the cut (property)', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.string({ minLength: 1, maxLength: 12 }), value: fc.string({ maxLength: 300 }) }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (hints, cutAt) => {
          const d = { ...descriptor, timestampMs: descriptor.timestampMs + run++ };
          const headerBytes = encodeHintsHeader(d).length;
          const writer = HintsWriter.create(port, dir, d);
          const ends: number[] = [];
          for (const [i, hint] of hints.entries()) {
            writer.append(encodeHint({ creationMs: i, gcGraceSeconds: 1, batch: hintBatch(hint.key, hint.value) }));
            ends.push(writer.bytes);
          }
          writer.close();
          const full = fs.readFileSync(writer.path);
          const cut = Math.floor(cutAt * full.length);
          fs.writeFileSync(writer.path, full.subarray(0, cut));
          const opened = HintsReader.open(port, writer.path);
          if (cut < headerBytes) {
            expect(opened.kind).toBe('unreadable');
            return;
          }
          if (opened.kind !== 'open') throw new Error('a whole header must open');
          const whole = ends.filter((end) => end <= cut).length;
          const lastWholeEnd = whole === 0 ? headerBytes : ends[whole - 1]!;
          expect(opened.reader.scan()).toEqual({ entries: whole, readableEnd: lastWholeEnd, corruptEntries: 0, tail: cut === lastWholeEnd ? 'end' : 'torn' });
          opened.reader.close();
          expect(readKeys(writer.path)).toEqual(hints.slice(0, whole).map((h) => h.key));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cut a failed append back, so a full disk leaves no torn entry and appends resume after it', () => {
    const faulty = new FaultyStoragePort(port);
    const writer = HintsWriter.create(faulty, dir, descriptor);
    writer.append(encodeHint({ creationMs: 1, gcGraceSeconds: 10, batch: hintBatch('a') }));
    const before = writer.bytes;
    faulty.full = true;
    expect(() => writer.append(encodeHint({ creationMs: 2, gcGraceSeconds: 10, batch: hintBatch('lost') }))).toThrow(/ENOSPC/);
    expect(writer.bytes).toBe(before);
    expect(writer.broken).toBe(false);
    faulty.full = false;
    const size = writer.append(encodeHint({ creationMs: 3, gcGraceSeconds: 10, batch: hintBatch('b') }));
    expect(size).toBeGreaterThan(ENTRY_OVERHEAD_BYTES);
    writer.close();
    expect(fs.statSync(path.join(dir, hintsFileName(descriptor))).size).toBe(before + size);
    expect(readKeys(writer.path)).toEqual(['a', 'b']);
  });
});
