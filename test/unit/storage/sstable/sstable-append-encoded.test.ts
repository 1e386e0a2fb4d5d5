/**
 * appendEncoded (the flush path: partitions straight from the memtable's bytes) must write the
 * same SSTable as append (the decoded path): same statistics, same partitions read back.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { cellTombstone, expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import { writePartition } from '../../../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import { SSTableWriter } from '../../../../src/storage/sstable/sstable-writer.js';
import { ck, defaultOptions, keyOf, makeTempDirectory, normalize, port, simpleRow, text } from './sstable-test-kit.js';

const directory = makeTempDirectory('append-encoded');
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function partitions(): PartitionUpdate[] {
  const list: PartitionUpdate[] = [];
  for (let i = 0; i < 300; i++) {
    const kind = i % 5;
    const rows =
      kind === 0
        ? [simpleRow(ck(1), BigInt(1000 + i)), simpleRow(ck(2), BigInt(-5 - i))]
        : kind === 1
          ? [{ clustering: ck(3), liveness: { timestamp: 7n, ttl: 60, localExpirationTime: 2_000 + i }, deletion: null, cells: [expiringCell(1, text('e'), 9n, 60, 100 + i)] }]
          : kind === 2
            ? [{ clustering: ck(4), liveness: null, deletion: { markedForDeleteAt: 3n, localDeletionTime: 50 + i }, cells: [cellTombstone(2, 4n, 60 + i, text('p'))] }]
            : kind === 3
              ? []
              : [simpleRow(new Uint8Array(0), 2n ** 40n + BigInt(i))];
    list.push({
      tableId: 1,
      token: BigInt(i * 1_000_003 - 150_000_000) * 4_294_967_311n,
      key: keyOf(i),
      deletion: kind === 3 ? { markedForDeleteAt: 11n, localDeletionTime: 70 } : null,
      rangeTombstones: kind === 0 ? [{ start: { prefix: ck(8), inclusive: false }, end: { prefix: ck(9), inclusive: true }, deletion: { markedForDeleteAt: 12n, localDeletionTime: 80 } }] : [],
      staticRow: kind === 1 ? { clustering: new Uint8Array(0), liveness: null, deletion: null, cells: [liveCell(0, text('s'), 13n)] } : null,
      rows,
    });
  }
  return list;
}

describe('SSTableWriter.appendEncoded', () => {
  it('writes the same statistics and partitions as append', () => {
    const input = partitions();
    const decoded = SSTableWriter.create(port, { directory, generation: 1 }, defaultOptions);
    for (const partition of input) decoded.append(partition);
    const decodedStats = decoded.finish();
    const encoded = SSTableWriter.create(port, { directory, generation: 2 }, defaultOptions);
    const scratch = new ByteWriter(256);
    for (const partition of input) {
      scratch.reset();
      writePartition(scratch, partition);
      encoded.appendEncoded(scratch.written());
    }
    const encodedStats = encoded.finish();
    expect(normalize(encodedStats)).toEqual(normalize(decodedStats));
    const a = SSTableReader.open(port, { directory, generation: 1 });
    const b = SSTableReader.open(port, { directory, generation: 2 });
    expect(normalize([...b.scan()])).toEqual(normalize([...a.scan()]));
    expect(normalize(b.readPartition(input[7]!.token, input[7]!.key))).toEqual(normalize(input[7]));
    a.close();
    b.close();
  });

  it('refuses partitions out of token order', () => {
    const writer = SSTableWriter.create(port, { directory, generation: 3 }, defaultOptions);
    const [first, second] = partitions();
    const scratch = new ByteWriter(256);
    writePartition(scratch, second!);
    writer.appendEncoded(scratch.toBytes());
    scratch.reset();
    writePartition(scratch, first!);
    expect(() => writer.appendEncoded(scratch.written())).toThrow(/out of order/);
    writer.abort();
  });
});
