/**
 * The SELECT clause: which values each result row holds and under which names and types.
 * Columns, writetime() and ttl() (from the stored cells), token(), count(*), CAST, native
 * scalar functions and the aggregates (count, min, max, sum, avg) from src/cql/functions.
 * Result column names follow Cassandra 4 (`writetime(v)`, `system.token(k)`, `count`...),
 * which is what drivers expose rows by.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { Cell } from '../../../storage/model/cell.js';
import type { Selector } from '../../ast/selector.js';
import type { SelectorExpression } from '../../ast/selector-expression.js';
import { resolveAggregate, resolveScalarFunction, castFunction } from '../../functions/function-registry.js';
import { longOf } from '../../rows/column-cells.js';
import type { DecodedRow } from '../../rows/decoded-rows.js';
import type { TableLayout } from '../../rows/table-layout.js';
import { isMultiCell, resolveType } from '../../schema/resolve-type.js';
import { formatCqlType, nativeCqlType, type CqlType } from '../../types/cql-type.js';
import { columnNamed } from '../where/where-clause.js';
import type { Schema } from '../../catalog/schema.js';
import type { ExecutionContext } from '../execution-context.js';

export interface ResultColumn {
  readonly name: string;
  readonly type: CqlType;
}

/** One result row's source: the decoded row, its partition's token, and now. */
export interface RowSource {
  readonly row: DecodedRow;
  readonly token: bigint;
  readonly nowSeconds: number;
}

interface Aggregator {
  add(value: unknown): void;
  result(): unknown;
}

/** A compiled selector: a value per row, or an aggregate fed by rows. */
interface Compiled {
  readonly column: ResultColumn;
  readonly aggregate: boolean;
  value(source: RowSource): unknown;
  newAggregator(): Aggregator;
}

export class Selection {
  readonly columns: readonly ResultColumn[];
  readonly isAggregate: boolean;

  private constructor(private readonly compiled: readonly Compiled[]) {
    this.columns = compiled.map((c) => c.column);
    this.isAggregate = compiled.some((c) => c.aggregate);
  }

  static of(layout: TableLayout, selectors: readonly Selector[] | null, schema: Schema, context: ExecutionContext): Selection {
    if (selectors === null) return cachedSelection(layout, ALL_COLUMNS, () => new Selection(layout.allColumns.map((column) => columnValue(column))));
    // Plain column lists (the common SELECT) depend on the table alone: one Selection per
    // statement and table version, not closures per column per execution.
    if (selectors.every(isPlainColumn)) return cachedSelection(layout, selectors, () => new Selection(selectors.map((selector) => aliased(compile(selector.expression, layout, schema, context), selector))));
    return new Selection(selectors.map((selector) => aliased(compile(selector.expression, layout, schema, context), selector)));
  }

  rowValues(source: RowSource): unknown[] {
    return this.compiled.map((c) => c.value(source));
  }

  /** One row over all sources; plain columns beside aggregates take the first row's value, as in Cassandra. */
  aggregate(sources: Iterable<RowSource>): unknown[] {
    const aggregators = this.compiled.map((c) => (c.aggregate ? c.newAggregator() : null));
    let first: unknown[] | null = null;
    for (const source of sources) {
      first ??= this.compiled.map((c) => (c.aggregate ? null : c.value(source)));
      this.compiled.forEach((c, i) => {
        if (c.aggregate) aggregators[i]!.add(source);
      });
    }
    return this.compiled.map((c, i) => (c.aggregate ? aggregators[i]!.result() : (first?.[i] ?? null)));
  }
}

/** Stands for SELECT * in the cache (its selectors are null). */
const ALL_COLUMNS: readonly Selector[] = Object.freeze([]);

/** Selections of plain column lists, by table layout (one per table version) and selector list (one per parsed statement). */
const selections = new WeakMap<TableLayout, WeakMap<readonly Selector[], Selection>>();

function cachedSelection(layout: TableLayout, selectors: readonly Selector[], build: () => Selection): Selection {
  let byStatement = selections.get(layout);
  if (byStatement === undefined) selections.set(layout, (byStatement = new WeakMap()));
  let selection = byStatement.get(selectors);
  if (selection === undefined) byStatement.set(selectors, (selection = build()));
  return selection;
}

function isPlainColumn(selector: Selector): boolean {
  return selector.expression.kind === 'ColumnSelector';
}

function aliased(compiled: Compiled, selector: Selector): Compiled {
  return selector.alias === null ? compiled : { ...compiled, column: { ...compiled.column, name: selector.alias } };
}

function columnValue(column: { readonly name: string; readonly type: CqlType }): Compiled {
  return plain({ name: column.name, type: column.type }, (s) => s.row.values.get(column.name) ?? null);
}

function plain(column: ResultColumn, value: (source: RowSource) => unknown): Compiled {
  return { column, aggregate: false, value, newAggregator: () => { throw new Error('not an aggregate'); } };
}

