/**
 * The disk as an argument (STYLE rule 7). Storage code does its I/O through a StoragePort, so
 * tests can fill the disk (ENOSPC) or tear a write, and the simulator can run without files.
 * The calls are synchronous on purpose: they run on worker threads, where blocking is cheap
 * and a promise per block read is not.
 */

export type OpenMode = 'read' | 'write-new' | 'append' | 'read-write';

export interface StoragePort {
  open(path: string, mode: OpenMode): number;
  close(fd: number): void;
  /** Writes all of `length` bytes or throws; `position` null appends at the file offset. */
  write(fd: number, data: Uint8Array, offset: number, length: number, position: number | null): void;
  read(fd: number, into: Uint8Array, offset: number, length: number, position: number): number;
  /** Flushes data (and the size) to stable storage. */
  sync(fd: number): void;
  /**
   * sync(fd) off the calling thread (libuv's thread pool): the thread goes on serving while the
   * disk works, which on a busy commit log takes tens to hundreds of milliseconds. It covers
   * what was written before the call. The caller keeps `fd` open until the promise settles.
   */
  syncInBackground(fd: number): Promise<void>;
  size(fd: number): number;
  truncate(fd: number, length: number): void;
  readFile(path: string): Uint8Array;
  /** Writes a whole small file durably: temporary name, fsync, rename, fsync of the folder. */
  writeFileDurably(path: string, data: Uint8Array): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /**
   * Removes a file off the calling thread (deleting a large file can block for milliseconds);
   * the promise settles when it is gone. For files nothing needs any more, such as the
   * components of an SSTable whose TOC was already removed.
   */
  unlinkInBackground(path: string): Promise<void>;
  link(existing: string, target: string): void;
  mkdirp(path: string): void;
  readdir(path: string): string[];
  exists(path: string): boolean;
  removeTree(path: string): void;
  syncDirectory(path: string): void;
  fileSize(path: string): number;
}
