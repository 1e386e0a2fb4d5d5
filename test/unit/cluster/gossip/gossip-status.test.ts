/**
 * Goal: STATUS and TOKENS values read and write Cassandra's text forms.
 * Method: the strings VersionedValueFactory builds (VersionedValue.java, 4.0), compared as text.
 */

import { describe, expect, it } from 'vitest';
import {
  DEAD_STATES,
  GossipStatus,
  SILENT_SHUTDOWN_STATES,
  isRingMemberStatus,
  removalCoordinatorValue,
  statusExpireTimeMs,
  statusValue,
  statusWord,
  tokensOf,
  tokensValue,
} from '../../../../src/cluster/gossip/gossip-status.js';

const tokens = ['-9223372036854775808', '42', '3074457345618258602'];

describe('STATUS text forms', () => {
  it('match VersionedValueFactory: status word, first token, expiry', () => {
    expect(statusValue.normal(tokens)).toBe('NORMAL,-9223372036854775808');
    expect(statusValue.bootstrapping(tokens)).toBe('BOOT,-9223372036854775808');
    expect(statusValue.leaving(tokens)).toBe('LEAVING,-9223372036854775808');
    expect(statusValue.left(tokens, 1_700_259_200_000)).toBe('LEFT,-9223372036854775808,1700259200000');
    expect(statusValue.moving('42')).toBe('MOVING,42');
    expect(statusValue.removing('6b4e3c4d-0000-4000-8000-000000000001')).toBe('removing,6b4e3c4d-0000-4000-8000-000000000001');
    expect(statusValue.removed('6b4e3c4d-0000-4000-8000-000000000001', 5)).toBe('removed,6b4e3c4d-0000-4000-8000-000000000001,5');
    expect(statusValue.bootReplacing('10.0.0.9:7000')).toBe('BOOT_REPLACE,10.0.0.9:7000');
    expect(statusValue.shutdown(true)).toBe('shutdown,true');
    expect(statusValue.hibernate(true)).toBe('hibernate,true');
  });

  it('REMOVAL_COORDINATOR names the remover as VersionedValueFactory.removalCoordinator does', () => {
    expect(removalCoordinatorValue('6b4e3c4d-0000-4000-8000-000000000001')).toBe('REMOVER,6b4e3c4d-0000-4000-8000-000000000001');
  });

  it('ring members are the nodes owning tokens: NORMAL, LEAVING, MOVING, or shut down with tokens; joining ones are not', () => {
    expect(isRingMemberStatus(statusValue.normal(tokens), undefined)).toBe(true);
    expect(isRingMemberStatus(statusValue.leaving(tokens), tokensValue(tokens))).toBe(true);
    expect(isRingMemberStatus(statusValue.moving('42'), tokensValue(tokens))).toBe(true);
    expect(isRingMemberStatus(statusValue.shutdown(true), tokensValue(tokens))).toBe(true);
    expect(isRingMemberStatus(statusValue.shutdown(true), undefined)).toBe(false);
    expect(isRingMemberStatus(statusValue.bootstrapping(tokens), tokensValue(tokens))).toBe(false);
    expect(isRingMemberStatus(statusValue.bootReplacing('10.0.0.9:7000'), tokensValue(tokens))).toBe(false);
    expect(isRingMemberStatus(undefined, undefined)).toBe(false);
    expect(isRingMemberStatus(undefined, tokensValue(tokens))).toBe(false);
  });

  it('statusWord is the first piece, "" without a status', () => {
    expect(statusWord('NORMAL,42')).toBe(GossipStatus.normal);
    expect(statusWord('shutdown,true')).toBe(GossipStatus.shutdown);
    expect(statusWord('LEFT')).toBe('LEFT');
    expect(statusWord(undefined)).toBe('');
  });

  it('only LEFT and removed carry an expiry', () => {
    expect(statusExpireTimeMs(statusValue.left(tokens, 123))).toBe(123);
    expect(statusExpireTimeMs(statusValue.removed('h', 456))).toBe(456);
    expect(statusExpireTimeMs(statusValue.normal(tokens))).toBeUndefined();
    expect(statusExpireTimeMs('LEFT,42')).toBeUndefined();
    expect(statusExpireTimeMs(undefined)).toBeUndefined();
  });

  it('dead and silent states are Cassandra’s lists', () => {
    expect([...DEAD_STATES].sort()).toEqual(['LEFT', 'hibernate', 'removed', 'removing']);
    expect(SILENT_SHUTDOWN_STATES).toContain('BOOT');
    expect(DEAD_STATES).not.toContain('shutdown');
  });

  it('rejects an empty token list or a token with the delimiter', () => {
    expect(() => statusValue.normal([])).toThrow();
    expect(() => statusValue.normal(['1,2'])).toThrow();
  });
});

describe('TOKENS', () => {
  it('round-trips every token', () => {
    expect(tokensOf(tokensValue(tokens))).toEqual(tokens);
    expect(tokensOf('')).toEqual([]);
  });
});
