/**
 * USING TTL ? and TIMESTAMP ? (Cassandra's Attributes): `[ttl]` an int and `[timestamp]` a
 * bigint, of the statement's table, or of the pseudo-table `[batch]` on a BATCH
 * (BatchStatement.Parsed prepares its attributes as `attrs.prepare("[batch]", "[batch]")`).
 */

import { UsingClause } from '../ast/using-clause.js';
import { nativeCqlType } from '../types/cql-type.js';
import { derivedReceiver } from './marker-receiver.js';
import { prepareTerm, type TermOwner } from './prepare-term.js';

const INT = nativeCqlType('int')!;
const BIGINT = nativeCqlType('bigint')!;

export const BATCH_SPEC = Object.freeze({ keyspace: '[batch]', table: '[batch]' });

export function prepareUsing(using: UsingClause, owner: TermOwner, of: { readonly keyspace: string; readonly table: string }): UsingClause {
  return UsingClause.create({
    ttl: using.ttl === null ? null : prepareTerm(using.ttl, derivedReceiver(of, '[ttl]', INT), owner),
    timestamp: using.timestamp === null ? null : prepareTerm(using.timestamp, derivedReceiver(of, '[timestamp]', BIGINT), owner),
  });
}
