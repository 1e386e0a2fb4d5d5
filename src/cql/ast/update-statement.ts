import type { Assignment } from './assignment.js';
import type { Condition } from './condition.js';
import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';
import type { Relation } from './relation.js';
import type { UsingClause } from './using-clause.js';

/**
 * `UPDATE [ks.]t [USING ...] SET a, ... WHERE r AND ... [IF EXISTS | IF cond AND ...]`.
 * `conditions` is empty unless IF conditions were written (then `ifExists` is false).
 */
export interface UpdateStatement {
  readonly kind: 'UpdateStatement';
  readonly table: QualifiedName;
  readonly using: UsingClause;
  readonly assignments: readonly Assignment[];
  readonly where: readonly Relation[];
  readonly ifExists: boolean;
  readonly conditions: readonly Condition[];
}

export const UpdateStatement = nodeCompanion<UpdateStatement>('UpdateStatement');
