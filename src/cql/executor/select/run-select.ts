/**
 * SELECT: the partitions the WHERE clause names (point reads, batched by the engine) or a
 * token-range scan, the clustering slices of each, rows decoded, filtered, limited (LIMIT and
 * PER PARTITION LIMIT), selected, and cut into pages of fetchSize rows with a paging state to
 * go on from. Aggregates read every row and return one.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import { murmur3Token } from '../../../cluster/ring/murmur3.js';
import { isInSlice, type ClusteringSlice } from '../../../storage/model/clustering-slice.js';
import type { LivePartition } from '../../../storage/model/read-filter.js';
import type { SelectStatement } from '../../ast/select-statement.js';
import type { SelectorExpression } from '../../ast/selector-expression.js';
import type { Schema } from '../../catalog/schema.js';
import { rowToJson } from '../../json/row-to-json.js';
import { decodePartitionRows, type DecodedRow } from '../../rows/decoded-rows.js';
import { partitionKeyBytes, partitionKeyValues } from '../../rows/row-keys.js';
import { elementPath } from '../../rows/cell-paths.js';
import { tableLayout, type TableLayout } from '../../rows/table-layout.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import { nativeCqlType } from '../../types/cql-type.js';
import type { ExecutionContext } from '../execution-context.js';
import { product } from '../modification/primary-keys.js';
import { isUnset, termValue } from '../terms.js';
import { clusteringRanges, type ClusteringRange } from '../where/clustering-bounds.js';
import { analyzeWhere, type WhereClause } from '../where/where-clause.js';
import { decodePagingState, encodePagingState, type PagingState } from './paging-state.js';
import { cachedPointRead, rememberPointRead, runPointRead } from './point-read.js';
import { rowMatches } from './row-filter.js';
import { Selection, type ResultColumn, type RowSource } from './selection.js';

export interface RowsResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: unknown[][];
  readonly pageState: Uint8Array | null;
  /** Every value is its column type's serialized bytes or null (ExecutionContext.encodedValues). */
  readonly encoded?: boolean | undefined;
}

const FILTERING_MESSAGE =
  'Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING';

const INT = nativeCqlType('int')!;

interface PartitionRows {
  readonly partition: LivePartition;
  readonly rows: DecodedRow[];
}

/**
 * What a SELECT decides before it reads: every check of its clauses (in Cassandra's order), its
 * WHERE clause sorted, its limits, its selection and the columns its rows will have. Prepare
 * (src/cql/prepare) runs it too, so a prepared statement reports exactly these columns.
 */
export interface SelectPlan {
  readonly layout: TableLayout;
  readonly where: WhereClause;
  readonly reversed: boolean;
  readonly limit: number;
  readonly perPartitionLimit: number;
  readonly selection: Selection;
  /** ORDER BY over partitions named by IN: rows sorted in memory after the read. */
  readonly postOrdering: boolean;
  /** The result's columns: the selection's, or SELECT JSON's one `[json]` column. */
  readonly columns: readonly ResultColumn[];
}

const JSON_COLUMN: ResultColumn = Object.freeze({ name: '[json]', type: nativeCqlType('text')! });

export function planSelect(statement: SelectStatement, table: TableMetadata, schema: Schema, context: ExecutionContext): SelectPlan {
  const layout = tableLayout(table);
  const where = analyzeWhere(layout, statement.where, context, { select: true, allowFiltering: statement.allowFiltering });
  if (where.needsFiltering && !statement.allowFiltering) throw new InvalidRequestError(FILTERING_MESSAGE);
  if (statement.groupBy.length > 0) throw new InvalidRequestError('GROUP BY is not supported by Sibyl yet');
  const reversed = orderingReversed(statement, layout, where);
  const limit = positive(statement.limit, 'limit', 'LIMIT', context);
  const perPartitionLimit = positive(statement.perPartitionLimit, 'per partition limit', 'PER PARTITION LIMIT', context);
  if (statement.distinct) checkDistinct(statement, layout, where);
  if (where.hasClusteringRestrictions && selectsOnlyStaticColumns(statement, layout)) throw new InvalidRequestError('Cannot restrict clustering columns when selecting only static columns');
  const selection = Selection.of(layout, statement.selectors, schema, context);
  if (statement.perPartitionLimit !== null && statement.distinct) throw new InvalidRequestError('PER PARTITION LIMIT is not allowed with SELECT DISTINCT queries');
  if (statement.perPartitionLimit !== null && selection.isAggregate) throw new InvalidRequestError('PER PARTITION LIMIT is not allowed with aggregate queries.');
  // ORDER BY over partitions named by IN sorts every row in memory, so it cannot be paged
  // (Cassandra's needsPostQueryOrdering): refused unless the whole result fits in one page.
  const postOrdering = statement.orderBy.length > 0 && partitionKeyHasIn(statement, layout);
  if (postOrdering && !selection.isAggregate && limit > context.fetchSize) {
    throw new InvalidRequestError(
      'Cannot page queries with both ORDER BY and a IN restriction on the partition key; you must either remove the ORDER BY or the IN and sort client side, or disable paging for this query',
    );
  }
  const columns = statement.json ? [JSON_COLUMN] : selection.columns;
  return { layout, where, reversed, limit, perPartitionLimit, selection, postOrdering, columns };
}

