/** The operators of a WHERE relation or an IF condition, upper case as written in CQL. */
export type RelationOperator = '=' | '<' | '<=' | '>' | '>=' | '!=' | 'IN' | 'CONTAINS' | 'CONTAINS KEY' | 'LIKE';

/** The operators a `token(...)` relation takes. */
export type TokenRelationOperator = '=' | '<' | '<=' | '>' | '>=';
