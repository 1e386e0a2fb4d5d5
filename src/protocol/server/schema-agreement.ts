/**
 * A DDL statement answers once the drivers' schema agreement check would pass on this node.
 *
 * After a Schema_change result, the drivers ask the node that ran the statement for
 * `system.local.schema_version` and every `system.peers.schema_version`, and wait 500 ms
 * (Node) or 200 ms (Python) between tries until there is one version. The node has pushed its
 * change to every live peer and waited for them to apply it (ClusterNode.announceSchema), but
 * its system.peers rows follow the peers' versions by gossip, a round or two later: answered
 * at once, the driver's first look nearly always failed and it slept a whole poll.
 *
 * So the answer waits, up to `protocolLimits.schemaAgreementWaitMs`, until the system.peers row
 * of every ring member that gossip holds alive carries this node's schema version (a member
 * that is down keeps its old version in Cassandra too; the wait is not for it). Past the bound
 * the answer goes out as it is and the driver's own wait takes over, as with Cassandra.
 */

import type { Authenticator } from '../../auth/authenticator.js';
import type { Schema } from '../../cql/catalog/schema.js';
import { readPeers } from '../../cql/catalog/system-peers.js';
import { asEndpoint } from '../../cluster/gossip/endpoint.js';
import type { Gossiper } from '../../cluster/gossip/gossiper.js';
import type { TokenMetadata } from '../../cluster/ring/token-metadata.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { BatchRequest } from '../messages/batch.js';
import type { ExecuteRequest } from '../messages/execute.js';
import type { PrepareRequest } from '../messages/prepare.js';
import type { QueryParameters } from '../messages/query-parameters.js';
import type { PreparedResult, Result } from '../messages/result.js';
import { protocolLimits } from './native-server-options.js';
import type { MaybePromise, ProtocolBackend, SessionView } from './protocol-backend.js';

/** What the wait reads: the node's schema, its system.peers rows, and who is alive. */
export interface SchemaAgreementNode {
  readonly gossiper: Gossiper;
  readonly engine: NodeStorage;
  ring(): TokenMetadata;
  readonly catalog: { readonly schema: Schema };
}

/** How often the peers' rows are looked at while waiting (a local read of a few rows). */
const AGREEMENT_POLL_MS = 5;

/** A backend whose Schema_change answers wait for the node's live peers to hold its schema. */
export class SchemaAgreementBackend implements ProtocolBackend {
  readonly authenticator: Authenticator | undefined;

  constructor(
    private readonly backend: ProtocolBackend,
    private readonly node: SchemaAgreementNode,
    private readonly waitMs: number = protocolLimits.schemaAgreementWaitMs,
  ) {
    this.authenticator = backend.authenticator;
  }

  query(query: string, parameters: QueryParameters, session: SessionView): MaybePromise<Result> {
    return this.agreed(this.backend.query(query, parameters, session));
  }

  prepare(request: PrepareRequest, session: SessionView): MaybePromise<PreparedResult> {
    return this.backend.prepare(request, session);
  }

  execute(request: ExecuteRequest, session: SessionView): MaybePromise<Result> {
    return this.agreed(this.backend.execute(request, session));
  }

  batch(request: BatchRequest, session: SessionView): MaybePromise<Result> {
    return this.agreed(this.backend.batch(request, session));
  }

  /** Anything but a Schema_change passes as it came (a synchronous answer stays synchronous). */
  private agreed(result: MaybePromise<Result>): MaybePromise<Result> {
    if (!(result instanceof Promise)) return result.kind === 'schema-change' ? this.afterAgreement(result) : result;
    return result.then((settled) => (settled.kind === 'schema-change' ? this.afterAgreement(settled) : settled));
  }

  private async afterAgreement(result: Result): Promise<Result> {
    await awaitSchemaAgreement(this.node, this.waitMs);
    return result;
  }
}

/**
 * Resolves once every live ring member's system.peers row says this node's schema version,
 * or after `waitMs`; answers whether they agreed.
 */
export async function awaitSchemaAgreement(node: SchemaAgreementNode, waitMs: number): Promise<boolean> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    if (await peersAgree(node)) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, AGREEMENT_POLL_MS));
  }
}

async function peersAgree(node: SchemaAgreementNode): Promise<boolean> {
  const version = node.catalog.schema.version;
  const local = node.gossiper.localEndpoint;
  const live = node
    .ring()
    .endpoints()
    .filter((endpoint) => endpoint.address !== local && node.gossiper.isAlive(asEndpoint(endpoint.address)))
    .map((endpoint) => hostOf(endpoint.address));
  if (live.length === 0) return true;
  const recorded = new Map((await readPeers(node.engine)).map((peer) => [peer.address, peer.schemaVersion]));
  return live.every((address) => recorded.get(address) === version);
}

function hostOf(endpoint: string): string {
  const colon = endpoint.lastIndexOf(':');
  return colon < 0 ? endpoint : endpoint.slice(0, colon);
}
