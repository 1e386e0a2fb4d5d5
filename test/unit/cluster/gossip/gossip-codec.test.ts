/**
 * Goal: every gossip message survives msgpackr both ways, and a receiver rejects bytes that
 * are not a well-formed message with a typed error instead of acting on them.
 * Method: one example per kind, then fast-check over arbitrary well-formed messages; then
 * malformed inputs one defect at a time.
 */

import fc from 'fast-check';
import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { APPLICATION_STATES } from '../../../../src/cluster/gossip/application-state.js';
import { type Endpoint, asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import type { EndpointStateDelta } from '../../../../src/cluster/gossip/endpoint-state-delta.js';
import {
  GossipMessageError,
  decodeGossipMessage,
  encodeGossipMessage,
} from '../../../../src/cluster/gossip/gossip-codec.js';
import { gossipLimits } from '../../../../src/cluster/gossip/gossip-limits.js';
import type { GossipDigest } from '../../../../src/cluster/gossip/gossip-digest.js';
import type { GossipMessage } from '../../../../src/cluster/gossip/messages.js';

const a = asEndpoint('10.0.0.1:7000');
const b = asEndpoint('[2001:db8::1]:7000');

const delta: EndpointStateDelta = {
  endpoint: b,
  heartBeat: { generation: 1_700_000_000, version: 57 },
  states: [
    { key: 'STATUS', value: 'NORMAL,-9223372036854775808', version: 3 },
    { key: 'SCHEMA', value: '59adb24e-f3cd-3e02-97f0-5b395827453f', version: 55 },
    { key: 'LOAD', value: '', version: 56 },
  ],
};

const examples: GossipMessage[] = [
  { kind: 'gossip-digest-syn', clusterName: 'Test Cluster', partitionerName: 'org.apache.cassandra.dht.Murmur3Partitioner', generation: 1_700_000_000, digests: [{ endpoint: a, generation: 1_700_000_000, maxVersion: 12 }] },
  { kind: 'gossip-digest-syn', clusterName: 'c', partitionerName: 'p', generation: 1, digests: [] },
  { kind: 'gossip-digest-ack', replyTo: 1_700_000_000, generation: 1_700_000_001, digests: [{ endpoint: b, generation: 1_700_000_001, maxVersion: 0 }], states: [delta] },
  { kind: 'gossip-digest-ack', replyTo: 1, generation: 2, digests: [], states: [] },
  { kind: 'gossip-digest-ack2', replyTo: 1, states: [delta, { ...delta, endpoint: a, states: [] }] },
  { kind: 'gossip-shutdown' },
  { kind: 'echo-request', id: 1 },
  { kind: 'echo-response', id: 2 ** 40 },
  { kind: 'gossip-digest-ack2', replyTo: 5, states: [{ endpoint: a, heartBeat: { generation: 5, version: gossipLimits.versionMax }, states: [] }] },
];

const endpointArb: fc.Arbitrary<Endpoint> = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 65_535 }))
  .map(([host, port]) => asEndpoint(`10.1.0.${host}:${port}`));
const versionArb = fc.integer({ min: 0, max: gossipLimits.versionMax });
const generationArb = versionArb;
const digestArb: fc.Arbitrary<GossipDigest> = fc.record({ endpoint: endpointArb, generation: generationArb, maxVersion: versionArb });
const deltaArb: fc.Arbitrary<EndpointStateDelta> = fc.record({
  endpoint: endpointArb,
  heartBeat: fc.record({ generation: generationArb, version: versionArb }),
  states: fc
    .uniqueArray(fc.constantFrom(...APPLICATION_STATES), { maxLength: APPLICATION_STATES.length })
    .chain((keys) => fc.tuple(...keys.map((key) => fc.record({ key: fc.constant(key), value: fc.string({ maxLength: 40 }), version: versionArb })))),
});
const messageArb: fc.Arbitrary<GossipMessage> = fc.oneof(
  fc.record({ kind: fc.constant('gossip-digest-syn' as const), clusterName: fc.string(), partitionerName: fc.string(), generation: generationArb, digests: fc.array(digestArb, { maxLength: 8 }) }),
  fc.record({ kind: fc.constant('gossip-digest-ack' as const), replyTo: generationArb, generation: generationArb, digests: fc.array(digestArb, { maxLength: 8 }), states: fc.array(deltaArb, { maxLength: 5 }) }),
  fc.record({ kind: fc.constant('gossip-digest-ack2' as const), replyTo: generationArb, states: fc.array(deltaArb, { maxLength: 5 }) }),
  fc.constant({ kind: 'gossip-shutdown' as const }),
  fc.record({ kind: fc.constantFrom('echo-request' as const, 'echo-response' as const), id: fc.nat() }),
);

