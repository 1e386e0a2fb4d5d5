/**
 * A stream whose peer is lost fails at once (Cassandra's StreamSession.convict), not at its
 * 30 s page deadline: a pull from a source cut off, or a push to a target cut off, rejects with
 * StreamFailedError naming why as soon as `peerLost` says the peer is gone (the node wires it to
 * gossip: conviction, restart, removal); a stream does not begin with a peer the failure
 * detector holds down; other peers' streams go on; and a stream begun again once the peer is
 * back completes (what arrived before stays: streaming twice is harmless). Real engines over
 * the in-process transport, whose cut links lose messages silently, as a dead peer does.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemTimers } from '../../../src/actors/system-timers.js';
import { InProcessTransport } from '../../../src/cluster/messaging/in-process-transport.js';
import { MessagingService } from '../../../src/cluster/messaging/messaging-service.js';
import { TokenRange } from '../../../src/cluster/ring/token-range.js';
import { StreamFailedError } from '../../../src/cluster/streaming/stream-failed-error.js';
import { StreamingService } from '../../../src/cluster/streaming/streaming-service.js';
import { SystemClock } from '../../../src/lib/clock.js';
import { SeededRandom } from '../../../src/lib/random.js';
import { StorageEngine } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../../src/storage/table-options.js';
import { mutation, row } from '../../helpers/rows.js';

const TABLE = 1;
const KEYS = 40;
const tables = [defaultTableOptions(TABLE, 'ks.t')];
const clock = new SystemClock();
const WHOLE_RING = TokenRange.create(5n, 5n);
/** Far longer than the test waits: a stream failing within it did not wait for its deadline. */
const FAILS_WITHIN_MS = 1500;

interface TestNode {
  readonly address: string;
  readonly engine: StorageEngine;
  readonly messaging: MessagingService;
  readonly streaming: StreamingService;
}

let root: string;
let transport: InProcessTransport;
const nodes: TestNode[] = [];
let source: TestNode;

async function startNode(name: string, isPeerDown?: (peer: string) => boolean): Promise<TestNode> {
  const engine = await StorageEngine.open({ dataDirectory: path.join(root, name), tables, threads: 1, vnodeCount: 4, commitLogSync: 'group', commitLogSyncPeriodMs: 5 });
  const address = `${name}:7000`;
  const messaging = new MessagingService(address, transport, systemTimers);
  // The default page deadline (30 s): only a lost peer can end a page sooner.
  const streaming = new StreamingService({ engine, messaging, clock, timers: systemTimers, ...(isPeerDown === undefined ? {} : { isPeerDown }) });
  streaming.serve();
  const node = { address, engine, messaging, streaming };
  nodes.push(node);
  return node;
}

async function keysHeld(engine: StorageEngine): Promise<number> {
  let count = 0;
  for await (const _ of engine.scan(TABLE)) count++;
  return count;
}

/** How a stream ended within FAILS_WITHIN_MS: its error, 'completed', or 'still waiting'. */
async function outcomeSoon(stream: Promise<unknown>): Promise<unknown> {
  const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting'), FAILS_WITHIN_MS));
  return Promise.race([stream.then(() => 'completed', (error: unknown) => error), waited]);
}

const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-stream-peer-loss-'));
  transport = new InProcessTransport(systemTimers, new SeededRandom(5));
  source = await startNode('source');
  await source.engine.write(Array.from({ length: KEYS }, (_, k) => mutation(TABLE, `key-${k}`, [row(new Uint8Array(0), { 0: `v${k}` }, 1000n)])));
}, 60_000);

afterAll(async () => {
  for (const node of nodes) {
    node.messaging.close();
    await node.engine.close();
  }
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a stream whose peer is lost', () => {
  it('fails a pull at once when its source is lost, and a pull begun again once the source is back completes', async () => {
    const receiver = await startNode('puller');
    transport.faults.partition([receiver.address], [source.address]);
    const stream = receiver.streaming.streamRangesFrom(source.address, [TABLE], [WHOLE_RING]);
    await later(50);
    receiver.streaming.peerLost(source.address, 'gossip holds it down');
    const failure = await outcomeSoon(stream);
    expect(failure).toBeInstanceOf(StreamFailedError);
    expect((failure as Error).message).toMatch(/^Stream failed: from source:7000, table 1, .*: gossip holds it down$/);
    expect(receiver.streaming.totals().active).toBe(0);
    transport.faults.heal();
    const summary = await receiver.streaming.streamRangesFrom(source.address, [TABLE], [WHOLE_RING]);
    expect(summary.partitions).toBe(KEYS);
    expect(await keysHeld(receiver.engine)).toBe(KEYS);
  });

  it('fails a push at once when its target is lost, and leaves the streams with other peers going', async () => {
    const lost = await startNode('lost-target');
    const kept = await startNode('kept-target');
    transport.faults.partition([source.address], [lost.address]);
    const toLost = source.streaming.pushRangesTo(lost.address, [TABLE], [WHOLE_RING], { maxPartitionsPerPage: 5 });
    const toKept = source.streaming.pushRangesTo(kept.address, [TABLE], [WHOLE_RING], { maxPartitionsPerPage: 5 });
    await later(50);
    source.streaming.peerLost(lost.address, 'it restarted');
    const failure = await outcomeSoon(toLost);
    expect(failure).toBeInstanceOf(StreamFailedError);
    expect((failure as Error).message).toMatch(/^Stream failed: to lost-target:7000, table 1, .*: it restarted$/);
    expect((await toKept).partitions).toBe(KEYS);
    expect(await keysHeld(kept.engine)).toBe(KEYS);
    transport.faults.heal();
  });

  it('does not begin with a peer the failure detector holds down: it fails without a page sent', async () => {
    const down = new Set([source.address]);
    const receiver = await startNode('doubter', (peer) => down.has(peer));
    const sent = transport.counters.delivered + transport.counters.lost;
    const failure = await outcomeSoon(receiver.streaming.streamRangesFrom(source.address, [TABLE], [WHOLE_RING]));
    expect(failure).toBeInstanceOf(StreamFailedError);
    expect((failure as Error).message).toMatch(/: the failure detector holds it down$/);
    expect(transport.counters.delivered + transport.counters.lost).toBe(sent);
    down.clear();
    expect((await receiver.streaming.streamRangesFrom(source.address, [TABLE], [WHOLE_RING])).partitions).toBe(KEYS);
  });
});
