/**
 * Partition keys of more than one column, serialized as Cassandra's CompositeType does, so the
 * bytes (and hence the Murmur3 token) match what Cassandra and the drivers compute for routing.
 *
 * Each component is written as:
 *
 *   +----------------+----------------------+-----+
 *   | length: u16 BE | component bytes      | eoc |   eoc (end-of-component) = 0x00
 *   +----------------+----------------------+-----+
 *
 * and the components follow one another with nothing in between. A partition key of ONE column
 * is not a composite: its serialized value is the key as is (serializePartitionKey chooses).
 * Cassandra refuses keys whose whole serialized form exceeds 65,535 bytes (validateKey), and a
 * component longer than that cannot even carry its length; both are the caller's input, so
 * they raise InvalidRequestError rather than an assertion.
 */

import { assert } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { limits } from '../../config/limits.js';

const END_OF_COMPONENT = 0x00;
const COMPONENT_LENGTH_MAX = 0xffff;

/** Serializes components in CompositeType form: per component u16 length, bytes, 0x00. */
export function serializeCompositeKey(components: readonly Uint8Array[]): Uint8Array {
  assert(components.length > 0, 'a composite key needs at least one component');
  let total = 0;
  for (const component of components) {
    if (component.length > COMPONENT_LENGTH_MAX) {
      const length = component.length;
      throw new InvalidRequestError(
        `Key component length of ${length} is longer than maximum of ${COMPONENT_LENGTH_MAX}`,
      );
    }
    total += 2 + component.length + 1;
  }
  checkKeyLength(total);

  const out = new Uint8Array(total);
  let at = 0;
  for (const component of components) {
    out[at] = component.length >>> 8;
    out[at + 1] = component.length & 0xff;
    out.set(component, at + 2);
    at += 2 + component.length;
    out[at] = END_OF_COMPONENT;
    at += 1;
  }
  if (at !== total) assert(false, `composite key wrote ${at} bytes, expected ${total}`);
  return out;
}

/**
 * The serialized partition key of a table: the single column's bytes unchanged, or the
 * CompositeType form when the partition key has two or more columns.
 */
export function serializePartitionKey(components: readonly Uint8Array[]): Uint8Array {
  assert(components.length > 0, 'a partition key needs at least one column');
  if (components.length === 1) {
    const only = components[0]!;
    checkKeyLength(only.length);
    return only;
  }
  return serializeCompositeKey(components);
}

/**
 * The components of a CompositeType key of `count` components, as views of `bytes`; null when
 * the bytes are not exactly that (a length overruns, an end-of-component byte is not 0x00, or
 * bytes are left over).
 */
export function splitCompositeKey(bytes: Uint8Array, count: number): Uint8Array[] | null {
  const components: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 2 > bytes.length) return null;
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    const end = at + 2 + length;
    if (end >= bytes.length || bytes[end] !== END_OF_COMPONENT) return null;
    components.push(bytes.subarray(at + 2, end));
    at = end + 1;
  }
  return at === bytes.length ? components : null;
}

function checkKeyLength(length: number): void {
  if (length > limits.partitionKeyBytesMax) {
    throw new InvalidRequestError(
      `Key length of ${length} is longer than maximum of ${limits.partitionKeyBytesMax}`,
    );
  }
}
