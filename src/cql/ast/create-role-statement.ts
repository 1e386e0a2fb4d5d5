import { nodeCompanion } from './node-companion.js';
import type { RoleOptions } from './role-options.js';

/** `CREATE ROLE [IF NOT EXISTS] r [WITH options]`, and `CREATE USER` (LOGIN = true). */
export interface CreateRoleStatement {
  readonly kind: 'CreateRoleStatement';
  readonly role: string;
  readonly ifNotExists: boolean;
  readonly options: RoleOptions;
}

export const CreateRoleStatement = nodeCompanion<CreateRoleStatement>('CreateRoleStatement');
