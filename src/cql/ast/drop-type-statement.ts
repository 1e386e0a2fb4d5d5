import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';

/** `DROP TYPE [IF EXISTS] [ks.]name`. */
export interface DropTypeStatement {
  readonly kind: 'DropTypeStatement';
  readonly type: QualifiedName;
  readonly ifExists: boolean;
}

export const DropTypeStatement = nodeCompanion<DropTypeStatement>('DropTypeStatement');
