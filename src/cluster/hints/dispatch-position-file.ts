/**
 * How far the hints of one file have been delivered, kept beside it in
 * `<hostId>-<timestampMs>-<version>.position`, so a coordinator that restarts resumes after
 * the last hint its target acknowledged instead of replaying the file from its start (Cassandra
 * keeps this offset in memory only, and replays a partly delivered file after a restart).
 *
 * Two slots, written in turn, so a write torn by a crash leaves the other one whole:
 *
 *   slot 0 at +0, slot 1 at +16:
 *     u32 sequence      1, 2, 3 ... (slot = sequence % 2); the higher valid one counts
 *     u32 offset        where the next undelivered entry starts in the hints file
 *     u32 entriesDone   entries before `offset` (delivered, expired or skipped as corrupt)
 *     u32 crc32 of the 12 bytes before it
 *
 * Each record is written when its hint is acknowledged; it reaches the operating system at
 * once and the disk at the next sync (after each dispatch, and on close).
 */

import zlib from 'node:zlib';
import { assert } from '../../lib/assert.js';
import type { StoragePort } from '../../lib/storage-port.js';

export interface DispatchPosition {
  readonly offset: number;
  readonly entriesDone: number;
}

const SLOT_BYTES = 16;
const SLOTS = 2;

export class DispatchPositionFile {
  private fd: number | null = null;
  private dirty = false;
  private readonly slot = new Uint8Array(SLOT_BYTES);
  private readonly slotView = new DataView(this.slot.buffer);

  private constructor(
    private readonly port: StoragePort,
    readonly path: string,
    private sequence: number,
  ) {}

  /** The file's position file, and the position it holds (null if none was recorded or none is readable). */
  static open(port: StoragePort, file: string): { readonly file: DispatchPositionFile; readonly position: DispatchPosition | null } {
    if (!port.exists(file)) return { file: new DispatchPositionFile(port, file, 0), position: null };
    const best = bestSlot(port.readFile(file));
    return { file: new DispatchPositionFile(port, file, best?.sequence ?? 0), position: best?.position ?? null };
  }

  record(position: DispatchPosition): void {
    assert(Number.isInteger(position.offset) && position.offset >= 0 && position.offset <= 0xffff_ffff, `dispatch offset ${position.offset}`);
    assert(Number.isInteger(position.entriesDone) && position.entriesDone >= 0 && position.entriesDone <= 0xffff_ffff, `entries done ${position.entriesDone}`);
    this.sequence++;
    assert(this.sequence <= 0xffff_ffff, 'dispatch position sequence overflow');
    this.slotView.setUint32(0, this.sequence);
    this.slotView.setUint32(4, position.offset);
    this.slotView.setUint32(8, position.entriesDone);
    this.slotView.setUint32(12, zlib.crc32(this.slot.subarray(0, 12)));
    this.fd ??= this.port.open(this.path, this.port.exists(this.path) ? 'read-write' : 'write-new');
    this.port.write(this.fd, this.slot, 0, SLOT_BYTES, (this.sequence % SLOTS) * SLOT_BYTES);
    this.dirty = true;
  }

  sync(): void {
    if (this.fd === null || !this.dirty) return;
    this.port.sync(this.fd);
    this.dirty = false;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      if (this.dirty) this.port.sync(fd);
    } finally {
      this.port.close(fd);
    }
  }

  /** Closes and removes the file (its hints file is gone). */
  remove(): void {
    if (this.fd !== null) {
      this.port.close(this.fd);
      this.fd = null;
    }
    if (this.port.exists(this.path)) this.port.unlink(this.path);
  }
}

function bestSlot(bytes: Uint8Array): { sequence: number; position: DispatchPosition } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let best: { sequence: number; position: DispatchPosition } | null = null;
  for (let slot = 0; slot < SLOTS; slot++) {
    const at = slot * SLOT_BYTES;
    if (at + SLOT_BYTES > bytes.length) break;
    if (view.getUint32(at + 12) !== zlib.crc32(bytes.subarray(at, at + 12))) continue;
    const sequence = view.getUint32(at);
    if (sequence % SLOTS !== slot) continue; // a slot holds only its own sequences
    if (best === null || sequence > best.sequence) {
      best = { sequence, position: { offset: view.getUint32(at + 4), entriesDone: view.getUint32(at + 8) } };
    }
  }
  return best;
}
