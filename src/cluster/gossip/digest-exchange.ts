/**
 * The pure half of a gossip exchange: which digests to send, and given a peer's digests, which
 * states to send back and which to ask for (Gossiper.makeRandomGossipDigest, examineGossiper,
 * getStateForVersionBiggerThan). The gossiper applies what comes back; nothing here mutates.
 *
 * For each digest (endpoint, remote generation, remote max version) against our view:
 *
 *   we know nothing of it            -> ask for all of it (version 0)
 *   remote generation > ours         -> ask for all of it: it restarted
 *   remote generation < ours         -> send all of ours
 *   same generation, remote newer    -> ask for what is newer than our max version
 *   same generation, ours newer      -> send what is newer than the remote max version
 *   equal                            -> nothing
 */

import type { Random } from '../../lib/random.js';
import type { Endpoint } from './endpoint.js';
import type { EndpointState } from './endpoint-state.js';
import type { EndpointStateDelta } from './endpoint-state-delta.js';
import type { GossipDigest } from './gossip-digest.js';

export type EndpointStates = ReadonlyMap<Endpoint, EndpointState>;

/** One digest per known endpoint (ours included), shuffled as Cassandra does. */
export function makeDigests(states: EndpointStates, random: Random): GossipDigest[] {
  const digests: GossipDigest[] = [];
  for (const [endpoint, state] of states) {
    digests.push({ endpoint, generation: state.heartBeatState().generation, maxVersion: state.maxVersion() });
  }
  for (let i = digests.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [digests[i], digests[j]] = [digests[j]!, digests[i]!];
  }
  return digests;
}

export interface DigestExamination {
  /** What we ask the SYN's sender for. */
  readonly requests: GossipDigest[];
  /** What we have that the SYN's sender lacks. */
  readonly deltas: EndpointStateDelta[];
}

export function examineDigests(states: EndpointStates, digests: readonly GossipDigest[]): DigestExamination {
  const requests: GossipDigest[] = [];
  const deltas: EndpointStateDelta[] = [];
  const sendNewerThan = (endpoint: Endpoint, state: EndpointState, version: number): void => {
    const delta = state.deltaNewerThan(endpoint, version);
    if (delta !== undefined) deltas.push(delta);
  };
  for (const digest of digests) {
    const state = states.get(digest.endpoint);
    if (state === undefined) {
      requests.push({ endpoint: digest.endpoint, generation: digest.generation, maxVersion: 0 });
      continue;
    }
    const localGeneration = state.heartBeatState().generation;
    const localMaxVersion = state.maxVersion();
    if (digest.generation > localGeneration) {
      requests.push({ endpoint: digest.endpoint, generation: digest.generation, maxVersion: 0 });
    } else if (digest.generation < localGeneration) {
      sendNewerThan(digest.endpoint, state, 0);
    } else if (digest.maxVersion > localMaxVersion) {
      requests.push({ endpoint: digest.endpoint, generation: digest.generation, maxVersion: localMaxVersion });
    } else if (digest.maxVersion < localMaxVersion) {
      sendNewerThan(digest.endpoint, state, digest.maxVersion);
    }
  }
  return { requests, deltas };
}

/**
 * The states an ACK asked for, for the ACK2 (GossipDigestAckVerbHandler). A request names the
 * generation it counted versions in; if ours is another one (the endpoint restarted since),
 * its versions mean nothing here and the whole state goes: a few late states of a new
 * generation would otherwise replace the asker's whole view of the endpoint (found by the
 * simulator, seed 904: the ring lost a node).
 */
export function requestedDeltas(states: EndpointStates, requests: readonly GossipDigest[]): EndpointStateDelta[] {
  const deltas: EndpointStateDelta[] = [];
  for (const request of requests) {
    const state = states.get(request.endpoint);
    const sameGeneration = state?.heartBeatState().generation === request.generation;
    const delta = state?.deltaNewerThan(request.endpoint, sameGeneration ? request.maxVersion : -1);
    if (delta !== undefined) deltas.push(delta);
  }
  return deltas;
}

/** Every state we hold, for a shadow-round request (Gossiper.examineShadowState). */
export function allDeltas(states: EndpointStates): EndpointStateDelta[] {
  const deltas: EndpointStateDelta[] = [];
  for (const [endpoint, state] of states) {
    const delta = state.deltaNewerThan(endpoint, -1);
    if (delta !== undefined) deltas.push(delta);
  }
  return deltas;
}
