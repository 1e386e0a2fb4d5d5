/**
 * fast-check arbitraries of data statement ASTs the parser can produce, for the round-trip
 * property (print, parse, compare). Bind marker indexes are left at 0: the test compares
 * structure with indexes erased and checks the numbering separately. Shapes the parser reads
 * differently by design are not generated: an empty set (`{}` is a map), a function call or a
 * tuple as a bare selector, `count(1)` as a function.
 */

import fc from 'fast-check';
import type { Assignment } from '../../../../src/cql/ast/assignment.js';
import type { BatchStatement } from '../../../../src/cql/ast/batch-statement.js';
import type { BindMarker } from '../../../../src/cql/ast/bind-marker.js';
import type { Condition } from '../../../../src/cql/ast/condition.js';
import type { DeleteStatement } from '../../../../src/cql/ast/delete-statement.js';
import type { DescribeStatement } from '../../../../src/cql/ast/describe-statement.js';
import type { InsertStatement } from '../../../../src/cql/ast/insert-statement.js';
import type { Literal } from '../../../../src/cql/ast/literal.js';
import type { QualifiedName } from '../../../../src/cql/ast/qualified-name.js';
import type { Relation } from '../../../../src/cql/ast/relation.js';
import type { SelectStatement } from '../../../../src/cql/ast/select-statement.js';
import type { SelectorExpression } from '../../../../src/cql/ast/selector-expression.js';
import type { Term } from '../../../../src/cql/ast/term.js';
import type { TupleLiteral } from '../../../../src/cql/ast/tuple-literal.js';
import type { TypeExpression } from '../../../../src/cql/ast/type-expression.js';
import type { UpdateStatement } from '../../../../src/cql/ast/update-statement.js';
import type { UsingClause } from '../../../../src/cql/ast/using-clause.js';
import { nativeCqlTypeKinds } from '../../../../src/cql/types/cql-type.js';
import type { DataStatement } from './cql-printer.js';

/** Names: plain, keyword-like (printed quoted), mixed case and odd characters (quoted). */
export const nameArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('k', 'v', 'c1', 'my_col', 'ks', 't', 'addr', 'f') },
  { weight: 1, arbitrary: fc.constantFrom('key', 'ttl', 'json', 'exists', 'type', 'count', 'token', 'select', 'from', 'true', 'NaN') },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '"', ' ', '_', '1', 'é'), minLength: 1, maxLength: 5 }) },
);

const qualifiedArbitrary: fc.Arbitrary<QualifiedName> = fc.record({
  kind: fc.constant('QualifiedName' as const),
  keyspace: fc.option(nameArbitrary, { nil: null }),
  name: nameArbitrary,
});

const markerArbitrary: fc.Arbitrary<BindMarker> = fc.record({
  kind: fc.constant('BindMarker' as const),
  index: fc.constant(0),
  name: fc.option(nameArbitrary, { nil: null }),
});

const signed = (texts: fc.Arbitrary<string>) => fc.tuple(fc.boolean(), texts).map(([minus, text]) => (minus ? `-${text}` : text));

const literalArbitrary: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ maxLength: 6 }).map((text) => ({ type: 'string' as const, text })),
  signed(fc.bigInt({ min: 0n, max: 1n << 70n }).map(String)).map((text) => ({ type: 'integer' as const, text })),
  fc.oneof(
    signed(fc.constantFrom('1.5', '0.0', '2.', '1e10', '1.5E-3', 'Infinity')),
    fc.constant('NaN'),
  ).map((text) => ({ type: 'float' as const, text })),
  fc.constantFrom('true', 'false').map((text) => ({ type: 'boolean' as const, text })),
  fc.uuid().map((text) => ({ type: 'uuid' as const, text })),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 8 }).map((hex) => ({ type: 'blob' as const, text: `0x${hex}` })),
  signed(fc.constantFrom('1h30m', '2d', '12mo3d', '3us', '10ns', '1y2mo', 'P1Y2M', 'PT1H', 'P2W')).map((text) => ({ type: 'duration' as const, text })),
  fc.constant({ type: 'null' as const, text: 'null' }),
).map((literal) => ({ kind: 'Literal' as const, ...literal }));

