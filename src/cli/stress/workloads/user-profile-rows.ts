/**
 * The rows a user profile's table holds, as a pure function of (partition number, row number):
 *
 *   partition key columns   from the partition number alone
 *   clustering column c     its value count in partition p is a draw of c's `cluster`
 *                           distribution seeded by (p, c); row r of p takes, for each
 *                           clustering column, one digit of r in those counts (mixed radix)
 *   regular columns         a value number drawn from the column's `population`, seeded by
 *                           (p, r, column), and a size drawn from its `size`
 *
 * so a query for partition p, row r binds exactly the values an insert wrote there, and
 * nothing is remembered between operations.
 */

import { assert } from '../../../lib/assert.js';
import { createDistribution } from '../distributions/create-distribution.js';
import type { IntegerDistribution } from '../distributions/integer-distribution.js';
import { boundsOf } from '../distributions/distribution-spec.js';
import { StressUsageError } from '../options/stress-usage-error.js';
import { VALUE_SIZE_MAX, type ColumnValues, type ValueMaker } from './column-values.js';
import { DerivedRandom } from './derived-random.js';
import { COLUMN_DEFAULTS, type ColumnSpec } from './user-profile.js';

export type ColumnKind = 'partition_key' | 'clustering' | 'regular' | 'static';

export interface TableColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly type: string;
}

/** Rows a partition holds, at most: the product of the clustering counts is capped here. */
export const PARTITION_ROWS_MAX = 1_000_000;
/** Value numbers are (draw * COLUMN_SLOTS + column): distinct columns never share a value. */
const COLUMN_SLOTS = 1024;

interface GeneratedColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly index: number;
  readonly make: ValueMaker;
  readonly size: IntegerDistribution;
  readonly population: IntegerDistribution;
  readonly cluster: IntegerDistribution;
}

export class UserProfileRows {
  /** In the table's order: partition key, clustering, then the rest. */
  readonly columns: readonly GeneratedColumn[];
  private readonly clustering: readonly GeneratedColumn[];
  private readonly draw = new DerivedRandom();

  constructor(tableColumns: readonly TableColumn[], specs: ReadonlyMap<string, ColumnSpec>, values: ColumnValues) {
    assert(tableColumns.length <= COLUMN_SLOTS, `${tableColumns.length} columns`);
    this.columns = tableColumns.map((column, index) => {
      const spec = specs.get(column.name) ?? COLUMN_DEFAULTS;
      if (boundsOf(spec.size).max > VALUE_SIZE_MAX) throw new StressUsageError(`columnspec ${column.name}: sizes go up to ${VALUE_SIZE_MAX}`);
      return {
        name: column.name,
        kind: column.kind,
        index,
        make: values.makerFor(column.type, column.name),
        size: createDistribution(spec.size),
        population: createDistribution(spec.population),
        cluster: createDistribution(spec.cluster),
      };
    });
    this.clustering = this.columns.filter((column) => column.kind === 'clustering');
  }

  /** How many rows partition p holds. */
  rowCount(partition: number): number {
    let rows = 1;
    for (const column of this.clustering) rows *= this.clusterCount(partition, column);
    return Math.min(rows, PARTITION_ROWS_MAX);
  }

  /** Column `index`'s value in row `row` of partition `partition`. */
  value(partition: number, row: number, index: number): unknown {
    const column = this.columns[index]!;
    switch (column.kind) {
      case 'partition_key':
        return column.make(partition * COLUMN_SLOTS + index, this.sizeOf(column, partition, 0));
      case 'clustering': {
        const digit = this.clusteringDigit(partition, row, column);
        return column.make(this.draw.reset(partition, index, digit).nextUint32() * COLUMN_SLOTS + index, this.sizeOf(column, partition, digit + 1));
      }
      case 'static':
        return column.make(column.population.next(this.draw.reset(partition, -1, index)) * COLUMN_SLOTS + index, this.sizeOf(column, partition, 0));
      case 'regular':
        return column.make(column.population.next(this.draw.reset(partition, row, index)) * COLUMN_SLOTS + index, this.sizeOf(column, partition, row + 1));
    }
  }

  private clusterCount(partition: number, column: GeneratedColumn): number {
    return Math.max(1, column.cluster.next(this.draw.reset(partition, column.index, 0x5eed)));
  }

  /** Row r's digit for a clustering column: r in mixed radix of the partition's counts, last column fastest. */
  private clusteringDigit(partition: number, row: number, column: GeneratedColumn): number {
    let rest = row;
    for (let c = this.clustering.length - 1; c >= 0; c--) {
      const count = this.clusterCount(partition, this.clustering[c]!);
      if (this.clustering[c] === column) return rest % count;
      rest = Math.floor(rest / count);
    }
    throw new Error(`column ${column.name} is not a clustering column`);
  }

  private sizeOf(column: GeneratedColumn, partition: number, salt: number): number {
    return Math.max(0, column.size.next(this.draw.reset(partition, salt, column.index + COLUMN_SLOTS)));
  }
}
