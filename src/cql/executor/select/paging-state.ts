/**
 * Where a page of a SELECT stopped, opaque to the client (the driver hands it back as
 * pageState): the last partition key, the last row's clustering in it (null when the
 * partition was done), and how many rows LIMIT still allows. Encoded as msgpack.
 */

import { pack, unpack } from 'msgpackr';
import { InvalidRequestError } from '../../../lib/errors.js';

export interface PagingState {
  readonly key: Uint8Array;
  readonly clustering: Uint8Array | null;
  readonly remaining: number;
  /** Rows already returned from `key` (for PER PARTITION LIMIT). */
  readonly rowsInPartition: number;
}

export function encodePagingState(state: PagingState): Uint8Array {
  return pack([Buffer.from(state.key), state.clustering === null ? null : Buffer.from(state.clustering), state.remaining === Infinity ? -1 : state.remaining, state.rowsInPartition]);
}

export function decodePagingState(bytes: Uint8Array): PagingState {
  try {
    const [key, clustering, remaining, rowsInPartition] = unpack(bytes) as [Uint8Array, Uint8Array | null, number, number];
    if (!(key instanceof Uint8Array) || typeof remaining !== 'number' || typeof rowsInPartition !== 'number') throw new Error('shape');
    return { key, clustering, remaining: remaining < 0 ? Infinity : remaining, rowsInPartition };
  } catch {
    throw new InvalidRequestError('Invalid value for the paging state');
  }
}
