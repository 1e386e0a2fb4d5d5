/**
 * A StoragePort that can run out of space: wraps another port and, while `full`, fails every
 * write, sync and file creation with ENOSPC, as a full disk does. Tests use it to check that
 * writes fail cleanly and resume when space returns.
 */

import type { OpenMode, StoragePort } from './storage-port.js';

export function enospc(syscall: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`ENOSPC: no space left on device, ${syscall}`);
  error.code = 'ENOSPC';
  error.syscall = syscall;
  return error;
}

export class FaultyStoragePort implements StoragePort {
  full = false;

  constructor(private readonly inner: StoragePort) {}

  open(path: string, mode: OpenMode): number {
    if (this.full && mode !== 'read') throw enospc('open');
    return this.inner.open(path, mode);
  }
  close(fd: number): void {
    this.inner.close(fd);
  }
  write(fd: number, data: Uint8Array, offset: number, length: number, position: number | null): void {
    if (this.full) throw enospc('write');
    this.inner.write(fd, data, offset, length, position);
  }
  read(fd: number, into: Uint8Array, offset: number, length: number, position: number): number {
    return this.inner.read(fd, into, offset, length, position);
  }
  sync(fd: number): void {
    if (this.full) throw enospc('fdatasync');
    this.inner.sync(fd);
  }
  syncInBackground(fd: number): Promise<void> {
    if (this.full) return Promise.reject(enospc('fdatasync'));
    return this.inner.syncInBackground(fd);
  }
  size(fd: number): number {
    return this.inner.size(fd);
  }
  truncate(fd: number, length: number): void {
    this.inner.truncate(fd, length);
  }
  readFile(path: string): Uint8Array {
    return this.inner.readFile(path);
  }
  writeFileDurably(path: string, data: Uint8Array): void {
    if (this.full) throw enospc('write');
    this.inner.writeFileDurably(path, data);
  }
  rename(from: string, to: string): void {
    this.inner.rename(from, to);
  }
  unlink(path: string): void {
    this.inner.unlink(path);
  }
  unlinkInBackground(path: string): Promise<void> {
    return this.inner.unlinkInBackground(path);
  }
  link(existing: string, target: string): void {
    if (this.full) throw enospc('link');
    this.inner.link(existing, target);
  }
  mkdirp(path: string): void {
    this.inner.mkdirp(path);
  }
  readdir(path: string): string[] {
    return this.inner.readdir(path);
  }
  exists(path: string): boolean {
    return this.inner.exists(path);
  }
  removeTree(path: string): void {
    this.inner.removeTree(path);
  }
  syncDirectory(path: string): void {
    this.inner.syncDirectory(path);
  }
  fileSize(path: string): number {
    return this.inner.fileSize(path);
  }
}
