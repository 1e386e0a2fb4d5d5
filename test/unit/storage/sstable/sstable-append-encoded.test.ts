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
import { limits } from '../../../../src/config/limits.js';
import { componentPath } from '../../../../src/storage/sstable/descriptor.js';
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

  it('writes byte-identical components through append, appendEncoded and appendNextEncoded', () => {
    // Small partitions, partitions of several KiB (records that overflow a block and move to
    // the next), one wide partition (a row index: the encoded paths hand it to append) and one
    // single-row partition of ~300 KB (it grows the writer's output buffer as it is encoded).
    const input = partitions().map((partition, i) =>
      i % 7 === 3
        ? { ...partition, rows: [simpleRow(ck(5), BigInt(i), 3_000 + 97 * i)] }
        : i === 150
          ? { ...partition, rows: Array.from({ length: 40 }, (_, r) => simpleRow(ck(r + 10), BigInt(r), 2_000)) }
          : i === 201
            ? { ...partition, rows: [simpleRow(ck(6), BigInt(i), 100_000)] }
            : partition,
    );
    const generations = { decoded: 11, encoded: 12, source: 13 } as const;
    const decoded = SSTableWriter.create(port, { directory, generation: generations.decoded }, defaultOptions);
    for (const partition of input) decoded.append(partition);
    decoded.finish();
    const encoded = SSTableWriter.create(port, { directory, generation: generations.encoded }, defaultOptions);
    const scratch = new ByteWriter(256);
    for (const partition of input) {
      scratch.reset();
      writePartition(scratch, partition);
      encoded.appendEncoded(scratch.written());
    }
    encoded.finish();
    let next = 0;
    const source = {
      next(into: ByteWriter): boolean {
        if (next === input.length) return false;
        writePartition(into, input[next++]!);
        return true;
      },
    };
    const streamed = SSTableWriter.create(port, { directory, generation: generations.source }, defaultOptions);
    while (streamed.appendNextEncoded(source));
    streamed.finish();
    const component = (generation: number, name: 'Data' | 'Index' | 'Summary' | 'Filter' | 'Statistics'): Buffer =>
      fs.readFileSync(componentPath({ directory, generation }, name));
    for (const name of ['Data', 'Index', 'Summary', 'Filter', 'Statistics'] as const) {
      expect(component(generations.encoded, name).equals(component(generations.decoded, name)), name).toBe(true);
      expect(component(generations.source, name).equals(component(generations.decoded, name)), name).toBe(true);
    }
    expect(component(generations.decoded, 'Data').length).toBeGreaterThan(8 * limits.sstableBlockBytes);
    const reader = SSTableReader.open(port, { directory, generation: generations.source });
    expect(normalize([...reader.scan()])).toEqual(normalize(input));
    reader.close();
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
