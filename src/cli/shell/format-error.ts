/**
 * Errors as cqlsh prints them: the Python driver's exception class name, then its message. For
 * the codes the driver turns into its own exceptions (Invalid, Unauthorized, timeouts...) the
 * message is the driver's summary, `Error from server: code=2200 [Invalid query] message="..."`;
 * for the others (syntax, configuration, already exists, server error) it is the server's text:
 *
 *   InvalidRequest: Error from server: code=2200 [Invalid query] message="unconfigured table t"
 *   SyntaxException: line 1:1 no viable alternative at input 'SELEC'
 */

import { CqlErrorCode } from '../../lib/errors.js';

interface DriverError {
  readonly name: string;
  /** The driver's summary of the code, or null when it shows the server's message alone. */
  readonly summary: string | null;
}

const DRIVER_ERRORS: ReadonlyMap<number, DriverError> = new Map([
  [CqlErrorCode.serverError, { name: 'ServerError', summary: null }],
  [CqlErrorCode.protocolError, { name: 'ProtocolException', summary: null }],
  [CqlErrorCode.unavailable, { name: 'Unavailable', summary: 'Unavailable exception' }],
  [CqlErrorCode.overloaded, { name: 'OverloadedErrorMessage', summary: null }],
  [CqlErrorCode.isBootstrapping, { name: 'IsBootstrappingErrorMessage', summary: null }],
  [CqlErrorCode.truncateError, { name: 'TruncateError', summary: null }],
  [CqlErrorCode.writeTimeout, { name: 'WriteTimeout', summary: "Coordinator node timed out waiting for replica nodes' responses" }],
  [CqlErrorCode.readTimeout, { name: 'ReadTimeout', summary: "Coordinator node timed out waiting for replica nodes' responses" }],
  [CqlErrorCode.readFailure, { name: 'ReadFailure', summary: 'Replica(s) failed to execute read' }],
  [CqlErrorCode.writeFailure, { name: 'WriteFailure', summary: 'Replica(s) failed to execute write' }],
  [CqlErrorCode.syntaxError, { name: 'SyntaxException', summary: null }],
  [CqlErrorCode.unauthorized, { name: 'Unauthorized', summary: 'Unauthorized' }],
  [CqlErrorCode.invalid, { name: 'InvalidRequest', summary: 'Invalid query' }],
  [CqlErrorCode.configError, { name: 'ConfigurationException', summary: null }],
  [CqlErrorCode.alreadyExists, { name: 'AlreadyExists', summary: null }],
]);

/** The code and message of a thrown value; errors without a Cassandra code count as server errors. */
export function errorParts(error: unknown): { readonly code: number; readonly message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { code: typeof code === 'number' ? code : CqlErrorCode.serverError, message };
}

export function cqlshErrorText(error: unknown): string {
  const { code, message } = errorParts(error);
  const known = DRIVER_ERRORS.get(code);
  if (known === undefined) return `ServerError: ${message}`;
  if (known.summary === null) return `${known.name}: ${message}`;
  const hex = code.toString(16).padStart(4, '0');
  return `${known.name}: Error from server: code=${hex} [${known.summary}] message="${message}"`;
}
