/**
 * Puts the calling thread under Linux's SCHED_BATCH policy, as `chrt --batch` does: the kernel
 * then never lets a wake-up of this thread preempt the thread that woke it.
 *
 * Why: the main thread wakes a sleeping storage thread (Atomics.notify on its ring) in the
 * middle of a turn; on a busy machine the woken thread took the core at once and the main
 * thread stood in Atomics.notify until it got it back. On 2 cores, a 3-node cluster at 64
 * reads in flight measured 43-48 us per notify (a thousand of them over 50 us in 2 s); with its
 * background threads under SCHED_BATCH, 12-16 us (26-63 over 50 us). Nice values alone do not
 * stop wake-up preemption.
 *
 * Node has no call for it, so `chrt` (util-linux) is run on the thread's id, in the background:
 * the thread does not wait, and threads it starts later (its flush and compaction pools)
 * inherit the policy. Best effort: elsewhere than Linux, without chrt, or where the policy is
 * refused, the thread keeps the ordinary one.
 */

import { execFile } from 'node:child_process';
import { readlinkSync } from 'node:fs';

export function useBatchScheduling(): void {
  if (process.platform !== 'linux') return;
  let tid: string | undefined;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>" of the calling thread.
    tid = readlinkSync('/proc/thread-self').split('/').pop();
  } catch {
    return;
  }
  if (tid === undefined || !/^\d+$/.test(tid)) return;
  try {
    execFile('chrt', ['--batch', '--pid', '0', tid], { timeout: 5000 }, () => {
      // Refused or missing: the thread keeps its policy.
    });
  } catch {
    // spawn itself failed (no processes left): the same
  }
}
