import type { AccessStatement } from './access-statement.js';
import type { AlterKeyspaceStatement } from './alter-keyspace-statement.js';
import type { AlterTableStatement } from './alter-table-statement.js';
import type { BatchStatement } from './batch-statement.js';
import type { CreateKeyspaceStatement } from './create-keyspace-statement.js';
import type { CreateTableStatement } from './create-table-statement.js';
import type { CreateTypeStatement } from './create-type-statement.js';
import type { DeleteStatement } from './delete-statement.js';
import type { DescribeStatement } from './describe-statement.js';
import type { DropKeyspaceStatement } from './drop-keyspace-statement.js';
import type { DropTableStatement } from './drop-table-statement.js';
import type { DropTypeStatement } from './drop-type-statement.js';
import type { InsertStatement } from './insert-statement.js';
import type { SelectStatement } from './select-statement.js';
import type { TruncateStatement } from './truncate-statement.js';
import type { UpdateStatement } from './update-statement.js';
import type { UseStatement } from './use-statement.js';

/** Every statement `parseStatement` returns. A new kind goes here and in statement-kind.ts. */
export type Statement =
  | CreateKeyspaceStatement
  | AlterKeyspaceStatement
  | DropKeyspaceStatement
  | UseStatement
  | CreateTableStatement
  | AlterTableStatement
  | DropTableStatement
  | TruncateStatement
  | CreateTypeStatement
  | DropTypeStatement
  | SelectStatement
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | BatchStatement
  | DescribeStatement
  | AccessStatement;
