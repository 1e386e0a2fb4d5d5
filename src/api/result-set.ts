/**
 * The result of `Database.execute`, shaped as the DataStax driver's ResultSet: `rows` of
 * driver Row objects (properties by column name, `get`, `keys`, `values`), `columns` with the
 * driver's type descriptions, `pageState` as a hex string to pass back for the next page,
 * `first()`, `rowLength`, and iteration over the rows.
 */

import { driverTypes } from '../cql/types/driver-values.js';
import type { ResultColumn } from '../cql/executor/select/selection.js';
import { driverColumnType, type DriverColumnType } from './driver-column-type.js';

/** The driver's Row: column values as properties, plus get(name | index), keys(), values(), forEach(). */
export interface Row extends Record<string, unknown> {
  get(column: string | number): unknown;
  keys(): string[];
  values(): unknown[];
  forEach(callback: (value: unknown, name: string) => void): void;
}

/** `types.Row` exists at runtime but not in the driver's typings. */
const DriverRow = (driverTypes as unknown as { Row: new (columns: readonly ColumnInfo[]) => Row }).Row;

export interface ColumnInfo {
  readonly name: string;
  readonly type: DriverColumnType;
}

export class ResultSet implements Iterable<Row> {
  readonly rows: Row[];
  readonly columns: ColumnInfo[] | null;
  readonly rowLength: number;
  /** Hex, as the driver gives it; null when there is no further page. */
  readonly pageState: string | null;
  readonly rawPageState: Buffer | undefined;
  /** Set by USE. */
  readonly keyspace: string | undefined;
  readonly info = { queriedHost: 'embedded', triedHosts: {}, achievedConsistency: 1, warnings: [] as string[] };

  constructor(columns: readonly ResultColumn[] | null, rows: readonly unknown[][], pageState: Uint8Array | null, keyspace?: string) {
    this.columns = columns === null ? null : columns.map((c) => ({ name: c.name, type: driverColumnType(c.type) }));
    const driverColumns = this.columns ?? [];
    this.rows = rows.map((values) => {
      const row = new DriverRow(driverColumns);
      driverColumns.forEach((column, i) => {
        row[column.name] = values[i] ?? null;
      });
      return row;
    });
    this.rowLength = this.rows.length;
    this.rawPageState = pageState === null ? undefined : Buffer.from(pageState);
    this.pageState = this.rawPageState?.toString('hex') ?? null;
    this.keyspace = keyspace;
  }

  first(): Row | null {
    return this.rows[0] ?? null;
  }

  isPaged(): boolean {
    return this.pageState !== null;
  }

  [Symbol.iterator](): Iterator<Row> {
    return this.rows[Symbol.iterator]();
  }
}
