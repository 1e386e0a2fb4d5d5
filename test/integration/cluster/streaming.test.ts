/**
 * Range streaming between real engines (worker threads, commit logs) over the in-process
 * transport: a receiver pulls the partitions of some token ranges from a source, or a sender
 * pushes them, page by page, and exactly the partitions of those ranges arrive, as the source
 * holds them (tombstones, expired cells and timestamps included) and reconciled with what the
 * receiver already held. The throttle slows a stream to its rate; a stream from a stopped node
 * fails with StreamFailedError.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemTimers } from '../../../src/actors/system-timers.js';
import { InProcessTransport } from '../../../src/cluster/messaging/in-process-transport.js';
import { MessagingService } from '../../../src/cluster/messaging/messaging-service.js';
import { murmur3Token } from '../../../src/cluster/ring/murmur3.js';
import { TokenRange } from '../../../src/cluster/ring/token-range.js';
import { StreamFailedError } from '../../../src/cluster/streaming/stream-failed-error.js';
import { StreamingService } from '../../../src/cluster/streaming/streaming-service.js';
import { getStreamThroughputCommand, setStreamThroughputCommand } from '../../../src/cluster/streaming/stream-throughput-command.js';
import { SystemClock } from '../../../src/lib/clock.js';
import { SeededRandom } from '../../../src/lib/random.js';
import { partitionDigest } from '../../../src/storage/model/partition-digest.js';
import type { PartitionUpdate } from '../../../src/storage/model/partition-update.js';
import { reconcilePartitions } from '../../../src/storage/model/reconcile-partitions.js';
import { StorageEngine, type WriteMutation } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../../src/storage/table-options.js';
import { partitionVersionAt } from '../../unit/storage/model/random-partitions.js';

const TABLE = 1;
const OTHER = 2;
const KEYS = 300;
const tables = [defaultTableOptions(TABLE, 'ks.t'), defaultTableOptions(OTHER, 'ks.other')];
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const clock = new SystemClock();

interface TestNode {
  readonly address: string;
  readonly engine: StorageEngine;
  readonly messaging: MessagingService;
  readonly streaming: StreamingService;
}

let root: string;
let transport: InProcessTransport;
const nodes: TestNode[] = [];
/** What the source holds, per key (as written: one random version per key, tombstones and all). */
const keys = Array.from({ length: KEYS }, (_, i) => `key-${i}`);
const tokenOf = new Map(keys.map((k) => [k, murmur3Token(text(k))]));

async function startNode(name: string): Promise<TestNode> {
  const engine = await StorageEngine.open({ dataDirectory: path.join(root, name), tables, threads: 1, vnodeCount: 4, commitLogSync: 'group', commitLogSyncPeriodMs: 5 });
  const address = `${name}:7000`;
  const messaging = new MessagingService(address, transport, systemTimers);
  const streaming = new StreamingService({ engine, messaging, clock, timers: systemTimers, pageTimeoutMs: 2000 });
  streaming.serve();
  const node = { address, engine, messaging, streaming };
  nodes.push(node);
  return node;
}

function versions(count: number, seed: number): PartitionUpdate[] {
  return fc.sample(partitionVersionAt(clock.nowSeconds() - 300), { numRuns: count, seed });
}

function mutation(version: PartitionUpdate, tableId: number, key: string): WriteMutation {
  const { token: _token, ...rest } = version;
  return { ...rest, tableId, key: text(key) };
}

/** Every partition a node holds of a table, as key -> digest of its unfiltered form. */
async function holdings(engine: StorageEngine, tableId: number): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  for await (const partition of engine.scanUnfiltered(tableId)) held.set(new TextDecoder().decode(partition.key), hex(partitionDigest(partition)));
  return held;
}

const inAny = (ranges: readonly TokenRange[], key: string): boolean => ranges.some((r) => TokenRange.contains(r, tokenOf.get(key)!));

