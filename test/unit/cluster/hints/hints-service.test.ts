import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemTimers } from '../../../../src/actors/system-timers.js';
import { mutationsToBytes } from '../../../../src/cluster/coordinator/replica-messages.js';
import { recordsOfKnownTables } from '../../../../src/cluster/hints/hint-verb-handler.js';
import { hintsMetricCollector } from '../../../../src/cluster/hints/hints-metric-collector.js';
import { HintsService, type HintTargets } from '../../../../src/cluster/hints/hints-service.js';
import { RateLimiter } from '../../../../src/cluster/hints/rate-limiter.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { mutation, row } from '../../../helpers/rows.js';
import { hintBatch, keysOf, TARGET, tempDir } from './hints-fixtures.js';

const ADDRESS = '127.0.0.3:7000';
const replica: Endpoint = { hostId: TARGET, address: ADDRESS, datacenter: 'datacenter1', rack: 'rack1', status: 'normal' };
const port = new NodeStoragePort();

class Targets implements HintTargets {
  ready = true;
  downtime = 0;
  /** Whether the target is still in the ring (it has not left nor been replaced). */
  inRing = true;
  addressOf(hostId: string): string | null {
    return hostId === TARGET && this.inRing ? ADDRESS : null;
  }
  isInRing(hostId: string): boolean {
    return this.addressOf(hostId) !== null;
  }
  isReady(): boolean {
    return this.ready;
  }
  downtimeMs(): number {
    return this.downtime;
  }
  ringSize(): number {
    return 3;
  }
}

/** The target's side: the keys it applied, in order; `refuseFrom` makes it refuse from that delivery on. */
class Replica {
  applied: string[] = [];
  refuseFrom = Number.POSITIVE_INFINITY;
  deliveries = 0;
  send = async (address: string, batch: Uint8Array): Promise<unknown> => {
    expect(address).toBe(ADDRESS);
    if (this.deliveries++ >= this.refuseFrom) throw new Error('overloaded');
    this.applied.push(...keysOf(batch));
    return true;
  };
}

let dir: string;
let clock: ManualClock;
let targets: Targets;
let replicaSide: Replica;
const open: HintsService[] = [];

function service(options: { gcGraceSeconds?: number; maxHintWindowMs?: number; enabled?: boolean } = {}): HintsService {
  const hints = new HintsService({
    directory: path.join(dir, 'hints'),
    port,
    clock,
    timers: systemTimers,
    options: { throttleKiBPerSecond: 0, ...(options.maxHintWindowMs === undefined ? {} : { maxHintWindowMs: options.maxHintWindowMs }), ...(options.enabled === undefined ? {} : { enabled: options.enabled }) },
    targets,
    send: (address, batch) => replicaSide.send(address, batch),
    ...(options.gcGraceSeconds === undefined ? {} : { gcGraceSecondsOf: () => options.gcGraceSeconds }),
  });
  hints.open();
  open.push(hints);
  return hints;
}

function hintKeys(hints: HintsService, keys: readonly string[]): void {
  for (const key of keys) expect(hints.submitHint(replica, hintBatch(key))).toBe(true);
}

function filesLeft(): string[] {
  return fs.readdirSync(path.join(dir, 'hints'));
}

