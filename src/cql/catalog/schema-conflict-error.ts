import { CqlErrorCode, SibylError } from '../../lib/errors.js';

/**
 * Received schema mutations that cannot be applied as they are (a storage id this node gives
 * another table, a table created on two nodes at once with different definitions): nothing of
 * them was applied. Cassandra answers a schema disagreement it cannot merge with a
 * ConfigurationException ("Column family ID mismatch"), hence the code.
 */
export class SchemaConflictError extends SibylError {
  override readonly name = 'SchemaConflictError';
  readonly code = CqlErrorCode.configError;
}
