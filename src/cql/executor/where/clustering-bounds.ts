/**
 * The clustering ranges a WHERE clause names, as storage bounds: one per combination of the
 * = / IN prefix, narrowed by the slice on the next column(s). Bounds are in storage order: a
 * DESC column is stored inverted, so its CQL start (>) is a storage end, as Cassandra's
 * ClusteringBound turns around for reversed types. Ranges come back in storage order.
 *
 * A multi-column slice over columns of one order is one storage range. Over mixed orders
 * ((c1, c2) > (1, 2) with c1 DESC, c2 ASC) it is not, and it is split as Cassandra splits it:
 * `t > (l1, l2)` is `t1 > l1` or `t1 = l1 AND t2 > l2`, each piece an equality prefix and a
 * single-column slice (one storage range whatever the orders); the pieces of the lower and
 * the upper bound are intersected pairwise.
 */

import type { ClusteringBound } from '../../../storage/model/range-tombstone.js';
import { clusteringPrefixBound, type ClusteringColumn } from '../../keys/clustering-codec.js';
import { elementPath } from '../../rows/cell-paths.js';
import type { TableLayout } from '../../rows/table-layout.js';
import { product } from '../modification/primary-keys.js';
import type { Bound, WhereClause } from './where-clause.js';

export interface ClusteringRange {
  readonly start: ClusteringBound;
  readonly end: ClusteringBound;
}

const UNBOUNDED: ClusteringBound = Object.freeze({ prefix: new Uint8Array(0), inclusive: true });

interface Limit {
  readonly value: unknown;
  readonly inclusive: boolean;
}

/** Rows whose first columns equal `equal` and whose next column lies between `low` and `high` (CQL order). */
interface Box {
  readonly equal: readonly unknown[];
  readonly low: Limit | null;
  readonly high: Limit | null;
}

export function clusteringRanges(layout: TableLayout, where: WhereClause): ClusteringRange[] {
  const columns = layout.clusteringColumns;
  const first = where.clusteringPrefix.length;
  const width = Math.max(where.sliceStart?.values.length ?? 0, where.sliceEnd?.values.length ?? 0);
  const mixed = new Set(columns.slice(first, first + width).map((c) => c.order)).size > 1;
  const ranges = product(where.clusteringPrefix).flatMap((prefix): ClusteringRange[] => {
    if (!mixed) {
      // One order: the tuple bounds are storage bounds as they are.
      const descending = columns[first]?.order === 'desc';
      const lower = where.sliceStart && bound(columns, [...prefix, ...where.sliceStart.values], descending ? 'end' : 'start', where.sliceStart.inclusive);
      const upper = where.sliceEnd && bound(columns, [...prefix, ...where.sliceEnd.values], descending ? 'start' : 'end', where.sliceEnd.inclusive);
      return [rangeOf(columns, prefix, descending ? upper : lower, descending ? lower : upper)];
    }
    const boxes = intersectAll(columns, first, piecesAbove(where.sliceStart), piecesBelow(where.sliceEnd));
    return boxes.map((box) => boxRange(columns, [...prefix, ...box.equal], box));
  });
  return ranges.sort((a, b) => Buffer.compare(a.start.prefix, b.start.prefix));
}

function rangeOf(columns: readonly ClusteringColumn[], prefix: readonly unknown[], start: ClusteringBound | null, end: ClusteringBound | null): ClusteringRange {
  return {
    start: start ?? (prefix.length === 0 ? UNBOUNDED : bound(columns, prefix, 'start', true)),
    end: end ?? (prefix.length === 0 ? UNBOUNDED : bound(columns, prefix, 'end', true)),
  };
}