beforeEach(() => {
  dir = tempDir();
  clock = new ManualClock(1_700_000_000_000);
  targets = new Targets();
  replicaSide = new Replica();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('HintsService', () => {
  it('stores hints per target and delivers each once, in order, deleting the file after', async () => {
    const hints = service();
    hintKeys(hints, ['a', 'b', 'c']);
    expect(hints.metrics()).toMatchObject({ created: 3, delivered: 0, pending: [{ hostId: TARGET, count: 3 }] });
    expect(hints.metrics().pending[0]!.bytes).toBeGreaterThan(3 * 40);
    expect(filesLeft().filter((f) => f.endsWith('.hints'))).toEqual([`${TARGET}-${clock.nowMs()}-1.hints`]);
    expect(await hints.dispatchTo(TARGET)).toBe('done');
    expect(replicaSide.applied).toEqual(['a', 'b', 'c']);
    expect(hints.metrics()).toMatchObject({ created: 3, delivered: 3, failed: 0, pending: [] });
    expect(filesLeft()).toEqual([]);
    expect(await hints.dispatchTo(TARGET)).toBe('nothing-pending');
    expect(replicaSide.applied).toEqual(['a', 'b', 'c']);
  });

  it('stops at a refused hint and resumes from it after a restart, delivering nothing twice', async () => {
    const first = service();
    hintKeys(first, ['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
    replicaSide.refuseFrom = 3;
    expect(await first.dispatchTo(TARGET)).toBe('failed');
    expect(first.metrics()).toMatchObject({ delivered: 3, failed: 1, pending: [{ hostId: TARGET, count: 3 }] });
    await first.close();

    replicaSide.refuseFrom = Number.POSITIVE_INFINITY;
    const second = service();
    expect(second.metrics().pending).toMatchObject([{ hostId: TARGET, count: 3 }]);
    expect(await second.dispatchTo(TARGET)).toBe('done');
    expect(replicaSide.applied).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
    expect(filesLeft()).toEqual([]);
  });

  it('records the hint in flight when it closes, so a restart does not send it again', async () => {
    const first = service();
    hintKeys(first, ['a', 'b', 'c']);
    let release!: () => void;
    replicaSide.send = (_address, batch) =>
      new Promise((resolve) => {
        release = () => {
          replicaSide.applied.push(...keysOf(batch));
          resolve(true);
        };
      });
    const dispatch = first.dispatchTo(TARGET);
    await new Promise((resolve) => setImmediate(resolve));
    const closing = first.close();
    release(); // the target acknowledges 'a' while the coordinator is shutting down
    await closing;
    expect(await dispatch).toBe('aborted');

    replicaSide.send = async (_address, batch) => {
      replicaSide.applied.push(...keysOf(batch));
      return true;
    };
    const second = service();
    expect(await second.dispatchTo(TARGET)).toBe('done');
    expect(replicaSide.applied).toEqual(['a', 'b', 'c']);
  });

  it('reads up to a torn tail after a crash and drops only the torn hint', async () => {
    const first = service();
    hintKeys(first, ['a', 'b', 'c']);
    await first.close();
    const [file] = filesLeft().filter((f) => f.endsWith('.hints'));
    const full = path.join(dir, 'hints', file!);
    fs.truncateSync(full, fs.statSync(full).size - 5);
    const second = service();
    expect(second.metrics().pending).toMatchObject([{ hostId: TARGET, count: 2 }]);
    expect(await second.dispatchTo(TARGET)).toBe('done');
    expect(replicaSide.applied).toEqual(['a', 'b']);
    expect(filesLeft()).toEqual([]);
  });

  it('stores no hint for a target down longer than max_hint_window, and counts it', () => {
    const hints = service({ maxHintWindowMs: 1_000 });
    targets.downtime = 1_000;
    expect(hints.submitHint(replica, hintBatch('in-window'))).toBe(true);
    targets.downtime = 1_001;
    expect(hints.submitHint(replica, hintBatch('past-window'))).toBe(false);
    expect(hints.metrics()).toMatchObject({ created: 1, droppedPastWindow: 1, pending: [{ count: 1 }] });
    hints.setMaxHintWindowMs(10_000);
    expect(hints.submitHint(replica, hintBatch('wider'))).toBe(true);
  });

  it('stores nothing when hinted handoff is disabled', () => {
    const hints = service({ enabled: false });
    expect(hints.submitHint(replica, hintBatch('x'))).toBe(false);
    hints.setEnabled(true);
    expect(hints.submitHint(replica, hintBatch('y'))).toBe(true);
    expect(hints.metrics()).toMatchObject({ created: 1, pending: [{ count: 1 }] });
  });

  it('drops hints that outlived their gc grace instead of delivering them', async () => {
    const hints = service({ gcGraceSeconds: 1 });
    hintKeys(hints, ['old']);
    clock.advanceMs(1_000);
    hintKeys(hints, ['new']);
    expect(await hints.dispatchTo(TARGET)).toBe('done');
    expect(replicaSide.applied).toEqual(['new']);
    expect(hints.metrics()).toMatchObject({ delivered: 1, droppedExpired: 1, pending: [] });
  });

  it('waits for a target that is not ready, and drops the store of a target that left', async () => {
    const hints = service();
    hintKeys(hints, ['a', 'b']);
    targets.ready = false;
    expect(await hints.dispatchTo(TARGET)).toBe('target-not-ready');
    expect(replicaSide.deliveries).toBe(0);
    expect(hints.excise(TARGET)).toBe(2);
    expect(hints.metrics()).toMatchObject({ droppedRemovedTarget: 2, pending: [] });
    expect(filesLeft()).toEqual([]);
  });

  it('discards a hint for a replica no longer in the ring: a write that timed out after its replica left or was replaced (seeds 8, 196)', () => {
    const hints = service();
    hintKeys(hints, ['before']);
    // Gossip says it left: its store is excised; a write sent before then times out now.
    targets.inRing = false;
    expect(hints.excise(TARGET)).toBe(1);
    expect(hints.submitHint(replica, hintBatch('after'))).toBe(false);
    expect(hints.metrics()).toMatchObject({ created: 1, droppedRemovedTarget: 2, pending: [] });
    expect(filesLeft()).toEqual([]);
  });

  it('puts hints that arrive during a dispatch in a new file, delivered by the next one', async () => {
    const hints = service();
    hintKeys(hints, ['a', 'b']);
    const send = replicaSide.send;
    replicaSide.send = async (address, batch) => {
      if (replicaSide.applied.length === 0) hintKeys(hints, ['late']);
      return send(address, batch);
    };
    expect(await hints.dispatchTo(TARGET)).toBe('done');
    expect(replicaSide.applied).toEqual(['a', 'b']);
    expect(hints.metrics().pending).toMatchObject([{ count: 1 }]);
    expect(await hints.dispatchTo(TARGET)).toBe('done');
    expect(replicaSide.applied).toEqual(['a', 'b', 'late']);
  });

  it('rolls to a new file past max_hints_file_size and delivers the files oldest first', async () => {
    const hints = new HintsService({
      directory: path.join(dir, 'hints'),
      port,
      clock,
      timers: systemTimers,
      options: { throttleKiBPerSecond: 0, maxHintsFileBytes: 4096 },
      targets,
      send: (address, batch) => replicaSide.send(address, batch),
    });
    hints.open();
    open.push(hints);
    const keys = Array.from({ length: 60 }, (_, i) => `key-${i}-${'x'.repeat(40)}`);
    hintKeys(hints, keys);
    expect(filesLeft().filter((f) => f.endsWith('.hints')).length).toBeGreaterThan(1);
    expect(await hints.dispatchTo(TARGET)).toBe('done');
    expect(replicaSide.applied).toEqual(keys);
    expect(filesLeft()).toEqual([]);
  });
});

describe('the hints metric collector', () => {
  it('reports pending, created, delivered and dropped hints as the scrape families', async () => {
    const hints = service({ maxHintWindowMs: 1_000 });
    hintKeys(hints, ['a', 'b', 'c']);
    targets.downtime = 5_000;
    hints.submitHint(replica, hintBatch('past-window'));
    replicaSide.refuseFrom = 1;
    await hints.dispatchTo(TARGET);
    const values = Object.fromEntries(
      (await hintsMetricCollector(hints)()).map((family) => [family.name, family.type === 'histogram' ? NaN : family.samples[0]!.value]),
    );
    expect(values).toEqual({
      sibyl_hints_pending: 2,
      sibyl_hints_created_total: 3,
      sibyl_hints_delivered_total: 1,
      sibyl_hints_failed_total: 1,
      sibyl_hints_dropped_total: 1,
    });
  });
});

describe('RateLimiter', () => {
  it('lets each send wait for the bytes before it, and saves up no burst when idle', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(clock, 1024);
    expect(limiter.reserve(1024)).toBe(0);
    expect(limiter.reserve(512)).toBe(1000);
    expect(limiter.reserve(512)).toBe(1500);
    clock.advanceMs(10_000);
    expect(limiter.reserve(2048)).toBe(0);
    expect(limiter.reserve(1)).toBe(2000);
    limiter.setRate(0);
    expect(limiter.reserve(1_000_000)).toBe(0);
  });
});

describe('the replica side of a hint', () => {
  it('keeps the records of tables it knows, and none when it knows none', () => {
    const batch = mutationsToBytes([
      mutation(7, 'a', [row(new Uint8Array(0), { 1: 'x' }, 1n)]),
      mutation(8, 'b', [row(new Uint8Array(0), { 1: 'y' }, 1n)]),
      mutation(7, 'c', [row(new Uint8Array(0), { 1: 'z' }, 1n)]),
    ]);
    expect(recordsOfKnownTables(batch, () => true)).toBe(batch);
    expect(keysOf(recordsOfKnownTables(batch, (id) => id === 7)!)).toEqual(['a', 'c']);
    expect(keysOf(recordsOfKnownTables(batch, (id) => id === 8)!)).toEqual(['b']);
    expect(recordsOfKnownTables(batch, () => false)).toBeNull();
  });
});
