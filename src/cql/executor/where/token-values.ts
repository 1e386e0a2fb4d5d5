/** token() values: Murmur3 tokens are bigint columns, given as the driver's Long, a number or a string. */

import { InvalidRequestError } from '../../../lib/errors.js';

export function tokenOfValue(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) {
    try {
      return BigInt(String(value));
    } catch {
      // fall through
    }
  }
  throw new InvalidRequestError(`Invalid token value ${String(value)}`);
}
