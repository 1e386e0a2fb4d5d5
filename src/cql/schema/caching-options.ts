/**
 * The `caching` table option as Cassandra's CachingParams reads it: `keys` ALL or NONE (NONE
 * when not written), `rows_per_partition` ALL, NONE or a count (NONE when not written), no other
 * sub-option. Kept normalized as the map Cassandra stores and prints (CachingParams.asMap):
 * `{'keys': 'ALL', 'rows_per_partition': 'NONE'}`. Sibyl keeps no key or row cache; the option
 * is schema metadata, as a driver or a DESCRIBE from Cassandra sends it.
 */

import { InvalidRequestError } from '../../lib/errors.js';

export const DEFAULT_CACHING: ReadonlyMap<string, string> = Object.freeze(
  new Map([
    ['keys', 'ALL'],
    ['rows_per_partition', 'NONE'],
  ]),
);

const INT_MAX = 2 ** 31 - 1;

export function cachingFrom(map: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const unknown = [...map.keys()].filter((key) => key !== 'keys' && key !== 'rows_per_partition');
  if (unknown.length > 0) {
    throw new InvalidRequestError(`Invalid caching sub-options [${unknown.join(', ')}]: only 'keys' and 'rows_per_partition' are allowed`);
  }
  const keys = map.get('keys');
  const rows = map.get('rows_per_partition');
  return Object.freeze(
    new Map([
      ['keys', keys === undefined ? 'NONE' : keysText(keys)],
      ['rows_per_partition', rows === undefined ? 'NONE' : rowsText(rows)],
    ]),
  );
}

function keysText(value: string): string {
  const upper = value.toUpperCase();
  if (upper === 'ALL' || upper === 'NONE') return upper;
  throw new InvalidRequestError(`Invalid value '${value}' for caching sub-option 'keys': only 'ALL' and 'NONE' are allowed`);
}

/** ALL is Integer.MAX_VALUE rows and 0 is NONE, as CachingParams prints them back. */
function rowsText(value: string): string {
  const upper = value.toUpperCase();
  if (upper === 'ALL' || upper === 'NONE') return upper;
  const count = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(count <= INT_MAX)) {
    throw new InvalidRequestError(`Invalid value '${value}' for caching sub-option 'rows_per_partition': only 'ALL', 'NONE', and integer values are allowed`);
  }
  return count === 0 ? 'NONE' : count === INT_MAX ? 'ALL' : String(count);
}
