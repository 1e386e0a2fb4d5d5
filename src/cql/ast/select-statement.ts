import { nodeCompanion } from './node-companion.js';
import type { QualifiedName } from './qualified-name.js';
import type { Relation } from './relation.js';
import type { Selector } from './selector.js';
import type { Term } from './term.js';

/** One `ORDER BY` item. */
export interface SelectOrdering {
  readonly column: string;
  readonly order: 'ASC' | 'DESC';
}

/**
 * `SELECT [JSON] [DISTINCT] selectors | * FROM [ks.]t [WHERE r AND ...] [GROUP BY c, ...]
 * [ORDER BY c [ASC|DESC], ...] [PER PARTITION LIMIT n] [LIMIT n] [ALLOW FILTERING]`.
 * `selectors` is null for `*`; an ORDER BY without a direction is ASC.
 */
export interface SelectStatement {
  readonly kind: 'SelectStatement';
  readonly table: QualifiedName;
  readonly json: boolean;
  readonly distinct: boolean;
  readonly selectors: readonly Selector[] | null;
  readonly where: readonly Relation[];
  readonly groupBy: readonly string[];
  readonly orderBy: readonly SelectOrdering[];
  readonly perPartitionLimit: Term | null;
  readonly limit: Term | null;
  readonly allowFiltering: boolean;
}

export const SelectStatement = nodeCompanion<SelectStatement>('SelectStatement');
