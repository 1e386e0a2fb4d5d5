/**
 * The clustering ranges a WHERE clause names, as storage bounds: one per combination of the
 * = / IN prefix, narrowed by the slice on the next column(s). Bounds are in storage order: a
 * DESC column is stored inverted, so its CQL start (>) is a storage end, as Cassandra's
 * ClusteringBound turns around for reversed types. Ranges come back in storage order.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { ClusteringBound } from '../../../storage/model/range-tombstone.js';
import { clusteringPrefixBound, type ClusteringColumn } from '../../keys/clustering-codec.js';
import type { TableLayout } from '../../rows/table-layout.js';
import { product } from '../modification/primary-keys.js';
import type { Bound, WhereClause } from './where-clause.js';

export interface ClusteringRange {
  readonly start: ClusteringBound;
  readonly end: ClusteringBound;
}

const UNBOUNDED: ClusteringBound = Object.freeze({ prefix: new Uint8Array(0), inclusive: true });

export function clusteringRanges(layout: TableLayout, where: WhereClause): ClusteringRange[] {
  const columns = layout.clusteringColumns;
  const prefixes = product(where.clusteringPrefix);
  const sliceColumn = columns[where.clusteringPrefix.length];
  const descending = sliceColumn?.order === 'desc';
  if (where.sliceStart !== null && where.sliceEnd !== null) checkSameOrder(columns, where.clusteringPrefix.length, where.sliceStart, where.sliceEnd);
  const ranges = prefixes.map((prefix): ClusteringRange => {
    const prefixStart = prefix.length === 0 ? UNBOUNDED : bound(columns, prefix, 'start', true);
    const prefixEnd = prefix.length === 0 ? UNBOUNDED : bound(columns, prefix, 'end', true);
    // CQL's lower bound (>, >=) is the storage start of an ASC column and the storage end of a DESC one.
    const lower = where.sliceStart && bound(columns, [...prefix, ...where.sliceStart.values], descending ? 'end' : 'start', where.sliceStart.inclusive);
    const upper = where.sliceEnd && bound(columns, [...prefix, ...where.sliceEnd.values], descending ? 'start' : 'end', where.sliceEnd.inclusive);
    const start = (descending ? upper : lower) ?? prefixStart;
    const end = (descending ? lower : upper) ?? prefixEnd;
    return { start, end };
  });
  return ranges.sort((a, b) => Buffer.compare(a.start.prefix, b.start.prefix));
}

function bound(columns: readonly ClusteringColumn[], values: readonly unknown[], side: 'start' | 'end', inclusive: boolean): ClusteringBound {
  // The marker byte after the prefix already says inclusive or not (keys/clustering-codec.ts).
  return { prefix: clusteringPrefixBound(columns, values, side, inclusive), inclusive: true };
}

/** A multi-column slice over columns of mixed order has no single storage range. */
function checkSameOrder(columns: readonly ClusteringColumn[], first: number, start: Bound, end: Bound): void {
  const width = Math.max(start.values.length, end.values.length);
  const orders = new Set(columns.slice(first, first + width).map((c) => c.order));
  if (orders.size > 1) throw new InvalidRequestError('Multi-column slice restrictions on clustering columns of mixed order are not supported');
}
