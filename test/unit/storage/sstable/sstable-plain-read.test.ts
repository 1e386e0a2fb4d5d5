/**
 * Goal: a point read may hand on a partition's stored bytes only when they read back exactly as
 * stored; anything with a tombstone, a TTL, a static row or an empty row takes the decoding path.
 * Method: write one SSTable with a partition of each kind and ask readPlainInto for each.
 */

import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteReader } from '../../../../src/lib/bytes/byte-reader.js';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import { readPartition } from '../../../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { NO_DELETION_TIME } from '../../../../src/storage/model/timestamp.js';
import { PlainRead } from '../../../../src/storage/sstable/sstable-reader.js';
import { ck, keyOf, makeTempDirectory, normalize, simplePartition, simpleRow, writeSSTable } from './sstable-test-kit.js';

const directory = makeTempDirectory('plain-read');
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const row = (cells: Row['cells'], liveness: Row['liveness'] = null): Row => ({ clustering: ck(0), liveness, deletion: null, cells });
const value = new Uint8Array([1, 2, 3]);

describe('SSTableReader.readPlainInto', () => {
  const plain = simplePartition(1, [simpleRow(ck(0), 10n), simpleRow(ck(1), 11n)]);
  const kinds: Record<string, PartitionUpdate> = {
    'partition deletion': { ...simplePartition(2), deletion: { markedForDeleteAt: 5n, localDeletionTime: 100 } },
    'cell tombstone': simplePartition(3, [row([{ column: 0, path: null, value: null, timestamp: 9n, ttl: 0, localDeletionTime: 100 }])]),
    'expiring cell': simplePartition(4, [row([expiringCell(0, value, 9n, 60, 1_000)])]),
    'expiring liveness': simplePartition(5, [row([liveCell(0, value, 9n)], { timestamp: 9n, ttl: 60, localExpirationTime: 1_060 })]),
    'row deletion': simplePartition(6, [{ ...row([liveCell(0, value, 9n)]), deletion: { markedForDeleteAt: 8n, localDeletionTime: 100 } }]),
    'static row': { ...simplePartition(7), staticRow: { ...row([liveCell(0, value, 9n)]), clustering: new Uint8Array(0) } },
    'empty row': simplePartition(8, [row([])]),
  };
  const reader = writeSSTable({ directory, generation: 1 }, [plain, ...Object.values(kinds)].sort((a, b) => (a.token < b.token ? -1 : 1)));

  it('appends a plain partition as bytes that decode to what was written, after what the writer held', () => {
    const out = new ByteWriter(16);
    out.u8(0xab);
    expect(reader.readPlainInto(plain.token, plain.key, out)).toBe(PlainRead.appended);
    const appended = out.toBytes();
    expect(appended[0]).toBe(0xab);
    const decoded = readPartition(new ByteReader(appended, 1), false);
    expect(normalize(decoded)).toEqual(normalize(plain));
    expect(NO_DELETION_TIME).toBe(0x7fffffff);
    // The record buffer is reused: a second read must not disturb bytes already appended.
    expect(reader.readPlainInto(plain.token, plain.key, out)).toBe(PlainRead.appended);
    expect(out.toBytes().subarray(0, appended.length)).toEqual(appended);
  });

  it.each(Object.keys(kinds))('sends a partition with a %s down the decoding path, appending nothing', (kind) => {
    const partition = kinds[kind]!;
    const out = new ByteWriter(16);
    expect(reader.readPlainInto(partition.token, partition.key, out)).toBe(PlainRead.needsMerge);
    expect(out.position).toBe(0);
  });

  it('answers absent for a key the SSTable does not hold', () => {
    const out = new ByteWriter(16);
    expect(reader.readPlainInto(1_000n, keyOf(2), out)).toBe(PlainRead.absent); // key 1's token, another key
    expect(reader.readPlainInto(999_999n, keyOf(999), out)).toBe(PlainRead.absent);
    expect(out.position).toBe(0);
  });
});