export async function runSelect(statement: SelectStatement, table: TableMetadata, schema: Schema, context: ExecutionContext): Promise<RowsResult> {
  const point = cachedPointRead(statement, table, schema, context);
  if (point !== null) return runPointRead(point, context);
  const plan = planSelect(statement, table, schema, context);
  rememberPointRead(statement, schema, context, plan);
  const { layout, where, reversed, limit, perPartitionLimit, selection, postOrdering, columns } = plan;
  // An aggregate's LIMIT counts the rows it returns (one), not the rows it reads.
  const readsEverything = selection.isAggregate || postOrdering;
  const nowSeconds = context.clock.nowSeconds();
  const ranges = where.hasClusteringRestrictions && !statement.distinct ? clusteringRanges(layout, where) : null;
  const filters = where.filters;
  // A partition with static values and no row reads as one row only when the query asks for
  // whole partitions (Cassandra's returnStaticContentOnPartitionWithNoRows).
  const wholePartitions = !where.hasClusteringRestrictions && !filters.some((f) => f.column.kind === 'regular');

  const resume = context.pageState === null || readsEverything ? null : decodePagingState(context.pageState);
  let remaining = readsEverything ? Infinity : (resume?.remaining ?? limit);
  const pageSize = readsEverything ? Infinity : Math.min(context.fetchSize, remaining);
  const out: RowSource[] = [];
  let stop: PagingState | null = null;

  // Takes one partition's rows into the page; true once the page or the limit is full.
  const take = ({ partition, rows }: PartitionRows): boolean => {
    let taken = resume !== null && bytesEqual(partition.key, resume.key) ? resume.rowsInPartition : 0;
    const candidates = statement.distinct ? rows.slice(0, 1) : rows;
    for (const row of candidates) {
      if (taken >= perPartitionLimit) break;
      if (row.row === null && !wholePartitions) continue;
      if (filters.length > 0 && !rowMatches(row.values, filters)) continue;
      out.push({ row, token: partition.token, nowSeconds });
      taken++;
      remaining--;
      if (remaining <= 0) break;
      if (out.length >= pageSize) {
        // A static-only row (row.row null) ends its partition: the next page starts after it.
        stop = { key: partition.key, clustering: statement.distinct ? null : (row.row?.clustering ?? null), remaining, rowsInPartition: taken };
        break;
      }
    }
    return stop !== null || remaining <= 0;
  };
  const scope: ReadScope = { layout, where, orderedRanges: ranges === null ? null : reversed ? [...ranges].reverse() : ranges, reversed, resume, context };
  if (where.partitionValues !== null) await eachNamedPartition(scope, take);
  else for await (const partition of scannedPartitions(scope)) if (take(partition)) break;

  if (postOrdering) {
    out.sort(rowOrder(statement, layout));
    out.length = Math.min(out.length, limit);
  }
  let values = selection.isAggregate ? [selection.aggregate(out)] : out.map((source) => selection.rowValues(source));
  if (statement.json) values = values.map((row) => [rowToJson(selection.columns, row)]);
  return {
    columns,
    rows: values,
    pageState: stop === null || remaining <= 0 ? null : encodePagingState(stop),
  };
}

/**
 * Rows after the paging state's clustering, in the partition the previous page ended in.
 */
function afterResume(partition: LivePartition, rows: DecodedRow[], resume: PagingState | null, reversed: boolean): DecodedRow[] {
  if (resume === null || resume.clustering === null || !bytesEqual(partition.key, resume.key)) return rows;
  const last = resume.clustering;
  return rows.filter((r) => r.row !== null && (reversed ? Buffer.compare(r.row.clustering, last) < 0 : Buffer.compare(r.row.clustering, last) > 0));
}

/**
 * Partitions named by = / IN, each handed to `take` until it says the page is full. They come
 * in the order of their key values (Cassandra builds them into a set ordered by the partition
 * key's types), not in token order. A plain async loop rather than an async generator: a point
 * read is the hottest SELECT, and a generator cost a promise and an iterator result per step.
 */
