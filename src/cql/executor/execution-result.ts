/** What a statement answers, as the native protocol's RESULT kinds (spec 4.2.5). */

import type { SchemaChange } from '../catalog/schema-change.js';
import type { RowsResult } from './select/run-select.js';

export type ExecutionResult =
  | { readonly kind: 'void' }
  | ({ readonly kind: 'rows' } & RowsResult)
  | { readonly kind: 'setKeyspace'; readonly keyspace: string }
  | { readonly kind: 'schemaChange'; readonly change: SchemaChange };

export const VOID_RESULT: ExecutionResult = Object.freeze({ kind: 'void' });
