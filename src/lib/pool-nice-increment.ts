/**
 * The nice increment to give a piscina pool started from this thread, kept off nice -1.
 * Piscina applies it with libc nice() (through @napi-rs/nice), which returns the new nice
 * value and -1 on error, so a thread whose new value is -1 is taken for a failure ("Success
 * (os error 0)") and the pool's every thread dies at start. A process run at nice -6 met it
 * with the flusher's +5; the value next to it, one step less favoured, does not.
 */

import os from 'node:os';

export function poolNiceIncrement(increment: number): number {
  if (increment === 0) return 0;
  let current: number;
  try {
    current = os.getPriority(0);
  } catch {
    return increment;
  }
  return current + increment === -1 ? increment + 1 : increment;
}
