import { describe, expect, it } from 'vitest';
import { murmur3Token } from '../../../../src/cluster/ring/murmur3.js';
import { ByteReader } from '../../../../src/lib/bytes/byte-reader.js';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { BloomHashFunction, SSTableBloomFilter } from '../../../../src/storage/sstable/sstable-bloom-filter.js';

const keyOf = (prefix: string, i: number): Uint8Array => new TextEncoder().encode(`${prefix}-${i}`);

function roundTrip(filter: SSTableBloomFilter): SSTableBloomFilter {
  const writer = new ByteWriter();
  filter.write(writer);
  return SSTableBloomFilter.read(new ByteReader(writer.toBytes()));
}

describe.each([
  ['token', BloomHashFunction.token],
  ['murmur3', BloomHashFunction.murmur3],
] as const)('SSTable bloom filter with %s hashing', (_name, hashFunction) => {
  const count = 20_000;
  const filter = SSTableBloomFilter.create(count, 0.01, hashFunction);
  for (let i = 0; i < count; i++) {
    const key = keyOf('present', i);
    filter.add(murmur3Token(key), key);
  }

  it('never denies a key it holds, also after a write and read of the component', () => {
    const reread = roundTrip(filter);
    expect(reread.hashFunction).toBe(hashFunction);
    for (let i = 0; i < count; i++) {
      const key = keyOf('present', i);
      expect(reread.mayContain(murmur3Token(key), key)).toBe(true);
    }
  });

  it('keeps the false-positive rate near the chance it was built for', () => {
    let falsePositives = 0;
    for (let i = 0; i < count; i++) {
      const key = keyOf('absent', i);
      if (filter.mayContain(murmur3Token(key), key)) falsePositives++;
    }
    // 1% of 20,000 is 200; a broken hash (or one blind to the key) lands far above.
    expect(falsePositives).toBeGreaterThan(100);
    expect(falsePositives).toBeLessThan(300);
  });

  it('tells apart keys that share a token (a Murmur3 collision costs a read, not a wrong answer)', () => {
    const shared = SSTableBloomFilter.create(1000, 0.01, hashFunction);
    for (let i = 0; i < 1000; i++) shared.add(7n, keyOf('present', i));
    let falsePositives = 0;
    for (let i = 0; i < 1000; i++) if (shared.mayContain(7n, keyOf('absent', i))) falsePositives++;
    expect(falsePositives).toBeLessThan(40);
  });
});
