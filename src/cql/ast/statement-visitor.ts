import type { Statement } from './statement.js';
import type { StatementKind } from './statement-kind.js';

/**
 * One handler per statement kind (kysely's OperationNodeVisitor): a mapped type over
 * `StatementKind`, so a new statement without a handler is a compile error in every visitor.
 */
export type StatementVisitor<R> = {
  readonly [K in StatementKind]: (node: Extract<Statement, { kind: K }>) => R;
};

export function visitStatement<R>(statement: Statement, visitor: StatementVisitor<R>): R {
  const handler = visitor[statement.kind] as (node: Statement) => R;
  return handler(statement);
}
