import type { FieldDefinition } from './field-definition.js';
import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';

/** `CREATE TYPE [IF NOT EXISTS] [ks.]name (field type, ...)`. */
export interface CreateTypeStatement {
  readonly kind: 'CreateTypeStatement';
  readonly type: QualifiedName;
  readonly ifNotExists: boolean;
  readonly fields: readonly FieldDefinition[];
}

export const CreateTypeStatement = nodeCompanion<CreateTypeStatement>('CreateTypeStatement');
