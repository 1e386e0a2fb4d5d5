/**
 * Sibyl's public API. Today: the storage engine of one node (the internal API the CQL layer
 * will build on) and the data model it speaks. Internals are not re-exported.
 */

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
  CqlErrorCode,
} from './lib/errors.js';
export { murmur3Token } from './cluster/ring/murmur3.js';
