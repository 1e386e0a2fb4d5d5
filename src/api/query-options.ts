/** Options of `execute`, `batch` and `stream`, named as the DataStax driver names them. */
export interface QueryOptions {
  /** Keep the parsed statement for the next execution of the same text (always done; accepted for the driver's sake). */
  readonly prepare?: boolean;
  /** ONE, QUORUM, ALL... by name or protocol code (default LOCAL_ONE, the driver's). An embedded single node meets every level; a cluster counts replicas. */
  readonly consistency?: string | number;
  /** Rows per page (default 5000, the driver's). */
  readonly fetchSize?: number;
  /** The `pageState` of the previous page (hex string or Buffer). */
  readonly pageState?: string | Buffer;
  /** The session keyspace for this statement, as the driver's `keyspace` option. */
  readonly keyspace?: string;
  /** The write timestamp in microseconds unless the statement says USING TIMESTAMP (the driver's `timestamp` option). */
  readonly timestamp?: bigint | number;
}

export interface BatchQuery {
  readonly query: string;
  readonly params?: readonly unknown[];
}

export interface BatchOptions extends QueryOptions {
  /** LOGGED (true, the default) or UNLOGGED; `counter` for a counter batch. */
  readonly logged?: boolean;
  readonly counter?: boolean;
}

export const DEFAULT_FETCH_SIZE = 5000;
