import { nodeCompanion } from './node-companion.js';

/** `[keyspace.]name` for a table or a user type; `keyspace` is null when the session's applies. */
export interface QualifiedName {
  readonly kind: 'QualifiedName';
  readonly keyspace: string | null;
  readonly name: string;
}

export const QualifiedName = nodeCompanion<QualifiedName>('QualifiedName');
