import type { MultiColumnRelation } from './multi-column-relation.js';
import type { SingleColumnRelation } from './single-column-relation.js';
import type { TokenRelation } from './token-relation.js';

/** One restriction of a WHERE clause (its relations are ANDed). */
export type Relation = SingleColumnRelation | MultiColumnRelation | TokenRelation;
