import type { CreateTableStatement } from '../ast/create-table-statement.js';
import { formatCqlType, isNativeCqlType, type CqlType } from '../types/cql-type.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { ClusteringColumnMetadata, ColumnMetadata } from './column-metadata.js';
import { isMultiCell, referencesDuration, resolveType, type UserTypeResolver } from './resolve-type.js';
import { tableOptionsFrom, type TableOptions } from './table-options.js';

/** A table as the catalog holds it: columns by role, in key order, and its options. */
export interface TableMetadata {
  readonly keyspace: string;
  readonly name: string;
  readonly id: number;
  readonly partitionKey: readonly ColumnMetadata[];
  readonly clustering: readonly ClusteringColumnMetadata[];
  /** Sorted by name (UTF-8 bytes), as Cassandra lists them in `SELECT *`. */
  readonly regular: readonly ColumnMetadata[];
  readonly static: readonly ColumnMetadata[];
  readonly isCounter: boolean;
  readonly options: TableOptions;
}

export interface TableContext {
  /** The session's keyspace, used when the statement names none. */
  readonly keyspace: string;
  readonly resolveUserType: UserTypeResolver;
  /** Chosen by the caller (the catalog), never reused. */
  readonly tableId: number;
}

/** Checks CREATE TABLE as Cassandra 4's CreateTableStatement does and builds its metadata. */
export function tableFromCreate(statement: CreateTableStatement, context: TableContext): TableMetadata {
  const keyspace = statement.table.keyspace ?? context.keyspace;
  const table = statement.table.name;

  const declared = new Map<string, { readonly type: CqlType; readonly isStatic: boolean; readonly columnId: number }>();
  let inlineKey: string | null = null;
  for (const column of statement.columns) {
    if (declared.has(column.name)) throw new InvalidRequestError(`Duplicate column '${column.name}' declaration for table '${table}'`);
    if (column.isPrimaryKey) {
      if (inlineKey !== null) throw multiplePrimaryKeys();
      inlineKey = column.name;
    }
    const type = resolveType(column.type, keyspace, context.resolveUserType);
    declared.set(column.name, { type, isStatic: column.isStatic, columnId: declared.size });
  }
  if (inlineKey !== null && statement.primaryKey !== null) throw multiplePrimaryKeys();
  const partitionNames = inlineKey !== null ? [inlineKey] : statement.primaryKey?.partitionKey;
  const clusteringNames = statement.primaryKey?.clustering ?? [];
  if (partitionNames === undefined) {
    throw new InvalidRequestError(`No PRIMARY KEY specifed for table '${table}' (exactly one required)`);
  }

  for (const { type } of declared.values()) {
    if (type.kind === 'udt' && !type.frozen && type.fields.some((field) => isMultiCell(field.type))) {
      throw new InvalidRequestError('Non-frozen UDTs with nested non-frozen collections are not supported');
    }
  }

  const keyNames = new Set<string>();
  for (const name of [...partitionNames, ...clusteringNames]) {
    const column = declared.get(name);
    if (column === undefined) throw new InvalidRequestError(`Unknown column '${name}' referenced in PRIMARY KEY for table '${table}'`);
    if (keyNames.has(name)) throw new InvalidRequestError(`Duplicate column '${name}' in PRIMARY KEY clause for table '${table}'`);
    keyNames.add(name);
    const type = column.type;
    if (isMultiCell(type)) {
      const what = type.kind === 'udt' ? 'user-defined type' : 'collection type';
      throw new InvalidRequestError(`Invalid non-frozen ${what} ${formatCqlType(type)} for PRIMARY KEY column '${name}'`);
    }
    if (isCounter(type)) throw new InvalidRequestError(`counter type is not supported for PRIMARY KEY column '${name}'`);
    if (referencesDuration(type)) throw new InvalidRequestError(`duration type is not supported for PRIMARY KEY column '${name}'`);
    if (column.isStatic) throw new InvalidRequestError(`Static column '${name}' cannot be part of the PRIMARY KEY`);
  }

  const orders = clusteringOrders(statement, clusteringNames);

  const others = [...declared].filter(([name]) => !keyNames.has(name));
  if (clusteringNames.length === 0 && others.some(([, column]) => column.isStatic)) {
    throw new InvalidRequestError('Static columns are only useful (and thus allowed) if the table has at least one clustering column');
  }

  const options = tableOptionsFrom(statement.options);
  const hasCounters = [...declared.values()].some((column) => isCounter(column.type));
  if (hasCounters) {
    if (others.some(([, column]) => !isCounter(column.type))) {
      throw new InvalidRequestError('Cannot mix counter and non counter columns in the same table');
    }
    if (options.defaultTimeToLive > 0) throw new InvalidRequestError('Cannot set default_time_to_live on a table with counters');
  }

  const keyColumn = (name: string, kind: 'partition_key' | 'clustering', position: number): ColumnMetadata => {
    const column = declared.get(name)!;
    return { name, type: column.type, kind, position, columnId: column.columnId };
  };
  const byName = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number =>
    Buffer.compare(Buffer.from(a), Buffer.from(b));
  const sorted = [...others].sort(byName);
  const valueColumns = (isStatic: boolean): readonly ColumnMetadata[] =>
    Object.freeze(
      sorted
        .filter(([, column]) => column.isStatic === isStatic)
        .map(([name, column]) =>
          Object.freeze({ name, type: column.type, kind: isStatic ? ('static' as const) : ('regular' as const), position: -1, columnId: column.columnId }),
        ),
    );

  return Object.freeze({
    keyspace,
    name: table,
    id: context.tableId,
    partitionKey: Object.freeze(partitionNames.map((name, i) => Object.freeze(keyColumn(name, 'partition_key', i)))),
    clustering: Object.freeze(
      clusteringNames.map((name, i) => Object.freeze({ ...keyColumn(name, 'clustering', i), order: orders[i] ?? 'asc' })),
    ),
    regular: valueColumns(false),
    static: valueColumns(true),
    isCounter: hasCounters,
    options,
  });
}

function multiplePrimaryKeys(): InvalidRequestError {
  return new InvalidRequestError('Multiple PRIMARY KEYs specified (exactly one required)');
}

function isCounter(type: CqlType): boolean {
  return isNativeCqlType(type) && type.kind === 'counter';
}

/** WITH CLUSTERING ORDER BY: only clustering columns, in clustering order, a prefix at most. */
function clusteringOrders(statement: CreateTableStatement, clusteringNames: readonly string[]): readonly ('asc' | 'desc')[] {
  const directive = statement.clusteringOrder;
  const named = new Set<string>();
  for (const entry of directive) {
    if (!clusteringNames.includes(entry.column)) {
      throw new InvalidRequestError('Only clustering columns can be defined in CLUSTERING ORDER directive');
    }
    if (named.has(entry.column)) throw new InvalidRequestError(`Duplicate column '${entry.column}' in CLUSTERING ORDER directive`);
    named.add(entry.column);
  }
  directive.forEach((entry, i) => {
    const expected = clusteringNames[i]!;
    if (entry.column === expected) return;
    if (named.has(expected)) {
      throw new InvalidRequestError(
        `The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns (${expected} must appear before ${entry.column})`,
      );
    }
    throw new InvalidRequestError(`Missing CLUSTERING ORDER for column ${expected}`);
  });
  return directive.map((entry) => entry.order);
}
