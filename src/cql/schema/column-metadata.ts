import type { CqlType } from '../types/cql-type.js';

export type ColumnKind = 'partition_key' | 'clustering' | 'regular' | 'static';

/**
 * One column of a table. `position` is the index within the partition key or clustering
 * (-1 for regular and static columns, as system_schema.columns has it); `columnId` names the
 * column's cells in storage, fixed at creation and never reused (ADR 0009).
 */
export interface ColumnMetadata {
  readonly name: string;
  readonly type: CqlType;
  readonly kind: ColumnKind;
  readonly position: number;
  readonly columnId: number;
}

export type ClusteringColumnMetadata = ColumnMetadata & { readonly order: 'asc' | 'desc' };
