/** What a statement answers, as the native protocol's RESULT kinds (spec 4.2.5). */

import type { SchemaChange } from '../catalog/schema-change.js';
import type { RowsResult } from './select/run-select.js';

export type ExecutionResult =
  | { readonly kind: 'void' }
  | ({ readonly kind: 'rows' } & RowsResult & { readonly source?: RowsSource })
  | { readonly kind: 'setKeyspace'; readonly keyspace: string }
  | { readonly kind: 'schemaChange'; readonly change: SchemaChange };

/** The keyspace and table a result's columns are named under, when not a SELECT's own (LIST ROLES: system_auth.roles). */
export interface RowsSource {
  readonly keyspace: string;
  readonly table: string;
}

export const VOID_RESULT: ExecutionResult = Object.freeze({ kind: 'void' });
