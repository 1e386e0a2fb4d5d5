/**
 * Actions as node tool commands, against a stand-in for the nodes' admin servers that records
 * what it was asked: a node's own commands go to it; stopnode to another node; a cut of a
 * datacenter is one `cut a b` per link between its nodes and the others, sent to a node that
 * answers; what cannot apply is refused before anything is sent.
 */

import { describe, expect, it } from 'vitest';
import { ActionRefusedError, ActionRunner } from '../../../src/dashboard/action-runner.js';
import type { AdminApi } from '../../../src/dashboard/admin-client.js';
import type { Topology } from '../../../src/dashboard/cluster-topology.js';

const node = (address: string, datacenter: string) => ({ address, datacenter, rack: 'rack1', up: true, state: 'normal' as const, loadBytes: 0, owns: 1, hostId: address, tokens: [] });
const TOPOLOGY: Topology = {
  seenFrom: '127.0.0.1',
  effectiveOwnership: true,
  datacenters: [
    { name: 'dc1', nodes: [node('127.0.0.1', 'dc1'), node('127.0.0.2', 'dc1')] },
    { name: 'dc2', nodes: [node('127.0.0.3', 'dc2')] },
  ],
};

function recordingAdmin(): AdminApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    metrics: () => Promise.resolve(''),
    nodetool: (host, command, args) => {
      calls.push(`${host}: ${command} ${args.join(' ')}`.trim());
      return Promise.resolve({ message: `${command} done` });
    },
  };
}

function runnerWith(admin: AdminApi, answering = ['127.0.0.1', '127.0.0.2', '127.0.0.3']): ActionRunner {
  return new ActionRunner(admin, () => ({ topology: TOPOLOGY, answering }), null, () => 42);
}

describe('ActionRunner', () => {
  it("sends a node's own commands to it", async () => {
    const admin = recordingAdmin();
    const runner = runnerWith(admin);
    expect(await runner.run({ kind: 'flush', node: '127.0.0.2' })).toBe('flush done');
    await runner.run({ kind: 'snapshot', node: '127.0.0.3' });
    expect(admin.calls).toEqual(['127.0.0.2: flush', '127.0.0.3: snapshot -t dashboard-42']);
  });

  it('stops a node through another, and starts it through one that answers', async () => {
    const admin = recordingAdmin();
    await runnerWith(admin).run({ kind: 'stopnode', node: '127.0.0.1' });
    await runnerWith(admin, ['127.0.0.2', '127.0.0.3']).run({ kind: 'startnode', node: '127.0.0.1' });
    expect(admin.calls).toEqual(['127.0.0.2: stopnode 127.0.0.1', '127.0.0.2: startnode 127.0.0.1']);
  });

  it('cuts a datacenter off link by link, and heals it the same way', async () => {
    const admin = recordingAdmin();
    const message = await runnerWith(admin).run({ kind: 'cut', target: { datacenter: 'dc2' } });
    expect(message).toBe('cut off datacenter dc2: 2 links (127.0.0.3 <-> 127.0.0.1, 127.0.0.2)');
    await runnerWith(admin).run({ kind: 'heal', target: { node: '127.0.0.1' } });
    expect(admin.calls).toEqual([
      '127.0.0.1: cut 127.0.0.3 127.0.0.1',
      '127.0.0.1: cut 127.0.0.3 127.0.0.2',
      '127.0.0.2: heal 127.0.0.1 127.0.0.2',
      '127.0.0.2: heal 127.0.0.1 127.0.0.3',
    ]);
  });

  it('refuses what cannot apply, sending nothing', async () => {
    const admin = recordingAdmin();
    const refusals = [
      runnerWith(admin).run({ kind: 'flush', node: '127.0.0.9' }),
      runnerWith(admin, ['127.0.0.1']).run({ kind: 'compact', node: '127.0.0.2' }),
      runnerWith(admin).run({ kind: 'cut', target: { datacenter: 'dc9' } }),
      runnerWith(admin, []).run({ kind: 'stopnode', node: '127.0.0.1' }),
      runnerWith(admin).run({ kind: 'load', rates: { writesPerSecond: 1, readsPerSecond: 0 } }),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toThrow(ActionRefusedError);
    expect(admin.calls).toEqual([]);
  });
});
