/**
 * One process per data directory: a lock file holding the owner's pid, created exclusively.
 * A lock left by a process that no longer exists (kill -9) is taken over; a live owner, in
 * this process or another, makes the second open fail with a clear error.
 */

import fs from 'node:fs';
import path from 'node:path';
import { DataDirectoryLockedError } from '../lib/errors.js';

export class DataDirectoryLock {
  private constructor(private readonly file: string) {}

  static acquire(directory: string): DataDirectoryLock {
    fs.mkdirSync(directory, { recursive: true });
    const file = path.join(directory, 'sibyl.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx');
        fs.writeSync(fd, `${process.pid}\n`);
        fs.closeSync(fd);
        return new DataDirectoryLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
        if (Number.isInteger(owner) && isAlive(owner)) {
          throw new DataDirectoryLockedError(
            `data directory ${directory} is in use by process ${owner}${owner === process.pid ? ' (this process)' : ''}; ` +
              'close that database first, or point this one at another directory',
          );
        }
        fs.rmSync(file, { force: true }); // stale: its owner died without closing
      }
    }
    throw new DataDirectoryLockedError(`could not lock data directory ${directory}`);
  }

  release(): void {
    fs.rmSync(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