let source: TestNode;
let sourceHeld: Map<string, string>;
/** Three ranges over the keys' tokens, one of them wrapping past the ring's end. */
let ranges: TokenRange[];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-streaming-'));
  transport = new InProcessTransport(systemTimers, new SeededRandom(3));
  source = await startNode('source');
  const written = versions(KEYS, 11);
  await source.engine.write(keys.map((key, i) => mutation(written[i]!, TABLE, key)));
  await source.engine.write(keys.slice(0, 50).map((key, i) => mutation(written[i]!, OTHER, key)));
  sourceHeld = await holdings(source.engine, TABLE);
  const sorted = [...tokenOf.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = (fraction: number): bigint => sorted[Math.floor(fraction * (sorted.length - 1))]!;
  ranges = [TokenRange.create(at(0.1), at(0.25)), TokenRange.create(at(0.5), at(0.55)), TokenRange.create(at(0.9), at(0.05))];
}, 60_000);

afterAll(async () => {
  for (const node of nodes) {
    node.messaging.close();
    await node.engine.close();
  }
  fs.rmSync(root, { recursive: true, force: true });
});

describe('streamRangesFrom (pull)', () => {
  it('brings exactly the partitions of the ranges asked for, as the source holds them, in small pages', async () => {
    const receiver = await startNode('pull');
    const progress: number[] = [];
    const summary = await receiver.streaming.streamRangesFrom(source.address, [TABLE], ranges, { maxPartitionsPerPage: 7, onProgress: (p) => progress.push(p.partitions) });

    const expected = new Map([...sourceHeld].filter(([key]) => inAny(ranges, key)));
    expect(expected.size).toBeGreaterThan(40);
    expect(expected.size).toBeLessThan(sourceHeld.size);
    expect(await holdings(receiver.engine, TABLE)).toEqual(expected);
    expect((await holdings(receiver.engine, OTHER)).size).toBe(0);

    expect(summary).toMatchObject({ peer: source.address, direction: 'in', ranges: 3, partitions: expected.size });
    expect(summary.pages).toBeGreaterThanOrEqual(Math.ceil(expected.size / 7));
    expect(summary.bytes).toBeGreaterThan(0);
    expect(summary.tables).toEqual([{ tableId: TABLE, partitions: expected.size, bytes: summary.bytes }]);
    expect(progress.at(-1)).toBe(expected.size);
    expect(receiver.streaming.totals()).toMatchObject({ partitionsReceived: expected.size, bytesReceived: summary.bytes, active: 0 });
  });

  it('streams several tables, and the whole ring as one range', async () => {
    const receiver = await startNode('whole');
    const whole = TokenRange.create(5n, 5n);
    const summary = await receiver.streaming.streamRangesFrom(source.address, [TABLE, OTHER], [whole]);
    expect(await holdings(receiver.engine, TABLE)).toEqual(sourceHeld);
    expect(await holdings(receiver.engine, OTHER)).toEqual(await holdings(source.engine, OTHER));
    expect(summary.tables.map((t) => [t.tableId, t.partitions])).toEqual([
      [TABLE, sourceHeld.size],
      [OTHER, (await holdings(source.engine, OTHER)).size],
    ]);
  });

  it('streams many small ranges, more than one request names, several to a page', async () => {
    const receiver = await startNode('many');
    // The ring cut into 1200 equal ranges: most hold nothing, the others a partition or so.
    const step = 2n ** 64n / 1200n;
    const small = Array.from({ length: 1200 }, (_, i) => TokenRange.create(BigInt.asIntN(64, -(2n ** 63n) + BigInt(i) * step), BigInt.asIntN(64, -(2n ** 63n) + BigInt(i + 1) * step)));
    const chosen = small.filter((_, i) => i % 3 !== 1);
    const summary = await receiver.streaming.streamRangesFrom(source.address, [TABLE], chosen, { maxPartitionsPerPage: 100 });
    const expected = new Map([...sourceHeld].filter(([key]) => inAny(chosen, key)));
    expect(await holdings(receiver.engine, TABLE)).toEqual(expected);
    expect(summary.partitions).toBe(expected.size);
    expect(summary.pages).toBeLessThanOrEqual(Math.ceil(expected.size / 100) + Math.ceil(chosen.length / 512));
    const pushed = await startNode('many-pushed');
    await source.streaming.pushRangesTo(pushed.address, [TABLE], chosen, { maxPartitionsPerPage: 100 });
    expect(await holdings(pushed.engine, TABLE)).toEqual(expected);
  });

  it('reconciles with what the receiver holds: newer data there survives, older data is shadowed by the source', async () => {
    const receiver = await startNode('reconcile');
    const inside = keys.filter((k) => inAny(ranges, k)).slice(0, 30);
    const own = versions(inside.length, 99);
    // Timestamps 1..6 in the generated versions: half of these are newer than the source's, half older.
    await receiver.engine.write(inside.map((key, i) => mutation(own[i]!, TABLE, key)));
    const before = new Map<string, PartitionUpdate | null>();
    for (const key of inside) before.set(key, await receiver.engine.readUnfiltered(TABLE, text(key)));

    await receiver.streaming.streamRangesFrom(source.address, [TABLE], ranges, { maxPartitionsPerPage: 50 });
    for (const key of inside) {
      const fromSource = await source.engine.readUnfiltered(TABLE, text(key));
      const merged = reconcilePartitions(before.get(key) ?? null, fromSource);
      const held = await receiver.engine.readUnfiltered(TABLE, text(key));
      expect(hex(partitionDigest(held))).toBe(hex(partitionDigest(merged)));
    }
  });

  it('fails with StreamFailedError when the source does not answer or does not know the table', async () => {
    const receiver = await startNode('failing');
    await expect(receiver.streaming.streamRangesFrom('nobody:7000', [TABLE], ranges)).rejects.toBeInstanceOf(StreamFailedError);
    await expect(receiver.streaming.streamRangesFrom(source.address, [77], ranges)).rejects.toThrow(/Stream failed: from source:7000, table 77.*unknown table id 77/);
  });
});

