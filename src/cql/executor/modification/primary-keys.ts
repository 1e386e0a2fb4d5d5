/**
 * The rows an INSERT, UPDATE or DELETE names: every partition key column by = or IN (their
 * product), and for a row write every clustering column by = or IN. DELETE may name a
 * clustering prefix or a slice instead: a range deletion (range-deletion.ts).
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { TableLayout } from '../../rows/table-layout.js';
import { clusteringBytes, partitionKeyBytes } from '../../rows/row-keys.js';
import type { WhereClause } from '../where/where-clause.js';

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
  return product(where.clusteringPrefix).map((values) => clusteringBytes(layout, values));
}

/** Every combination of one value per position, in order. */
export function product(candidates: ReadonlyArray<readonly unknown[]>): unknown[][] {
  let combinations: unknown[][] = [[]];
  for (const values of candidates) {
    combinations = combinations.flatMap((prefix) => values.map((value) => [...prefix, value]));
  }
  return combinations;
}

export function refuseFilters(where: WhereClause, verb: string): void {
  const nonKey = where.filters.find((f) => f.column.kind === 'regular' || f.column.kind === 'static');
  if (nonKey !== undefined) throw new InvalidRequestError(`Non PRIMARY KEY columns found in where clause: ${nonKey.column.name}`);
  if (where.filters.length > 0 || where.tokenStart !== null || where.tokenEnd !== null) {
    throw new InvalidRequestError(`Invalid restrictions for ${verb}: only = and IN on the primary key are supported`);
  }
}
