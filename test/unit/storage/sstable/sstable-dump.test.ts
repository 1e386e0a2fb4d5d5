import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { cellTombstone, expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import { dumpSSTable } from '../../../../src/storage/sstable/sstable-dump.js';
import { bytes, makeTempDirectory, port, text, writeSSTable } from './sstable-test-kit.js';

const directory = makeTempDirectory('dump');
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('dumpSSTable', () => {
  it('prints partitions, rows and cells as JSON with hex bytes and string timestamps', () => {
    writeSSTable({ directory, generation: 1 }, [
      {
        tableId: 9,
        token: -7n,
        key: bytes(0xab, 0x01),
        deletion: { markedForDeleteAt: 3n, localDeletionTime: 100 },
        rangeTombstones: [],
        staticRow: null,
        rows: [
          {
            clustering: bytes(0x10),
            liveness: { timestamp: 5n, ttl: 0, localExpirationTime: 0x7fffffff },
            deletion: null,
            cells: [liveCell(1, text('hi'), 5n), expiringCell(2, bytes(0xff), 6n, 60, 1_000), cellTombstone(3, 7n, 1_001, bytes(0x01))],
          },
        ],
      },
    ]).close();
    const dump = dumpSSTable(port, { directory, generation: 1 });
    // Survives JSON: no bigints or typed arrays left in it.
    expect(JSON.parse(JSON.stringify(dump))).toEqual(dump);
    expect(dump).toMatchObject({
      generation: 1,
      stats: { partitionCount: 1, minToken: '-7', maxTimestamp: '7' },
      partitions: [
        {
          key: 'ab01',
          token: '-7',
          deletion: { markedForDeleteAt: '3', localDeletionTime: 100 },
          rangeTombstones: [],
          staticRow: null,
          rows: [
            {
              clustering: '10',
              liveness: { timestamp: '5', ttl: 0 },
              deletion: null,
              cells: [
                { column: 1, path: null, timestamp: '5', ttl: 0, value: '6869' },
                { column: 2, timestamp: '6', ttl: 60, localDeletionTime: 1_060, value: 'ff' },
                { column: 3, path: '01', timestamp: '7', localDeletionTime: 1_001, tombstone: true },
              ],
            },
          ],
        },
      ],
    });
  });
});
