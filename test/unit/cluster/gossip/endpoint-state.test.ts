/**
 * Goal: an endpoint's status word and dead state follow every STATUS it is given, as
 * Gossiper.isDeadState reads them from the current value.
 * Method: one EndpointState taken through NORMAL, LEFT, NORMAL again, hibernate, shutdown and
 * removed by single updates, and one rebuilt from a delta, checked after each.
 */

import { describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { EndpointState } from '../../../../src/cluster/gossip/endpoint-state.js';
import { statusValue } from '../../../../src/cluster/gossip/gossip-status.js';

const tokens = ['42'];

describe('EndpointState status', () => {
  it('has no status and is not dead before STATUS arrives', () => {
    const state = new EndpointState({ generation: 1, version: 1 }, true, 0);
    expect(state.status()).toBe('');
    expect(state.isDeadState()).toBe(false);
    state.addApplicationState('LOAD', { value: '1024', version: 2 });
    expect(state.status()).toBe('');
  });

  it('follows each STATUS: NORMAL, LEFT, NORMAL again, hibernate, shutdown, removed', () => {
    const state = new EndpointState({ generation: 1, version: 1 }, true, 0);
    const steps: Array<[string, string, boolean]> = [
      [statusValue.normal(tokens), 'NORMAL', false],
      [statusValue.left(tokens, 1_700_000_000_000), 'LEFT', true],
      [statusValue.normal(tokens), 'NORMAL', false],
      [statusValue.hibernate(true), 'hibernate', true],
      [statusValue.shutdown(true), 'shutdown', false],
      [statusValue.removed('6b4e3c4d-0000-4000-8000-000000000001', 5), 'removed', true],
    ];
    let version = 2;
    for (const [value, word, dead] of steps) {
      state.addApplicationState('STATUS', { value, version: version++ });
      expect(state.status()).toBe(word);
      expect(state.isDeadState()).toBe(dead);
      expect(state.isShutdown()).toBe(word === 'shutdown');
    }
  });

  it('takes the status of a state rebuilt from a delta', () => {
    const state = EndpointState.fromDelta(
      { endpoint: asEndpoint('10.0.0.2:7000'), heartBeat: { generation: 3, version: 9 }, states: [{ key: 'STATUS', value: statusValue.left(tokens, 5), version: 7 }] },
      0,
    );
    expect(state.status()).toBe('LEFT');
    expect(state.isDeadState()).toBe(true);
  });
});
