import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

/** `{a, b, ...}` with at least one element: an empty `{}` is an empty MapLiteral (the receiver decides). */
export interface SetLiteral {
  readonly kind: 'SetLiteral';
  readonly elements: readonly Term[];
}

export const SetLiteral = nodeCompanion<SetLiteral>('SetLiteral');
