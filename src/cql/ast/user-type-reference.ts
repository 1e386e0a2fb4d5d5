import { nodeCompanion } from './node-companion.js';

/**
 * A user type named in a column or field type, `[keyspace.]name`, not yet resolved: the schema
 * layer looks it up and turns it into a `udt` CqlType. `frozen` records `frozen<name>`.
 */
export interface UserTypeReference {
  readonly kind: 'UserTypeReference';
  readonly keyspace: string | null;
  readonly name: string;
  readonly frozen: boolean;
}

export const UserTypeReference = nodeCompanion<UserTypeReference>('UserTypeReference');
