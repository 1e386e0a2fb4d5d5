/**
 * Goal: given a peer's digests, we send exactly what it lacks and ask for exactly what we
 * lack (Gossiper.examineGossiper's table), and an ACK's requests get exactly the newer state.
 * Method: one local view of three endpoints, one digest per row of the table.
 */

import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/lib/random.js';
import { allDeltas, examineDigests, makeDigests, requestedDeltas } from '../../../../src/cluster/gossip/digest-exchange.js';
import { type Endpoint, asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { EndpointState } from '../../../../src/cluster/gossip/endpoint-state.js';

const a = asEndpoint('10.0.0.1:7000');
const b = asEndpoint('10.0.0.2:7000');
const unknown = asEndpoint('10.0.0.9:7000');

/** Our view: b at generation 100 with heartbeat 7 and STATUS 3, SCHEMA 5, LOAD 9. */
function view(): Map<Endpoint, EndpointState> {
  const stateA = new EndpointState({ generation: 50, version: 4 }, true, 0);
  stateA.addApplicationState('STATUS', { value: 'NORMAL,1', version: 2 });
  const stateB = new EndpointState({ generation: 100, version: 7 }, true, 0);
  stateB.addApplicationState('STATUS', { value: 'NORMAL,2', version: 3 });
  stateB.addApplicationState('SCHEMA', { value: 's1', version: 5 });
  stateB.addApplicationState('LOAD', { value: '12.0', version: 9 });
  return new Map([
    [a, stateA],
    [b, stateB],
  ]);
}

describe('examineDigests', () => {
  it('asks for everything of an endpoint it does not know', () => {
    expect(examineDigests(view(), [{ endpoint: unknown, generation: 7, maxVersion: 40 }])).toEqual({
      requests: [{ endpoint: unknown, generation: 7, maxVersion: 0 }],
      deltas: [],
    });
  });

  it('asks for everything of an endpoint that restarted (higher generation)', () => {
    expect(examineDigests(view(), [{ endpoint: b, generation: 101, maxVersion: 2 }]).requests).toEqual([
      { endpoint: b, generation: 101, maxVersion: 0 },
    ]);
  });

  it('sends everything it has when the peer holds an older generation', () => {
    const { requests, deltas } = examineDigests(view(), [{ endpoint: b, generation: 99, maxVersion: 500 }]);
    expect(requests).toEqual([]);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.heartBeat).toEqual({ generation: 100, version: 7 });
    expect(deltas[0]!.states.map((s) => s.key)).toEqual(['STATUS', 'LOAD', 'SCHEMA']);
  });

  it('same generation, peer newer: asks for what is above our max version', () => {
    expect(examineDigests(view(), [{ endpoint: b, generation: 100, maxVersion: 20 }]).requests).toEqual([
      { endpoint: b, generation: 100, maxVersion: 9 },
    ]);
  });

  it('same generation, we are newer: sends only what is above the peer’s max version', () => {
    const { deltas } = examineDigests(view(), [{ endpoint: b, generation: 100, maxVersion: 6 }]);
    expect(deltas).toEqual([
      { endpoint: b, heartBeat: { generation: 100, version: 7 }, states: [{ key: 'LOAD', value: '12.0', version: 9 }] },
    ]);
  });

  it('the heartbeat alone travels when only it is newer', () => {
    const { deltas } = examineDigests(view(), [{ endpoint: a, generation: 50, maxVersion: 3 }]);
    expect(deltas).toEqual([{ endpoint: a, heartBeat: { generation: 50, version: 4 }, states: [] }]);
  });

  it('says nothing when both views are equal', () => {
    expect(examineDigests(view(), [{ endpoint: b, generation: 100, maxVersion: 9 }])).toEqual({ requests: [], deltas: [] });
  });
});

describe('requestedDeltas and allDeltas', () => {
  it('answers each request with the state above its version, nothing for unknown endpoints', () => {
    const deltas = requestedDeltas(view(), [
      { endpoint: b, generation: 100, maxVersion: 4 },
      { endpoint: unknown, generation: 1, maxVersion: 0 },
      { endpoint: a, generation: 50, maxVersion: 4 },
    ]);
    expect(deltas).toEqual([
      {
        endpoint: b,
        heartBeat: { generation: 100, version: 7 },
        states: [
          { key: 'LOAD', value: '12.0', version: 9 },
          { key: 'SCHEMA', value: 's1', version: 5 },
        ],
      },
    ]);
  });

  it('answers a request counted in another generation (the endpoint restarted since) with the whole state', () => {
    const deltas = requestedDeltas(view(), [{ endpoint: b, generation: 99, maxVersion: 4 }]);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.heartBeat).toEqual({ generation: 100, version: 7 });
    expect(deltas[0]!.states.map((s) => s.key).sort()).toEqual(['LOAD', 'SCHEMA', 'STATUS']);
  });

  it('a shadow reply carries every endpoint with all of its states', () => {
    const deltas = allDeltas(view());
    expect(deltas.map((d) => d.endpoint)).toEqual([a, b]);
    expect(deltas[1]!.states).toHaveLength(3);
  });

  it('digests cover every endpoint once, with generation and max version', () => {
    const digests = makeDigests(view(), new SeededRandom(3));
    expect(digests.sort((x, y) => x.endpoint.localeCompare(y.endpoint))).toEqual([
      { endpoint: a, generation: 50, maxVersion: 4 },
      { endpoint: b, generation: 100, maxVersion: 9 },
    ]);
  });
});
