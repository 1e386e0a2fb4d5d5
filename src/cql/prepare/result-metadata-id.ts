/**
 * Cassandra's result metadata id (ResultSet.ResultMetadata.computeResultMetadataId): MD5 over
 * each result column's name (UTF-8), a 0 byte, its type's marshal name (marshal-type-name.ts),
 * and two 0 bytes. A statement without result columns has the MD5 of nothing
 * (ResultMetadata.EMPTY). Protocol v5 clients send it back with EXECUTE; a different id
 * means the result's shape changed (an ALTER TABLE under a SELECT *).
 */

import { createHash } from 'node:crypto';
import type { PreparedColumn } from './prepared-statement.js';
import { marshalTypeName } from './marshal-type-name.js';

/** A result column and whether it is a descending clustering column itself (a ReversedType). */
export interface MetadataColumn extends PreparedColumn {
  readonly reversed: boolean;
}

const ZERO = Buffer.of(0);

export function computeResultMetadataId(columns: readonly MetadataColumn[]): Buffer {
  const md5 = createHash('md5');
  for (const column of columns) {
    md5.update(Buffer.from(column.name, 'utf8'));
    md5.update(ZERO);
    md5.update(Buffer.from(marshalTypeName(column.type, { reversed: column.reversed }), 'utf8'));
    md5.update(ZERO);
    md5.update(ZERO);
  }
  return md5.digest();
}
