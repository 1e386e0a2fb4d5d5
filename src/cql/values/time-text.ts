/**
 * time values from text and back, as Cassandra's TimeSerializer does it: digits are raw
 * nanoseconds since midnight; otherwise hh:mm:ss[.fffffffff] (the text is trimmed first, hours
 * may have one digit, up to nine fraction digits). Written back as "hh:mm:ss.nnnnnnnnn".
 */

import { MarshalError } from './marshal-error.js';

const rawNanos = /^-?\d+$/;
const clockText = /^([+-]?\d+):([+-]?\d+):([+-]?\d+)(?:\.(\d{1,9}))?$/;
const nanosPerDay = 86_400_000_000_000n;

/** Nanoseconds since midnight for time text; throws MarshalError. */
export function parseTimeText(source: string): bigint {
  if (rawNanos.test(source)) {
    const nanos = BigInt(source);
    if (nanos < 0n || nanos >= nanosPerDay) throw new MarshalError(`Unable to make long (for time) from: '${source}'`);
    return nanos;
  }
  const nanos = parseClock(source.trim());
  if (nanos === null) throw new MarshalError(`(TimeType) Unable to coerce '${source}' to a formatted time (long)`);
  return nanos;
}

export function formatTimeText(nanosOfDay: bigint): string {
  const seconds = nanosOfDay / 1_000_000_000n;
  const fraction = nanosOfDay % 1_000_000_000n;
  const two = (n: bigint): string => n.toString().padStart(2, '0');
  return `${two(seconds / 3600n)}:${two((seconds / 60n) % 60n)}:${two(seconds % 60n)}.${fraction.toString().padStart(9, '0')}`;
}

function parseClock(text: string): bigint | null {
  const match = clockText.exec(text);
  if (match === null) return null;
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (hours < 0 || hours >= 24 || minutes < 0 || minutes >= 60 || seconds < 0 || seconds >= 60) return null;
  const fraction = BigInt((match[4] ?? '').padEnd(9, '0'));
  return BigInt((hours * 60 + minutes) * 60 + seconds) * 1_000_000_000n + fraction;
}
