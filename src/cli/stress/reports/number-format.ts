/** Numbers as the reports print them: counts with thousands separators, times in ms. */

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Milliseconds with one decimal, or two below 10 ms where the difference matters. */
export function formatMs(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/** hh:mm:ss, as cassandra-stress prints the operation time. */
export function formatClock(seconds: number): string {
  const whole = Math.round(seconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
}
