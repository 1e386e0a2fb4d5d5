import { nodeCompanion } from './node-companion.js';

/** One `column ASC|DESC` of `WITH CLUSTERING ORDER BY (...)`. */
export interface ClusteringOrder {
  readonly kind: 'ClusteringOrder';
  readonly column: string;
  readonly order: 'asc' | 'desc';
}

export const ClusteringOrder = nodeCompanion<ClusteringOrder>('ClusteringOrder');
