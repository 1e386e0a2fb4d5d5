import { describe, expect, it } from 'vitest';
import { createBinaryRing, preTouchRing, ringHeaderBytes, RingHeader, ringHotBytes } from '../../../src/actors/binary-ring.js';
import { BinaryRingConsumer } from '../../../src/actors/binary-ring-consumer.js';
import { BinaryRingProducer } from '../../../src/actors/binary-ring-producer.js';
import { SeededRandom } from '../../../src/lib/random.js';
import { ManualScheduler, waitUntil } from './manual-runtime.js';

interface Received {
  slot: number;
  correlationId: number;
  payload: Uint8Array;
}

function payloadOf(seq: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (seq * 31 + i) & 0xff;
  return bytes;
}

/** A started consumer that keeps a copy of every record it receives. */
function recordingRing(capacity: number, recordsPerTurnMax: number) {
  const sab = createBinaryRing(capacity);
  const scheduler = new ManualScheduler();
  const received: Received[] = [];
  const consumer = new BinaryRingConsumer(sab, (slot, correlationId, payload) => received.push({ slot, correlationId, payload: payload.slice() }), scheduler, recordsPerTurnMax);
  consumer.start();
  return { sab, producer: new BinaryRingProducer(sab), scheduler, received, consumer };
}

describe('BinaryRing (SPSC over a SharedArrayBuffer)', () => {
  it('delivers records in order with slot, correlation id and exact bytes across many wrap-arounds', async () => {
    const { producer, scheduler, received, consumer } = recordingRing(1024, 8);
    const random = new SeededRandom(7);
    let sent = 0;
    let refused = 0;
    while (sent < 1_000) {
      const length = random.int(200);
      if (producer.tryWrite(sent % 97, sent, payloadOf(sent, length))) sent += 1;
      else {
        refused += 1;
        await scheduler.runUntilIdle();
        // A sleeping consumer is woken by a waitAsync promise that settles on a later turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await waitUntil(() => {
      void scheduler.runUntilIdle();
      return received.length === 1_000;
    });
    expect(refused).toBeGreaterThan(0); // the ring was full at times: 1 KiB for ~100 KB
    expect(received).toHaveLength(1_000);
    received.forEach((r, seq) => {
      expect(r.slot).toBe(seq % 97);
      expect(r.correlationId).toBe(seq);
      expect(r.payload).toEqual(payloadOf(seq, r.payload.byteLength));
    });
    consumer.stop();
  });

  it('refuses a write when full and accepts again once the consumer drained', async () => {
    const sab = createBinaryRing(256);
    const producer = new BinaryRingProducer(sab);
    const scheduler = new ManualScheduler();
    let count = 0;
    const consumer = new BinaryRingConsumer(sab, () => (count += 1), scheduler, 1_000);
    let accepted = 0;
    while (producer.tryWrite(1, 0, new Uint8Array(52))) accepted += 1;
    expect(accepted).toBe(3); // 4 records of 64 bytes would make write == read
    consumer.start();
    await scheduler.runUntilIdle();
    expect(count).toBe(3);
    expect(producer.tryWrite(1, 0, new Uint8Array(52))).toBe(true);
    consumer.stop();
  });

  it('sleeps with Atomics.waitAsync when empty and is woken by the producer only then', async () => {
    const sab = createBinaryRing(4096);
    const header = new Int32Array(sab, 0, ringHeaderBytes / 4);
    const producer = new BinaryRingProducer(sab);
    const scheduler = new ManualScheduler();
    const got: number[] = [];
    const consumer = new BinaryRingConsumer(sab, (slot) => got.push(slot), scheduler, 16);
    consumer.start();
    await scheduler.runUntilIdle();
    expect(Atomics.load(header, RingHeader.consumerSleeping)).toBe(1);
    const sequence = Atomics.load(header, RingHeader.wakeSequence);
    producer.tryWrite(5, 0, new Uint8Array([1]));
    producer.tryWrite(6, 0, new Uint8Array([2]));
    // The wake is sent once per burst, from a microtask after the writes of this run.
    expect(Atomics.load(header, RingHeader.wakeSequence)).toBe(sequence);
    await Promise.resolve();
    expect(Atomics.load(header, RingHeader.wakeSequence)).toBe(sequence + 1);
    // The waitAsync promise settles on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await scheduler.runUntilIdle();
    expect(got).toEqual([5, 6]);
    consumer.stop();
  });

  it('pre-touches a new ring so its pages are resident, and the ring works as before', async () => {
    const sab = createBinaryRing(8 * 1024 * 1024);
    const faultsBefore = process.resourceUsage().minorPageFault;
    preTouchRing(sab);
    const faultsTouching = process.resourceUsage().minorPageFault - faultsBefore;
    // 2,048 pages of 4 KiB (fewer with transparent huge pages): each written once.
    expect(faultsTouching).toBeGreaterThan(0);
    const producer = new BinaryRingProducer(sab);
    const scheduler = new ManualScheduler();
    const received: number[] = [];
    const consumer = new BinaryRingConsumer(sab, (_slot, correlationId) => received.push(correlationId), scheduler, 8);
    consumer.start();
    const payloads = Array.from({ length: 64 }, (_, i) => payloadOf(i, 60_000));
    const faultsBeforeWrites = process.resourceUsage().minorPageFault;
    let accepted = 0;
    for (let i = 0; i < 64; i++) if (producer.tryWrite(0, i, payloads[i]!)) accepted++;
    const faultsWriting = process.resourceUsage().minorPageFault - faultsBeforeWrites;
    expect(accepted).toBe(64);
    await scheduler.runUntilIdle();
    expect(received).toEqual(Array.from({ length: 64 }, (_, i) => i));
    // ~3.7 MiB written into the ring: its pages are not faulted in again.
    expect(faultsWriting).toBeLessThan(faultsTouching / 4);
    consumer.stop();
    expect(() => preTouchRing(sab)).toThrow(/in use/);
  });
  it('keeps a ring the consumer keeps up with in its first ringHotBytes, and goes on past them while it lags', async () => {
    const { sab, producer, scheduler, received, consumer } = recordingRing(4 * ringHotBytes, 1_000);
    const header = new Int32Array(sab, 0, ringHeaderBytes / 4);
    const random = new SeededRandom(11);
    const recordMax = 3_000 + 16;
    let highest = 0;
    let sent = 0;
    // Drained after every burst of a few records: writes wrap back to 0 once past the hot bytes.
    for (let burst = 0; burst < 150; burst++) {
      for (let r = 0; r < 3; r++, sent++) expect(producer.tryWrite(sent % 7, sent, payloadOf(sent, 1 + random.int(3_000)))).toBe(true);
      highest = Math.max(highest, Atomics.load(header, RingHeader.writeOffset));
      await scheduler.runUntilIdle();
    }
    expect(received).toHaveLength(sent);
    expect(highest).toBeLessThan(ringHotBytes + 3 * recordMax);
    // A consumer that lags: the producer goes on past the hot bytes without waiting for it.
    const lagging = sent + 200;
    for (; sent < lagging; sent++) expect(producer.tryWrite(sent % 7, sent, payloadOf(sent, 3_000))).toBe(true);
    expect(Atomics.load(header, RingHeader.writeOffset)).toBeGreaterThan(ringHotBytes);
    await scheduler.runUntilIdle();
    expect(received).toHaveLength(sent);
    received.forEach((r, seq) => {
      expect(r.slot).toBe(seq % 7);
      expect(r.correlationId).toBe(seq);
      // Buffer.equals: toEqual walks ~1 MB of payloads element by element (seconds).
      expect(Buffer.from(r.payload).equals(payloadOf(seq, r.payload.byteLength)), `record ${seq}`).toBe(true);
    });
    consumer.stop();
  });
});
