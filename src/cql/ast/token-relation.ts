import { nodeCompanion } from './node-companion.js';
import type { TokenRelationOperator } from './relation-operator.js';
import type { Term } from './term.js';

/** `token(a, b) op term`: a restriction on the partition key's token. */
export interface TokenRelation {
  readonly kind: 'TokenRelation';
  readonly columns: readonly string[];
  readonly operator: TokenRelationOperator;
  readonly value: Term;
}

export const TokenRelation = nodeCompanion<TokenRelation>('TokenRelation');
