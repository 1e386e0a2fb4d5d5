import type { DeleteStatement } from './delete-statement.js';
import type { InsertStatement } from './insert-statement.js';
import { nodeCompanion } from './node-companion.js';
import type { UpdateStatement } from './update-statement.js';
import type { UsingClause } from './using-clause.js';

/** A statement a BATCH may hold. */
export type BatchChild = InsertStatement | UpdateStatement | DeleteStatement;

/**
 * `BEGIN [UNLOGGED | COUNTER] BATCH [USING TIMESTAMP ts] stmt [;] ... APPLY BATCH`. Bind marker
 * indexes run across all the children, in textual order.
 */
export interface BatchStatement {
  readonly kind: 'BatchStatement';
  readonly type: 'LOGGED' | 'UNLOGGED' | 'COUNTER';
  readonly using: UsingClause;
  readonly statements: readonly BatchChild[];
}

export const BatchStatement = nodeCompanion<BatchStatement>('BatchStatement');
