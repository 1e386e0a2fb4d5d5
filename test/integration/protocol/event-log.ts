// A bare native-protocol client REGISTERed for every event type on one node, keeping every
// event it receives, for the driver-*events.test.ts files.

import { expect } from 'vitest';
import { asEndpoint } from '../../../src/cluster/gossip/endpoint.js';
import type { Cluster } from '../../../src/cluster/node/cluster.js';
import type { ProtocolEvent } from '../../../src/protocol/messages/event.js';
import { RawClient } from '../../unit/protocol/helpers/raw-client.js';
import { eventually } from './driver-cluster.js';

export class EventLog {
  /** Every event received, in order. */
  readonly events: ProtocolEvent[] = [];

  private constructor(private readonly raw: RawClient) {
    void this.pump();
  }

  static async register(port: number, host: string): Promise<EventLog> {
    const raw = await RawClient.connect(port, host);
    raw.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) }, 1);
    expect((await raw.next()).response.kind).toBe('ready');
    raw.send({ kind: 'register', eventTypes: ['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE'] }, 2);
    expect((await raw.next()).response.kind).toBe('ready');
    return new EventLog(raw);
  }

  get length(): number {
    return this.events.length;
  }

  /** The topology and status changes received since `from` that name the node at 127.0.0.i ("UP", "NEW_NODE"...). */
  nodeEvents(i: number, from: number): string[] {
    return this.events.slice(from).flatMap((e) => (e.type !== 'SCHEMA_CHANGE' && e.node.address === `127.0.0.${i}` ? [e.change] : []));
  }

  /** The schema changes received since `from`, as "CREATED TABLE ks.t". */
  schemaEvents(from: number): string[] {
    return this.events.slice(from).flatMap((e) => {
      if (e.type !== 'SCHEMA_CHANGE') return [];
      const c = e.change;
      return [`${c.change} ${c.target} ${c.keyspace}${c.target === 'KEYSPACE' ? '' : `.${c.name}`}`];
    });
  }

  close(): void {
    this.raw.close();
  }

  private async pump(): Promise<void> {
    for (;;) {
      try {
        const { header, response } = await this.raw.next(250);
        if (response.kind === 'event') {
          expect(header.stream).toBe(-1);
          this.events.push(response.event);
        }
      } catch {
        if (this.raw.socket.destroyed) return;
      }
    }
  }
}

/** Resolves once every running node has heard every live peer say its native port is ready (no UP from the start arrives late). */
export async function awaitRpcReady(cluster: Cluster): Promise<void> {
  await eventually(() =>
    cluster.runningNodes().every((node) =>
      node.livePeers().every((peer) => node.gossiper.endpointState(asEndpoint(peer))?.applicationState('RPC_READY')?.value === 'true'),
    ),
  );
}
