/**
 * A native function failed on its arguments (Cassandra's FunctionExecutionException, error code
 * 0x1400 FunctionFailure): the statement was well formed, the value was not. The message is
 * Cassandra's, `execution of 'system.fromjson[text]' failed: <detail>`, where the argument
 * types print as a Java List does.
 */

import { CqlErrorCode, SibylError } from '../../lib/errors.js';

export class FunctionFailureError extends SibylError {
  override readonly name = 'FunctionFailureError';
  readonly code = CqlErrorCode.functionFailure;

  constructor(
    readonly keyspace: string,
    readonly functionName: string,
    /** The argument types as CQL text (`text`, `frozen<list<int>>`). */
    readonly argTypes: readonly string[],
    readonly detail: string,
  ) {
    super(`execution of '${keyspace}.${functionName}[${argTypes.join(', ')}]' failed: ${detail}`);
  }
}
