import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';
import type { Term } from './term.js';
import type { UsingClause } from './using-clause.js';

/**
 * `INSERT INTO [ks.]t (c, ...) VALUES (v, ...)` or `INSERT INTO [ks.]t JSON 'text' | ?
 * [DEFAULT NULL | DEFAULT UNSET]`, then `[IF NOT EXISTS] [USING ...]`.
 * Names form: `columns` and `values` of equal length, `json` null. JSON form: `columns` and
 * `values` empty, `json` the document; `defaultUnset` true for DEFAULT UNSET (false for DEFAULT
 * NULL, the default, and always false in the names form).
 */
export interface InsertStatement {
  readonly kind: 'InsertStatement';
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  readonly values: readonly Term[];
  readonly json: Term | null;
  readonly defaultUnset: boolean;
  readonly ifNotExists: boolean;
  readonly using: UsingClause;
}

export const InsertStatement = nodeCompanion<InsertStatement>('InsertStatement');
