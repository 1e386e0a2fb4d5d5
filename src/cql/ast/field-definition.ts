import { nodeCompanion } from './node-companion.js';
import type { TypeExpression } from './type-expression.js';

/** `name type`, one field of CREATE TYPE. */
export interface FieldDefinition {
  readonly kind: 'FieldDefinition';
  readonly name: string;
  readonly type: TypeExpression;
}

export const FieldDefinition = nodeCompanion<FieldDefinition>('FieldDefinition');