export const typeArbitrary: fc.Arbitrary<TypeExpression> = fc.letrec<{ type: TypeExpression }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...nativeCqlTypeKinds).map((kind) => ({ kind })),
    fc.record({ kind: fc.constant('UserTypeReference' as const), keyspace: fc.option(nameArbitrary, { nil: null }), name: nameArbitrary, frozen: fc.boolean() }),
    fc.record({ kind: fc.constantFrom('list' as const, 'set' as const), element: tie('type'), frozen: fc.boolean() }),
    fc.record({ kind: fc.constant('map' as const), key: tie('type'), value: tie('type'), frozen: fc.boolean() }),
    fc.record({ kind: fc.constant('tuple' as const), elements: fc.array(tie('type'), { minLength: 1, maxLength: 3 }), frozen: fc.boolean() }),
  ),
})).type;

const termTie = fc.letrec<{ term: Term; tuple: TupleLiteral }>((tie) => {
  const terms = (minLength: number) => fc.array(tie('term'), { minLength, maxLength: 3 });
  return {
    term: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      literalArbitrary,
      markerArbitrary,
      fc.record({ kind: fc.constant('ListLiteral' as const), elements: terms(0) }),
      fc.record({ kind: fc.constant('SetLiteral' as const), elements: terms(1) }),
      fc.record({ kind: fc.constant('MapLiteral' as const), entries: fc.array(fc.record({ key: tie('term'), value: tie('term') }), { maxLength: 3 }) }),
      tie('tuple'),
      fc.record({ kind: fc.constant('UserTypeLiteral' as const), fields: fc.array(fc.record({ name: nameArbitrary, value: tie('term') }), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('FunctionCall' as const), keyspace: fc.option(nameArbitrary, { nil: null }), name: nameArbitrary, args: terms(0) }),
      fc.record({ kind: fc.constant('TypeHint' as const), type: typeArbitrary, value: tie('term') }),
    ),
    tuple: fc.record({ kind: fc.constant('TupleLiteral' as const), elements: terms(1) }),
  };
});

export const termArbitrary: fc.Arbitrary<Term> = termTie.term;
const tupleArbitrary: fc.Arbitrary<TupleLiteral> = termTie.tuple;

const intValueArbitrary: fc.Arbitrary<Term> = fc.oneof(
  markerArbitrary,
  signed(fc.nat().map(String)).map((text) => ({ kind: 'Literal' as const, type: 'integer' as const, text })),
);

