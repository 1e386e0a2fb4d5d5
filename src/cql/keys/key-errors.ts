/**
 * The errors the key codecs raise, as factories so callers never invent wording. All are
 * InvalidRequestError: a bad key value comes from a client, and Cassandra answers with Invalid.
 */

import { InvalidRequestError } from '../../lib/errors.js';

export const keyErrors = {
  /** Cassandra's wording for a null key component in a WHERE clause or an INSERT. */
  nullComponent(column: string): InvalidRequestError {
    return new InvalidRequestError(`Invalid null value in condition for column ${column}`);
  },

  emptyKey(): InvalidRequestError {
    return new InvalidRequestError('Key may not be empty');
  },

  tooManyValues(given: number, columns: number): InvalidRequestError {
    return new InvalidRequestError(`Got ${given} key values for ${columns} key columns`);
  },

  unsupportedClusteringType(column: string, type: string, why: string): InvalidRequestError {
    return new InvalidRequestError(`Column ${column} of type ${type} cannot be a clustering column: ${why}`);
  },

  malformed(what: string): InvalidRequestError {
    return new InvalidRequestError(`Malformed ${what}`);
  },
} as const;

/** The name used in messages: the column's own, or its position when the caller has none. */
export function columnLabel(names: readonly string[] | undefined, index: number): string {
  return names?.[index] ?? `#${index}`;
}
