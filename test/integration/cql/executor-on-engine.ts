/**
 * A StatementExecutor on a real StorageEngine and Catalog (opened in beforeAll in a temp dir,
 * keyspace `ks`), writing and reading through a proxy that records the executor's calls and can
 * hold the reads of one partition: every call still reaches the engine, which applies it. For
 * tests of what the executor hands its storage proxy, and of the order its statements run in.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { StorageProxy } from '../../../src/cluster/coordinator/storage-proxy.js';
import { Catalog } from '../../../src/cql/catalog/catalog.js';
import type { ExecutionContext } from '../../../src/cql/executor/execution-context.js';
import { StatementExecutor } from '../../../src/cql/executor/statement-executor.js';
import { parseStatement } from '../../../src/cql/parser/parser.js';
import { SystemClock } from '../../../src/lib/clock.js';
import type { ClusteringSlice } from '../../../src/storage/model/clustering-slice.js';
import type { LivePartition } from '../../../src/storage/model/read-filter.js';
import type { RowBatchWriter } from '../../../src/storage/row-batch-writer.js';
import { StorageEngine, type ScanRange, type WriteMutation } from '../../../src/storage/storage-engine.js';

export type ProxyCall = { readonly kind: 'write'; readonly mutations: readonly WriteMutation[] } | { readonly kind: 'writeRows'; readonly tableId: number; readonly rows: number };

/** The engine's own calls, each recorded and passed on; reads of a held partition wait for its release. */
export class RecordingProxy implements StorageProxy {
  calls: ProxyCall[] = [];
  private readonly held = new Map<string, Promise<void>>();

  constructor(private readonly engine: StorageEngine) {}

  /** Reads of the partition (table id, key bytes as hex) wait until the returned function is called. */
  holdReads(tableId: number, keyHex: string): () => void {
    let release!: () => void;
    this.held.set(`${tableId}/${keyHex}`, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.held.delete(`${tableId}/${keyHex}`);
      release();
    };
  }

  write(mutations: readonly WriteMutation[]): Promise<void> {
    this.calls.push({ kind: 'write', mutations });
    return this.engine.write(mutations);
  }

  async writeRows(tableId: number, fill: (rows: RowBatchWriter) => void): Promise<number> {
    const rows = await this.engine.writeRows(tableId, fill);
    this.calls.push({ kind: 'writeRows', tableId, rows });
    return rows;
  }

  async read(tableId: number, key: Uint8Array, slice?: ClusteringSlice): Promise<LivePartition | null> {
    await this.held.get(`${tableId}/${Buffer.from(key).toString('hex')}`);
    return this.engine.read(tableId, key, slice);
  }

  scan(tableId: number, range?: ScanRange): AsyncIterable<LivePartition> {
    return this.engine.scan(tableId, range);
  }
}

/** Numbers, strings and null as they are, lists element by element, driver objects (Long...) as their text. */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Array.isArray(value) ? value.map(plain) : String(value);
}

export interface ExecutorOnEngine {
  readonly proxy: RecordingProxy;
  /** Runs one statement in keyspace ks; the rows of a SELECT, values as plain() shows them. */
  execute(cql: string): Promise<unknown[][]>;
  tableId(name: string): number;
}

export function useExecutorOnEngine(): ExecutorOnEngine {
  let dir = '';
  let engine: StorageEngine | null = null;
  let catalog: Catalog | null = null;
  let proxy: RecordingProxy | null = null;
  const executor = new StatementExecutor();
  const clock = new SystemClock();
  const opened = <T>(value: T | null): T => {
    if (value === null) throw new Error('the engine opens in beforeAll');
    return value;
  };
  const execute = async (cql: string): Promise<unknown[][]> => {
    const context: ExecutionContext = { catalog: opened(catalog), engine: opened(proxy), clock, keyspace: 'ks', params: [], fetchSize: Infinity, pageState: null };
    const result = await executor.execute(parseStatement(cql), context);
    return result.kind === 'rows' ? result.rows.map((row) => row.map(plain)) : [];
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-executor-on-engine-'));
    engine = await StorageEngine.open({ dataDirectory: dir, tables: Catalog.systemStorageTables(), threads: 2, vnodeCount: 4, preTouchMemory: false });
    catalog = await Catalog.open(engine, clock);
    proxy = new RecordingProxy(engine);
    await execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  });
  afterAll(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get proxy(): RecordingProxy {
      return opened(proxy);
    },
    execute,
    tableId: (name) => opened(catalog).schema.existingTable('ks', name).id,
  };
}
