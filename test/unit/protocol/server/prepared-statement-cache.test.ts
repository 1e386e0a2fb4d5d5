// The per-node prepared statement cache forgets the least recently used statement past its
// capacity; a hit makes a statement the most recently used, which it names.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PreparedStatement } from '../../../../src/cql/prepare/prepared-statement.js';
import { PreparedStatementCache } from '../../../../src/protocol/server/prepared-statement-cache.js';

function statement(query: string): PreparedStatement {
  return {
    id: Buffer.from(query),
    query,
    keyspace: null,
    variables: [],
    partitionKeyIndexes: null,
    resultColumns: [],
    resultMetadataId: Buffer.alloc(16),
    schemaVersion: 'v',
  };
}

describe('PreparedStatementCache', () => {
  it('evicts the least recently used, counting a get as a use', () => {
    const cache = new PreparedStatementCache(2);
    cache.set('a', statement('A'));
    cache.set('b', statement('B'));
    expect(cache.get('a')?.query).toBe('A');
    cache.set('c', statement('C'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.query).toBe('A');
    expect(cache.get('c')?.query).toBe('C');
    cache.set('a', statement('A2'));
    expect(cache.get('a')?.query).toBe('A2');
    expect(cache.size).toBe(2);
    expect(cache.mostRecentStatement?.query).toBe('A2');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.mostRecentStatement).toBeUndefined();
    expect(cache.get('c')?.query).toBe('C');
    expect(cache.mostRecentStatement?.query).toBe('C');
  });

  it('behaves as a model LRU for any sequence of sets and gets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 8 })), { maxLength: 60 }), (capacity, operations) => {
        const cache = new PreparedStatementCache(capacity);
        let model: string[] = [];
        for (const [isSet, n] of operations) {
          const key = `k${n}`;
          if (isSet) {
            cache.set(key, statement(key));
            model = [...model.filter((k) => k !== key), key].slice(-capacity);
          } else {
            const hit = cache.get(key);
            expect(hit?.query).toBe(model.includes(key) ? key : undefined);
            if (hit !== undefined) model = [...model.filter((k) => k !== key), key];
          }
          expect(cache.size).toBe(model.length);
          // The most recent statement is the model's last key, if a set or a hit made one.
          if (isSet || model.includes(key)) expect(cache.mostRecentStatement?.query).toBe(model.at(-1));
        }
      }),
    );
  });
});
