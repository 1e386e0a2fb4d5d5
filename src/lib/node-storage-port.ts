/** The StoragePort adapter over node:fs: the only storage file that touches the real disk. */

import fs from 'node:fs';
import path from 'node:path';
import type { OpenMode, StoragePort } from './storage-port.js';

const flagsByMode: Record<OpenMode, string> = {
  read: 'r',
  'write-new': 'wx',
  append: 'a',
  'read-write': 'r+',
};

export class NodeStoragePort implements StoragePort {
  open(file: string, mode: OpenMode): number {
    return fs.openSync(file, flagsByMode[mode]);
  }

  close(fd: number): void {
    fs.closeSync(fd);
  }

  write(fd: number, data: Uint8Array, offset: number, length: number, position: number | null): void {
    let written = 0;
    while (written < length) {
      const at = position === null ? null : position + written;
      written += fs.writeSync(fd, data, offset + written, length - written, at);
    }
  }

  read(fd: number, into: Uint8Array, offset: number, length: number, position: number): number {
    let total = 0;
    while (total < length) {
      const n = fs.readSync(fd, into, offset + total, length - total, position + total);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  sync(fd: number): void {
    fs.fdatasyncSync(fd);
  }

  syncInBackground(fd: number): Promise<void> {
    return new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error === null ? resolve() : reject(error))));
  }

  size(fd: number): number {
    return fs.fstatSync(fd).size;
  }

  truncate(fd: number, length: number): void {
    fs.ftruncateSync(fd, length);
  }

  readFile(file: string): Uint8Array {
    return fs.readFileSync(file);
  }

  writeFileDurably(file: string, data: Uint8Array): void {
    const temporary = `${file}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      this.write(fd, data, 0, data.length, 0);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
    this.syncDirectory(path.dirname(file));
  }

  rename(from: string, to: string): void {
    fs.renameSync(from, to);
  }

  unlink(file: string): void {
    fs.unlinkSync(file);
  }

  unlinkInBackground(file: string): Promise<void> {
    return fs.promises.unlink(file); // libuv's thread pool
  }

  link(existing: string, target: string): void {
    fs.linkSync(existing, target);
  }

  mkdirp(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
  }

  readdir(dir: string): string[] {
    return fs.readdirSync(dir);
  }

  exists(file: string): boolean {
    return fs.existsSync(file);
  }

  removeTree(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  syncDirectory(dir: string): void {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  fileSize(file: string): number {
    return fs.statSync(file).size;
  }
}
