/**
 * The node's source of now() values (UUIDGen.getTimeUUID): the clock's millisecond in 100 ns
 * ticks, bumped by one tick when the clock has not moved since the last value, so every value
 * is unique and greater than the previous one; the clock sequence and node are drawn once.
 */

import type { Random } from '../../lib/random.js';
import type { TimeUuid } from '../types/driver-values.js';
import { ticksOfUnixMillis, timeUuidOfTicks } from './time-uuid.js';

export class TimeUuidGenerator {
  private lastTicks = 0n;
  private readonly clockSeqAndNode: bigint;

  constructor(random: Random) {
    const clockSequence = BigInt(random.int(0x4000));
    // A random node has the multicast bit set, so it never collides with a real MAC (RFC 4122 4.5).
    const node = (BigInt(random.int(0x1000000)) << 24n) | BigInt(random.int(0x1000000)) | 0x010000000000n;
    this.clockSeqAndNode = (0b10n << 62n) | (clockSequence << 48n) | node;
  }

  next(nowMs: number): TimeUuid {
    const ticks = ticksOfUnixMillis(BigInt(nowMs));
    this.lastTicks = ticks > this.lastTicks ? ticks : this.lastTicks + 1n;
    return timeUuidOfTicks(this.lastTicks, this.clockSeqAndNode);
  }
}
