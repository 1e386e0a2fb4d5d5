/**
 * The ring as one node sees it, with the changes under way: the TokenMetadata (normal and
 * leaving nodes in the ring, joining nodes with their announced tokens outside it) and the
 * replacements in progress. A replacement cannot live in TokenMetadata: the new node announces
 * the dead node's own tokens, and a token has one holder there (Cassandra keeps these apart too:
 * TokenMetadata.replacementToOriginal).
 *
 * Immutable, like TokenMetadata: a change makes a new RingState, so pending ranges are cached
 * per object (pending-range-cache.ts) with nothing to invalidate.
 */

import type { Token } from '../../storage/model/token.js';
import type { Endpoint, HostId } from '../ring/endpoint.js';
import { TokenMetadata } from '../ring/token-metadata.js';

/** A node taking over a dead node's tokens (STATUS BOOT_REPLACE,<address of the dead node>). */
export interface Replacement {
  /** The new node (status `joining`: it owns nothing until it is NORMAL). */
  readonly endpoint: Endpoint;
  /** The dead node's tokens, which the new node will hold. */
  readonly tokens: readonly Token[];
  /** The dead node, still a ring member until the new one is NORMAL. */
  readonly replaced: HostId;
}

export interface RingState {
  readonly metadata: TokenMetadata;
  readonly replacements: readonly Replacement[];
}

export const EMPTY_RING_STATE: RingState = Object.freeze({ metadata: TokenMetadata.EMPTY, replacements: Object.freeze([]) });

/** Whether any range is moving: a node joining, leaving or being replaced. */
export function hasRingChanges(state: RingState): boolean {
  return state.replacements.length > 0 || state.metadata.endpoints().some((e) => e.status !== 'normal');
}
