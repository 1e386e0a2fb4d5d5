import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { FaultyStoragePort } from '../../../../src/lib/faulty-storage-port.js';
import { componentPath, listSSTables, nextGeneration } from '../../../../src/storage/sstable/descriptor.js';
import { SSTableWriter } from '../../../../src/storage/sstable/sstable-writer.js';
import { defaultOptions, makeTempDirectory, port, simplePartition, writeSSTable } from './sstable-test-kit.js';

const directory = makeTempDirectory('descriptor');
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('SSTable descriptors', () => {
  it('names components sb-<generation>-<Component>.db', () => {
    expect(componentPath({ directory: '/x', generation: 12 }, 'Data')).toBe('/x/sb-12-Data.db');
  });

  it('lists complete SSTables by generation and deletes the leftovers of unfinished writes', () => {
    writeSSTable({ directory, generation: 3 }, [simplePartition(1)]).close();
    writeSSTable({ directory, generation: 1 }, [simplePartition(1)]).close();
    // A crash mid-write: Data and Index exist, no TOC.
    const unfinished = SSTableWriter.create(port, { directory, generation: 4 }, defaultOptions);
    unfinished.append(simplePartition(1));
    // A crash between the last component and the TOC rename.
    const almost = SSTableWriter.create(port, { directory, generation: 5 }, defaultOptions);
    almost.append(simplePartition(1));
    almost.finish();
    fs.renameSync(componentPath({ directory, generation: 5 }, 'TOC'), `${componentPath({ directory, generation: 5 }, 'TOC')}.tmp`);
    fs.writeFileSync(`${directory}/unrelated.txt`, 'kept');

    const listed = listSSTables(port, directory);
    expect(listed).toEqual([
      { directory, generation: 1 },
      { directory, generation: 3 },
    ]);
    const names = fs.readdirSync(directory);
    expect(names.filter((n) => n.startsWith('sb-4-') || n.startsWith('sb-5-'))).toEqual([]);
    expect(names).toContain('unrelated.txt');
    expect(names.filter((n) => n.startsWith('sb-3-'))).toHaveLength(6);
    expect(nextGeneration(listed)).toBe(4);
    expect(nextGeneration([])).toBe(1);
    expect(listSSTables(port, `${directory}/missing`)).toEqual([]);
  });

  it('abort after a full disk removes every partial component', () => {
    const faulty = new FaultyStoragePort(port);
    const d = { directory, generation: 40 };
    const writer = SSTableWriter.create(faulty, d, defaultOptions);
    for (let i = 0; i < 500; i++) writer.append(simplePartition(i));
    faulty.full = true;
    expect(() => writer.finish()).toThrow(/ENOSPC/);
    faulty.full = false;
    writer.abort();
    expect(fs.readdirSync(directory).filter((n) => n.startsWith('sb-40-'))).toEqual([]);
  });
});
