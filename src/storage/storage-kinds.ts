/**
 * The kinds module of the storage engine (ADR 0002): every actor-host thread imports it, builds
 * its StorageThreadServices once (the thread's commit log, slab pool, line to the node's flusher
 * and compaction pool) and creates VNodeActors and the thread's StorageThreadActor on request.
 */

import path from 'node:path';
import type { ActorContext, ActorHostInfo, ActorKinds } from '../actors/actor.js';
import { SystemClock } from '../lib/clock.js';
import { NodeStoragePort } from '../lib/node-storage-port.js';
import { CommitLog } from './commitlog/commit-log.js';
import { SystemScheduler } from './commitlog/system-scheduler.js';
import { SlabPool, slabPoolSizing } from './memtable/slab-pool.js';
import { assert } from '../lib/assert.js';
import { FlushClient } from './flush/flush-client.js';
import { PiscinaMaintenanceRunner } from './piscina-maintenance-runner.js';
import type { StorageConfig } from './storage-config.js';
import type { StorageThreadServices } from './vnode/storage-thread-services.js';
import { StorageThreadActor } from './vnode/storage-thread-actor.js';
import { VNodeActor } from './vnode/vnode-actor.js';
import type { VNodeInit } from './vnode/vnode-state.js';

export const kinds: ActorKinds = {
  vnode: {
    create: (init: unknown, context: ActorContext) =>
      new VNodeActor(init as VNodeInit, context.services as StorageThreadServices, context),
    // A vnode holds acknowledged writes in its memtables: a failed request is reported and the
    // actor keeps its state rather than being recreated empty.
    supervision: { directive: 'resume' },
  },
  'storage-thread': {
    create: (_init: unknown, context: ActorContext) => new StorageThreadActor(context.services as StorageThreadServices),
    // Stateless: it routes to the vnodes of its thread, so resuming it loses nothing.
    supervision: { directive: 'resume' },
  },
};

/**
 * A thread's storage services. The commit log, the slab pool (faulted in when preTouchMemory),
 * the line to the node's flusher and the compaction pool are made on first use: the main thread
 * gets services too, as every actor host does, but hosts no vnode, so it must not open a commit
 * log, hold memtable memory or start pool threads.
 */
export function createServices(host: ActorHostInfo): StorageThreadServices {
  const config = host.options as StorageConfig;
  const port = new NodeStoragePort();
  const clock = new SystemClock();
  const scheduler = new SystemScheduler();
  let commitLog: CommitLog | undefined;
  let slabPool: SlabPool | undefined;
  let maintenance: PiscinaMaintenanceRunner | undefined;
  return {
    threadIndex: host.threadIndex,
    config,
    port,
    clock,
    scheduler,
    get commitLog(): CommitLog {
      commitLog ??= CommitLog.open(port, clock, scheduler, {
        directory: path.join(config.dataDirectory, 'commitlog', `t${host.threadIndex}`),
        syncMode: config.commitLogSync,
        syncPeriodMs: config.commitLogSyncPeriodMs,
        segmentBytes: config.commitLogSegmentBytes,
      });
      return commitLog;
    },
    get slabPool(): SlabPool {
      if (slabPool === undefined) {
        const { slabBytes, slabsMax } = slabPoolSizing(config.memtableBytesPerThread);
        slabPool = new SlabPool(slabBytes, slabsMax);
        if (config.preTouchMemory) slabPool.preTouch();
      }
      return slabPool;
    },
    get maintenance(): PiscinaMaintenanceRunner {
      if (maintenance === undefined) {
        assert(host.servicePort !== undefined, `storage thread ${host.threadIndex} has no line to the node flusher`);
        maintenance = new PiscinaMaintenanceRunner(new FlushClient(host.servicePort));
      }
      return maintenance;
    },
    vnodes: new Map(),
  };
}
