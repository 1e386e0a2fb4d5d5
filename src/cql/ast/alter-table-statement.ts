import type { AlterTableAction } from './alter-table-action.js';
import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';

/** `ALTER TABLE|COLUMNFAMILY [IF EXISTS] [ks.]t ADD ... | DROP ... | WITH ...`. */
export interface AlterTableStatement {
  readonly kind: 'AlterTableStatement';
  readonly table: QualifiedName;
  readonly ifExists: boolean;
  readonly action: AlterTableAction;
}

export const AlterTableStatement = nodeCompanion<AlterTableStatement>('AlterTableStatement');
