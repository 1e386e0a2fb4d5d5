import type { Condition } from './condition.js';
import type { DeleteTarget } from './delete-target.js';
import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';
import type { Relation } from './relation.js';
import type { UsingClause } from './using-clause.js';

/**
 * `DELETE [target, ...] FROM [ks.]t [USING TIMESTAMP ts] WHERE r AND ... [IF EXISTS | IF cond
 * AND ...]`. `targets` is empty when the whole row (or partition, or range) goes; `using.ttl`
 * is always null.
 */
export interface DeleteStatement {
  readonly kind: 'DeleteStatement';
  readonly table: QualifiedName;
  readonly targets: readonly DeleteTarget[];
  readonly using: UsingClause;
  readonly where: readonly Relation[];
  readonly ifExists: boolean;
  readonly conditions: readonly Condition[];
}

export const DeleteStatement = nodeCompanion<DeleteStatement>('DeleteStatement');
