/**
 * Shared setup of the CQL semantics suite: one embedded Database per test file (opened in
 * beforeAll, closed in afterAll, keyspace `ks` in use), and helpers that show results the way
 * a driver user reads them: rows as arrays of values, driver objects (Long, BigDecimal, Uuid...)
 * as their text, and errors as { code, message }.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Database } from '../../../../src/api/database.js';
import type { QueryOptions } from '../../../../src/api/query-options.js';

export interface SemanticsDb {
  /** The open database (valid inside tests, after beforeAll). */
  readonly db: Database;
  readonly dir: string;
  /** Closes and opens the same directory again (durability checks only: it costs ~1 s). */
  reopen(): Promise<void>;
}

export function useDatabase(): SemanticsDb {
  let db: Database | null = null;
  let dir = '';
  const open = async (): Promise<Database> => {
    const opened = await Database.open({ dataDir: dir, threads: 2, storage: { vnodeCount: 4 } });
    await opened.execute('USE ks').catch(() => undefined);
    return opened;
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-cql-semantics-'));
    db = await open();
    await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await db.execute('USE ks');
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db(): Database {
      if (db === null) throw new Error('the database opens in beforeAll');
      return db;
    },
    get dir(): string {
      return dir;
    },
    async reopen(): Promise<void> {
      await db?.close();
      db = await open();
    },
  };
}

/** A driver value as a test compares it: numbers, strings, booleans and null as they are; driver objects by their text. */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Buffer) return `0x${value.toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(plain(k)), plain(v)]));
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === Object.prototype || prototype === null) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  }
  // Tuples by their elements, the rest (Long, BigDecimal, Uuid, InetAddress...) by their text.
  const elements = (value as { elements?: unknown }).elements;
  if (Array.isArray(elements)) return elements.map(plain);
  return String(value);
}

/** The rows of a query, each the list of its values (plain), in the result's column order. */
export async function rowsOf(db: Database, query: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<unknown[][]> {
  const result = await db.execute(query, params, options);
  const names = (result.columns ?? []).map((c) => c.name);
  return result.rows.map((row) => names.map((name) => plain(row[name])));
}

export interface CqlFailure {
  readonly code: number;
  readonly message: string;
}

/** The error a statement fails with; a statement that succeeds fails the test. */
export async function failureOf(work: Promise<unknown>): Promise<CqlFailure> {
  try {
    await work;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: typeof code === 'number' ? code : -1, message: String(message) };
  }
  throw new Error('expected the statement to fail');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
