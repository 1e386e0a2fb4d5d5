/**
 * Random valid schema metadata for the DESCRIBE round-trip properties: names that need quoting
 * or not, every type shape the schema builders accept (frozen where Cassandra freezes), key
 * shapes, clustering orders, static and counter columns, and every table option Sibyl keeps.
 * Column ids follow CREATE order, as tableFromCreate assigns them from a printed statement.
 */

import fc from 'fast-check';
import type { KeyspaceMetadata } from '../../../../src/cql/schema/keyspace-metadata.js';
import { isMultiCell, referencesDuration } from '../../../../src/cql/schema/resolve-type.js';
import type { ClusteringColumnMetadata, ColumnMetadata } from '../../../../src/cql/schema/column-metadata.js';
import type { TableMetadata } from '../../../../src/cql/schema/table-metadata.js';
import { MAX_TTL_SECONDS, type TableOptions } from '../../../../src/cql/schema/table-options.js';
import {
  listType,
  mapType,
  nativeCqlType,
  nativeCqlTypeKinds,
  setType,
  tupleType,
  udtType,
  type CqlType,
  type UdtCqlType,
} from '../../../../src/cql/types/cql-type.js';

const TRICKY_NAMES = [
  'select', 'from', 'key', 'ttl', 'type', 'static', 'frozen', 'list', 'map', 'set', 'int', 'text', 'varchar', 'true', 'false',
  'nan', 'infinity', 'primary', 'clustering', 'with', 'and', 'writetime', 'timestamp', 'tuple', 'order', 'asc', 'desc',
  'keyspace', 'table', 'counter', 'compact', 'storage', 'if', 'exists', 'p1d', 'e10',
];

export const nameArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/),
  fc.constantFrom(...TRICKY_NAMES),
  fc.stringMatching(/^[A-Za-z_0-9 "'.;]{1,8}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
);

const natives: readonly CqlType[] = nativeCqlTypeKinds.filter((kind) => kind !== 'counter').map((kind) => nativeCqlType(kind)!);

/** A type; `mustFreeze` inside collections, tuples and keys, where Cassandra freezes everything. */
export function typeArbitrary(userTypes: readonly UdtCqlType[], mustFreeze: boolean, depth: number): fc.Arbitrary<CqlType> {
  const leaf = fc.constantFrom(...natives);
  if (depth <= 0) return leaf;
  const inner = (): fc.Arbitrary<CqlType> => typeArbitrary(userTypes, true, depth - 1);
  const frozen = mustFreeze ? fc.constant(true) : fc.boolean();
  const shapes: fc.Arbitrary<CqlType>[] = [
    leaf,
    leaf,
    fc.tuple(inner(), frozen).map(([element, f]) => listType(element, f)),
    fc.tuple(inner(), frozen).map(([element, f]) => setType(element, f)),
    fc.tuple(inner(), inner(), frozen).map(([key, value, f]) => mapType(key, value, f)),
    fc.array(inner(), { minLength: 1, maxLength: 3 }).map((elements) => tupleType(elements, true)),
  ];
  if (userTypes.length > 0) {
    shapes.push(fc.tuple(fc.constantFrom(...userTypes), frozen).map(([u, f]) => udtType(u.keyspace, u.name, u.fields, f)));
  }
  return fc.oneof(...shapes);
}

/** A type a regular column may have: no non-frozen UDT holding multi-cell fields. */
function valueTypeArbitrary(userTypes: readonly UdtCqlType[]): fc.Arbitrary<CqlType> {
  return typeArbitrary(userTypes, false, 2).filter(
    (type) => !(type.kind === 'udt' && !type.frozen && type.fields.some((field) => isMultiCell(field.type))),
  );
}

const keyTypeArbitrary = (userTypes: readonly UdtCqlType[]): fc.Arbitrary<CqlType> =>
  typeArbitrary(userTypes, true, 2).filter((type) => !referencesDuration(type));

/** User types of one keyspace, each using only the ones before it, as CREATE TYPE allows. */
export function userTypesArbitrary(keyspace: string): fc.Arbitrary<UdtCqlType[]> {
  return fc.uniqueArray(nameArbitrary, { maxLength: 3 }).chain((names) => {
    let built: fc.Arbitrary<UdtCqlType[]> = fc.constant([]);
    for (const name of names) {
      built = built.chain((before) =>
        fc
          .uniqueArray(fc.tuple(nameArbitrary, typeArbitrary(before, false, 2).filter((t) => !(t.kind === 'udt' && !t.frozen))), {
            minLength: 1,
            maxLength: 3,
            selector: ([field]) => field,
          })
          .map((fields) => [...before, udtType(keyspace, name, fields.map(([field, type]) => ({ name: field, type })), false)]),
      );
    }
    return built;
  });
}

const optionsArbitrary = (isCounter: boolean): fc.Arbitrary<TableOptions> =>
  fc.record({
    defaultTimeToLive: isCounter ? fc.constant(0) : fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MAX_TTL_SECONDS })),
    gcGraceSeconds: fc.oneof(fc.constant(864000), fc.integer({ min: 0, max: 2 ** 31 - 1 })),
    bloomFilterFpChance: fc.oneof(fc.constantFrom(0.01, 0.1, 1, 1e-4, 0.5), fc.double({ min: 5e-324, max: 1, noNaN: true }).filter((x) => x > 0)),
    comment: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 12 })),
    compaction: fc.record({
      class: fc.constantFrom('SizeTieredCompactionStrategy', 'LeveledCompactionStrategy', 'TimeWindowCompactionStrategy'),
      options: fc.uniqueArray(fc.tuple(fc.string({ maxLength: 6 }).filter((key) => key !== 'class'), fc.string({ maxLength: 6 })), {
        maxLength: 3,
        selector: ([key]) => key,
      }).map((entries) => new Map(entries) as ReadonlyMap<string, string>),
    }),
    // As tableOptionsFrom keeps them: normalized, so that DESCRIBE's text reads back equal.
    caching: fc.tuple(fc.constantFrom('ALL', 'NONE'), fc.constantFrom('ALL', 'NONE', '1', '200')).map(([keys, rows]) => new Map([['keys', keys], ['rows_per_partition', rows]]) as ReadonlyMap<string, string>),
    compression: fc.oneof(
      fc.constant(new Map([['enabled', 'false']]) as ReadonlyMap<string, string>),
      fc.tuple(fc.constantFrom('LZ4Compressor', 'SnappyCompressor', 'DeflateCompressor'), fc.constantFrom('4', '16', '64')).map(
        ([name, kb]) => new Map([['chunk_length_in_kb', kb], ['class', `org.apache.cassandra.io.compress.${name}`]]) as ReadonlyMap<string, string>,
      ),
    ),
    speculativeRetry: fc.constantFrom('99p', '99.5p', 'ALWAYS', 'NEVER', '10ms', 'MIN(99p,50ms)'),
  });

