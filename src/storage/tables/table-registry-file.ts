/**
 * tables.json in the data directory: the tables the node serves, read at open before the
 * commit log is replayed (replay must know every table, and where each one's replay starts),
 * rewritten on every CREATE, ALTER, TRUNCATE and DROP TABLE.
 *
 *   {
 *     "formatVersion": 1,
 *     "tables": [ { "options": { "tableId": 7, "name": "ks.t", "gcGraceSeconds": 864000,
 *                                "bloomFilterFpChance": 0.01, "compaction": { "class": ... },
 *                                "memtableFlushPeriodMs": 0 },
 *                   "replayAfter": [ { "thread": 0, "segmentId": 1700000000000, "offset": 4096 } ] } ],
 *     "droppedTableIds": [ 3 ],
 *     "crc32": 1234567890
 *   }
 *
 * droppedTableIds are tables dropped whose folders may not all be deleted yet (a crash in the
 * middle of the drop): the next open deletes them. crc32 covers the compact JSON of
 * formatVersion, tables and droppedTableIds as written, so a damaged file is
 * refused with its name instead of silently serving other tables or options. Writes are
 * atomic (StoragePort.writeFileDurably: temporary file, fsync, rename, fsync of the folder):
 * a crash leaves the old file or the new one, never a mix.
 */

import path from 'node:path';
import { crc32 } from '../../lib/bytes/crc32.js';
import { CorruptionError, InvalidRequestError } from '../../lib/errors.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { copyTableOptions, validateTableOptions, type TableOptions } from '../table-options.js';
import type { RegisteredTable, ReplayPoint } from './registered-table.js';

/** What tables.json holds. */
export interface TableRegistryContents {
  readonly tables: readonly RegisteredTable[];
  readonly droppedTableIds: readonly number[];
}

export const TABLE_REGISTRY_FILE_NAME = 'tables.json';
const FORMAT_VERSION = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const TableRegistryFile = Object.freeze({
  path(dataDirectory: string): string {
    return path.join(dataDirectory, TABLE_REGISTRY_FILE_NAME);
  },

  /** The registry, or null when the directory has none yet. */
  load(port: StoragePort, dataDirectory: string): TableRegistryContents | null {
    const file = TableRegistryFile.path(dataDirectory);
    if (!port.exists(file)) return null;
    return decodeRegistry(port.readFile(file), file);
  },

  save(port: StoragePort, dataDirectory: string, contents: TableRegistryContents): void {
    port.writeFileDurably(TableRegistryFile.path(dataDirectory), encodeRegistry(contents));
  },
});

export function encodeRegistry(contents: TableRegistryContents): Uint8Array {
  const body = {
    formatVersion: FORMAT_VERSION,
    tables: contents.tables.map((t) => ({ options: copyTableOptions(t.options), replayAfter: t.replayAfter.map(copyPoint) })),
    droppedTableIds: [...contents.droppedTableIds].sort((a, b) => a - b),
  };
  const compact = encoder.encode(JSON.stringify(body));
  return encoder.encode(`${JSON.stringify({ ...body, crc32: crc32(compact, 0, compact.length) }, null, 2)}\n`);
}

export function decodeRegistry(bytes: Uint8Array, file: string): TableRegistryContents {
  const corrupt = (detail: string): CorruptionError => new CorruptionError(file, 0, `table registry: ${detail}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw corrupt(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(parsed)) throw corrupt('not a JSON object');
  const { formatVersion, tables, droppedTableIds, crc32: stored } = parsed;
  if (typeof formatVersion === 'number' && formatVersion !== FORMAT_VERSION) {
    throw new InvalidRequestError(`${file}: unsupported table registry format ${formatVersion} (this build reads ${FORMAT_VERSION})`);
  }
  if (formatVersion !== FORMAT_VERSION || !Array.isArray(tables) || !Array.isArray(droppedTableIds) || typeof stored !== 'number') {
    throw corrupt('formatVersion, tables, droppedTableIds or crc32 missing');
  }
  const compact = encoder.encode(JSON.stringify({ formatVersion, tables, droppedTableIds }));
  const actual = crc32(compact, 0, compact.length);
  if (actual !== stored) throw corrupt(`checksum mismatch (stored ${stored}, computed ${actual})`);
  const seen = new Set<number>();
  const registered = tables.map((entry: unknown, index) => {
    const table = decodeTable(entry, (detail) => corrupt(`table #${index}: ${detail}`));
    if (seen.has(table.options.tableId)) throw corrupt(`table id ${table.options.tableId} registered twice`);
    seen.add(table.options.tableId);
    return table;
  });
  for (const id of droppedTableIds) if (!isCount(id)) throw corrupt(`bad dropped table id ${JSON.stringify(id)}`);
  return { tables: registered, droppedTableIds: droppedTableIds as number[] };
}

function decodeTable(entry: unknown, corrupt: (detail: string) => CorruptionError): RegisteredTable {
  if (!isRecord(entry) || !isRecord(entry.options) || !Array.isArray(entry.replayAfter)) throw corrupt('options or replayAfter missing');
  const options = entry.options as unknown as TableOptions;
  try {
    validateTableOptions(options);
  } catch (error) {
    throw corrupt(error instanceof Error ? error.message : String(error));
  }
  const threads = new Set<number>();
  const replayAfter = entry.replayAfter.map((point: unknown): ReplayPoint => {
    if (!isRecord(point) || !isCount(point.thread) || !isCount(point.segmentId) || !isCount(point.offset)) {
      throw corrupt(`bad replay point ${JSON.stringify(point)}`);
    }
    if (threads.has(point.thread)) throw corrupt(`two replay points for thread ${point.thread}`);
    threads.add(point.thread);
    return { thread: point.thread, segmentId: point.segmentId, offset: point.offset };
  });
  return { options: copyTableOptions(options), replayAfter };
}

function copyPoint(point: ReplayPoint): ReplayPoint {
  return { thread: point.thread, segmentId: point.segmentId, offset: point.offset };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
