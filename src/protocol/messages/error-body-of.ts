/**
 * The one place where an exception becomes an ERROR body (STYLE rule 3: typed errors, mapped
 * once to CQL codes). Errors that carry a code's extra fields (consistency errors, function
 * failures, Already_exists, Unprepared) give them; any other SibylError gives its code and
 * message; anything else is a bug and goes out as a Server error (0x0000) named after its
 * class, never with a stack trace.
 *
 * A SibylError whose code needs fields it does not carry (storage's ReadFailureError, disk
 * full's Write_failure) is also a Server error: inventing replica counts would mislead a
 * driver's retry policy, which reads them.
 */

import { UnavailableError } from '../../cluster/consistency/unavailable-error.js';
import { ReadTimeoutError, ReplicaReadFailureError, WriteFailureError, WriteTimeoutError } from '../../cluster/coordinator/consistency-errors.js';
import { FunctionFailureError } from '../../cql/functions/function-failure-error.js';
import { AlreadyExistsError, CqlErrorCode, SibylError } from '../../lib/errors.js';
import { ProtocolError } from '../protocol-error.js';
import { UnpreparedError } from '../unprepared-error.js';
import type { ErrorBody, PlainErrorKind } from './error.js';

const plainKinds: ReadonlyMap<number, PlainErrorKind> = new Map<number, PlainErrorKind>([
  [CqlErrorCode.serverError, 'server'],
  [CqlErrorCode.protocolError, 'protocol'],
  [CqlErrorCode.badCredentials, 'badCredentials'],
  [CqlErrorCode.overloaded, 'overloaded'],
  [CqlErrorCode.isBootstrapping, 'isBootstrapping'],
  [CqlErrorCode.truncateError, 'truncate'],
  [CqlErrorCode.syntaxError, 'syntax'],
  [CqlErrorCode.unauthorized, 'unauthorized'],
  [CqlErrorCode.invalid, 'invalid'],
  [CqlErrorCode.configError, 'config'],
]);

export function errorBodyOf(error: unknown): ErrorBody {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ProtocolError) return { kind: 'protocol', message };
  if (error instanceof UnpreparedError) return { kind: 'unprepared', message, id: error.id };
  if (error instanceof UnavailableError) {
    return { kind: 'unavailable', message, consistency: error.consistency, required: error.required, alive: error.alive };
  }
  if (error instanceof WriteTimeoutError) {
    const { consistency, received, blockFor, writeType } = error;
    return { kind: 'writeTimeout', message, consistency, received, blockFor, writeType };
  }
  if (error instanceof ReadTimeoutError) {
    const { consistency, received, blockFor, dataPresent } = error;
    return { kind: 'readTimeout', message, consistency, received, blockFor, dataPresent };
  }
  if (error instanceof WriteFailureError) {
    const { consistency, received, blockFor, failures, writeType } = error;
    return { kind: 'writeFailure', message, consistency, received, blockFor, failures, writeType };
  }
  if (error instanceof ReplicaReadFailureError) {
    const { consistency, received, blockFor, failures, dataPresent } = error;
    return { kind: 'readFailure', message, consistency, received, blockFor, failures, dataPresent };
  }
  if (error instanceof FunctionFailureError) {
    return { kind: 'functionFailure', message, keyspace: error.keyspace, functionName: error.functionName, argumentTypes: error.argTypes };
  }
  if (error instanceof AlreadyExistsError) return { kind: 'alreadyExists', message, keyspace: error.keyspace, table: error.table };
  if (error instanceof SibylError) {
    const kind = plainKinds.get(error.code);
    if (kind !== undefined) return { kind, message };
    return { kind: 'server', message: `${error.name}: ${message}` };
  }
  return { kind: 'server', message: error instanceof Error ? `${error.name}: ${message}` : message };
}
