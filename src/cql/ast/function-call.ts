import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

/**
 * `[ks.]name(args)` as a value: now(), uuid(), toTimestamp(x), minTimeuuid(x), intAsBlob(x),
 * fromJson(x)... `name` is lower case unless it was quoted; `keyspace` is null when not written.
 */
export interface FunctionCall {
  readonly kind: 'FunctionCall';
  readonly keyspace: string | null;
  readonly name: string;
  readonly args: readonly Term[];
}

export const FunctionCall = nodeCompanion<FunctionCall>('FunctionCall');
