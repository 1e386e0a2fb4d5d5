import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

export interface MapLiteralEntry {
  readonly key: Term;
  readonly value: Term;
}

/** `{k: v, ...}` with constant (non-identifier) keys, and `{}`, which may also be an empty set. */
export interface MapLiteral {
  readonly kind: 'MapLiteral';
  readonly entries: readonly MapLiteralEntry[];
}

export const MapLiteral = nodeCompanion<MapLiteral>('MapLiteral');
