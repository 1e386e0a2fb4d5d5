/**
 * The orders DESCRIBE lists schema elements in. Cassandra sorts keyspaces, tables and types by
 * name ignoring case (SchemaElement.NAME_COMPARATOR, String.compareToIgnoreCase); the sort is
 * stable, so names equal but for case keep the catalog's order.
 */

import { assertNever } from '../../lib/assert.js';
import { isNativeCqlType, type CqlType, type UdtCqlType } from '../types/cql-type.js';

export function byNameIgnoringCase<T extends { readonly name: string }>(elements: readonly T[]): T[] {
  return [...elements].sort((a, b) => compareIgnoringCase(a.name, b.name));
}

function compareIgnoringCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * User types with every type a type uses before it (Types.sortedStream), so that the CREATE TYPE
 * statements run in order; otherwise by UTF-8 name, the order system_schema.types holds them in.
 */
export function typesInDependencyOrder(types: readonly UdtCqlType[]): UdtCqlType[] {
  const byName = new Map(types.map((type) => [type.name, type]));
  const sorted = [...types].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const ordered: UdtCqlType[] = [];
  const placed = new Set<string>();
  const place = (type: UdtCqlType): void => {
    if (placed.has(type.name)) return;
    placed.add(type.name);
    for (const used of userTypesIn(type.fields.map((field) => field.type))) {
      const known = byName.get(used);
      if (known !== undefined) place(known);
    }
    ordered.push(type);
  };
  sorted.forEach(place);
  return ordered;
}

/** Names of the user types that `types` use, at any depth, dependencies first. */
function userTypesIn(types: readonly CqlType[]): string[] {
  const names: string[] = [];
  const visit = (type: CqlType): void => {
    if (isNativeCqlType(type)) return;
    switch (type.kind) {
      case 'list':
      case 'set':
        return visit(type.element);
      case 'map':
        visit(type.key);
        return visit(type.value);
      case 'tuple':
        return type.elements.forEach(visit);
      case 'udt':
        type.fields.forEach((field) => visit(field.type));
        names.push(type.name);
        return;
      default:
        return assertNever(type, 'CQL type');
    }
  };
  types.forEach(visit);
  return names;
}
