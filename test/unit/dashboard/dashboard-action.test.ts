/**
 * Actions are checked on receive: each kind with the fields it needs, node addresses and
 * datacenter names of the expected shape, load rates within bounds; anything else is an
 * ActionRequestError before anything runs.
 */

import { describe, expect, it } from 'vitest';
import { ActionRequestError, decodeAction, describeTarget } from '../../../src/dashboard/dashboard-action.js';

describe('decodeAction', () => {
  it('decodes each kind', () => {
    expect(decodeAction('flush', { node: '127.0.0.2' })).toEqual({ kind: 'flush', node: '127.0.0.2' });
    expect(decodeAction('stopnode', { node: '127.0.0.3' })).toEqual({ kind: 'stopnode', node: '127.0.0.3' });
    expect(decodeAction('cut', { datacenter: 'dc2' })).toEqual({ kind: 'cut', target: { datacenter: 'dc2' } });
    expect(decodeAction('heal', { node: '127.0.0.3' })).toEqual({ kind: 'heal', target: { node: '127.0.0.3' } });
    expect(decodeAction('load', { writesPerSecond: 500, readsPerSecond: 0 })).toEqual({ kind: 'load', rates: { writesPerSecond: 500, readsPerSecond: 0 } });
  });

  it('refuses what is not an action', () => {
    const bad: Array<[string, unknown]> = [
      ['explode', {}],
      ['flush', null],
      ['flush', []],
      ['flush', {}],
      ['flush', { node: '127.0.0.1; rm -rf /' }],
      ['cut', {}],
      ['cut', { datacenter: 'dc1', node: '127.0.0.1' }],
      ['cut', { datacenter: '../dc' }],
      ['load', { writesPerSecond: -1, readsPerSecond: 0 }],
      ['load', { writesPerSecond: 1e9, readsPerSecond: 0 }],
      ['load', { writesPerSecond: '100', readsPerSecond: 0 }],
    ];
    for (const [kind, body] of bad) expect(() => decodeAction(kind, body), `${kind} ${JSON.stringify(body)}`).toThrow(ActionRequestError);
  });

  it('describes the target for the log', () => {
    expect(describeTarget(decodeAction('cut', { datacenter: 'dc2' }))).toBe('datacenter dc2');
    expect(describeTarget(decodeAction('compact', { node: '127.0.0.1' }))).toBe('127.0.0.1');
  });
});