const roundTrip = (message: GossipMessage): GossipMessage => decodeGossipMessage(encodeGossipMessage(message));

describe('gossip codec', () => {
  it('round-trips one message of every kind', () => {
    const kinds = new Set(examples.map((m) => m.kind));
    expect(kinds.size).toBe(6);
    for (const message of examples) expect(roundTrip(message)).toEqual(message);
  });

  it('round-trips arbitrary well-formed messages', () => {
    fc.assert(
      fc.property(messageArb, (message) => {
        expect(roundTrip(message)).toEqual(message);
      }),
      { numRuns: 300 },
    );
  });

  const malformed: Array<[string, unknown]> = [
    ['unknown kind', { kind: 'gossip-digest-syn3' }],
    ['not an object', ['gossip-shutdown']],
    ['a digest with a bad endpoint', { kind: 'gossip-digest-ack', replyTo: 1, generation: 1, digests: [{ endpoint: '10.0.0.1', generation: 1, maxVersion: 1 }], states: [] }],
    ['a negative version', { kind: 'gossip-digest-ack', replyTo: 1, generation: 1, digests: [{ endpoint: a, generation: 1, maxVersion: -1 }], states: [] }],
    ['a version beyond a Java int', { kind: 'gossip-digest-ack2', replyTo: 1, states: [{ ...delta, heartBeat: { generation: 1, version: 2 ** 31 } }] }],
    ['an unknown application state', { kind: 'gossip-digest-ack2', replyTo: 1, states: [{ ...delta, states: [{ key: 'X1', value: '', version: 1 }] }] }],
    ['a repeated application state', { kind: 'gossip-digest-ack2', replyTo: 1, states: [{ ...delta, states: [delta.states[0], delta.states[0]] }] }],
    ['a non-text value', { kind: 'gossip-digest-ack2', replyTo: 1, states: [{ ...delta, states: [{ key: 'LOAD', value: 1, version: 1 }] }] }],
    ['a missing cluster name', { kind: 'gossip-digest-syn', partitionerName: 'p', generation: 1, digests: [] }],
    ['an ACK2 that names no generation it answers', { kind: 'gossip-digest-ack2', states: [] }],
    ['a fractional echo id', { kind: 'echo-request', id: 1.5 }],
    ['too many digests', { kind: 'gossip-digest-syn', clusterName: 'c', partitionerName: 'p', generation: 1, digests: Array.from({ length: gossipLimits.endpointsPerMessageMax + 1 }, () => ({ endpoint: a, generation: 1, maxVersion: 1 })) }],
  ];

  it.each(malformed)('rejects %s on receive', (_what, raw) => {
    expect(() => decodeGossipMessage(pack(raw))).toThrow(GossipMessageError);
  });

  it('rejects bytes that are not msgpack at all', () => {
    expect(() => decodeGossipMessage(Uint8Array.of(0xc1))).toThrow(GossipMessageError);
  });

  it('refuses to send a malformed message', () => {
    const bad = { kind: 'echo-request', id: 'one' } as unknown as GossipMessage;
    expect(() => encodeGossipMessage(bad)).toThrow(/malformed gossip message on send/);
  });
});
