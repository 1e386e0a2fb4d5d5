import { nodeCompanion } from './node-companion.js';
import type { RoleOptions } from './role-options.js';

/** `ALTER ROLE r WITH options`, and `ALTER USER u [WITH PASSWORD '...'] [SUPERUSER | NOSUPERUSER]`. */
export interface AlterRoleStatement {
  readonly kind: 'AlterRoleStatement';
  readonly role: string;
  readonly options: RoleOptions;
}

export const AlterRoleStatement = nodeCompanion<AlterRoleStatement>('AlterRoleStatement');
