import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeResultMetadataId, type MetadataColumn } from '../../../../src/cql/prepare/result-metadata-id.js';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';

const column = (name: string, type: string, reversed = false): MetadataColumn => ({ keyspace: 'ks', table: 't', name, type: nativeCqlType(type)!, reversed });

describe('computeResultMetadataId: ResultSet.ResultMetadata.computeResultMetadataId', () => {
  it('is the MD5 of nothing for a statement without result columns (ResultMetadata.EMPTY)', () => {
    expect(computeResultMetadataId([]).toString('hex')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('hashes each column as name, 0, marshal type name, 0, 0', () => {
    const bytes = Buffer.concat([
      Buffer.from('k'), Buffer.of(0), Buffer.from('org.apache.cassandra.db.marshal.Int32Type'), Buffer.of(0, 0),
      Buffer.from('vé'), Buffer.of(0), Buffer.from('org.apache.cassandra.db.marshal.UTF8Type'), Buffer.of(0, 0),
    ]);
    const expected = createHash('md5').update(bytes).digest('hex');
    expect(computeResultMetadataId([column('k', 'int'), column('vé', 'text')]).toString('hex')).toBe(expected);
  });

  it('changes with the order, a name, a type, or a column becoming reversed; not with the keyspace or table', () => {
    const base = computeResultMetadataId([column('k', 'int'), column('v', 'text')]).toString('hex');
    const variants = [
      [column('v', 'text'), column('k', 'int')],
      [column('k', 'int'), column('w', 'text')],
      [column('k', 'bigint'), column('v', 'text')],
      [column('k', 'int', true), column('v', 'text')],
      [column('k', 'int')],
    ];
    for (const variant of variants) expect(computeResultMetadataId(variant).toString('hex')).not.toBe(base);
    const elsewhere = [column('k', 'int'), column('v', 'text')].map((c) => ({ ...c, keyspace: 'other', table: 'u' }));
    expect(computeResultMetadataId(elsewhere).toString('hex')).toBe(base);
  });
});
