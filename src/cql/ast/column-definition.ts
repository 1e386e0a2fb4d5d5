import { nodeCompanion } from './node-companion.js';
import type { TypeExpression } from './type-expression.js';

/**
 * `name type [STATIC] [PRIMARY KEY]` in CREATE TABLE (ALTER TABLE ADD never has PRIMARY KEY).
 * Whether an inline PRIMARY KEY clashes with a PRIMARY KEY clause is the schema layer's check.
 */
export interface ColumnDefinition {
  readonly kind: 'ColumnDefinition';
  readonly name: string;
  readonly type: TypeExpression;
  readonly isStatic: boolean;
  readonly isPrimaryKey: boolean;
}

export const ColumnDefinition = nodeCompanion<ColumnDefinition>('ColumnDefinition');
