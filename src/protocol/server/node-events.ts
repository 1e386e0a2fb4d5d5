/**
 * The events a cluster node's native protocol server pushes to registered clients (spec
 * 4.2.6), made as Cassandra's Server.EventNotifier makes them from StorageService's endpoint
 * lifecycle and the schema's change listeners:
 *
 *   a peer becomes a ring member (NORMAL)        TOPOLOGY_CHANGE NEW_NODE, held back until
 *                                                 its RPC_READY says its native port accepts
 *   a member leaves the ring (LEFT, removed,     TOPOLOGY_CHANGE REMOVED_NODE
 *     replaced)
 *   a member is alive and RPC_READY              STATUS_CHANGE UP (after a held NEW_NODE)
 *   a member is convicted, shuts down, restarts  STATUS_CHANGE DOWN
 *     or says RPC_READY false
 *   this node's schema moves (its own DDL, or    SCHEMA_CHANGE per keyspace, table and type
 *     a peer's pushed or pulled)                  changed (catalog/schema-changes.ts)
 *
 * A repeat of the last status or topology change sent for a node is dropped (gossip may say
 * the same thing twice: CASSANDRA-7816), and nothing is said of this node itself, or of a
 * node claiming this node's native address (CASSANDRA-10052). Each event names the node by
 * its native address and port from gossip (NATIVE_ADDRESS_AND_PORT): the Python driver finds
 * hosts by both.
 *
 * Gossip listeners run inside a gossip message; what they heard is queued and handled a
 * microtask later, once the ring can be rebuilt (as PeersRecorder does), in the order heard.
 * The schema is watched through this node's own SCHEMA gossip state, which the node sets
 * after every schema change it makes or applies (the version peers compare to pull).
 */

import { schemaChanges } from '../../cql/catalog/schema-changes.js';
import type { Schema } from '../../cql/catalog/schema.js';
import type { SchemaChange as CatalogSchemaChange } from '../../cql/catalog/schema-change.js';
import { parseAddressAndPort } from '../../cql/catalog/system-peers.js';
import type { Endpoint as GossipEndpoint } from '../../cluster/gossip/endpoint.js';
import type { EndpointStateView } from '../../cluster/gossip/endpoint-state.js';
import type { GossipListener } from '../../cluster/gossip/gossip-listener.js';
import type { Gossiper } from '../../cluster/gossip/gossiper.js';
import type { TokenMetadata } from '../../cluster/ring/token-metadata.js';
import type { ProtocolEvent, StatusChange, TopologyChange } from '../messages/event.js';
import type { SchemaChange } from '../messages/schema-change.js';
import type { InetSocketAddress } from '../wire/inet-socket-address.js';

/** What the events are made from: a ClusterNode has all of it. */
export interface EventSourceNode {
  readonly gossiper: Gossiper;
  ring(): TokenMetadata;
  readonly catalog: { readonly schema: Schema };
}

/** A change of a node's status heard from gossip, handled in the order heard. */
interface HeardStatus {
  readonly endpoint: GossipEndpoint;
  readonly change: StatusChange;
}

/** The last status and topology change sent for a node (Server.LatestEvent). */
interface LatestEvent {
  status?: StatusChange;
  topology?: TopologyChange;
}

export class NodeEvents {
  private readonly listener: GossipListener;
  private heard: HeardStatus[] = [];
  private membershipStale = false;
  private schemaStale = false;
  private scheduled = false;
  private closed = false;
  /** The ring members other than this node, with the native address each was last known by. */
  private readonly members = new Map<GossipEndpoint, InetSocketAddress>();
  /** Members that joined before their native port was ready: NEW_NODE waits for their UP. */
  private readonly awaitingReady = new Set<GossipEndpoint>();
  private readonly latest = new Map<GossipEndpoint, LatestEvent>();
  private schema: Schema;

  /**
   * Starts listening to the node's gossip; the ring members and schema of now are the
   * starting point (no event for what was there before).
   */
  constructor(
    private readonly node: EventSourceNode,
    /** This server's own native address: events naming it come from a misconfigured peer. */
    private readonly own: InetSocketAddress,
    private readonly publish: (event: ProtocolEvent) => void,
  ) {
    this.schema = node.catalog.schema;
    for (const endpoint of this.currentMembers()) this.members.set(endpoint, this.nativeAddressOf(endpoint));
    const local = node.gossiper.localEndpoint;
    this.listener = {
      onJoin: () => this.staleMembership(),
      onRemove: () => this.staleMembership(),
      onChange: (endpoint, key, value) => {
        if (endpoint === local) {
          if (key === 'SCHEMA') this.staleSchema();
          return;
        }
        if (key === 'STATUS' || key === 'TOKENS' || key === 'HOST_ID') this.staleMembership();
        else if (key === 'RPC_READY') this.hear(endpoint, value.value === 'true' ? 'UP' : 'DOWN');
      },
      onAlive: (endpoint) => this.hear(endpoint, 'UP'),
      onDead: (endpoint) => this.hear(endpoint, 'DOWN'),
      // StorageService.onRestart: the old process is gone (its successor comes UP once ready).
      onRestart: (endpoint, previous: EndpointStateView) => {
        this.staleMembership();
        if (previous.isAlive()) this.hear(endpoint, 'DOWN');
      },
    };
    node.gossiper.register(this.listener);
  }

  /** Stops listening; nothing more is published. */
  close(): void {
    this.closed = true;
    this.node.gossiper.unregister(this.listener);
  }

  private staleMembership(): void {
    this.membershipStale = true;
    this.schedule();
  }

  private staleSchema(): void {
    this.schemaStale = true;
    this.schedule();
  }

