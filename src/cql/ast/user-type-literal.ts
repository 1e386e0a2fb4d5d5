import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

export interface UserTypeLiteralField {
  readonly name: string;
  readonly value: Term;
}

/** `{field: term, ...}` where every key is an identifier (not a constant): a UDT value. */
export interface UserTypeLiteral {
  readonly kind: 'UserTypeLiteral';
  readonly fields: readonly UserTypeLiteralField[];
}

export const UserTypeLiteral = nodeCompanion<UserTypeLiteral>('UserTypeLiteral');
