import { nodeCompanion } from './node-companion.js';

/** What kind of constant a `Literal` is, as the lexer saw it (the receiver's type decides the value). */
export type LiteralType = 'string' | 'integer' | 'float' | 'boolean' | 'uuid' | 'blob' | 'duration' | 'null';

/**
 * A constant as written. `text` is the source text of the literal: strings without quotes and
 * with `''` undone; numbers with a folded unary minus (`-5`, `-1.5e3`, `NaN`, `-Infinity`);
 * blobs as `0x` then lower-case hex (`0xcafe`); uuids lower case; durations as written with a
 * folded minus (`1h30m`, `-2d`); booleans `true` / `false`; null `null`.
 */
export interface Literal {
  readonly kind: 'Literal';
  readonly type: LiteralType;
  readonly text: string;
}

export const Literal = nodeCompanion<Literal>('Literal');
