import { nodeCompanion } from './node-companion.js';

/**
 * `?` (name null) or `:name`. `index` is the marker's 0-based position among all the markers of
 * the whole statement (every statement of a BATCH included), in textual order: the position of
 * its value in the EXECUTE request.
 */
export interface BindMarker {
  readonly kind: 'BindMarker';
  readonly index: number;
  readonly name: string | null;
}

export const BindMarker = nodeCompanion<BindMarker>('BindMarker');
