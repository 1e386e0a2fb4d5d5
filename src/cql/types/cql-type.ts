/**
 * CQL column types as immutable data, tagged by `kind` (kysely style). Native types carry
 * nothing but their kind; collections, tuples and UDTs carry their element types and whether
 * they are frozen (serialized as one blob rather than one cell per element). `varchar` is not
 * a kind of its own: Cassandra treats it as another name for `text`.
 */

import { assert, assertNever } from '../../lib/assert.js';
import { quoteIdentifierIfNeeded } from '../describe/cql-identifier.js';

export const nativeCqlTypeKinds = [
  'ascii',
  'text',
  'int',
  'bigint',
  'smallint',
  'tinyint',
  'varint',
  'decimal',
  'float',
  'double',
  'boolean',
  'uuid',
  'timeuuid',
  'timestamp',
  'date',
  'time',
  'duration',
  'blob',
  'inet',
  'counter',
] as const;
export type NativeCqlTypeKind = (typeof nativeCqlTypeKinds)[number];

export interface NativeCqlType {
  readonly kind: NativeCqlTypeKind;
}

/**
 * The collection and tuple shapes over their element type: CqlType's over CqlType, and the
 * AST's type expressions (ast/type-expression.ts) over types not yet resolved.
 */
export interface ListShape<Element> {
  readonly kind: 'list';
  readonly element: Element;
  readonly frozen: boolean;
}

export interface SetShape<Element> {
  readonly kind: 'set';
  readonly element: Element;
  readonly frozen: boolean;
}

export interface MapShape<Element> {
  readonly kind: 'map';
  readonly key: Element;
  readonly value: Element;
  readonly frozen: boolean;
}

export interface TupleShape<Element> {
  readonly kind: 'tuple';
  readonly elements: readonly Element[];
  readonly frozen: boolean;
}

export type ListCqlType = ListShape<CqlType>;
export type SetCqlType = SetShape<CqlType>;
export type MapCqlType = MapShape<CqlType>;
export type TupleCqlType = TupleShape<CqlType>;

export interface UdtField {
  readonly name: string;
  readonly type: CqlType;
}

export interface UdtCqlType {
  readonly kind: 'udt';
  readonly keyspace: string;
  readonly name: string;
  readonly fields: readonly UdtField[];
  readonly frozen: boolean;
}

export type CqlType = NativeCqlType | ListCqlType | SetCqlType | MapCqlType | TupleCqlType | UdtCqlType;
export type CqlTypeKind = CqlType['kind'];

const natives = new Map<string, NativeCqlType>(nativeCqlTypeKinds.map((kind) => [kind, Object.freeze({ kind })]));
natives.set('varchar', natives.get('text')!);
const nativeKinds: ReadonlySet<CqlTypeKind> = new Set(nativeCqlTypeKinds);

/** The native type called `name` (any case; `varchar` gives text), or null if there is none. */
export function nativeCqlType(name: string): NativeCqlType | null {
  return natives.get(name.toLowerCase()) ?? null;
}

export function isNativeCqlType(type: CqlType): type is NativeCqlType {
  return nativeKinds.has(type.kind);
}

export function listType(element: CqlType, frozen = false): ListCqlType {
  return Object.freeze({ kind: 'list', element, frozen });
}

export function setType(element: CqlType, frozen = false): SetCqlType {
  return Object.freeze({ kind: 'set', element, frozen });
}

export function mapType(key: CqlType, value: CqlType, frozen = false): MapCqlType {
  return Object.freeze({ kind: 'map', key, value, frozen });
}

/** Tuples are always frozen since Cassandra 3.0; the flag only records how the type was written. */
export function tupleType(elements: readonly CqlType[], frozen = true): TupleCqlType {
  assert(elements.length > 0, 'a tuple type has at least one element');
  return Object.freeze({ kind: 'tuple', elements: Object.freeze([...elements]), frozen });
}

export function udtType(keyspace: string, name: string, fields: readonly UdtField[], frozen = true): UdtCqlType {
  assert(fields.length > 0, 'a user type has at least one field');
  return Object.freeze({ kind: 'udt', keyspace, name, fields: Object.freeze(fields.map((f) => Object.freeze({ ...f }))), frozen });
}

/**
 * CQL text for a type, as system_schema stores it and DESCRIBE prints it (CQL3Type.toString):
 * `frozen<list<int>>`, `map<text, int>`, user types by their name, quoted where needed so the
 * text parses back to the same type (the catalog reads it back at start-up).
 */
export function formatCqlType(type: CqlType): string {
  if (isNativeCqlType(type)) return type.kind;
  switch (type.kind) {
    case 'list':
    case 'set':
      return frozenIf(type.frozen, `${type.kind}<${formatCqlType(type.element)}>`);
    case 'map':
      return frozenIf(type.frozen, `map<${formatCqlType(type.key)}, ${formatCqlType(type.value)}>`);
    case 'tuple':
      return frozenIf(type.frozen, `tuple<${type.elements.map(formatCqlType).join(', ')}>`);
    case 'udt':
      return frozenIf(type.frozen, userTypeNameCql(type.name));
    default:
      return assertNever(type, 'CQL type');
  }
}

function frozenIf(frozen: boolean, text: string): string {
  return frozen ? `frozen<${text}>` : text;
}

/**
 * A user type's name where a type may stand: bare only when it reads back as that name, so
 * quoted when it is not a plain lower-case identifier, is a reserved word (ColumnIdentifier.
 * maybeQuote's rule), or is a native type's name (`"int"` is a legal user type; bare `int` is
 * the native type).
 */
export function userTypeNameCql(name: string): string {
  return natives.has(name) ? `"${name}"` : quoteIdentifierIfNeeded(name);
}

const nativeOptionIds: Readonly<Record<NativeCqlTypeKind, number>> = Object.freeze({
  ascii: 0x0001,
  bigint: 0x0002,
  blob: 0x0003,
  boolean: 0x0004,
  counter: 0x0005,
  decimal: 0x0006,
  double: 0x0007,
  float: 0x0008,
  int: 0x0009,
  timestamp: 0x000b,
  uuid: 0x000c,
  text: 0x000d,
  varint: 0x000e,
  timeuuid: 0x000f,
  inet: 0x0010,
  date: 0x0011,
  time: 0x0012,
  smallint: 0x0013,
  tinyint: 0x0014,
  duration: 0x0015,
});

/**
 * The [option] id naming this type in native protocol result metadata (spec section 4.2.5.2).
 * duration's 0x0015 is protocol v5; v4 sends duration as custom type
 * org.apache.cassandra.db.marshal.DurationType, which the protocol layer handles.
 */
export function cqlTypeOptionId(type: CqlType): number {
  if (isNativeCqlType(type)) return nativeOptionIds[type.kind];
  switch (type.kind) {
    case 'list':
      return 0x0020;
    case 'map':
      return 0x0021;
    case 'set':
      return 0x0022;
    case 'udt':
      return 0x0030;
    case 'tuple':
      return 0x0031;
    default:
      return assertNever(type, 'CQL type');
  }
}
