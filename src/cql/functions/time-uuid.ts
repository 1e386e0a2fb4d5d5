/**
 * Version 1 (time-based) UUIDs as Cassandra's UUIDGen builds and reads them. The timestamp is
 * a count of 100 ns ticks since 1582-10-15, split over the first 8 bytes:
 *
 *   bytes 0-3  time_low   (ticks & 0xffffffff)
 *   bytes 4-5  time_mid   (ticks >> 32 & 0xffff)
 *   bytes 6-7  0x1000 | (ticks >> 48 & 0x0fff)      version 1
 *   bytes 8-15 clock sequence and node (variant bits 10)
 *
 * minTimeuuid(t) and maxTimeuuid(t) are the smallest and largest timeuuids of the millisecond
 * t in Cassandra's timeuuid order (clock-sequence-and-node 0x80... and 0x7f..., compared signed).
 */

import { driverTypes, type TimeUuid } from '../types/driver-values.js';

/** Milliseconds from 1582-10-15 (the Gregorian reform) to the Unix epoch, negated (UUIDGen.START_EPOCH). */
const startEpochMs = -12_219_292_800_000n;
const ticksPerMs = 10_000n;
const minClockSeqAndNode = 0x8080808080808080n;
const maxClockSeqAndNode = 0x7f7f7f7f7f7f7f7fn;

export function ticksOfUnixMillis(millis: bigint): bigint {
  return BigInt.asUintN(60, (millis - startEpochMs) * ticksPerMs);
}

export function timeUuidOfTicks(ticks: bigint, clockSeqAndNode: bigint): TimeUuid {
  const bytes = Buffer.alloc(16);
  const msb = ((ticks & 0xffffffffn) << 32n) | (((ticks >> 32n) & 0xffffn) << 16n) | 0x1000n | ((ticks >> 48n) & 0x0fffn);
  bytes.writeBigUInt64BE(BigInt.asUintN(64, msb), 0);
  bytes.writeBigUInt64BE(BigInt.asUintN(64, clockSeqAndNode), 8);
  return new driverTypes.TimeUuid(bytes);
}

/** UUIDGen.unixTimestamp: the millisecond of a version 1 UUID's 16 bytes. */
export function unixMillisOfTimeUuid(bytes: Uint8Array): bigint {
  const view = Buffer.from(bytes);
  const msb = view.readBigUInt64BE(0);
  const ticks = ((msb & 0x0fffn) << 48n) | (((msb >> 16n) & 0xffffn) << 32n) | (msb >> 32n);
  return ticks / ticksPerMs + startEpochMs;
}

export function minTimeUuid(millis: bigint): TimeUuid {
  return timeUuidOfTicks(ticksOfUnixMillis(millis), minClockSeqAndNode);
}

export function maxTimeUuid(millis: bigint): TimeUuid {
  return timeUuidOfTicks(ticksOfUnixMillis(millis + 1n) - 1n, maxClockSeqAndNode);
}