const byUtf8 = (a: { name: string }, b: { name: string }): number => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));

/** A table of `keyspace` using `userTypes`, as tableFromCreate would build it from its DESCRIBE. */
export function tableArbitrary(keyspace: string, userTypes: readonly UdtCqlType[]): fc.Arbitrary<TableMetadata> {
  return fc
    .record({
      name: nameArbitrary,
      id: fc.nat(),
      names: fc.uniqueArray(nameArbitrary, { minLength: 1, maxLength: 8 }),
      partitionCount: fc.integer({ min: 1, max: 3 }),
      clusteringCount: fc.integer({ min: 0, max: 3 }),
      isCounter: fc.boolean(),
      seed: fc.infiniteStream(fc.tuple(keyTypeArbitrary(userTypes), valueTypeArbitrary(userTypes), fc.boolean(), fc.boolean())),
    })
    .chain(({ name, id, names, partitionCount, clusteringCount, isCounter, seed }) => {
      const draws = [...seed.take(names.length)];
      const partitionNames = names.slice(0, partitionCount);
      const clusteringNames = names.slice(partitionCount, partitionCount + clusteringCount);
      const others = names.slice(partitionCount + clusteringCount).map((column, i) => {
        const [, valueType, isStatic] = draws[partitionCount + clusteringCount + i]!;
        const type = isCounter ? nativeCqlType('counter')! : valueType;
        const kind = isStatic && clusteringNames.length > 0 ? ('static' as const) : ('regular' as const);
        return { name: column, type, kind, position: -1, columnId: -1 };
      });
      const partitionKey = partitionNames.map((column, i) => ({ name: column, type: draws[i]![0], kind: 'partition_key' as const, position: i, columnId: -1 }));
      const clustering = clusteringNames.map((column, i) => {
        const [type, , , descending] = draws[partitionCount + i]!;
        return { name: column, type, kind: 'clustering' as const, position: i, columnId: -1, order: descending ? ('desc' as const) : ('asc' as const) };
      });
      const isCounterTable = isCounter && others.length > 0;
      return optionsArbitrary(isCounterTable).map((options) =>
        withCreateOrderIds({
          keyspace,
          name,
          id,
          partitionKey,
          clustering,
          regular: others.filter((c) => c.kind === 'regular').sort(byUtf8),
          static: others.filter((c) => c.kind === 'static').sort(byUtf8),
          isCounter: isCounterTable,
          options,
        }),
      );
    });
}

/**
 * Column ids as tableFromCreate gives them from a DESCRIBE: the index in Cassandra's create order
 * (partition key, clustering, static, regular; single-cell before multi-cell, then by UTF-8 name).
 */
function withCreateOrderIds(table: TableMetadata): TableMetadata {
  const cells = (columns: readonly ColumnMetadata[]): ColumnMetadata[] =>
    [...columns].sort((a, b) => Number(isMultiCell(a.type)) - Number(isMultiCell(b.type)) || byUtf8(a, b));
  const order = [...table.partitionKey, ...table.clustering, ...cells(table.static), ...cells(table.regular)];
  const ids = new Map(order.map((column, i) => [column.name, i]));
  const withId = <C extends ColumnMetadata>(column: C): C => ({ ...column, columnId: ids.get(column.name)! });
  return {
    ...table,
    partitionKey: table.partitionKey.map(withId),
    clustering: table.clustering.map((c: ClusteringColumnMetadata) => withId(c)),
    regular: table.regular.map(withId),
    static: table.static.map(withId),
  };
}

export const keyspaceArbitrary: fc.Arbitrary<KeyspaceMetadata> = fc.record({
  name: nameArbitrary,
  durableWrites: fc.boolean(),
  replication: fc.oneof(
    fc.record({ class: fc.constant('SimpleStrategy' as const), replicationFactor: fc.nat({ max: 10 }) }),
    fc.record({
      class: fc.constant('NetworkTopologyStrategy' as const),
      datacenters: fc
        .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }).filter((dc) => dc !== 'class' && dc !== 'replication_factor'), fc.nat({ max: 5 })), {
          maxLength: 3,
          selector: ([dc]) => dc,
        })
        .map((entries) => new Map(entries) as ReadonlyMap<string, number>),
    }),
  ),
});
