/**
 * A full repair run from one node (Cassandra's RepairCoordinator/RepairRunnable, RepairSession
 * and RepairJob, in that order):
 *
 *   1. resolve the keyspaces and tables, and plan sessions: this node's ranges (all it
 *      replicates, or its primary ranges with -pr) grouped by replica set (repair-plan.ts);
 *   2. refuse at once if any replica of any session is down, as Cassandra does;
 *   3. per session, per table (a job): every replica builds its Merkle trees of the session's
 *      ranges at the same time (Verb.validation; this node's own locally); every pair of
 *      replicas compares its trees; each pair that differs streams only the differing
 *      sub-ranges both ways (sync tasks, all at once: this node's own through its streaming
 *      service, other pairs through Verb.repairSync to one of the two);
 *   4. sum up what was checked and streamed.
 *
 * While a job waits on other replicas it watches the failure detector: a participant
 * convicted meanwhile fails the repair at once ("Endpoint ... died"), as Cassandra's session
 * does, rather than waiting out the deadline.
 */

import type { Timers } from '../../actors/timers.js';
import type { Schema } from '../../cql/catalog/schema.js';
import type { TableMetadata } from '../../cql/schema/table-metadata.js';
import type { Clock } from '../../lib/clock.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { ClusterView } from '../coordinator/cluster-view.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import { Verb } from '../messaging/verb.js';
import type { Endpoint } from '../ring/endpoint.js';
import { TokenRange } from '../ring/token-range.js';
import { replicationStrategyOf } from '../replication/replication-strategy.js';
import { toWireRange } from '../streaming/stream-messages.js';
import type { StreamingService } from '../streaming/streaming-service.js';
import type { MerkleTree } from './merkle-tree.js';
import { RepairFailedError } from './repair-failed-error.js';
import { fromWireTree, type SyncRequest, type SyncResponse, type ValidationRequest, type ValidationResponse } from './repair-messages.js';
import { REPAIR_DEFAULTS, type RepairOptions } from './repair-options.js';
import { planRepairSessions, type KeyspaceToRepair, type RepairSessionPlan } from './repair-plan.js';
import type { RepairSummary, RepairTableSummary } from './repair-summary.js';
import { planSyncTasks, type SyncTask } from './sync-plan.js';
import { syncRanges } from './sync-ranges.js';
import { validateRanges } from './validation.js';

export interface RepairDeps {
  readonly view: ClusterView;
  readonly schema: () => Schema;
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly streaming: StreamingService;
  readonly clock: Clock;
  readonly timers: Timers;
}

/** How often a job waiting on replicas looks at the failure detector. */
const LIVENESS_CHECK_INTERVAL_MS = 100;

export class RepairCoordinator {
  private repairs = 0;

  constructor(private readonly deps: RepairDeps) {}

  async run(options: RepairOptions = {}): Promise<RepairSummary> {
    const { view, clock, messaging } = this.deps;
    const startedAtMs = clock.nowMs();
    const repairId = `${messaging.address}#${startedAtMs}.${++this.repairs}`;
    const keyspaces = keyspacesToRepair(this.deps.schema(), options);
    const primaryRangeOnly = options.primaryRangeOnly ?? false;
    const sessions = planRepairSessions(view.ring(), view.self, keyspaces, primaryRangeOnly);

    for (const session of sessions) {
      const dead = session.replicas.find((replica) => !view.isAlive(replica));
      if (dead !== undefined) throw new RepairFailedError(`Cannot proceed on repair because a neighbor (${dead.address}) is dead: session failed`);
    }

    const tables: RepairTableSummary[] = [];
    const participants = new Set<string>([messaging.address]);
    for (const session of sessions) {
      for (const replica of session.replicas) participants.add(replica.address);
      for (const table of session.tables) tables.push(await this.runJob(repairId, session, table, options));
    }
    return {
      repairId,
      coordinator: messaging.address,
      keyspaces: keyspaces.map((k) => k.keyspace),
      primaryRangeOnly,
      participants: [...participants].sort(),
      rangesChecked: sum(tables, (t) => t.rangesChecked),
      rangesDiffered: sum(tables, (t) => t.rangesDiffered),
      partitionsStreamed: sum(tables, (t) => t.partitionsStreamed),
      bytesStreamed: sum(tables, (t) => t.bytesStreamed),
      tables: mergeByTable(tables),
      durationMs: clock.nowMs() - startedAtMs,
    };
  }

  /** One table of one session: validate on every replica, compare, sync what differs. */
  private async runJob(repairId: string, session: RepairSessionPlan, table: TableMetadata, options: RepairOptions): Promise<RepairTableSummary> {
    const maxDepth = options.maxTreeDepth ?? REPAIR_DEFAULTS.maxTreeDepth;
    const trees = await this.whileAlive(
      session.replicas,
      Promise.all(session.replicas.map((replica) => this.validate(repairId, replica, table, session.ranges, maxDepth, options))),
    );
    const plan = planSyncTasks(session.replicas, trees);
    const synced = await this.whileAlive(session.replicas, Promise.all(plan.tasks.map((task) => this.sync(repairId, task, table, options))));
    return {
      keyspace: table.keyspace,
      table: table.name,
      rangesChecked: session.ranges.length,
      rangesDiffered: plan.rangesDiffered,
      subrangesSynced: sum(plan.tasks, (task) => task.ranges.length),
      partitionsStreamed: sum(synced, (s) => s.received.partitions + s.sent.partitions),
      bytesStreamed: sum(synced, (s) => s.received.bytes + s.sent.bytes),
    };
  }

