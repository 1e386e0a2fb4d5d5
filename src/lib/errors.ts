/**
 * Operating errors: expected failures, typed and named, each mapped once to the Cassandra
 * error code a client will see (native protocol v4 spec, section 9). Programmer errors are
 * assertions instead (src/lib/assert.ts).
 */

export const CqlErrorCode = {
  serverError: 0x0000,
  protocolError: 0x000a,
  badCredentials: 0x0100,
  unavailable: 0x1000,
  overloaded: 0x1001,
  isBootstrapping: 0x1002,
  truncateError: 0x1003,
  writeTimeout: 0x1100,
  readTimeout: 0x1200,
  readFailure: 0x1300,
  functionFailure: 0x1400,
  writeFailure: 0x1500,
  syntaxError: 0x2000,
  unauthorized: 0x2100,
  invalid: 0x2200,
  configError: 0x2300,
  alreadyExists: 0x2400,
  unprepared: 0x2500,
} as const;
export type CqlErrorCode = (typeof CqlErrorCode)[keyof typeof CqlErrorCode];

export abstract class SibylError extends Error {
  abstract readonly code: CqlErrorCode;
}

/** A checksum or structure check failed: the named file holds bytes that are not ours. */
export class CorruptionError extends SibylError {
  override readonly name = 'CorruptionError';
  readonly code = CqlErrorCode.serverError;
  constructor(
    readonly file: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`corrupted file ${file} at offset ${offset}: ${detail}`);
  }
}

/** The disk is full (ENOSPC): the write was not applied and was not acknowledged. */
export class DiskFullError extends SibylError {
  override readonly name = 'DiskFullError';
  readonly code = CqlErrorCode.writeFailure;
  constructor(readonly path: string) {
    super(`disk full while writing ${path}: the write was not applied; retry when space returns`);
  }
}

/** A bounded queue is full: the caller should back off (Cassandra's Overloaded). */
export class OverloadedError extends SibylError {
  override readonly name = 'OverloadedError';
  readonly code = CqlErrorCode.overloaded;
}

/** A request got no answer in time. */
export class RequestTimeoutError extends SibylError {
  override readonly name = 'RequestTimeoutError';
  readonly code = CqlErrorCode.serverError;
}

/** The input breaks a stated limit or rule (oversized key or value, unknown table). */
export class InvalidRequestError extends SibylError {
  override readonly name = 'InvalidRequestError';
  readonly code = CqlErrorCode.invalid;
}

/** CREATE of a keyspace, table or type that exists (without IF NOT EXISTS). */
export class AlreadyExistsError extends SibylError {
  override readonly name = 'AlreadyExistsError';
  readonly code = CqlErrorCode.alreadyExists;
  constructor(
    message: string,
    readonly keyspace: string,
    /** Empty when a keyspace already exists. */
    readonly table: string,
  ) {
    super(message);
  }
}

/** The request is not allowed (Cassandra's Unauthorized): e.g. changing a system keyspace. */
export class UnauthorizedError extends SibylError {
  override readonly name = 'UnauthorizedError';
  readonly code = CqlErrorCode.unauthorized;
}

/** Another process holds the data directory's lock file. */
export class DataDirectoryLockedError extends SibylError {
  override readonly name = 'DataDirectoryLockedError';
  readonly code = CqlErrorCode.configError;
}

export function isEnospc(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC';
}
