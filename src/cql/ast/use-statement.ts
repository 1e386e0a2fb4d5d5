import { nodeCompanion } from './node-companion.js';

/** `USE ks`. */
export interface UseStatement {
  readonly kind: 'UseStatement';
  readonly keyspace: string;
}

export const UseStatement = nodeCompanion<UseStatement>('UseStatement');
