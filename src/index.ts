/**
 * Sibyl's public API: the embedded Database (CQL, driver-shaped results), and beneath it the
 * storage engine of one node and the data model it speaks. Internals are not re-exported.
 */

export { Database, type DatabaseOptions } from './api/database.js';
export { ResultSet, type Row, type ColumnInfo } from './api/result-set.js';
export type { QueryOptions, BatchOptions, BatchQuery } from './api/query-options.js';
export type { PreparedStatement, PreparedVariable, PreparedColumn, PrepareOptions } from './cql/prepare/prepared-statement.js';
export { CqlSyntaxError } from './cql/cql-syntax-error.js';

export { StorageEngine, ReadFailureError, type StorageEngineOptions, type WriteMutation } from './storage/storage-engine.js';
export type { RowBatchWriter } from './storage/row-batch-writer.js';
export { defaultTableOptions, type TableOptions, type CompactionOptions } from './storage/table-options.js';
export type { StorageConfig } from './storage/storage-config.js';
export type { CommitLogSyncMode } from './storage/commitlog/commit-log.js';
export * from './storage/model/index.js';
export {
  SibylError,
  CorruptionError,
  DiskFullError,
  OverloadedError,
  RequestTimeoutError,
  InvalidRequestError,
  DataDirectoryLockedError,
  AlreadyExistsError,
  UnauthorizedError,
  CqlErrorCode,
} from './lib/errors.js';
export { murmur3Token } from './cluster/ring/murmur3.js';
