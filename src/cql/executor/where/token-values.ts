/**
 * token() values: Murmur3 tokens are bigint columns, given as the driver's Long, a number or a
 * string, or as `token(?, ...)` of partition key values (Cassandra's TokenFct as a term), which
 * the function registry leaves to the executor since it needs the table's partition key.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import { murmur3Token } from '../../../cluster/ring/murmur3.js';
import type { Term } from '../../ast/term.js';
import { partitionKeyBytes } from '../../rows/row-keys.js';
import type { TableLayout } from '../../rows/table-layout.js';
import { nativeCqlType } from '../../types/cql-type.js';
import type { ExecutionContext } from '../execution-context.js';
import { requiredValue } from '../terms.js';

const BIGINT = nativeCqlType('bigint')!;

export function tokenOfTerm(term: Term, layout: TableLayout, context: ExecutionContext): bigint {
  if (term.kind === 'FunctionCall' && term.name === 'token' && (term.keyspace === null || term.keyspace === 'system')) {
    const columns = layout.table.partitionKey;
    if (term.args.length !== columns.length) {
      throw new InvalidRequestError(`Invalid number of arguments in call to function system.token: ${columns.length} required but ${term.args.length} provided`);
    }
    const values = term.args.map((arg, i) => requiredValue(arg, columns[i]!, context));
    return murmur3Token(partitionKeyBytes(layout, values));
  }
  const names = layout.table.partitionKey.map((c) => c.name).join(', ');
  return tokenOfValue(requiredValue(term, { name: `token(${names})`, type: BIGINT }, context));
}

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
