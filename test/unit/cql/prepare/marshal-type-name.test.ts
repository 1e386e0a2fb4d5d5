import { describe, expect, it } from 'vitest';
import { marshalTypeName } from '../../../../src/cql/prepare/marshal-type-name.js';
import { listType, mapType, nativeCqlType, nativeCqlTypeKinds, setType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';

const P = 'org.apache.cassandra.db.marshal.';
const t = (name: string): CqlType => nativeCqlType(name)!;

describe('marshalTypeName: AbstractType.toString() of Cassandra 4', () => {
  it('names every native type by its marshal class', () => {
    const expected: Record<string, string> = {
      ascii: 'AsciiType', text: 'UTF8Type', int: 'Int32Type', bigint: 'LongType', smallint: 'ShortType', tinyint: 'ByteType',
      varint: 'IntegerType', decimal: 'DecimalType', float: 'FloatType', double: 'DoubleType', boolean: 'BooleanType',
      uuid: 'UUIDType', timeuuid: 'TimeUUIDType', timestamp: 'TimestampType', date: 'SimpleDateType', time: 'TimeType',
      duration: 'DurationType', blob: 'BytesType', inet: 'InetAddressType', counter: 'CounterColumnType',
    };
    for (const kind of nativeCqlTypeKinds) expect(marshalTypeName(t(kind))).toBe(P + expected[kind]);
    expect(marshalTypeName(t('varchar'))).toBe(`${P}UTF8Type`);
  });

  it('writes collections with their parameters, frozen ones wrapped in FrozenType', () => {
    expect(marshalTypeName(listType(t('int')))).toBe(`${P}ListType(${P}Int32Type)`);
    expect(marshalTypeName(setType(t('text'), true))).toBe(`${P}FrozenType(${P}SetType(${P}UTF8Type))`);
    expect(marshalTypeName(mapType(t('text'), t('bigint')))).toBe(`${P}MapType(${P}UTF8Type,${P}LongType)`);
  });

  it('wraps a frozen type inside a non-frozen one, but not inside a frozen one (toString(ignoreFreezing))', () => {
    const inner = listType(t('int'), true);
    expect(marshalTypeName(mapType(t('text'), inner))).toBe(`${P}MapType(${P}UTF8Type,${P}FrozenType(${P}ListType(${P}Int32Type)))`);
    expect(marshalTypeName(mapType(t('text'), inner, true))).toBe(`${P}FrozenType(${P}MapType(${P}UTF8Type,${P}ListType(${P}Int32Type)))`);
  });

  it('never wraps a tuple, and ignores freezing inside it (TupleType.toString)', () => {
    expect(marshalTypeName(tupleType([t('int'), listType(t('text'), true)]))).toBe(`${P}TupleType(${P}Int32Type,${P}ListType(${P}UTF8Type))`);
    expect(marshalTypeName(listType(tupleType([t('int')])))).toBe(`${P}ListType(${P}TupleType(${P}Int32Type))`);
  });

  it('writes a user type as keyspace, hex name and hex field names with their types', () => {
    const address = udtType('ks', 'addr', [{ name: 'street', type: t('text') }, { name: 'Zip', type: t('int') }], true);
    expect(marshalTypeName(address)).toBe(`${P}FrozenType(${P}UserType(ks,61646472,737472656574:${P}UTF8Type,5a6970:${P}Int32Type))`);
    const open = udtType('ks', 'u', [{ name: 'l', type: listType(t('int'), true) }], false);
    expect(marshalTypeName(open)).toBe(`${P}UserType(ks,75,6c:${P}FrozenType(${P}ListType(${P}Int32Type)))`);
    expect(marshalTypeName(setType(address))).toBe(`${P}SetType(${P}FrozenType(${P}UserType(ks,61646472,737472656574:${P}UTF8Type,5a6970:${P}Int32Type)))`);
  });

  it('writes a descending clustering column as a ReversedType of its type', () => {
    expect(marshalTypeName(t('int'), { reversed: true })).toBe(`${P}ReversedType(${P}Int32Type)`);
    expect(marshalTypeName(listType(t('int'), true), { reversed: true })).toBe(`${P}ReversedType(${P}FrozenType(${P}ListType(${P}Int32Type)))`);
  });
});
