/**
 * Endpoint state on the wire: the heartbeat and the application states newer than what the
 * receiver asked for (Gossiper.getStateForVersionBiggerThan). Plain data for msgpackr.
 */

import type { ApplicationState } from './application-state.js';
import type { Endpoint } from './endpoint.js';
import type { HeartBeatState } from './heart-beat-state.js';

export interface ApplicationStateEntry {
  readonly key: ApplicationState;
  readonly value: string;
  readonly version: number;
}

export interface EndpointStateDelta {
  readonly endpoint: Endpoint;
  readonly heartBeat: HeartBeatState;
  readonly states: readonly ApplicationStateEntry[];
}

/** The highest version in a delta (its heartbeat's or one of its states'). */
export function deltaMaxVersion(delta: EndpointStateDelta): number {
  let max = delta.heartBeat.version;
  for (const entry of delta.states) max = Math.max(max, entry.version);
  return max;
}
