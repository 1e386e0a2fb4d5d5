/**
 * The LZ4 block format (lz4/doc/lz4_Block_format.md), both ways, for the protocol's "lz4"
 * compression: a v4 envelope body and a v5 segment payload are each one raw block. Clients
 * compress with the reference library (Python's lz4.block, which the server must read) and
 * decompress what we send with it, so the writer keeps the format's end-of-block rules.
 *
 * A block is a run of sequences:
 *
 *   token (literal length:4 | match length - 4:4) [more literal length] literals
 *   offset (u16 little-endian, 1..65535 back) [more match length]
 *
 * where a nibble of 15 continues in bytes of 255 until one is smaller. The last sequence is
 * literals only; the last 5 bytes are always literals and the last match starts at least 12
 * bytes before the end (so the reference decoder's fast path never overruns).
 *
 * The decoder trusts nothing: every length is checked against both buffers before a copy, and
 * the block must fill exactly the uncompressed length the sender announced.
 */

const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MATCH_FIND_LIMIT = 12;
const MAX_OFFSET = 65_535;
const HASH_LOG = 14;
/** Misses before the search starts skipping ahead (the reference's acceleration). */
const SKIP_TRIGGER = 6;

export class Lz4FormatError extends Error {
  override readonly name = 'Lz4FormatError';
}

/** The most bytes compressing `length` bytes can take (LZ4_compressBound). */
export function lz4CompressBound(length: number): number {
  return length + Math.floor(length / 255) + 16;
}

export function lz4CompressBlock(input: Uint8Array): Uint8Array {
  const end = input.length;
  const out = new Uint8Array(lz4CompressBound(end));
  let op = 0;
  let anchor = 0;
  if (end > MATCH_FIND_LIMIT) {
    const table = new Int32Array(1 << HASH_LOG).fill(-1);
    const matchEndLimit = end - LAST_LITERALS;
    const lastMatchStart = end - MATCH_FIND_LIMIT;
    let ip = 0;
    let misses = 1 << SKIP_TRIGGER;
    while (ip <= lastMatchStart) {
      const sequence = read32(input, ip);
      const slot = hash(sequence);
      const candidate = table[slot]!;
      table[slot] = ip;
      if (candidate < 0 || ip - candidate > MAX_OFFSET || read32(input, candidate) !== sequence) {
        ip += misses++ >>> SKIP_TRIGGER;
        continue;
      }
      misses = 1 << SKIP_TRIGGER;
      let length = MIN_MATCH;
      while (ip + length < matchEndLimit && input[candidate + length] === input[ip + length]) length++;
      op = writeSequence(out, op, input, anchor, ip - anchor, ip - candidate, length);
      ip += length;
      anchor = ip;
    }
  }
  op = writeLiterals(out, op, input, anchor, end - anchor);
  return out.slice(0, op);
}

function writeSequence(out: Uint8Array, op: number, input: Uint8Array, from: number, literals: number, offset: number, matchLength: number): number {
  const matchExtra = matchLength - MIN_MATCH;
  const tokenAt = op++;
  out[tokenAt] = (Math.min(literals, 15) << 4) | Math.min(matchExtra, 15);
  op = writeLengthTail(out, op, literals);
  out.set(input.subarray(from, from + literals), op);
  op += literals;
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  return writeLengthTail(out, op, matchExtra);
}

function writeLiterals(out: Uint8Array, op: number, input: Uint8Array, from: number, literals: number): number {
  out[op++] = Math.min(literals, 15) << 4;
  op = writeLengthTail(out, op, literals);
  out.set(input.subarray(from, from + literals), op);
  return op + literals;
}

/** The bytes after a nibble of 15: 255s, then the rest. */
function writeLengthTail(out: Uint8Array, op: number, length: number): number {
  if (length < 15) return op;
  let rest = length - 15;
  while (rest >= 255) {
    out[op++] = 255;
    rest -= 255;
  }
  out[op++] = rest;
  return op;
}

function read32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function hash(sequence: number): number {
  return Math.imul(sequence, 2654435761) >>> (32 - HASH_LOG);
}

export function lz4DecompressBlock(block: Uint8Array, uncompressedLength: number): Uint8Array {
  const out = new Uint8Array(uncompressedLength);
  const end = block.length;
  let ip = 0;
  let op = 0;
  for (;;) {
    if (ip >= end) throw new Lz4FormatError('lz4 block ends inside a sequence');
    const token = block[ip++]!;
    let literals = token >>> 4;
    if (literals === 15) ({ length: literals, ip } = readLengthTail(block, ip, literals));
    if (literals > end - ip) throw new Lz4FormatError('lz4 literals run past the end of the block');
    if (literals > uncompressedLength - op) throw new Lz4FormatError('lz4 block is longer than its announced length');
    out.set(block.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;
    if (ip === end) break;
    if (end - ip < 2) throw new Lz4FormatError('lz4 block ends inside an offset');
    const offset = block[ip]! | (block[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op) throw new Lz4FormatError(`lz4 match offset ${offset} points before the start`);
    let length = token & 15;
    if (length === 15) ({ length, ip } = readLengthTail(block, ip, length));
    length += MIN_MATCH;
    if (length > uncompressedLength - op) throw new Lz4FormatError('lz4 block is longer than its announced length');
    const from = op - offset;
    if (offset >= length) {
      out.copyWithin(op, from, from + length);
      op += length;
    } else {
      // Overlapping: the match repeats bytes it is itself writing.
      for (let i = 0; i < length; i++) out[op + i] = out[from + i]!;
      op += length;
    }
  }
  if (op !== uncompressedLength) throw new Lz4FormatError(`lz4 block holds ${op} bytes, ${uncompressedLength} announced`);
  return out;
}

function readLengthTail(block: Uint8Array, ip: number, length: number): { length: number; ip: number } {
  let byte: number;
  do {
    if (ip >= block.length) throw new Lz4FormatError('lz4 block ends inside a length');
    byte = block[ip++]!;
    length += byte;
  } while (byte === 255);
  return { length, ip };
}
