import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';

/** `TRUNCATE [TABLE|COLUMNFAMILY] [ks.]t`. */
export interface TruncateStatement {
  readonly kind: 'TruncateStatement';
  readonly table: QualifiedName;
}

export const TruncateStatement = nodeCompanion<TruncateStatement>('TruncateStatement');
