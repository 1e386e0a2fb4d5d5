import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DispatchPositionFile } from '../../../../src/cluster/hints/dispatch-position-file.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { tempDir } from './hints-fixtures.js';

const port = new NodeStoragePort();
let dir: string;
let file: string;

beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'h-1-1.position');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('DispatchPositionFile', () => {
  it('holds no position until one is recorded, then the last one recorded', () => {
    const first = DispatchPositionFile.open(port, file);
    expect(first.position).toBeNull();
    for (let i = 1; i <= 5; i++) first.file.record({ offset: 100 + i * 50, entriesDone: i });
    first.file.close();
    expect(DispatchPositionFile.open(port, file).position).toEqual({ offset: 350, entriesDone: 5 });
  });

  it('keeps counting from the position it reopened with', () => {
    const a = DispatchPositionFile.open(port, file);
    a.file.record({ offset: 60, entriesDone: 1 });
    a.file.record({ offset: 90, entriesDone: 2 });
    a.file.close();
    const b = DispatchPositionFile.open(port, file);
    b.file.record({ offset: 120, entriesDone: 3 });
    b.file.close();
    expect(DispatchPositionFile.open(port, file).position).toEqual({ offset: 120, entriesDone: 3 });
  });

  it('falls back to the other slot when the last write was torn', () => {
    const a = DispatchPositionFile.open(port, file);
    a.file.record({ offset: 60, entriesDone: 1 }); // sequence 1: slot 1
    a.file.record({ offset: 90, entriesDone: 2 }); // sequence 2: slot 0
    a.file.close();
    const bytes = fs.readFileSync(file);
    bytes[6]! ^= 0xff; // slot 0's offset, under its checksum
    fs.writeFileSync(file, bytes);
    expect(DispatchPositionFile.open(port, file).position).toEqual({ offset: 60, entriesDone: 1 });
    fs.writeFileSync(file, new Uint8Array(32));
    expect(DispatchPositionFile.open(port, file).position).toBeNull();
  });

  it('is removed with its hints file', () => {
    const a = DispatchPositionFile.open(port, file);
    a.file.record({ offset: 60, entriesDone: 1 });
    a.file.remove();
    expect(fs.existsSync(file)).toBe(false);
  });
});
