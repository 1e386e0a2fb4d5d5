/**
 * Frozen lists, sets and maps, tuples and UDTs in byte-comparable form: unsigned byte order of
 * the output is the order of Cassandra's comparators for them, read from their value bytes
 * (protocol v4 layout, types/collection-codecs.ts, tuple-codec.ts, udt-codec.ts):
 *
 *   list, set    ( 0x40 element )* 0x38
 *   map          ( 0x40 key value )* 0x38
 *   tuple, udt   ( 0x40 component | 0x3e )* 0x38       0x3e is a null component
 *                0x20                                  the empty value (no component at all)
 *
 * Each element is its own comparable encoding (comparable-value.ts, through the codec passed
 * in), which is self-delimiting and canonical (equal values, equal bytes), so comparing two
 * encodings compares element by element; where one value runs out, its 0x38 meets the other's
 * 0x40 and the shorter sorts first, as ListType.compareListOrSet and MapType.compareMaps do.
 *
 * - Sets are written with their elements sorted by that encoding and without duplicates, maps
 *   with their entries sorted by key (the last value written for a repeated key wins), which is
 *   how Cassandra holds them (SetType / MapType values are sorted by their element comparator).
 * - Tuples and UDTs follow Cassandra 5's TupleType.compareCustom: component by component, a
 *   null before any value (0x3e < 0x40), and missing trailing components equal to nulls. Both
 *   are made exact by dropping trailing nulls before writing: `(1, null)` and `(1)` are one
 *   encoding, and `(1)` sorts before `(1, null, 5)` (0x38 < 0x3e). An empty value sorts before
 *   every other (0x20), as compareCustom's isEmpty check does.
 *
 * Decoding rebuilds the value bytes (sets and maps in sorted order, tuples and UDTs without
 * their trailing nulls, which the value codecs read back as null). The empty value decodes to
 * empty bytes, which the value codecs read as null, as the driver does with Cassandra's.
 */

import { compareBytes } from '../../storage/model/byte-order.js';
import type { CqlType, ListCqlType, MapCqlType, SetCqlType, TupleCqlType, UdtCqlType } from '../types/cql-type.js';
import { joinLengthPrefixed, LengthPrefixedReader } from '../types/length-prefixed.js';
import type { ComparableReader } from './comparable-reader.js';
import { keyErrors } from './key-errors.js';

/** How the composite encodings reach their elements' (comparable-value.ts passes itself in). */
export interface ComparableElementCodec {
  /** Appends the comparable encoding of non-null value bytes of `type`. */
  write(type: CqlType, bytes: Uint8Array, out: number[]): void;
  /** Reads one comparable encoding back to value bytes of `type`. */
  read(type: CqlType, reader: ComparableReader): Uint8Array;
}

const componentMarker = 0x40;
const nullMarker = 0x3e;
const terminator = 0x38;
const emptyMarker = 0x20;

export function writeComparableListOrSet(type: ListCqlType | SetCqlType, bytes: Uint8Array, codec: ComparableElementCodec, out: number[]): void {
  const reader = new LengthPrefixedReader(bytes, `${type.kind} value`);
  const count = reader.int();
  if (count < 0) throw keyErrors.malformed(`${type.kind} value (negative element count)`);
  const elements: Uint8Array[] = [];
  for (let i = 0; i < count; i++) elements.push(encoded(codec, type.element, nonNull(reader.value(), type.kind)));
  reader.expectEnd();
  const written = type.kind === 'set' ? sortedUnique(elements) : elements;
  for (const element of written) {
    out.push(componentMarker);
    for (const byte of element) out.push(byte);
  }
  out.push(terminator);
}

export function readComparableListOrSet(type: ListCqlType | SetCqlType, reader: ComparableReader, codec: ComparableElementCodec): Uint8Array {
  const parts: Uint8Array[] = [];
  while (nextMarker(reader, type.kind) === componentMarker) parts.push(codec.read(type.element, reader));
  return joinLengthPrefixed(parts.length, parts);
}

