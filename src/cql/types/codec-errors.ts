/**
 * The errors a value codec raises, as factories so every codec words them the same way. Both
 * are InvalidRequestError: a bad value comes from a client (or from bytes a client sent), never
 * from our own logic, and Cassandra answers both with an Invalid error.
 */

import { inspect } from 'node:util';
import { InvalidRequestError } from '../../lib/errors.js';

export const codecErrors = {
  /** A JS value that the named CQL type cannot hold: "Invalid value for CQL type int: 'abc'". */
  invalidValue(typeName: string, value: unknown, detail?: string): InvalidRequestError {
    const shown = inspect(value, { depth: 2, breakLength: Infinity, maxStringLength: 100 });
    return new InvalidRequestError(`Invalid value for CQL type ${typeName}: ${shown}${detail === undefined ? '' : ` (${detail})`}`);
  },

  /** Serialized bytes that are not a value of the named type, worded as Cassandra's serializers do. */
  invalidBytes(message: string): InvalidRequestError {
    return new InvalidRequestError(message);
  },

  /** Collections cannot hold null elements, keys or values (Cassandra's own wording). */
  nullInCollection(typeName: string): InvalidRequestError {
    return new InvalidRequestError(`null is not supported inside collections (CQL type ${typeName})`);
  },
} as const;