describe('pushRangesTo (push)', () => {
  it('sends exactly the partitions of the ranges to the target', async () => {
    const target = await startNode('push');
    const summary = await source.streaming.pushRangesTo(target.address, [TABLE], ranges.slice(0, 2), { maxPartitionsPerPage: 10 });
    const expected = new Map([...sourceHeld].filter(([key]) => inAny(ranges.slice(0, 2), key)));
    expect(await holdings(target.engine, TABLE)).toEqual(expected);
    expect(summary).toMatchObject({ peer: target.address, direction: 'out', ranges: 2, partitions: expected.size });
    expect(target.streaming.totals().partitionsReceived).toBe(expected.size);
  });

  it('is held to the stream throughput: a stream of ~B bytes at R bytes/s takes at least about (B - one page) / R', async () => {
    const target = await startNode('throttled');
    const whole = TokenRange.create(5n, 5n);
    const unthrottled = await source.streaming.pushRangesTo(target.address, [TABLE], [whole], { maxPartitionsPerPage: 20 });
    const rate = Math.ceil(unthrottled.bytes / 0.8); // the whole table in 0.8 s
    source.streaming.setThroughput(rate);
    try {
      const throttled = await source.streaming.pushRangesTo(target.address, [TABLE], [whole], { maxPartitionsPerPage: 20 });
      const onePageMs = (1000 * throttled.bytes) / throttled.pages / rate;
      expect(throttled.durationMs).toBeGreaterThanOrEqual(800 - onePageMs - 20);
      expect(unthrottled.durationMs).toBeLessThan(throttled.durationMs);
    } finally {
      source.streaming.setThroughput(0);
    }
  });

  it('takes its throughput from nodetool setstreamthroughput (MiB/s, 0 = unlimited) and reports it with getstreamthroughput', async () => {
    const context = { node: source };
    expect(await setStreamThroughputCommand(['24'], context)).toEqual({ message: 'Current stream throughput: 24.0 MiB/s' });
    expect(await getStreamThroughputCommand([], context)).toEqual({ message: 'Current stream throughput: 24.0 MiB/s' });
    expect(await setStreamThroughputCommand(['8'], context)).toEqual({ message: 'Current stream throughput: 8.0 MiB/s' });
    expect(source.streaming.limiter.throughputBytesPerSecond).toBe(8 * 1024 * 1024);
    expect(await setStreamThroughputCommand(['0'], context)).toEqual({ message: 'Current stream throughput: unlimited' });
    await expect(setStreamThroughputCommand(['fast'], context)).rejects.toThrow(/one number: MiB per second/);
    await expect(getStreamThroughputCommand(['x'], context)).rejects.toThrow(/no arguments/);
  });
});
