/**
 * Keeps system.peers (and peers_v2) true to the ring this node's gossip sees, and hands the
 * recorded peers back at the next start (Cassandra's StorageService.onChange/updatePeerInfo
 * and initServer's loadTokens). A node that restarts therefore knows the ring at once: with
 * its peers held down until gossip hears them, a write it coordinates at ONE goes to the right
 * replicas (hints for the ones not yet up), never to itself alone as if it were the only node.
 *
 * Gossip changes only mark the record stale; one sync a tick later writes the rows that differ
 * (upserts for members new or changed, deletions for members that left the ring), in order,
 * one write at a time. This node's own tokens go to system.local the same way.
 */

import type { Clock } from '../../lib/clock.js';
import type { Catalog } from '../../cql/catalog/catalog.js';
import { parseAddressAndPort, peerMutations, peerRemovalMutations, readPeers, type PeerFacts } from '../../cql/catalog/system-peers.js';
import type { WriteAttributes } from '../../cql/rows/write-attributes.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import type { ApplicationState } from '../gossip/application-state.js';
import type { Gossiper } from '../gossip/gossiper.js';
import { asEndpoint } from '../gossip/endpoint.js';
import { statusValue, tokensValue } from '../gossip/gossip-status.js';
import type { GossipRing } from './gossip-ring.js';

export class PeersRecorder {
  /** What system.peers holds now, by address (without port). */
  private readonly recorded = new Map<string, { facts: PeerFacts; signature: string }>();
  private localTokens: string;
  private scheduled = false;
  private closed = false;
  /** The write in flight: one at a time, in order. */
  private writing: Promise<void> | null = null;

  private constructor(
    private readonly engine: NodeStorage,
    private readonly catalog: Catalog,
    private readonly clock: Clock,
    private readonly gossiper: Gossiper,
    private readonly ring: GossipRing,
    private readonly selfHostId: string,
    saved: readonly PeerFacts[],
  ) {
    for (const facts of saved) this.recorded.set(facts.address, { facts, signature: signatureOf(facts) });
    this.localTokens = this.selfTokens();
    const stale = (): void => this.schedule();
    gossiper.register({ onJoin: stale, onChange: stale, onRemove: stale, onRestart: stale });
  }

  /**
   * Reads the peers recorded by an earlier run and gives them to the gossiper as saved
   * endpoints; call before gossip starts. Returns the recorder that keeps the table current.
   */
  static async restore(options: {
    engine: NodeStorage;
    catalog: Catalog;
    clock: Clock;
    gossiper: Gossiper;
    ring: GossipRing;
    self: { hostId: string; address: string };
    storagePort: number;
  }): Promise<PeersRecorder> {
    const { engine, gossiper, self } = options;
    const saved = (await readPeers(engine)).filter((peer) => peer.hostId !== self.hostId && `${peer.address}:${options.storagePort}` !== self.address);
    for (const peer of saved) gossiper.addSavedEndpoint(asEndpoint(`${peer.address}:${options.storagePort}`), savedStates(peer));
    return new PeersRecorder(engine, options.catalog, options.clock, gossiper, options.ring, self.hostId, saved);
  }

  /** Stops recording: the row being written finishes, the rest are left to the next start. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
  }

  /** Resolves once every change seen so far is written (tests, drain). */
  async flush(): Promise<void> {
    while (this.scheduled || this.writing !== null) {
      if (this.writing === null) this.sync();
      await this.writing;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    // Out of the gossip listener (the ring may not be rebuilt from inside one); while a write is
    // in flight, its end syncs again, so a burst of gossip costs one write, not one per event.
    if (this.writing === null) queueMicrotask(() => this.sync());
  }

  private sync(): void {
    if (!this.scheduled || this.writing !== null) return;
    this.scheduled = false;
    if (this.closed) return;
    const wanted = this.members();
    // One write per peer (its peers and peers_v2 rows, one partition each): a batch over every
    // peer would touch a memtable in each vnode at once, more than a small slab pool admits.
    const writes: WriteMutation[][] = [];
    const attributes = this.attributes();
    for (const [address, facts] of wanted) {
      const signature = signatureOf(facts);
      if (this.recorded.get(address)?.signature === signature) continue;
      this.recorded.set(address, { facts, signature });
      writes.push(peerMutations(facts, attributes));
    }
    for (const address of [...this.recorded.keys()]) {
      if (wanted.has(address)) continue;
      this.recorded.delete(address);
      writes.push(peerRemovalMutations(address, attributes));
    }
    const localTokens = this.selfTokens();
    const localChanged = localTokens !== this.localTokens;
    this.localTokens = localTokens;
    if (writes.length === 0 && !localChanged) return;
    this.writing = (async () => {
      try {
        for (const mutations of writes) {
          // A stopping node leaves the rest: gossip rewrites them after the next start.
          if (this.closed) return;
          await this.engine.write(mutations);
        }
        if (localChanged) await this.catalog.writeSystemLocal();
      } catch {
        // Written again with the next change; gossip keeps the truth meanwhile.
        this.recorded.clear();
        this.localTokens = '';
      }
    })().finally(() => {
      this.writing = null;
      this.sync();
    });
  }

  /** The ring members other than this node, with what gossip says of them. */
  private members(): Map<string, PeerFacts> {
    const members = new Map<string, PeerFacts>();
    const ring = this.ring.ring();
    for (const endpoint of ring.endpoints()) {
      if (endpoint.hostId === this.selfHostId) continue;
      const address = hostOf(endpoint.address);
      const state = this.gossiper.endpointState(asEndpoint(endpoint.address));
      const value = (key: ApplicationState): string | null => state?.applicationState(key)?.value ?? null;
      members.set(address, {
        address,
        hostId: endpoint.hostId,
        datacenter: endpoint.datacenter,
        rack: endpoint.rack,
        tokens: ring.tokensOf(endpoint.hostId).map(String),
        releaseVersion: value('RELEASE_VERSION'),
        schemaVersion: value('SCHEMA'),
        ...nativePortOf(value('NATIVE_ADDRESS_AND_PORT')),
      });
    }
    return members;
  }

  private selfTokens(): string {
    return this.ring.ring().tokensOf(this.selfHostId).map(String).join(',');
  }

  private attributes(): WriteAttributes {
    return { timestamp: this.clock.nowMicros(), ttl: 0, nowSeconds: this.clock.nowSeconds() };
  }
}

/** A recorded peer as gossip states: a ring member whose status is NORMAL until it says otherwise. */
function savedStates(peer: PeerFacts): Array<readonly [ApplicationState, string]> {
  const states: Array<readonly [ApplicationState, string]> = [
    ['DC', peer.datacenter],
    ['RACK', peer.rack],
    ['HOST_ID', peer.hostId],
    ['TOKENS', tokensValue(peer.tokens)],
    ['STATUS', statusValue.normal(peer.tokens)],
  ];
  if (peer.releaseVersion !== null) states.push(['RELEASE_VERSION', peer.releaseVersion]);
  if (peer.schemaVersion !== null) states.push(['SCHEMA', peer.schemaVersion]);
  return states;
}

function signatureOf(facts: PeerFacts): string {
  return [facts.hostId, facts.datacenter, facts.rack, facts.releaseVersion, facts.schemaVersion, facts.nativePort, facts.tokens.join(',')].join('|');
}

/** The native port a peer gossips, when it says one. */
function nativePortOf(value: string | null): { nativePort?: number } {
  const native = parseAddressAndPort(value);
  return native === null ? {} : { nativePort: native.port };
}

function hostOf(address: string): string {
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}
