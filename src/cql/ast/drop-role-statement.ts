import { nodeCompanion } from './node-companion.js';

/** `DROP ROLE [IF EXISTS] r`, and `DROP USER`. */
export interface DropRoleStatement {
  readonly kind: 'DropRoleStatement';
  readonly role: string;
  readonly ifExists: boolean;
}

export const DropRoleStatement = nodeCompanion<DropRoleStatement>('DropRoleStatement');
