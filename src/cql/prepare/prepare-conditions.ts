/**
 * IF conditions of UPDATE and DELETE (ColumnCondition.Raw.prepare): `c = ?` binds c itself,
 * `l[?] = ?` idx(l) and value(l), `m[?] = ?` key(m) and value(m), `c IN ?` in(c) (or
 * in(value(m)) for an element). Refused as Cassandra refuses them when prepared: conditions on
 * primary key columns, on counters, element access on sets and non-collections. Their terms
 * are checked by evaluation (Sibyl runs no conditional statement yet: execution refuses them).
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { BindMarker } from '../ast/bind-marker.js';
import { Condition } from '../ast/condition.js';
import type { Term } from '../ast/term.js';
import { columnNamed } from '../executor/where/where-clause.js';
import { tableLayout } from '../rows/table-layout.js';
import { listType, nativeCqlType } from '../types/cql-type.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { PrepareScope } from './prepare-scope.js';
import { columnReceiver, derivedReceiver, type MarkerReceiver } from './marker-receiver.js';
import { prepareCheckedTerm, type TermOwner } from './prepare-term.js';

const INT = nativeCqlType('int')!;

export function prepareConditions(conditions: readonly Condition[], table: TableMetadata, scope: PrepareScope): Condition[] {
  const layout = tableLayout(table);
  const owner: TermOwner = { table, scope };
  return conditions.map((condition) => {
    const column = columnNamed(layout, condition.column);
    if (column.kind === 'partition_key' || column.kind === 'clustering') throw new InvalidRequestError(`PRIMARY KEY column '${column.name}' cannot have IF conditions`);
    if (column.type.kind === 'counter') throw new InvalidRequestError('Conditions on counters are not supported');
    const self = columnReceiver(table, column);
    let element: MarkerReceiver | null = null;
    let value = self;
    if (condition.elementKey !== null) {
      const type = column.type;
      if (type.kind === 'list') {
        element = derivedReceiver(self, `idx(${column.name})`, INT);
        value = derivedReceiver(self, `value(${column.name})`, type.element);
      } else if (type.kind === 'map') {
        element = derivedReceiver(self, `key(${column.name})`, type.key);
        value = derivedReceiver(self, `value(${column.name})`, type.value);
      } else if (type.kind === 'set') {
        throw new InvalidRequestError(`Invalid element access syntax for set column ${column.name}`);
      } else {
        throw new InvalidRequestError(`Invalid element access syntax for non-collection column ${column.name}`);
      }
    }
    const prepared = (term: Term, receiver: MarkerReceiver): Term => prepareCheckedTerm(term, receiver, owner);
    const inValues = condition.inValues;
    const inReceiver = derivedReceiver(value, `in(${value.name})`, listType(value.type));
    return Condition.create({
      column: condition.column,
      operator: condition.operator,
      value: condition.value === null ? null : prepared(condition.value, value),
      inValues: inValues === null ? null : Array.isArray(inValues) ? inValues.map((term) => prepared(term, value)) : (prepared(inValues as BindMarker, inReceiver) as BindMarker),
      elementKey: condition.elementKey === null ? null : prepared(condition.elementKey, element!),
    });
  });
}