async function eachNamedPartition(scope: ReadScope, take: (partition: PartitionRows) => boolean): Promise<void> {
  const { layout, where, orderedRanges, reversed, resume, context } = scope;
  const named = product(where.partitionValues!);
  const keys = named.map((values) => ({ key: partitionKeyBytes(layout, values), order: named.length === 1 ? null : keyOrder(layout, values) }));
  if (keys.length > 1) keys.sort((a, b) => compareKeyOrder(a.order!, b.order!));
  const resumeOrder = resume === null ? null : keyOrder(layout, partitionKeyValues(layout, resume.key));
  for (const { key, order } of keys) {
    // token() bounds beside = / IN on the partition key filter the keys (Cassandra's TokenFilter).
    if (!tokenInRange(murmur3Token(key), where)) continue;
    if (resumeOrder !== null) {
      const position = compareKeyOrder(order ?? keyOrder(layout, partitionKeyValues(layout, key)), resumeOrder);
      if (position < 0 || (position === 0 && resume!.clustering === null)) continue;
    }
    const sliced = await readSlices(context, layout.table.id, key, orderedRanges, reversed);
    if (sliced === null) continue;
    const rows = afterResume(sliced, decodePartitionRows(layout, sliced), resume, reversed);
    if (rows.length > 0 && take({ partition: sliced, rows })) return;
  }
}

/** Partitions of a token-range scan, in (token, key) order, from where the paging state left off. */
async function* scannedPartitions(scope: ReadScope): AsyncGenerator<PartitionRows> {
  const { layout, where, orderedRanges, reversed, resume, context } = scope;
  const resumeToken = resume === null ? null : murmur3Token(resume.key);
  const startToken = resumeToken !== null ? resumeToken - 1n : where.tokenStart === null ? undefined : where.tokenStart.inclusive ? where.tokenStart.token - 1n : where.tokenStart.token;
  const endToken = where.tokenEnd === null ? undefined : where.tokenEnd.inclusive ? where.tokenEnd.token : where.tokenEnd.token - 1n;
  const range: { startToken?: bigint; endToken?: bigint } = {};
  if (startToken !== undefined) range.startToken = startToken;
  if (endToken !== undefined) range.endToken = endToken;
  for await (const partition of context.engine.scan(layout.table.id, range)) {
    if (resume !== null) {
      // Scans come in (token, key) order: skip what the previous pages returned.
      const order = partition.token !== resumeToken ? (partition.token < resumeToken! ? -1 : 1) : Buffer.compare(partition.key, resume.key);
      if (order < 0 || (order === 0 && resume.clustering === null)) continue;
    }
    let rows = partition.rows;
    if (orderedRanges !== null) rows = rows.filter((row) => orderedRanges.some((r) => isInSlice(row.clustering, sliceOf(r, false))));
    if (reversed) rows = [...rows].reverse();
    const live = { ...partition, rows };
    const decoded = afterResume(live, decodePartitionRows(layout, live), resume, reversed);
    if (decoded.length > 0) yield { partition: live, rows: decoded };
  }
}

/** What a SELECT reads and from where: its table, WHERE clause, clustering ranges in read order, paging state. */
interface ReadScope {
  readonly layout: TableLayout;
  readonly where: WhereClause;
  readonly orderedRanges: readonly ClusteringRange[] | null;
  readonly reversed: boolean;
  readonly resume: PagingState | null;
  readonly context: ExecutionContext;
}

async function readSlices(context: ExecutionContext, tableId: number, key: Uint8Array, ranges: readonly ClusteringRange[] | null, reversed: boolean): Promise<LivePartition | null> {
  if (ranges === null) return context.engine.read(tableId, key, reversed ? FULL_REVERSED : FULL);
  const parts = await Promise.all(ranges.map((range) => context.engine.read(tableId, key, sliceOf(range, reversed))));
  const found = parts.filter((p): p is LivePartition => p !== null);
  if (found.length === 0) return null;
  return { ...found[0]!, rows: found.flatMap((p) => p.rows) };
}

const FULL: ClusteringSlice = Object.freeze({ start: { prefix: new Uint8Array(0), inclusive: true }, end: { prefix: new Uint8Array(0), inclusive: true }, reversed: false, limit: Infinity });
const FULL_REVERSED: ClusteringSlice = Object.freeze({ ...FULL, reversed: true });

function sliceOf(range: ClusteringRange, reversed: boolean): ClusteringSlice {
  return { start: range.start, end: range.end, reversed, limit: Infinity };
}

