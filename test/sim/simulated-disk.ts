/**
 * The disk of one simulated machine, in memory: files with a written length and a synced
 * length, directories, and two faults.
 *
 *   crash   the machine loses power: every file keeps what was synced, plus a random part of
 *           what was written after (the page cache reached the platter up to a random byte),
 *           so the last record written may be torn. The process's handle dies with it.
 *   full    writes, file creation and durable file writes fail with ENOSPC until space
 *           returns; nothing of a refused write lands.
 *
 * The disk outlives its node: a restarted node opens a new handle (port()) on the same files.
 * Metadata (create, rename, unlink, truncate) is durable at once, as on a journaling file
 * system with the directory synced; only file contents have an unsynced tail.
 */

import { assert } from '../../src/lib/assert.js';
import { enospc } from '../../src/lib/faulty-storage-port.js';
import type { Random } from '../../src/lib/random.js';
import type { OpenMode, StoragePort } from '../../src/lib/storage-port.js';

interface SimFile {
  bytes: Uint8Array;
  length: number;
  /** Bytes [0, syncedLength) survive a crash. */
  syncedLength: number;
}

export class SimulatedDisk {
  full = false;
  /** Bytes the crashes tore off unsynced tails (for the trace). */
  bytesTorn = 0;
  private readonly files = new Map<string, SimFile>();
  private readonly directories = new Set<string>(['/']);
  private current: DiskPort | null = null;

  /** A handle for one life of the node's process; the previous life's handle stops working. */
  port(): DiskPort {
    this.current?.revoke();
    this.current = new DiskPort(this);
    return this.current;
  }

  /**
   * Power loss: each file keeps its synced bytes and a random share of the rest (cut at a
   * random byte: the record there is torn). The live handle fails every call from now on.
   */
  crash(random: Random): void {
    this.current?.revoke();
    for (const path of [...this.files.keys()].sort()) {
      const file = this.files.get(path)!;
      const unsynced = file.length - file.syncedLength;
      if (unsynced === 0) continue;
      const kept = random.int(unsynced + 1);
      this.bytesTorn += unsynced - kept;
      file.length = file.syncedLength + kept;
      file.syncedLength = file.length;
    }
  }

  /** Bytes of every file, for the trace: path:length:synced, sorted. */
  describe(): string {
    return [...this.files].map(([path, file]) => `${path}:${file.length}:${file.syncedLength}`).sort().join(' ');
  }

  // ---- for DiskPort ----

  fileAt(path: string): SimFile | undefined {
    return this.files.get(path);
  }

  createFile(path: string): SimFile {
    assert(this.directories.has(parentOf(path)), `no directory for ${path}`);
    const file: SimFile = { bytes: new Uint8Array(64), length: 0, syncedLength: 0 };
    this.files.set(path, file);
    return file;
  }

  setFile(path: string, file: SimFile): void {
    this.files.set(path, file);
  }

  deleteFile(path: string): boolean {
    return this.files.delete(path);
  }

  hasDirectory(path: string): boolean {
    return this.directories.has(path);
  }

  addDirectory(path: string): void {
    for (let dir = normalize(path); !this.directories.has(dir); dir = parentOf(dir)) this.directories.add(dir);
  }

  /** Names directly under `dir`, files and directories, sorted. */
  childrenOf(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Set<string>();
    for (const path of [...this.files.keys(), ...this.directories]) {
      if (path.startsWith(prefix) && path.length > prefix.length) names.add(path.slice(prefix.length).split('/')[0]!);
    }
    return [...names].sort();
  }

  removeUnder(dir: string): void {
    const prefix = `${normalize(dir)}/`;
    for (const path of [...this.files.keys()]) if (path.startsWith(prefix)) this.files.delete(path);
    for (const path of [...this.directories]) if (path === normalize(dir) || path.startsWith(prefix)) this.directories.delete(path);
  }
}

interface OpenFile {
  readonly path: string;
  readonly mode: OpenMode;
}

/** One process's view of a SimulatedDisk, through the StoragePort every storage file uses. */
export class DiskPort implements StoragePort {
  private readonly open_ = new Map<number, OpenFile>();
  private nextFd = 3;
  private revoked = false;

  constructor(private readonly disk: SimulatedDisk) {}

  get isRevoked(): boolean {
    return this.revoked;
  }

  /** The process is gone: every call fails, as nothing of it runs any more. */
  revoke(): void {
    this.revoked = true;
    this.open_.clear();
  }