const comparisonArbitrary = fc.constantFrom('=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const, '!=' as const);
const inValuesArbitrary = fc.oneof(fc.array(termArbitrary, { maxLength: 3 }), markerArbitrary);

const relationArbitrary: fc.Arbitrary<Relation> = fc.oneof(
  fc.record({
    kind: fc.constant('SingleColumnRelation' as const), column: nameArbitrary,
    operator: fc.constantFrom('=' as const, '<' as const, '>=' as const, '!=' as const, 'CONTAINS' as const, 'CONTAINS KEY' as const, 'LIKE' as const),
    value: termArbitrary, inValues: fc.constant(null), mapKey: fc.constant(null),
  }),
  fc.record({
    kind: fc.constant('SingleColumnRelation' as const), column: nameArbitrary, operator: fc.constant('IN' as const),
    value: fc.constant(null), inValues: inValuesArbitrary, mapKey: fc.constant(null),
  }),
  fc.record({
    kind: fc.constant('SingleColumnRelation' as const), column: nameArbitrary, operator: comparisonArbitrary,
    value: termArbitrary, inValues: fc.constant(null), mapKey: termArbitrary,
  }),
  fc.record({
    kind: fc.constant('MultiColumnRelation' as const), columns: fc.array(nameArbitrary, { minLength: 1, maxLength: 3 }),
    operator: comparisonArbitrary, value: fc.oneof(tupleArbitrary, markerArbitrary), inValues: fc.constant(null),
  }),
  fc.record({
    kind: fc.constant('MultiColumnRelation' as const), columns: fc.array(nameArbitrary, { minLength: 1, maxLength: 3 }),
    operator: fc.constant('IN' as const), value: fc.constant(null),
    inValues: fc.oneof(fc.array(fc.oneof(tupleArbitrary, markerArbitrary), { maxLength: 3 }), markerArbitrary),
  }),
  fc.record({
    kind: fc.constant('TokenRelation' as const), columns: fc.array(nameArbitrary, { minLength: 1, maxLength: 3 }),
    operator: fc.constantFrom('=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const), value: termArbitrary,
  }),
);

const whereArbitrary = fc.array(relationArbitrary, { minLength: 1, maxLength: 3 });

/** A term that stands as a selector by itself (a call or a tuple would be read as a selector of its own). */
const selectorTermArbitrary = termArbitrary.filter((t) => t.kind !== 'FunctionCall' && t.kind !== 'TupleLiteral');

const selectorArbitrary: fc.Arbitrary<SelectorExpression> = fc.letrec<{ selector: SelectorExpression }>((tie) => ({
  selector: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nameArbitrary.map((name) => ({ kind: 'ColumnSelector' as const, name })),
    fc.constant({ kind: 'CountRowsSelector' as const }),
    selectorTermArbitrary.map((term) => ({ kind: 'TermSelector' as const, term })),
    fc.tuple(fc.constantFrom('writetime', 'maxwritetime', 'ttl', 'count'), nameArbitrary).map(([name, column]) => ({
      kind: 'FunctionSelector' as const, keyspace: null, name, args: [{ kind: 'ColumnSelector' as const, name: column }],
    })),
    fc.record({
      kind: fc.constant('FunctionSelector' as const), keyspace: fc.option(nameArbitrary, { nil: null }),
      name: nameArbitrary.filter((n) => n !== 'count' && n !== 'ttl'), args: fc.array(tie('selector'), { maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('CastSelector' as const), value: tie('selector'), type: fc.constantFrom(...nativeCqlTypeKinds).map((kind) => ({ kind })) }),
  ),
})).selector;

export const selectArbitrary: fc.Arbitrary<SelectStatement> = fc.record({
  kind: fc.constant('SelectStatement' as const),
  table: qualifiedArbitrary,
  json: fc.boolean(),
  distinct: fc.boolean(),
  selectors: fc.option(fc.array(fc.record({ kind: fc.constant('Selector' as const), expression: selectorArbitrary, alias: fc.option(nameArbitrary, { nil: null }) }), { minLength: 1, maxLength: 3 }), { nil: null }),
  where: fc.array(relationArbitrary, { maxLength: 3 }),
  groupBy: fc.array(nameArbitrary, { maxLength: 2 }),
  orderBy: fc.array(fc.record({ column: nameArbitrary, order: fc.constantFrom('ASC' as const, 'DESC' as const) }), { maxLength: 2 }),
  perPartitionLimit: fc.option(intValueArbitrary, { nil: null }),
  limit: fc.option(intValueArbitrary, { nil: null }),
  allowFiltering: fc.boolean(),
});

const usingArbitrary = (withTtl: boolean): fc.Arbitrary<UsingClause> => fc.record({
  kind: fc.constant('UsingClause' as const),
  ttl: withTtl ? fc.option(intValueArbitrary, { nil: null }) : fc.constant(null),
  timestamp: fc.option(intValueArbitrary, { nil: null }),
});

export const insertArbitrary: fc.Arbitrary<InsertStatement> = fc.oneof(
  fc.tuple(qualifiedArbitrary, fc.array(fc.tuple(nameArbitrary, termArbitrary), { minLength: 1, maxLength: 3 }), fc.boolean(), usingArbitrary(true))
    .map(([table, pairs, ifNotExists, using]) => ({
      kind: 'InsertStatement' as const, table, columns: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]),
      json: null, defaultUnset: false, ifNotExists, using,
    })),
  fc.record({
    kind: fc.constant('InsertStatement' as const), table: qualifiedArbitrary, columns: fc.constant([]), values: fc.constant([]),
    json: fc.oneof(markerArbitrary, fc.string({ maxLength: 8 }).map((text) => ({ kind: 'Literal' as const, type: 'string' as const, text }))),
    defaultUnset: fc.boolean(), ifNotExists: fc.boolean(), using: usingArbitrary(true),
  }),
);

const assignmentArbitrary: fc.Arbitrary<Assignment> = fc.record({
  kind: fc.constant('Assignment' as const),
  column: nameArbitrary,
  operation: fc.oneof(
    fc.record({ op: fc.constantFrom('set' as const, 'add' as const, 'subtract' as const, 'prepend' as const), value: termArbitrary }),
    fc.record({ op: fc.constant('setElement' as const), key: termArbitrary, value: termArbitrary }),
    fc.record({ op: fc.constant('setField' as const), field: nameArbitrary, value: termArbitrary }),
  ),
});

const conditionArbitrary: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    kind: fc.constant('Condition' as const), column: nameArbitrary, operator: comparisonArbitrary,
    value: termArbitrary, inValues: fc.constant(null), elementKey: fc.option(termArbitrary, { nil: null }),
  }),
  fc.record({
    kind: fc.constant('Condition' as const), column: nameArbitrary, operator: fc.constantFrom('CONTAINS' as const, 'CONTAINS KEY' as const),
    value: termArbitrary, inValues: fc.constant(null), elementKey: fc.constant(null),
  }),
  fc.record({
    kind: fc.constant('Condition' as const), column: nameArbitrary, operator: fc.constant('IN' as const),
    value: fc.constant(null), inValues: inValuesArbitrary, elementKey: fc.option(termArbitrary, { nil: null }),
  }),
);

