/**
 * Goal: at most one echo per endpoint per echoResendMs, only the latest counts, and an echo
 * unanswered for echoTimeoutMs fails.
 * Method: drive EchoTracker with explicit times.
 */

import { describe, expect, it } from 'vitest';
import { EchoTracker } from '../../../../src/cluster/gossip/echo-tracker.js';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { gossipLimits } from '../../../../src/cluster/gossip/gossip-limits.js';

const peer = asEndpoint('10.0.0.2:7000');
const other = asEndpoint('10.0.0.3:7000');

describe('EchoTracker', () => {
  it('holds a second echo back until echoResendMs has passed; then only the new one counts', () => {
    const echoes = new EchoTracker();
    const first = echoes.begin(peer, 0)!;
    expect(echoes.begin(peer, gossipLimits.echoResendMs - 1)).toBeUndefined();
    const second = echoes.begin(peer, gossipLimits.echoResendMs)!;
    expect(second).not.toBe(first);
    expect(echoes.complete(peer, first)).toBe(false);
    expect(echoes.complete(peer, second)).toBe(true);
    expect(echoes.complete(peer, second)).toBe(false);
  });

  it('an answer from another endpoint does not count', () => {
    const echoes = new EchoTracker();
    const id = echoes.begin(peer, 0)!;
    expect(echoes.complete(other, id)).toBe(false);
  });

  it('expires echoes unanswered for echoTimeoutMs, naming their endpoints', () => {
    const echoes = new EchoTracker();
    echoes.begin(peer, 0);
    echoes.begin(other, 5_000);
    expect(echoes.expire(gossipLimits.echoTimeoutMs)).toEqual([]);
    expect(echoes.expire(gossipLimits.echoTimeoutMs + 1)).toEqual([peer]);
    expect(echoes.begin(peer, gossipLimits.echoTimeoutMs + 1)).toBeDefined();
  });
});
