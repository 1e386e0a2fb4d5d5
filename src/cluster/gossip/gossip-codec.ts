/**
 * Gossip messages to bytes and back with msgpackr. The shape is checked on both sides (STYLE
 * rule 3): a bad message on send is our bug (assertion); a bad message on receive is a peer's
 * fault or a corrupt frame (GossipMessageError), and the transport drops it.
 */

import { Packr } from 'msgpackr';
import { assert } from '../../lib/assert.js';
import { CqlErrorCode, SibylError } from '../../lib/errors.js';
import { isApplicationState } from './application-state.js';
import { isEndpointText } from './endpoint.js';
import { gossipLimits } from './gossip-limits.js';
import type { GossipMessage } from './messages.js';
import { isGeneration, isVersion } from './versioned-value.js';

/** A peer sent bytes that are not a gossip message. */
export class GossipMessageError extends SibylError {
  override readonly name = 'GossipMessageError';
  readonly code = CqlErrorCode.protocolError;
}

// useRecords: false keeps each message self-describing: sender and receiver share no tables.
const packr = new Packr({ useRecords: false, structuredClone: false });

export function encodeGossipMessage(message: GossipMessage): Uint8Array {
  const problem = gossipMessageProblem(message);
  assert(problem === undefined, `malformed gossip message on send: ${problem}`);
  return packr.pack(message);
}

export function decodeGossipMessage(bytes: Uint8Array): GossipMessage {
  let raw: unknown;
  try {
    raw = packr.unpack(bytes);
  } catch (error) {
    throw new GossipMessageError(`gossip message is not msgpack: ${(error as Error).message}`);
  }
  const problem = gossipMessageProblem(raw);
  if (problem !== undefined) throw new GossipMessageError(`malformed gossip message: ${problem}`);
  return raw as GossipMessage;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isBoundedString = (value: unknown, charsMax: number): value is string => typeof value === 'string' && value.length <= charsMax;

/** Why `raw` is not a GossipMessage, or undefined when it is one. */
export function gossipMessageProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return 'not an object';
  switch (raw['kind']) {
    case 'gossip-digest-syn':
      if (!isBoundedString(raw['clusterName'], gossipLimits.valueCharsMax)) return 'bad clusterName';
      if (!isBoundedString(raw['partitionerName'], gossipLimits.valueCharsMax)) return 'bad partitionerName';
      if (!isGeneration(raw['generation'])) return 'bad generation';
      return digestsProblem(raw['digests']);
    case 'gossip-digest-ack':
      if (!isGeneration(raw['replyTo']) || !isGeneration(raw['generation'])) return 'bad generation';
      return digestsProblem(raw['digests']) ?? deltasProblem(raw['states']);
    case 'gossip-digest-ack2':
      if (!isGeneration(raw['replyTo'])) return 'bad generation';
      return deltasProblem(raw['states']);
    case 'gossip-shutdown':
      return undefined;
    case 'echo-request':
    case 'echo-response':
      return Number.isSafeInteger(raw['id']) ? undefined : 'bad echo id';
    default:
      return `unknown kind ${JSON.stringify(raw['kind'])}`;
  }
}

function listProblem(list: unknown, what: string, itemProblem: (item: unknown) => string | undefined): string | undefined {
  if (!Array.isArray(list)) return `${what} is not a list`;
  if (list.length > gossipLimits.endpointsPerMessageMax) return `too many ${what}: ${list.length}`;
  for (const item of list) {
    const problem = itemProblem(item);
    if (problem !== undefined) return `${what}: ${problem}`;
  }
  return undefined;
}

function digestsProblem(digests: unknown): string | undefined {
  return listProblem(digests, 'digests', (digest) => {
    if (!isObject(digest)) return 'not an object';
    if (!isEndpointText(digest['endpoint'])) return 'bad endpoint';
    if (!isGeneration(digest['generation'])) return 'bad generation';
    return isVersion(digest['maxVersion']) ? undefined : 'bad maxVersion';
  });
}

function deltasProblem(deltas: unknown): string | undefined {
  return listProblem(deltas, 'states', (delta) => {
    if (!isObject(delta)) return 'not an object';
    if (!isEndpointText(delta['endpoint'])) return 'bad endpoint';
    const heartBeat = delta['heartBeat'];
    if (!isObject(heartBeat) || !isGeneration(heartBeat['generation']) || !isVersion(heartBeat['version'])) return 'bad heartBeat';
    const entries = delta['states'];
    if (!Array.isArray(entries)) return 'application states are not a list';
    const seen = new Set<unknown>();
    for (const entry of entries) {
      if (!isObject(entry) || !isApplicationState(entry['key']) || seen.has(entry['key'])) return 'bad or repeated key';
      if (!isBoundedString(entry['value'], gossipLimits.valueCharsMax)) return 'bad value';
      if (!isVersion(entry['version'])) return 'bad version';
      seen.add(entry['key']);
    }
    return undefined;
  });
}