function orderingReversed(statement: SelectStatement, layout: TableLayout, where: WhereClause): boolean {
  if (statement.orderBy.length === 0) return false;
  if (where.partitionValues === null) throw new InvalidRequestError('ORDER BY is only supported when the partition key is restricted by an EQ or an IN.');
  const clustering = layout.table.clustering;
  let reversed: boolean | null = null;
  statement.orderBy.forEach((ordering, i) => {
    const column = clustering[i];
    if (column === undefined || column.name !== ordering.column) {
      const named = layout.byName.get(ordering.column);
      if (named === undefined) throw new InvalidRequestError(`Undefined column name ${ordering.column}`);
      if (named.kind !== 'clustering') throw new InvalidRequestError(`Order by is currently only supported on the clustered columns of the PRIMARY KEY, got ${ordering.column}`);
      throw new InvalidRequestError('Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY');
    }
    const thisReversed = (ordering.order === 'DESC') !== (column.order === 'desc');
    if (reversed !== null && reversed !== thisReversed) throw new InvalidRequestError('Unsupported order by relation');
    reversed = thisReversed;
  });
  return reversed ?? false;
}

/** LIMIT or PER PARTITION LIMIT, as Cassandra's getLimit reads it: unset is no limit. */
function positive(term: SelectStatement['limit'], name: string, what: string, context: ExecutionContext): number {
  if (term === null) return Infinity;
  const value = termValue(term, { name: `[${name}]`, type: INT }, context);
  if (value === null) throw new InvalidRequestError(`Invalid null value of ${name}`);
  if (isUnset(value)) return Infinity;
  if (!(Number(value) > 0)) throw new InvalidRequestError(`${what} must be strictly positive`);
  return Number(value);
}

/** Cassandra's Selection.containsOnlyStaticColumns: some static column, and no clustering or regular one. */
function selectsOnlyStaticColumns(statement: SelectStatement, layout: TableLayout): boolean {
  if (statement.selectors === null) return false;
  const kinds = new Set<string>();
  const visit = (expression: SelectorExpression): void => {
    if (expression.kind === 'ColumnSelector') kinds.add(layout.byName.get(expression.name)?.kind ?? 'unknown');
    else if (expression.kind === 'CastSelector') visit(expression.value);
    else if (expression.kind === 'FunctionSelector') expression.args.forEach(visit);
  };
  statement.selectors.forEach((selector) => visit(selector.expression));
  return kinds.has('static') && [...kinds].every((kind) => kind === 'static' || kind === 'partition_key');
}

function partitionKeyHasIn(statement: SelectStatement, layout: TableLayout): boolean {
  return statement.where.some((r) => r.kind === 'SingleColumnRelation' && r.operator === 'IN' && layout.byName.get(r.column)?.kind === 'partition_key');
}

/** The order ORDER BY asks for, on its columns' values: rows of different partitions compared. */
function rowOrder(statement: SelectStatement, layout: TableLayout): (a: RowSource, b: RowSource) => number {
  const orderings = statement.orderBy.map((o) => ({ name: o.column, type: layout.byName.get(o.column)!.type, sign: o.order === 'DESC' ? -1 : 1 }));
  return (a, b) => {
    for (const { name, type, sign } of orderings) {
      const x = a.row.values.get(name) ?? null;
      const y = b.row.values.get(name) ?? null;
      // A static-only row has no clustering value: it sorts first, as an empty value would.
      const order = x === null || y === null ? Number(y === null) - Number(x === null) : Buffer.compare(elementPath(type, x), elementPath(type, y));
      if (order !== 0) return order * sign;
    }
    return 0;
  };
}

function checkDistinct(statement: SelectStatement, layout: TableLayout, where: WhereClause): void {
  if (where.hasClusteringRestrictions || where.filters.some((f) => f.column.kind === 'regular' || f.column.kind === 'clustering')) {
    throw new InvalidRequestError('SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.');
  }
  for (const selector of statement.selectors ?? []) {
    const expression = selector.expression;
    if (expression.kind === 'ColumnSelector') {
      const column = layout.byName.get(expression.name);
      if (column !== undefined && column.kind !== 'partition_key' && column.kind !== 'static') {
        throw new InvalidRequestError(`SELECT DISTINCT queries must only request partition key columns and/or static columns (not ${column.name})`);
      }
    }
  }
  if (statement.selectors === null && (layout.table.clustering.length > 0 || layout.table.regular.length > 0)) {
    throw new InvalidRequestError('SELECT DISTINCT queries must only request partition key columns and/or static columns (not all columns)');
  }
}

function tokenInRange(token: bigint, where: WhereClause): boolean {
  const { tokenStart: start, tokenEnd: end } = where;
  if (start !== null && (token < start.token || (token === start.token && !start.inclusive))) return false;
  if (end !== null && (token > end.token || (token === end.token && !end.inclusive))) return false;
  return true;
}

/** A partition key's values as byte strings that sort as CQL orders each component's type. */
function keyOrder(layout: TableLayout, values: readonly unknown[]): Buffer[] {
  return values.map((value, i) => Buffer.from(elementPath(layout.partitionTypes[i]!, value)));
}

function compareKeyOrder(a: readonly Buffer[], b: readonly Buffer[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = Buffer.compare(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return 0;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
