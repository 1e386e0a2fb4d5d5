/**
 * The keys of a node's gossiped state (Cassandra's gms/ApplicationState enum, in its order,
 * which is also the order listeners hear about changes). Values are text, as in Cassandra.
 */

export const APPLICATION_STATES = [
  'STATUS',
  'LOAD',
  'SCHEMA',
  'DC',
  'RACK',
  'RELEASE_VERSION',
  'REMOVAL_COORDINATOR',
  'RPC_ADDRESS',
  'NET_VERSION',
  'HOST_ID',
  'TOKENS',
  'RPC_READY',
  'INTERNAL_ADDRESS_AND_PORT',
  'NATIVE_ADDRESS_AND_PORT',
] as const;

export type ApplicationState = (typeof APPLICATION_STATES)[number];

const ordinals = new Map<string, number>(APPLICATION_STATES.map((key, i) => [key, i]));

export function isApplicationState(key: unknown): key is ApplicationState {
  return typeof key === 'string' && ordinals.has(key);
}

/** Orders keys as Cassandra's EnumMap iterates them. */
export function compareApplicationStates(a: ApplicationState, b: ApplicationState): number {
  return ordinals.get(a)! - ordinals.get(b)!;
}