  private async validate(repairId: string, replica: Endpoint, table: TableMetadata, ranges: readonly TokenRange[], maxDepth: number, options: RepairOptions): Promise<MerkleTree[]> {
    const { view, engine, messaging } = this.deps;
    if (replica.hostId === view.self.hostId) return validateRanges(engine, table.id, ranges, maxDepth);
    const request: ValidationRequest = { repairId, tableId: table.id, ranges: ranges.map(toWireRange), maxDepth };
    let response: ValidationResponse;
    try {
      response = await messaging.request<ValidationResponse>(replica.address, Verb.validation, request, options.validationTimeoutMs ?? REPAIR_DEFAULTS.validationTimeoutMs);
    } catch (error) {
      throw new RepairFailedError(`Validation failed in ${replica.address} (${table.keyspace}.${table.name}): ${(error as Error).message}`);
    }
    const trees = response.trees.map(fromWireTree);
    const answered = trees.length === ranges.length && trees.every((tree, i) => TokenRange.equals(tree.range, ranges[i]!));
    if (!answered) throw new RepairFailedError(`Validation from ${replica.address} (${table.keyspace}.${table.name}) answered other ranges than asked`);
    return trees;
  }

  private async sync(repairId: string, task: SyncTask, table: TableMetadata, options: RepairOptions): Promise<SyncResponse> {
    const { view, messaging, streaming } = this.deps;
    const self = view.self.hostId;
    const what = `${task.a.address} <-> ${task.b.address} (${table.keyspace}.${table.name}, ${task.ranges.length} ranges)`;
    try {
      if (task.a.hostId === self) return await syncRanges(streaming, task.b.address, table.id, task.ranges);
      if (task.b.hostId === self) return await syncRanges(streaming, task.a.address, table.id, task.ranges);
      const request: SyncRequest = { repairId, tableId: table.id, peer: task.b.address, ranges: task.ranges.map(toWireRange) };
      return await messaging.request<SyncResponse>(task.a.address, Verb.repairSync, request, options.syncTimeoutMs ?? REPAIR_DEFAULTS.syncTimeoutMs);
    } catch (error) {
      throw new RepairFailedError(`Sync failed between ${what}: ${(error as Error).message}`);
    }
  }

  /** `work`, unless a participant is convicted first: then RepairFailedError at once. */
  private whileAlive<T>(participants: readonly Endpoint[], work: Promise<T>): Promise<T> {
    const { view, timers } = this.deps;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const check = (): void => {
        if (done) return;
        const dead = participants.find((p) => !view.isAlive(p));
        if (dead !== undefined) {
          done = true;
          reject(new RepairFailedError(`Endpoint ${dead.address} died: repair session failed`));
          return;
        }
        timers.setTimeout(check, LIVENESS_CHECK_INTERVAL_MS);
      };
      timers.setTimeout(check, LIVENESS_CHECK_INTERVAL_MS);
      work.then(
        (value) => {
          done = true;
          resolve(value);
        },
        (error: unknown) => {
          done = true;
          reject(error as Error);
        },
      );
    });
  }
}

/**
 * The keyspaces and tables a repair covers: the one named (its tables, or those named), or
 * every keyspace replicated over the ring. A node-local keyspace has nothing to repair.
 */
export function keyspacesToRepair(schema: Schema, options: RepairOptions): KeyspaceToRepair[] {
  const names = options.keyspace === undefined ? [...schema.keyspaces.keys()].sort() : [options.keyspace];
  const keyspaces: KeyspaceToRepair[] = [];
  for (const name of names) {
    const keyspace = schema.existingKeyspace(name);
    const replication = keyspace.metadata.replication;
    if (replication.class === 'LocalStrategy') continue;
    const wanted = options.keyspace !== undefined && options.tables !== undefined && options.tables.length > 0 ? options.tables : null;
    const tables =
      wanted === null
        ? [...keyspace.tables.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
        : wanted.map((table) => {
            const found = keyspace.tables.get(table);
            if (found === undefined) throw new InvalidRequestError(`Unknown keyspace/cf pair (${name}.${table})`);
            return found;
          });
    keyspaces.push({ keyspace: name, strategy: replicationStrategyOf(replication), tables });
  }
  return keyspaces;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

/** One line per table: its sessions (replica sets) added up. */
function mergeByTable(jobs: readonly RepairTableSummary[]): RepairTableSummary[] {
  const byTable = new Map<string, RepairTableSummary>();
  for (const job of jobs) {
    const key = `${job.keyspace}.${job.table}`;
    const seen = byTable.get(key);
    byTable.set(
      key,
      seen === undefined
        ? job
        : {
            ...seen,
            rangesChecked: seen.rangesChecked + job.rangesChecked,
            rangesDiffered: seen.rangesDiffered + job.rangesDiffered,
            subrangesSynced: seen.subrangesSynced + job.subrangesSynced,
            partitionsStreamed: seen.partitionsStreamed + job.partitionsStreamed,
            bytesStreamed: seen.bytesStreamed + job.bytesStreamed,
          },
    );
  }
  return [...byTable.values()];
}
