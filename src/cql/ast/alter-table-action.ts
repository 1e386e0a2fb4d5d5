import type { ColumnDefinition } from './column-definition.js';
import { nodeCompanion } from './node-companion.js';
import type { Property } from './property.js';

/** `ADD [IF NOT EXISTS] col type [STATIC]` or `ADD (c1 t1, c2 t2 STATIC)`. */
export interface AddColumnsAction {
  readonly kind: 'AddColumnsAction';
  readonly ifNotExists: boolean;
  /** Never `isPrimaryKey`. */
  readonly columns: readonly ColumnDefinition[];
}

/** `DROP [IF EXISTS] col` or `DROP (c1, c2)`. */
export interface DropColumnsAction {
  readonly kind: 'DropColumnsAction';
  readonly ifExists: boolean;
  readonly columns: readonly string[];
}

/** `WITH name = value AND ...`. */
export interface AlterOptionsAction {
  readonly kind: 'AlterOptionsAction';
  readonly options: readonly Property[];
}

/** What an ALTER TABLE does. */
export type AlterTableAction = AddColumnsAction | DropColumnsAction | AlterOptionsAction;

export const AddColumnsAction = nodeCompanion<AddColumnsAction>('AddColumnsAction');
export const DropColumnsAction = nodeCompanion<DropColumnsAction>('DropColumnsAction');
export const AlterOptionsAction = nodeCompanion<AlterOptionsAction>('AlterOptionsAction');
