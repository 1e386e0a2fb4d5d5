/**
 * The hints handover of a decommissioning node (HintsService.transferHints) between two real
 * services on real files: the leaving node's hints reach the receiver's store for their own
 * target (Verb.hint's handler, with `handover`), keep their creation time, pass over a
 * destination that refuses, and are delivered by the receiver when the target is ready.
 */

import path from 'node:path';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemTimers } from '../../../../src/actors/system-timers.js';
import { hintVerbHandler, type HintMessage } from '../../../../src/cluster/hints/hint-verb-handler.js';
import { HintsService, type HintTargets } from '../../../../src/cluster/hints/hints-service.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { hintBatch, keysOf, TARGET, tempDir } from './hints-fixtures.js';

const TARGET_ADDRESS = '127.0.0.3:7000';
const RECEIVER = '7e1c2a3e-2222-4c4c-9a9a-0123456789ab';
const port = new NodeStoragePort();
const target: Endpoint = { hostId: TARGET, address: TARGET_ADDRESS, datacenter: 'datacenter1', rack: 'rack1', status: 'normal' };

let dir: string;
let clock: ManualClock;
let targetReady: boolean;
const delivered: string[] = [];
const open: HintsService[] = [];

const targets: HintTargets = {
  addressOf: (hostId) => (hostId === TARGET ? TARGET_ADDRESS : null),
  isInRing: (hostId) => hostId === TARGET,
  isReady: () => targetReady,
  downtimeMs: () => 0,
  ringSize: () => 3,
};

function service(name: string, handOver?: (address: string, message: HintMessage) => Promise<unknown>): HintsService {
  const hints = new HintsService({
    directory: path.join(dir, name),
    port,
    clock,
    timers: systemTimers,
    options: { throttleKiBPerSecond: 0 },
    targets,
    send: async (address, batch) => {
      expect(address).toBe(TARGET_ADDRESS);
      delivered.push(...keysOf(batch));
      return true;
    },
    ...(handOver === undefined ? {} : { handOver }),
  });
  hints.open();
  open.push(hints);
  return hints;
}

beforeEach(() => {
  dir = tempDir();
  clock = new ManualClock(1_700_000_000_000);
  targetReady = false;
  delivered.length = 0;
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('HintsService.transferHints', () => {
  it('hands every hint to the first destination that takes them, which delivers them to their target', async () => {
    const receiver = service('receiver');
    const handler = hintVerbHandler({ writeEncodedBatch: () => Promise.reject(new Error('not the target')) }, () => true, receiver.counters, {
      selfHostId: () => RECEIVER,
      storeHandedOver: (hostId, hint) => receiver.storeHandedOver(hostId, hint),
    });
    const asked: string[] = [];
    const leaving = service('leaving', async (address, message) => {
      asked.push(address);
      if (address === 'refusing:7000') throw new Error('overloaded');
      expect(message.handover).toMatchObject({ target: TARGET, creationMs: 1_700_000_000_000 });
      return handler(message, 'leaving:7000');
    });
    for (const key of ['a', 'b', 'c']) expect(leaving.submitHint(target, hintBatch(key))).toBe(true);
    clock.advanceMs(5000);

    const summary = await leaving.transferHints([
      { hostId: 'x', address: 'refusing:7000' },
      { hostId: RECEIVER, address: 'receiver:7000' },
    ]);
    expect(summary).toEqual({ hints: 3, stores: 1, destinations: ['receiver:7000'] });
    expect(asked).toEqual(['refusing:7000', 'receiver:7000', 'receiver:7000', 'receiver:7000']);
    expect(leaving.metrics()).toMatchObject({ transferredOut: 3, delivered: 0, pending: [] });
    expect(receiver.metrics()).toMatchObject({ transferredIn: 3, pending: [{ hostId: TARGET, count: 3 }] });
    // The leaving node delivers nothing itself any more.
    expect(await leaving.dispatchTo(TARGET)).toBe('handing-over');

    targetReady = true;
    expect(await receiver.dispatchTo(TARGET)).toBe('done');
    expect(delivered).toEqual(['a', 'b', 'c']);
  });

  it('fails, keeping the hints, when no live node can take them; succeeds with nothing to hand over', async () => {
    const leaving = service('leaving', () => Promise.reject(new Error('down')));
    await expect(service('idle', () => Promise.resolve(true)).transferHints([])).resolves.toEqual({ hints: 0, stores: 0, destinations: [] });
    leaving.submitHint(target, hintBatch('a'));
    await expect(leaving.transferHints([])).rejects.toThrow('Unable to stream hints since no live endpoints seen');
    await expect(leaving.transferHints([{ hostId: RECEIVER, address: 'receiver:7000' }])).rejects.toThrow(`Unable to stream the hints for ${TARGET}`);
    expect(leaving.metrics().pending).toMatchObject([{ hostId: TARGET, count: 1 }]);
  });
});
