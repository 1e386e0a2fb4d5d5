/**
 * One lexed token: plain readonly data, so that token lists can be kept, compared in tests and
 * sent anywhere. Positions are those of the token's first character (see SourcePosition).
 */

import type { SourcePosition } from '../cql-syntax-error.js';
import type { TokenKind } from './token-kind.js';

export interface Token extends SourcePosition {
  readonly kind: TokenKind;
  /** The normalized value: lower-cased names and keywords, unescaped strings (token-kind.ts). */
  readonly text: string;
  /** The exact source slice, `source.slice(offset, offset + raw.length)`. */
  readonly raw: string;
}