  open(path: string, mode: OpenMode): number {
    this.check();
    let file = this.disk.fileAt(path);
    if (mode === 'read' || mode === 'read-write') {
      if (file === undefined) throw errno('ENOENT', 'open', path);
    } else if (mode === 'write-new') {
      if (file !== undefined) throw errno('EEXIST', 'open', path);
      if (this.disk.full) throw enospc('open');
      file = this.disk.createFile(path);
    } else if (file === undefined) {
      if (this.disk.full) throw enospc('open');
      file = this.disk.createFile(path);
    }
    const fd = this.nextFd++;
    this.open_.set(fd, { path, mode });
    return fd;
  }

  close(fd: number): void {
    this.check();
    this.open_.delete(fd);
  }

  write(fd: number, data: Uint8Array, offset: number, length: number, position: number | null): void {
    const file = this.fileOf(fd);
    if (this.disk.full) throw enospc('write');
    const at = position ?? file.length;
    const end = at + length;
    if (end > file.bytes.length) {
      const grown = new Uint8Array(Math.max(end, file.bytes.length * 2));
      grown.set(file.bytes.subarray(0, file.length));
      file.bytes = grown;
    }
    file.bytes.set(data.subarray(offset, offset + length), at);
    // An overwrite below the synced length lands as written (a crash tears appended tails only).
    file.length = Math.max(file.length, end);
  }

  read(fd: number, into: Uint8Array, offset: number, length: number, position: number): number {
    const file = this.fileOf(fd);
    const n = Math.max(0, Math.min(length, file.length - position));
    into.set(file.bytes.subarray(position, position + n), offset);
    return n;
  }

  sync(fd: number): void {
    const file = this.fileOf(fd);
    file.syncedLength = file.length;
  }

  syncInBackground(fd: number): Promise<void> {
    try {
      this.sync(fd);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  size(fd: number): number {
    return this.fileOf(fd).length;
  }

  truncate(fd: number, length: number): void {
    const file = this.fileOf(fd);
    file.length = Math.min(file.length, length);
    file.syncedLength = Math.min(file.syncedLength, file.length);
  }

  readFile(path: string): Uint8Array {
    this.check();
    const file = this.disk.fileAt(path);
    if (file === undefined) throw errno('ENOENT', 'open', path);
    return file.bytes.slice(0, file.length);
  }

  writeFileDurably(path: string, data: Uint8Array): void {
    this.check();
    if (this.disk.full) throw enospc('write');
    assert(this.disk.hasDirectory(parentOf(path)), `no directory for ${path}`);
    this.disk.setFile(path, { bytes: data.slice(), length: data.length, syncedLength: data.length });
  }

  rename(from: string, to: string): void {
    this.check();
    const file = this.disk.fileAt(from);
    if (file === undefined) throw errno('ENOENT', 'rename', from);
    this.disk.deleteFile(from);
    this.disk.setFile(to, file);
  }

  unlink(path: string): void {
    this.check();
    if (!this.disk.deleteFile(path)) throw errno('ENOENT', 'unlink', path);
  }

  unlinkInBackground(path: string): Promise<void> {
    try {
      this.unlink(path);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  link(existing: string, target: string): void {
    this.check();
    const file = this.disk.fileAt(existing);
    if (file === undefined) throw errno('ENOENT', 'link', existing);
    if (this.disk.full) throw enospc('link');
    this.disk.setFile(target, { bytes: file.bytes.slice(0, file.length), length: file.length, syncedLength: file.syncedLength });
  }

  mkdirp(path: string): void {
    this.check();
    this.disk.addDirectory(path);
  }

  readdir(path: string): string[] {
    this.check();
    if (!this.disk.hasDirectory(normalize(path))) throw errno('ENOENT', 'scandir', path);
    return this.disk.childrenOf(normalize(path));
  }

  exists(path: string): boolean {
    this.check();
    return this.disk.fileAt(path) !== undefined || this.disk.hasDirectory(normalize(path));
  }

  removeTree(path: string): void {
    this.check();
    this.disk.removeUnder(path);
  }

  syncDirectory(_path: string): void {
    this.check();
  }

  fileSize(path: string): number {
    this.check();
    const file = this.disk.fileAt(path);
    if (file === undefined) throw errno('ENOENT', 'stat', path);
    return file.length;
  }

  private fileOf(fd: number): SimFile {
    this.check();
    const open = this.open_.get(fd);
    if (open === undefined) throw errno('EBADF', 'fd', String(fd));
    const file = this.disk.fileAt(open.path);
    // An unlinked file stays readable through an open descriptor on a real disk; nothing here relies on it.
    if (file === undefined) throw errno('ENOENT', 'fd', open.path);
    return file;
  }

  private check(): void {
    if (this.revoked) throw errno('EIO', 'io', 'the process crashed');
  }
}

function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);
  error.code = code;
  error.syscall = syscall;
  return error;
}

function normalize(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function parentOf(path: string): string {
  const i = normalize(path).lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
