/**
 * The STATUS application state in Cassandra's text forms (VersionedValue.VersionedValueFactory):
 * a status word, then comma-separated pieces.
 *
 *   BOOT,<token>               joining, streaming its ranges       NORMAL,<token>    serving
 *   BOOT_REPLACE,<address>     replacing a dead node               LEAVING,<token>   decommissioning
 *   LEFT,<token>,<expireMs>    decommissioned                      MOVING,<token>    moving a token
 *   removing,<hostId>          being removed by another node       hibernate,true    replacing, silent
 *   removed,<hostId>,<expireMs> removed                            shutdown,true     stopped cleanly
 *
 * As in Cassandra, <token> is the first of the node's tokens (the full list is TOKENS) and
 * <expireMs> is the wall-clock millisecond after which others may forget the endpoint.
 * REMOVAL_COORDINATOR is `REMOVER,<hostId>`: the node running the removal.
 */

import { assert } from '../../lib/assert.js';

export const GossipStatus = {
  bootstrapping: 'BOOT',
  bootstrappingReplace: 'BOOT_REPLACE',
  normal: 'NORMAL',
  leaving: 'LEAVING',
  left: 'LEFT',
  moving: 'MOVING',
  removing: 'removing',
  removed: 'removed',
  hibernate: 'hibernate',
  shutdown: 'shutdown',
} as const;

export type GossipStatus = (typeof GossipStatus)[keyof typeof GossipStatus];

/** Gossiper.DEAD_STATES: an endpoint in one of these is never marked alive. */
export const DEAD_STATES: readonly string[] = [GossipStatus.removing, GossipStatus.removed, GossipStatus.left, GossipStatus.hibernate];

/** Gossiper.SILENT_SHUTDOWN_STATES: a node in one of these stops without announcing it. */
export const SILENT_SHUTDOWN_STATES: readonly string[] = [...DEAD_STATES, GossipStatus.bootstrapping];

/** Statuses of a node that owns tokens in the ring (TokenMetadata.isMember): its STATUS names one. */
const RING_MEMBER_STATES: readonly string[] = [GossipStatus.normal, GossipStatus.leaving, GossipStatus.moving];

/**
 * Whether an endpoint's STATUS (and TOKENS) make it a ring member, as gossip alone can tell
 * (the ring, node/gossip-ring.ts, places the same states). A node that said "shutdown" is a
 * member if it had announced tokens; one joining (BOOT, BOOT_REPLACE) is not yet, as in
 * Cassandra, where bootstrap tokens are not membership.
 */
export function isRingMemberStatus(statusValue: string | undefined, tokensText: string | undefined): boolean {
  const word = statusWord(statusValue);
  if (RING_MEMBER_STATES.includes(word)) return true;
  return word === GossipStatus.shutdown && tokensText !== undefined && tokensText !== '';
}

const DELIMITER = ',';

/** The status word of a STATUS value ("" for no status), as Gossiper.getGossipStatus. */
export function statusWord(statusValue: string | undefined): string {
  if (statusValue === undefined) return '';
  const comma = statusValue.indexOf(DELIMITER);
  return comma < 0 ? statusValue : statusValue.slice(0, comma);
}

/** The expiry a LEFT or removed status carries, if any. */
export function statusExpireTimeMs(statusValue: string | undefined): number | undefined {
  const word = statusWord(statusValue);
  if (word !== GossipStatus.left && word !== GossipStatus.removed) return undefined;
  const pieces = statusValue!.split(DELIMITER);
  const expire = Number(pieces[2]);
  return pieces.length >= 3 && Number.isSafeInteger(expire) ? expire : undefined;
}

function firstToken(tokens: readonly string[]): string {
  assert(tokens.length > 0 && tokens.every((t) => t.length > 0 && !t.includes(DELIMITER)), 'tokens must be non-empty, comma-free');
  return tokens[0]!;
}

/** STATUS values, one builder per VersionedValueFactory method. */
export const statusValue = {
  bootstrapping: (tokens: readonly string[]): string => `${GossipStatus.bootstrapping},${firstToken(tokens)}`,
  bootReplacing: (oldEndpoint: string): string => `${GossipStatus.bootstrappingReplace},${oldEndpoint}`,
  normal: (tokens: readonly string[]): string => `${GossipStatus.normal},${firstToken(tokens)}`,
  leaving: (tokens: readonly string[]): string => `${GossipStatus.leaving},${firstToken(tokens)}`,
  left: (tokens: readonly string[], expireTimeMs: number): string => `${GossipStatus.left},${firstToken(tokens)},${expireTimeMs}`,
  moving: (token: string): string => `${GossipStatus.moving},${firstToken([token])}`,
  removing: (hostId: string): string => `${GossipStatus.removing},${hostId}`,
  removed: (hostId: string, expireTimeMs: number): string => `${GossipStatus.removed},${hostId},${expireTimeMs}`,
  hibernate: (value: boolean): string => `${GossipStatus.hibernate},${value}`,
  shutdown: (value: boolean): string => `${GossipStatus.shutdown},${value}`,
} as const;

/** The REMOVAL_COORDINATOR value (VersionedValueFactory.removalCoordinator). */
export function removalCoordinatorValue(hostId: string): string {
  return `REMOVER${DELIMITER}${hostId}`;
}

/**
 * The TOKENS value. Cassandra packs the tokens with TokenSerializer (binary in an ISO-8859-1
 * string); we gossip their text forms joined by commas, a character no token contains.
 */
export function tokensValue(tokens: readonly string[]): string {
  firstToken(tokens);
  return tokens.join(DELIMITER);
}

export function tokensOf(tokensText: string): string[] {
  return tokensText === '' ? [] : tokensText.split(DELIMITER);
}