export function writeComparableMap(type: MapCqlType, bytes: Uint8Array, codec: ComparableElementCodec, out: number[]): void {
  const reader = new LengthPrefixedReader(bytes, 'map value');
  const count = reader.int();
  if (count < 0) throw keyErrors.malformed('map value (negative element count)');
  const entries: Array<readonly [Uint8Array, Uint8Array]> = [];
  for (let i = 0; i < count; i++) {
    const key = encoded(codec, type.key, nonNull(reader.value(), 'map'));
    entries.push([key, encoded(codec, type.value, nonNull(reader.value(), 'map'))]);
  }
  reader.expectEnd();
  // A stable sort keeps repeated keys in written order; the last of each run is the one kept.
  entries.sort(([a], [b]) => compareBytes(a, b));
  entries.forEach(([key, value], i) => {
    const next = entries[i + 1];
    if (next !== undefined && compareBytes(key, next[0]) === 0) return;
    out.push(componentMarker);
    for (const byte of key) out.push(byte);
    for (const byte of value) out.push(byte);
  });
  out.push(terminator);
}

export function readComparableMap(type: MapCqlType, reader: ComparableReader, codec: ComparableElementCodec): Uint8Array {
  const parts: Uint8Array[] = [];
  while (nextMarker(reader, 'map') === componentMarker) parts.push(codec.read(type.key, reader), codec.read(type.value, reader));
  return joinLengthPrefixed(parts.length / 2, parts);
}

export function writeComparableTupleOrUdt(type: TupleCqlType | UdtCqlType, bytes: Uint8Array, codec: ComparableElementCodec, out: number[]): void {
  if (bytes.length === 0) {
    out.push(emptyMarker);
    return;
  }
  const types = componentTypes(type);
  const reader = new LengthPrefixedReader(bytes, type.kind === 'udt' ? `value of user type ${type.name}` : 'tuple value');
  const components: Array<Uint8Array | null> = [];
  while (!reader.atEnd()) {
    const componentType = types[components.length];
    if (componentType === undefined) throw keyErrors.malformed(`${type.kind} value (more components than the type has)`);
    const component = reader.value();
    components.push(component === null ? null : encoded(codec, componentType, component));
  }
  while (components.length > 0 && components[components.length - 1] === null) components.pop();
  for (const component of components) {
    if (component === null) {
      out.push(nullMarker);
      continue;
    }
    out.push(componentMarker);
    for (const byte of component) out.push(byte);
  }
  out.push(terminator);
}

export function readComparableTupleOrUdt(type: TupleCqlType | UdtCqlType, reader: ComparableReader, codec: ComparableElementCodec): Uint8Array {
  const types = componentTypes(type);
  const parts: Array<Uint8Array | null> = [];
  for (let marker = reader.next(); marker !== terminator; marker = reader.next()) {
    if (marker === emptyMarker && parts.length === 0) return new Uint8Array(0);
    const componentType = types[parts.length];
    if (componentType === undefined) throw keyErrors.malformed(`${type.kind} clustering value (too many components)`);
    if (marker === nullMarker) parts.push(null);
    else if (marker === componentMarker) parts.push(codec.read(componentType, reader));
    else throw keyErrors.malformed(`${type.kind} clustering value (bad component marker)`);
  }
  // Every component was null: one null component keeps the value apart from the empty value.
  return joinLengthPrefixed(null, parts.length === 0 ? [null] : parts);
}

function componentTypes(type: TupleCqlType | UdtCqlType): readonly CqlType[] {
  return type.kind === 'tuple' ? type.elements : type.fields.map((field) => field.type);
}

function encoded(codec: ComparableElementCodec, type: CqlType, bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  codec.write(type, bytes, out);
  return Uint8Array.from(out);
}

function sortedUnique(elements: Uint8Array[]): Uint8Array[] {
  elements.sort(compareBytes);
  return elements.filter((element, i) => i === 0 || compareBytes(elements[i - 1]!, element) !== 0);
}

function nextMarker(reader: ComparableReader, kind: string): number {
  const marker = reader.next();
  if (marker !== componentMarker && marker !== terminator) throw keyErrors.malformed(`${kind} clustering value (bad element marker)`);
  return marker;
}

function nonNull(bytes: Uint8Array | null, kind: string): Uint8Array {
  if (bytes === null) throw keyErrors.malformed(`${kind} value (null element)`);
  return bytes;
}