  private hear(endpoint: GossipEndpoint, change: StatusChange): void {
    if (endpoint === this.node.gossiper.localEndpoint) return;
    this.heard.push({ endpoint, change });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(() => this.drain());
  }

  /** Everything heard since the last drain: membership first (UP asks whether it is a member), then statuses in order, then the schema. */
  private drain(): void {
    this.scheduled = false;
    if (this.closed) return;
    if (this.membershipStale) {
      this.membershipStale = false;
      this.updateMembership();
    }
    const heard = this.heard;
    this.heard = [];
    for (const { endpoint, change } of heard) {
      if (change === 'UP') this.onUp(endpoint);
      else this.onDown(endpoint);
    }
    if (this.schemaStale) {
      this.schemaStale = false;
      this.updateSchema();
    }
  }

  /** StorageService's notifyJoined and notifyLeft, from the ring as it is now. */
  private updateMembership(): void {
    const now = this.currentMembers();
    for (const endpoint of now) {
      if (this.members.has(endpoint)) continue;
      this.members.set(endpoint, this.nativeAddressOf(endpoint));
      // EventNotifier.onJoinCluster: a node whose native port is not ready yet is announced with its UP.
      if (this.isRpcReady(endpoint)) this.topologyChange(endpoint, 'NEW_NODE');
      else this.awaitingReady.add(endpoint);
    }
    for (const endpoint of [...this.members.keys()]) {
      if (now.has(endpoint)) continue;
      this.awaitingReady.delete(endpoint);
      this.topologyChange(endpoint, 'REMOVED_NODE');
      this.members.delete(endpoint);
    }
  }

  /** StorageService.notifyUp: only a member that is alive and whose native port is ready. */
  private onUp(endpoint: GossipEndpoint): void {
    if (!this.members.has(endpoint) || !this.isRpcReady(endpoint) || !this.node.gossiper.isAlive(endpoint)) return;
    // Its address may have changed with a restart (another native port).
    this.members.set(endpoint, this.nativeAddressOf(endpoint));
    if (this.awaitingReady.delete(endpoint)) this.topologyChange(endpoint, 'NEW_NODE');
    this.statusChange(endpoint, 'UP');
  }

  /** StorageService.notifyDown, for members and nodes a client was told of. */
  private onDown(endpoint: GossipEndpoint): void {
    if (!this.members.has(endpoint) && !this.latest.has(endpoint)) return;
    this.statusChange(endpoint, 'DOWN');
  }

  private topologyChange(endpoint: GossipEndpoint, change: TopologyChange): void {
    const latest = this.latestOf(endpoint);
    if (latest.topology === change) return;
    latest.topology = change;
    this.send(endpoint, { type: 'TOPOLOGY_CHANGE', change, node: this.addressOf(endpoint) });
  }

  private statusChange(endpoint: GossipEndpoint, change: StatusChange): void {
    const latest = this.latestOf(endpoint);
    if (latest.status === change) return;
    latest.status = change;
    this.send(endpoint, { type: 'STATUS_CHANGE', change, node: this.addressOf(endpoint) });
  }

  private send(endpoint: GossipEndpoint, event: ProtocolEvent & { readonly node: InetSocketAddress }): void {
    // CASSANDRA-10052: a peer whose native address is ours (rpc_address localhost) is no use to a client.
    if (endpoint !== this.node.gossiper.localEndpoint && event.node.address === this.own.address && event.node.port === this.own.port) return;
    this.publish(event);
  }

  private updateSchema(): void {
    const next = this.node.catalog.schema;
    if (next === this.schema) return;
    const changes = schemaChanges(this.schema, next);
    this.schema = next;
    for (const change of changes) this.publish({ type: 'SCHEMA_CHANGE', change: protocolSchemaChange(change) });
  }

  /** Ring members other than this node (normal or leaving; a joining node is not yet one). */
  private currentMembers(): Set<GossipEndpoint> {
    const local = this.node.gossiper.localEndpoint;
    const members = new Set<GossipEndpoint>();
    for (const endpoint of this.node.ring().endpoints()) {
      if (endpoint.status !== 'joining' && endpoint.address !== local) members.add(endpoint.address as GossipEndpoint);
    }
    return members;
  }

  private isRpcReady(endpoint: GossipEndpoint): boolean {
    return this.node.gossiper.endpointState(endpoint)?.applicationState('RPC_READY')?.value === 'true';
  }

  /** The native address gossip gives the node, else its listen address on this server's port. */
  private nativeAddressOf(endpoint: GossipEndpoint): InetSocketAddress {
    const state = this.node.gossiper.endpointState(endpoint);
    const native = parseAddressAndPort(state?.applicationState('NATIVE_ADDRESS_AND_PORT')?.value);
    if (native !== null) return native;
    const rpcAddress = state?.applicationState('RPC_ADDRESS')?.value;
    return { address: rpcAddress ?? parseAddressAndPort(endpoint)?.address ?? endpoint, port: this.own.port };
  }

  /** A removed node keeps the address it was known by (its gossip state may be gone). */
  private addressOf(endpoint: GossipEndpoint): InetSocketAddress {
    return this.members.get(endpoint) ?? this.nativeAddressOf(endpoint);
  }

  private latestOf(endpoint: GossipEndpoint): LatestEvent {
    let latest = this.latest.get(endpoint);
    if (latest === undefined) this.latest.set(endpoint, (latest = {}));
    return latest;
  }
}

function protocolSchemaChange(change: CatalogSchemaChange): SchemaChange {
  if (change.target === 'KEYSPACE') return { change: change.change, target: 'KEYSPACE', keyspace: change.keyspace };
  return { change: change.change, target: change.target, keyspace: change.keyspace, name: change.name ?? '' };
}