/** IF EXISTS, IF conditions, or nothing. */
const ifArbitrary = fc.oneof(
  fc.constant({ ifExists: false, conditions: [] as Condition[] }),
  fc.constant({ ifExists: true, conditions: [] as Condition[] }),
  fc.array(conditionArbitrary, { minLength: 1, maxLength: 3 }).map((conditions) => ({ ifExists: false, conditions })),
);

export const updateArbitrary: fc.Arbitrary<UpdateStatement> = fc.tuple(
  // One SET item per column: two on one column may be a syntax error (parse-update.ts).
  qualifiedArbitrary, usingArbitrary(true), fc.uniqueArray(assignmentArbitrary, { selector: (a) => a.column, minLength: 1, maxLength: 3 }), whereArbitrary, ifArbitrary,
).map(([table, using, assignments, where, ifClause]) => ({ kind: 'UpdateStatement' as const, table, using, assignments, where, ...ifClause }));

export const deleteArbitrary: fc.Arbitrary<DeleteStatement> = fc.tuple(
  qualifiedArbitrary,
  fc.array(fc.oneof(
    nameArbitrary.map((column) => ({ kind: 'DeleteTarget' as const, column, elementKey: null, field: null })),
    fc.record({ kind: fc.constant('DeleteTarget' as const), column: nameArbitrary, elementKey: termArbitrary, field: fc.constant(null) }),
    fc.record({ kind: fc.constant('DeleteTarget' as const), column: nameArbitrary, elementKey: fc.constant(null), field: nameArbitrary }),
  ), { maxLength: 3 }),
  usingArbitrary(false), whereArbitrary, ifArbitrary,
).map(([table, targets, using, where, ifClause]) => ({ kind: 'DeleteStatement' as const, table, targets, using, where, ...ifClause }));

export const batchArbitrary: fc.Arbitrary<BatchStatement> = fc.record({
  kind: fc.constant('BatchStatement' as const),
  type: fc.constantFrom('LOGGED' as const, 'UNLOGGED' as const, 'COUNTER' as const),
  using: usingArbitrary(false),
  statements: fc.array(fc.oneof(insertArbitrary, updateArbitrary, deleteArbitrary), { maxLength: 3 }),
});

export const describeArbitrary: fc.Arbitrary<DescribeStatement> = fc.oneof(
  fc.constantFrom('cluster', 'schema', 'full-schema', 'keyspaces', 'tables', 'types').map((target) => ({ target, keyspace: null, name: null })),
  fc.option(nameArbitrary, { nil: null }).map((keyspace) => ({ target: 'keyspace' as const, keyspace, name: null })),
  fc.tuple(fc.constantFrom('table' as const, 'type' as const, 'name' as const), fc.option(nameArbitrary, { nil: null }), nameArbitrary)
    .map(([target, keyspace, name]) => ({ target, keyspace, name })),
).map((props) => ({ kind: 'DescribeStatement' as const, ...props }) as DescribeStatement);

export const dataStatementArbitrary: fc.Arbitrary<DataStatement> = fc.oneof(
  selectArbitrary, insertArbitrary, updateArbitrary, deleteArbitrary, batchArbitrary, describeArbitrary,
);
