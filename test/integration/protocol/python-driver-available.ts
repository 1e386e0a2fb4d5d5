// Debian's Python driver (python3-cassandra, with python3-lz4), which .ci/run installs with
// apt-get; a test file using it is skipped, and says so, on a machine without it.

import { execFileSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** Whether PYTHON imports the driver; warns in the name of `testFile` when it does not. */
export function pythonDriverAvailable(testFile: string): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import cassandra, lz4'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`${testFile} skipped: ${PYTHON} lacks python3-cassandra or python3-lz4 (apt-get install -y python3-cassandra python3-lz4)`);
    return false;
  }
}
