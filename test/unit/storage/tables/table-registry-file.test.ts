/**
 * tables.json on a real disk: what is saved loads back the same; a save that fails (a full
 * disk) or a crash in the middle of one leaves the previous registry readable; a damaged file
 * is refused with its name, never read as some other set of tables. Random registries and
 * random single-byte damage are checked with fast-check.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptionError, InvalidRequestError } from '../../../../src/lib/errors.js';
import { FaultyStoragePort } from '../../../../src/lib/faulty-storage-port.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { defaultTableOptions, type CompactionOptions } from '../../../../src/storage/table-options.js';
import type { RegisteredTable } from '../../../../src/storage/tables/registered-table.js';
import { decodeRegistry, encodeRegistry, TableRegistryFile, type TableRegistryContents } from '../../../../src/storage/tables/table-registry-file.js';

let dir: string;
let port: FaultyStoragePort;

const table = (tableId: number, name: string, replayAfter: RegisteredTable['replayAfter'] = []): RegisteredTable => ({
  options: defaultTableOptions(tableId, name),
  replayAfter,
});
const contents: TableRegistryContents = {
  tables: [table(1, 'ks.users'), { ...table(9, 'ks.events', [{ thread: 0, segmentId: 1_700_000_000_123, offset: 4096 }]), options: { ...defaultTableOptions(9, 'ks.events'), compaction: { class: 'LeveledCompactionStrategy', sstable_size_in_mb: '64' }, gcGraceSeconds: 0 } }],
  droppedTableIds: [4],
};
const file = (): string => TableRegistryFile.path(dir);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-registry-'));
  port = new FaultyStoragePort(new NodeStoragePort());
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tables.json', () => {
  it('is absent in a new data directory, and loads back exactly what was saved', () => {
    expect(TableRegistryFile.load(port, dir)).toBeNull();
    TableRegistryFile.save(port, dir, contents);
    expect(TableRegistryFile.load(port, dir)).toEqual(contents);
    expect(fs.readdirSync(dir)).toEqual(['tables.json']);
  });

  it('keeps the previous registry when a save fails on a full disk', () => {
    TableRegistryFile.save(port, dir, contents);
    port.full = true;
    expect(() => TableRegistryFile.save(port, dir, { tables: [], droppedTableIds: [] })).toThrow(/ENOSPC/);
    port.full = false;
    expect(TableRegistryFile.load(port, dir)).toEqual(contents);
  });

  it('keeps the previous registry when a crash cut the temporary file short before its rename', () => {
    TableRegistryFile.save(port, dir, contents);
    const next = encodeRegistry({ tables: [table(2, 'ks.other')], droppedTableIds: [] });
    fs.writeFileSync(`${file()}.tmp`, next.subarray(0, next.length / 2));
    expect(TableRegistryFile.load(port, dir)).toEqual(contents);
    // The next save replaces the leftover.
    TableRegistryFile.save(port, dir, { tables: [table(2, 'ks.other')], droppedTableIds: [] });
    expect(TableRegistryFile.load(port, dir)?.tables.map((t) => t.options.tableId)).toEqual([2]);
  });

  it('refuses a cut-short file, a changed value and a file that is not JSON, naming the file', () => {
    const bytes = encodeRegistry(contents);
    fs.writeFileSync(file(), bytes.subarray(0, bytes.length - 20));
    expect(() => TableRegistryFile.load(port, dir)).toThrow(CorruptionError);
    expect(() => TableRegistryFile.load(port, dir)).toThrow(file());
    fs.writeFileSync(file(), new TextDecoder().decode(bytes).replace('864000', '864001'));
    expect(() => TableRegistryFile.load(port, dir)).toThrow(/checksum mismatch/);
    fs.writeFileSync(file(), Uint8Array.of(0xff, 0xfe, 0x00));
    expect(() => TableRegistryFile.load(port, dir)).toThrow(/not JSON/);
    fs.writeFileSync(file(), '[]');
    expect(() => TableRegistryFile.load(port, dir)).toThrow(/not a JSON object/);
  });

  it('refuses tables the engine cannot run and ids given twice, even under a valid checksum', () => {
    const badChance = { tables: [{ ...table(3, 't'), options: { ...defaultTableOptions(3, 't'), bloomFilterFpChance: 2 } }], droppedTableIds: [] };
    expect(() => decodeRegistry(encodeRegistry(badChance), 'x/tables.json')).toThrow(/table #0: .*bloom_filter_fp_chance/);
    const badCompaction = { tables: [{ ...table(3, 't'), options: { ...defaultTableOptions(3, 't'), compaction: { class: 'NoSuchStrategy' } } }], droppedTableIds: [] };
    expect(() => decodeRegistry(encodeRegistry(badCompaction), 'x/tables.json')).toThrow(CorruptionError);
    const twice = { tables: [table(5, 'a'), table(5, 'b')], droppedTableIds: [] };
    expect(() => decodeRegistry(encodeRegistry(twice), 'x/tables.json')).toThrow(/registered twice/);
    const twoPoints = { tables: [table(5, 'a', [{ thread: 1, segmentId: 2, offset: 3 }, { thread: 1, segmentId: 4, offset: 5 }])], droppedTableIds: [] };
    expect(() => decodeRegistry(encodeRegistry(twoPoints), 'x/tables.json')).toThrow(/two replay points for thread 1/);
  });

  it('refuses a registry written by a newer format with its own error', () => {
    const newer = JSON.stringify({ formatVersion: 2, tables: [], droppedTableIds: [], crc32: 0 });
    expect(() => decodeRegistry(new TextEncoder().encode(newer), 'x/tables.json')).toThrow(InvalidRequestError);
    expect(() => decodeRegistry(new TextEncoder().encode(newer), 'x/tables.json')).toThrow(/unsupported table registry format 2/);
  });

  it('round-trips any registry, and any one damaged byte is refused or changes nothing', () => {
    const point = fc.record({ thread: fc.nat(63), segmentId: fc.nat(), offset: fc.nat() });
    const options = fc.record({
      tableId: fc.nat(0xffff_ffff),
      name: fc.string({ maxLength: 12 }),
      gcGraceSeconds: fc.nat(),
      bloomFilterFpChance: fc.double({ min: 0.0001, max: 1, noNaN: true }),
      compaction: fc.constantFrom<CompactionOptions>(
        { class: 'SizeTieredCompactionStrategy' },
        { class: 'LeveledCompactionStrategy', sstable_size_in_mb: '10' },
        { class: 'TimeWindowCompactionStrategy', compaction_window_unit: 'HOURS', enabled: 'false' },
      ),
      memtableFlushPeriodMs: fc.nat(),
    });
    const registry = fc.record({
      tables: fc.uniqueArray(fc.record({ options, replayAfter: fc.uniqueArray(point, { selector: (p) => p.thread, maxLength: 3 }) }), {
        selector: (t) => t.options.tableId,
        maxLength: 5,
      }),
      droppedTableIds: fc.uniqueArray(fc.nat(1000), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(registry, fc.nat(), fc.integer({ min: 1, max: 255 }), (written, at, flip) => {
        const sorted = { ...written, droppedTableIds: [...written.droppedTableIds].sort((a, b) => a - b) };
        const bytes = encodeRegistry(written);
        expect(decodeRegistry(bytes, 'f')).toEqual(sorted);
        const damaged = bytes.slice();
        const index = at % damaged.length;
        damaged[index] = damaged[index]! ^ flip;
        let decoded: TableRegistryContents | null = null;
        try {
          decoded = decodeRegistry(damaged, 'f');
        } catch (error) {
          expect(error instanceof CorruptionError || error instanceof InvalidRequestError).toBe(true);
        }
        // Whitespace may turn into other whitespace; anything that reads must read the same.
        if (decoded !== null) expect(decoded).toEqual(sorted);
      }),
      { numRuns: 2000 },
    );
  });
});
