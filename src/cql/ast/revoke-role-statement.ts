import { nodeCompanion } from './node-companion.js';

/** `REVOKE role FROM revokee`. */
export interface RevokeRoleStatement {
  readonly kind: 'RevokeRoleStatement';
  readonly role: string;
  readonly revokee: string;
}

export const RevokeRoleStatement = nodeCompanion<RevokeRoleStatement>('RevokeRoleStatement');