function compile(expression: SelectorExpression, layout: TableLayout, schema: Schema, context: ExecutionContext): Compiled {
  switch (expression.kind) {
    case 'ColumnSelector':
      return columnValue(columnNamed(layout, expression.name));
    case 'CountRowsSelector':
      return countRows();
    case 'TermSelector': {
      throw new InvalidRequestError('Constants in a selection need a type hint and are not supported yet');
    }
    case 'CastSelector': {
      const inner = compile(expression.value, layout, schema, context);
      const target = resolveType(expression.type, layout.table.keyspace, schema.resolveUserType);
      const cast = castFunction(inner.column.type, target, inner.column.name);
      // A cast to the value's own type is the value, named as it (Cassandra's CastFcts).
      const name = formatCqlType(inner.column.type) === formatCqlType(target) ? inner.column.name : `cast(${inner.column.name} as ${formatCqlType(target)})`;
      return plain({ name, type: target }, (s) => {
        const value = inner.value(s);
        return value === null ? null : cast(value);
      });
    }
    case 'FunctionSelector':
      return compileFunction(expression, layout, schema, context);
  }
}

function compileFunction(
  expression: Extract<SelectorExpression, { kind: 'FunctionSelector' }>,
  layout: TableLayout,
  schema: Schema,
  context: ExecutionContext,
): Compiled {
  const name = expression.name.toLowerCase();
  if (name === 'writetime' || name === 'ttl') {
    const argument = expression.args[0];
    if (expression.args.length !== 1 || argument?.kind !== 'ColumnSelector') throw new InvalidRequestError(`${name} takes exactly one column`);
    const column = columnNamed(layout, argument.name);
    if (column.kind === 'partition_key' || column.kind === 'clustering') throw new InvalidRequestError(`Cannot use selection function ${name === 'ttl' ? 'ttl' : 'writeTime'} on PRIMARY KEY part ${column.name}`);
    if (isMultiCell(column.type)) throw new InvalidRequestError(`Cannot use selection function ${name === 'ttl' ? 'ttl' : 'writeTime'} on non-frozen ${formatCqlType(column.type)} ${column.name}`);
    const cellOf = (s: RowSource): Cell | null => {
      const row = column.kind === 'static' ? s.row.staticRow : s.row.row;
      // One simple column's cell: a scan of the row, not a grouping of all its cells per call.
      return row?.cells.find((cell) => cell.column === column.columnId && cell.value !== null) ?? null;
    };
    if (name === 'writetime') return plain({ name: `writetime(${column.name})`, type: nativeCqlType('bigint')! }, (s) => {
      const cell = cellOf(s);
      return cell === null ? null : longOf(cell.timestamp);
    });
    return plain({ name: `ttl(${column.name})`, type: nativeCqlType('int')! }, (s) => {
      const cell = cellOf(s);
      return cell === null || cell.ttl === 0 ? null : Math.max(0, cell.localDeletionTime - s.nowSeconds);
    });
  }
  if (name === 'token') {
    const names = expression.args.map((a) => (a.kind === 'ColumnSelector' ? a.name : ''));
    const expected = layout.table.partitionKey.map((c) => c.name);
    if (names.join(',') !== expected.join(',')) throw new InvalidRequestError(`Invalid number or type of arguments for function token: expected ${expected.join(', ')}`);
    return plain({ name: `system.token(${names.join(', ')})`, type: nativeCqlType('bigint')! }, (s) => longOf(s.token));
  }
  const args = expression.args.map((arg) => compile(arg, layout, schema, context));
  const argTypes = args.map((a) => a.column.type);
  const argNames = args.map((a) => a.column.name);
  if (name === 'count' || name === 'min' || name === 'max' || name === 'sum' || name === 'avg') {
    if (args.length !== 1) throw new InvalidRequestError(`Invalid number of arguments in call to function system.${name}: 1 required but ${args.length} provided`);
    const aggregate = resolveAggregate(name, argTypes[0]!, { argNames });
    const arg = args[0]!;
    return {
      column: { name: aggregate.columnName(argNames), type: aggregate.returnType },
      aggregate: true,
      value: () => { throw new InvalidRequestError(`Aggregate ${name} used outside an aggregation`); },
      newAggregator: () => {
        const state = aggregate.create();
        return { add: (source) => state.add(arg.value(source as RowSource)), result: () => state.result() };
      },
    };
  }
  const fn = resolveScalarFunction(name, argTypes, { context: { clock: context.clock }, argNames });
  return plain({ name: fn.columnName(argNames), type: fn.returnType }, (s) => fn.apply(args.map((a) => a.value(s))));
}

function countRows(): Compiled {
  return {
    column: { name: 'count', type: nativeCqlType('bigint')! },
    aggregate: true,
    value: () => null,
    newAggregator: () => {
      let count = 0n;
      return { add: () => void count++, result: () => longOf(count) };
    },
  };
}
