/**
 * How collection, tuple and UDT codecs reach the codec of their element types. value-codec.ts
 * passes itself in, so composite codecs never import it back (no import cycle).
 */

import type { CqlType } from './cql-type.js';

export interface NestedCodec {
  /** Bytes of a non-null value. */
  serialize(type: CqlType, value: unknown): Uint8Array;
  /** The value of non-null bytes (empty bytes decode as Cassandra does). */
  deserialize(type: CqlType, bytes: Uint8Array): unknown;
}