/** A box as a storage range: its equality prefix, then its slice on the next column. */
function boxRange(columns: readonly ClusteringColumn[], prefix: readonly unknown[], box: Box): ClusteringRange {
  const descending = columns[prefix.length]?.order === 'desc';
  const lower = box.low && bound(columns, [...prefix, box.low.value], descending ? 'end' : 'start', box.low.inclusive);
  const upper = box.high && bound(columns, [...prefix, box.high.value], descending ? 'start' : 'end', box.high.inclusive);
  return rangeOf(columns, prefix, descending ? upper : lower, descending ? lower : upper);
}

/** `t > L` (or >=) as disjoint boxes: t1 > l1, or t1 = l1 AND t2 > l2, ... (or t = L). */
function piecesAbove(limit: Bound | null): Box[] {
  if (limit === null) return [{ equal: [], low: null, high: null }];
  const pieces: Box[] = limit.values.map((value, i) => ({ equal: limit.values.slice(0, i), low: { value, inclusive: false }, high: null }));
  if (limit.inclusive) pieces.push({ equal: limit.values, low: null, high: null });
  return pieces;
}

function piecesBelow(limit: Bound | null): Box[] {
  if (limit === null) return [{ equal: [], low: null, high: null }];
  const pieces: Box[] = limit.values.map((value, i) => ({ equal: limit.values.slice(0, i), low: null, high: { value, inclusive: false } }));
  if (limit.inclusive) pieces.push({ equal: limit.values, low: null, high: null });
  return pieces;
}

function intersectAll(columns: readonly ClusteringColumn[], first: number, above: readonly Box[], below: readonly Box[]): Box[] {
  const compare = (position: number, a: unknown, b: unknown): number => {
    const type = columns[first + position]!.type;
    return Buffer.compare(elementPath(type, a), elementPath(type, b));
  };
  const boxes: Box[] = [];
  for (const a of above) {
    for (const b of below) {
      const box = intersect(a, b, compare);
      if (box !== null) boxes.push(box);
    }
  }
  return boxes;
}

/** Two boxes' common rows, or null: the one with the longer equality prefix must lie in the other. */
function intersect(a: Box, b: Box, compare: (position: number, x: unknown, y: unknown) => number): Box | null {
  const [short, long] = a.equal.length <= b.equal.length ? [a, b] : [b, a];
  const at = short.equal.length;
  for (let i = 0; i < at; i++) if (compare(i, short.equal[i], long.equal[i]) !== 0) return null;
  if (long.equal.length > at) return within(long.equal[at], short, at, compare) ? long : null;
  const low = tighter(short.low, long.low, (x, y) => compare(at, x, y));
  const high = tighter(short.high, long.high, (x, y) => compare(at, y, x));
  if (low !== null && high !== null) {
    const order = compare(at, low.value, high.value);
    if (order > 0 || (order === 0 && !(low.inclusive && high.inclusive))) return null;
  }
  return { equal: short.equal, low, high };
}

function within(value: unknown, box: Box, position: number, compare: (position: number, x: unknown, y: unknown) => number): boolean {
  if (box.low !== null) {
    const order = compare(position, value, box.low.value);
    if (order < 0 || (order === 0 && !box.low.inclusive)) return false;
  }
  if (box.high !== null) {
    const order = compare(position, value, box.high.value);
    if (order > 0 || (order === 0 && !box.high.inclusive)) return false;
  }
  return true;
}

/** The stricter of two limits on one side (`order` > 0 when x is the stricter value). */
function tighter(x: Limit | null, y: Limit | null, order: (x: unknown, y: unknown) => number): Limit | null {
  if (x === null) return y;
  if (y === null) return x;
  const o = order(x.value, y.value);
  if (o !== 0) return o > 0 ? x : y;
  return { value: x.value, inclusive: x.inclusive && y.inclusive };
}

function bound(columns: readonly ClusteringColumn[], values: readonly unknown[], side: 'start' | 'end', inclusive: boolean): ClusteringBound {
  // The marker byte after the prefix already says inclusive or not (keys/clustering-codec.ts).
  return { prefix: clusteringPrefixBound(columns, values, side, inclusive), inclusive: true };
}
