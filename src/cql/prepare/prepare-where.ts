/**
 * A WHERE clause's markers, named as Cassandra's relations name them (SingleColumnRelation,
 * MultiColumnRelation, TokenRelation and the markers of AbstractMarker/Tuples):
 *
 *   c = ?, c > ?, c IN (?, ?)     c itself (a target: it feeds the partition key indexes)
 *   c IN ?                        in(c), a list of c's type
 *   l CONTAINS ?                  value(l): the element type (a map's value type)
 *   m CONTAINS KEY ?              key(m)
 *   m[?] = ?                      key(m), value(m)
 *   (a, b) = ?, (a, b) IN (?, ?)  (a,b): a tuple of their types
 *   (a, b) = (?, ?)               a, b themselves
 *   (a, b) IN ?                   in(a,b): a list of those tuples
 *   token(k) > ?                  partition key token: bigint (Murmur3's token type)
 *
 * A relation the column cannot take (CONTAINS on an int) keeps the column as receiver: the
 * executor's where-clause analysis, which runs on the rewritten clause, refuses it with its
 * own message before it evaluates any value.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { BindMarker } from '../ast/bind-marker.js';
import { MultiColumnRelation } from '../ast/multi-column-relation.js';
import type { Relation } from '../ast/relation.js';
import { SingleColumnRelation } from '../ast/single-column-relation.js';
import type { Term } from '../ast/term.js';
import { TokenRelation } from '../ast/token-relation.js';
import { TupleLiteral } from '../ast/tuple-literal.js';
import { columnNamed } from '../executor/where/where-clause.js';
import { tableLayout } from '../rows/table-layout.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { listType, nativeCqlType, tupleType } from '../types/cql-type.js';
import { termText } from '../values/term-text.js';
import { columnReceiver, derivedReceiver, type MarkerReceiver } from './marker-receiver.js';
import type { PrepareScope } from './prepare-scope.js';
import { containsMarker, prepareTerm, type TermOwner } from './prepare-term.js';

const BIGINT = nativeCqlType('bigint')!;

export function prepareWhere(relations: readonly Relation[], table: TableMetadata, scope: PrepareScope): Relation[] {
  const owner = { table, scope };
  return relations.map((relation) => {
    switch (relation.kind) {
      case 'SingleColumnRelation':
        return prepareSingleColumn(relation, table, owner);
      case 'MultiColumnRelation':
        return prepareMultiColumn(relation, table, owner);
      case 'TokenRelation': {
        const receiver = derivedReceiver({ keyspace: table.keyspace, table: table.name }, 'partition key token', BIGINT);
        return TokenRelation.create({ columns: relation.columns, operator: relation.operator, value: prepareTerm(relation.value, receiver, owner) });
      }
    }
  });
}

function prepareSingleColumn(relation: SingleColumnRelation, table: TableMetadata, owner: TermOwner): SingleColumnRelation {
  const column = columnNamed(tableLayout(table), relation.column);
  const self = columnReceiver(table, column);
  const { key, value } = elementReceivers(relation, column, self);
  const inValues = relation.inValues;
  return SingleColumnRelation.create({
    column: relation.column,
    operator: relation.operator,
    value: relation.value === null ? null : prepareTerm(relation.value, value, owner),
    inValues:
      inValues === null
        ? null
        : isMarkerList(inValues)
          ? (prepareTerm(inValues, derivedReceiver(self, `in(${column.name})`, listType(column.type)), owner) as BindMarker)
          : inValues.map((term) => prepareTerm(term, self, owner)),
    mapKey: relation.mapKey === null ? null : prepareTerm(relation.mapKey, key, owner),
  });
}

/** What `m[key] = value`, CONTAINS and CONTAINS KEY compare to (CollectionType.makeCollectionReceiver). */
function elementReceivers(relation: SingleColumnRelation, column: ColumnMetadata, self: MarkerReceiver): { key: MarkerReceiver; value: MarkerReceiver } {
  const type = column.type;
  const name = column.name;
  if (relation.mapKey !== null && type.kind === 'map') {
    return { key: derivedReceiver(self, `key(${name})`, type.key), value: derivedReceiver(self, `value(${name})`, type.value) };
  }
  if (relation.operator === 'CONTAINS') {
    if (type.kind === 'list' || type.kind === 'set') return { key: self, value: derivedReceiver(self, `value(${name})`, type.element) };
    if (type.kind === 'map') return { key: self, value: derivedReceiver(self, `value(${name})`, type.value) };
  }
  if (relation.operator === 'CONTAINS KEY' && type.kind === 'map') return { key: self, value: derivedReceiver(self, `key(${name})`, type.key) };
  return { key: self, value: self };
}

function prepareMultiColumn(relation: MultiColumnRelation, table: TableMetadata, owner: TermOwner): MultiColumnRelation {
  const layout = tableLayout(table);
  const receivers = relation.columns.map((name) => columnReceiver(table, columnNamed(layout, name)));
  const names = receivers.map((r) => r.name).join(',');
  const tuple = derivedReceiver(receivers[0]!, `(${names})`, tupleType(receivers.map((r) => r.type)));
  const prepareValue = (term: TupleLiteral | BindMarker): TupleLiteral | BindMarker => {
    if (term.kind === 'BindMarker') return prepareTerm(term, tuple, owner) as BindMarker;
    // Tuples.Literal.prepare for a list of receivers: one element per column, each for its column.
    if (term.elements.length !== receivers.length) {
      throw new InvalidRequestError(`Expected ${receivers.length} elements in value tuple, but got ${term.elements.length}: ${termText(term)}`);
    }
    if (!containsMarker(term)) return term;
    return TupleLiteral.create({ elements: term.elements.map((element, i) => prepareTerm(element, receivers[i]!, owner)) });
  };
  const inValues = relation.inValues;
  return MultiColumnRelation.create({
    columns: relation.columns,
    operator: relation.operator,
    value: relation.value === null ? null : prepareValue(relation.value),
    inValues:
      inValues === null
        ? null
        : isMarkerList(inValues)
          ? (prepareTerm(inValues, derivedReceiver(tuple, `in(${names})`, listType(tuple.type)), owner) as BindMarker)
          : inValues.map(prepareValue),
  });
}

/** `IN ?`: one marker for the whole list (the AST's inValues is then the marker itself). */
function isMarkerList<T extends Term>(inValues: readonly T[] | BindMarker): inValues is BindMarker {
  return !Array.isArray(inValues);
}
