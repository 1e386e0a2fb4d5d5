import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOOTSTRAP_PROGRESS_FILE, BootstrapProgress } from '../../../../src/cluster/membership/bootstrap-progress.js';
import type { JoinRequest } from '../../../../src/cluster/membership/join-request.js';
import { TokenRange } from '../../../../src/cluster/ring/token-range.js';
import { CorruptionError } from '../../../../src/lib/errors.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';

const port = new NodeStoragePort();
const REQUEST: JoinRequest = { kind: 'bootstrap', numTokens: 4, localReplicationFactor: 3 };
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-bootstrap-progress-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('BootstrapProgress', () => {
  it('is nothing to finish for a node that never bootstrapped, or finished', () => {
    const progress = BootstrapProgress.open(port, dir);
    expect(progress.state()).toBeNull();
    expect(progress.unfinishedJoin(false)).toBeNull();
    progress.begin(REQUEST);
    progress.claimTokens([5n, -7n]);
    progress.complete();
    expect(BootstrapProgress.open(port, dir).unfinishedJoin(false)).toBeNull();
  });

  it('keeps each step across a reopen: the request, then the tokens, then each range streamed', () => {
    BootstrapProgress.open(port, dir).begin(REQUEST);
    expect(BootstrapProgress.open(port, dir).unfinishedJoin(false)).toEqual({ request: REQUEST, tokens: [] });
    const progress = BootstrapProgress.open(port, dir);
    progress.claimTokens([5n, -7n]);
    progress.markAvailable('ks', TokenRange.create(-100n, 0n));
    const reopened = BootstrapProgress.open(port, dir);
    expect(reopened.state()).toBe('IN_PROGRESS');
    expect(reopened.unfinishedJoin(false)).toEqual({ request: REQUEST, tokens: [5n, -7n] });
    expect(reopened.availableRanges('ks')).toEqual([TokenRange.create(-100n, 0n)]);
    // A resumed join begins again without losing what it knew.
    reopened.begin(REQUEST);
    reopened.claimTokens([5n, -7n]);
    expect(BootstrapProgress.open(port, dir).availableRanges('ks')).toHaveLength(1);
  });

  it('counts a range available only when recorded ranges hold all of it, wrapping ones too', () => {
    const progress = BootstrapProgress.open(port, dir);
    progress.begin(REQUEST);
    progress.claimTokens([1n]);
    progress.markAvailable('ks', TokenRange.create(-100n, 0n));
    progress.markAvailable('ks', TokenRange.create(0n, 50n));
    progress.markAvailable('ks', TokenRange.create(MAX_TOKEN - 10n, MIN_TOKEN + 10n));
    expect(progress.isAvailable('ks', TokenRange.create(-50n, 50n))).toBe(true);
    expect(progress.isAvailable('ks', TokenRange.create(-50n, 51n))).toBe(false);
    expect(progress.isAvailable('ks', TokenRange.create(MAX_TOKEN - 5n, MIN_TOKEN + 5n))).toBe(true);
    expect(progress.isAvailable('ks', TokenRange.create(MAX_TOKEN - 5n, MIN_TOKEN + 11n))).toBe(false);
    expect(progress.isAvailable('other', TokenRange.create(-50n, 50n))).toBe(false);
  });

  it('forgets the ranges streamed with resetAvailable (reset_bootstrap_progress), keeping the tokens', () => {
    const progress = BootstrapProgress.open(port, dir);
    progress.begin(REQUEST);
    progress.claimTokens([1n]);
    progress.markAvailable('ks', TokenRange.create(-100n, 0n));
    expect(BootstrapProgress.open(port, dir).unfinishedJoin(true)).toEqual({ request: REQUEST, tokens: [1n] });
    expect(BootstrapProgress.open(port, dir).availableRanges('ks')).toEqual([]);
  });

  it('names a damaged file', () => {
    fs.writeFileSync(path.join(dir, BOOTSTRAP_PROGRESS_FILE), '{"version":');
    expect(() => BootstrapProgress.open(port, dir)).toThrow(CorruptionError);
  });
});
