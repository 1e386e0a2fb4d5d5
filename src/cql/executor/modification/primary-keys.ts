/**
 * The rows an INSERT, UPDATE or DELETE names: every partition key column by = or IN (their
 * product), and for a row write every clustering column by = or IN. DELETE may name a
 * clustering prefix or a slice instead: a range deletion (range-deletion.ts).
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { TableLayout } from '../../rows/table-layout.js';
import { clusteringBytes, partitionKeyBytes } from '../../rows/row-keys.js';
import type { Filter, WhereClause } from '../where/where-clause.js';
import { rowMatches } from '../select/row-filter.js';

export function partitionKeysOf(layout: TableLayout, where: WhereClause): Uint8Array[] {
  if (where.partitionValues === null) {
    const missing = layout.table.partitionKey.filter((_c, i) => where.partitionValues?.[i] === undefined).map((c) => c.name);
    throw new InvalidRequestError(`Some partition key parts are missing: ${missing.join(', ')}`);
  }
  return product(where.partitionValues).map((values) => partitionKeyBytes(layout, values));
}

export function clusteringsOf(layout: TableLayout, where: WhereClause): Uint8Array[] {
  const { table } = layout;
  if (!where.clusteringComplete || where.sliceStart !== null || where.sliceEnd !== null) {
    const missing = table.clustering.slice(where.clusteringPrefix.length).map((c) => c.name);
    throw new InvalidRequestError(`Some clustering keys are missing: ${missing.join(', ')}`);
  }
  // A multi-column IN gives each column its candidates; only the tuples listed are rows.
  const tuples = where.filters.filter(isTupleFilter);
  const names = table.clustering.map((c) => c.name);
  return product(where.clusteringPrefix)
    .filter((values) => tuples.length === 0 || rowMatches(new Map(values.map((v, i) => [names[i]!, v])), tuples))
    .map((values) => clusteringBytes(layout, values));
}

/** Every combination of one value per position, in order. */
export function product(candidates: ReadonlyArray<readonly unknown[]>): unknown[][] {
  // The common case, one value per position (= on each key column): no combinations to build.
  if (candidates.every((values) => values.length === 1)) return [candidates.map((values) => values[0])];
  let combinations: unknown[][] = [[]];
  for (const values of candidates) {
    combinations = combinations.flatMap((prefix) => values.map((value) => [...prefix, value]));
  }
  return combinations;
}

/**
 * What a modification's WHERE clause may not hold, in the order Cassandra's checks meet it:
 * token(), non-key columns, slices (UPDATE only: a DELETE slice is a range deletion). A partial
 * partition key is left to partitionKeysOf, which names the missing parts.
 */
export function refuseFilters(where: WhereClause, verb: 'UPDATE' | 'DELETE'): void {
  if (where.tokenStart !== null || where.tokenEnd !== null) throw new InvalidRequestError(`The token function cannot be used in WHERE clauses for ${verb} statements`);
  const nonKey = where.filters.find((f) => f.column.kind === 'regular' || f.column.kind === 'static');
  if (nonKey !== undefined) throw new InvalidRequestError(`Non PRIMARY KEY columns found in where clause: ${nonKey.column.name}`);
  if (verb === 'UPDATE' && (where.sliceStart !== null || where.sliceEnd !== null)) {
    throw new InvalidRequestError('Slice restrictions are not supported on the clustering columns in UPDATE statements');
  }
  const other = where.filters.find((f) => f.column.kind !== 'partition_key' && !isTupleFilter(f));
  if (other !== undefined) throw new InvalidRequestError(`Invalid restrictions on ${other.column.name} for ${verb}: only = and IN on the primary key are supported`);
}

function isTupleFilter(filter: Filter): boolean {
  return Array.isArray(filter.mapKey);
}
