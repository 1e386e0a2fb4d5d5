import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';

/** `DROP TABLE|COLUMNFAMILY [IF EXISTS] [ks.]t`. */
export interface DropTableStatement {
  readonly kind: 'DropTableStatement';
  readonly table: QualifiedName;
  readonly ifExists: boolean;
}

export const DropTableStatement = nodeCompanion<DropTableStatement>('DropTableStatement');
