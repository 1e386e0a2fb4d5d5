/** USING TTL and TIMESTAMP of a statement, checked as Cassandra's Attributes are. */

import { InvalidRequestError } from '../../lib/errors.js';
import type { UsingClause } from '../ast/using-clause.js';
import type { WriteAttributes } from '../rows/write-attributes.js';
import { MAX_TTL_SECONDS } from '../schema/table-options.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { nativeCqlType } from '../types/cql-type.js';
import type { ExecutionContext } from './execution-context.js';
import { isUnset, termValue } from './terms.js';

const BIGINT = nativeCqlType('bigint')!;
const INT = nativeCqlType('int')!;

export function writeAttributesOf(using: UsingClause, table: TableMetadata, context: ExecutionContext): WriteAttributes {
  const nowSeconds = context.clock.nowSeconds();
  let timestamp = context.defaultTimestamp ?? context.clock.nowMicros();
  if (using.timestamp !== null) {
    const value = termValue(using.timestamp, { name: '[timestamp]', type: BIGINT }, context);
    if (value === null) throw new InvalidRequestError('Invalid null value of timestamp');
    if (!isUnset(value)) timestamp = BigInt(String(value));
  }
  let ttl = table.options.defaultTimeToLive;
  if (using.ttl !== null) {
    const value = termValue(using.ttl, { name: '[ttl]', type: INT }, context);
    if (value === null) throw new InvalidRequestError('Invalid null value of TTL');
    if (!isUnset(value)) {
      ttl = Number(value);
      if (ttl < 0) throw new InvalidRequestError(`A TTL must be greater or equal to 0, but was given as ${ttl}`);
      if (ttl > MAX_TTL_SECONDS) throw new InvalidRequestError(`ttl is too large. requested (${ttl}) maximum (${MAX_TTL_SECONDS})`);
    }
  }
  if (table.isCounter && using.timestamp !== null) throw new InvalidRequestError('Cannot provide custom timestamp for counter updates');
  if (table.isCounter && using.ttl !== null) throw new InvalidRequestError('Cannot provide custom TTL for counter updates');
  return { timestamp, ttl, nowSeconds };
}
