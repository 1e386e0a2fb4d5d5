/**
 * A new node joins the ring (StorageService.joinTokenRing and bootstrap, BootStrapper,
 * RangeStreamer), with data before it serves:
 *
 *   1. learn the ring and the schema by gossip (ring-settle.ts);
 *   2. take tokens: balanced against that ring (ring/token-allocation.ts), or, replacing a
 *      dead node, the dead node's own (it must be a ring member and down);
 *   3. announce them: TOKENS, then STATUS BOOT (or BOOT_REPLACE,<dead address>). Every node
 *      now counts this one as a pending replica of the ranges it will own, so writes reach it;
 *   4. wait ring_delay, so that every coordinator knows before data is copied (a write sent
 *      without this node after its range was copied would be missing here);
 *   5. fetch each range it will replicate, per keyspace, from the replica it displaces or the
 *      nearest live holder (stream-plan.ts); a range no live node holds fails the join;
 *   6. STATUS NORMAL with its tokens: the ring now routes reads to it.
 *
 * Each step is kept on disk (bootstrap-progress.ts): the request before step 1, the tokens
 * before step 3, each range once streamed, COMPLETED before step 6. A failure leaves the node
 * JOINING (as Cassandra's "bootstrap will have to be restarted"); a node restarted before it
 * completed joins again with the same tokens and fetches only the ranges not yet recorded
 * (Cassandra's resumable bootstrap, system.available_ranges).
 */

import { assert } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { Token } from '../../storage/model/token.js';
import { asEndpoint } from '../gossip/endpoint.js';
import { statusValue, tokensValue } from '../gossip/gossip-status.js';
import type { LocalRingStatus } from '../node/gossip-ring.js';
import type { Endpoint } from '../ring/endpoint.js';
import { allocateTokens } from '../ring/token-allocation.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import { TokenRange } from '../ring/token-range.js';
import type { StreamSummary } from '../streaming/stream-summary.js';
import type { BootstrapProgress } from './bootstrap-progress.js';
import type { JoinRequest } from './join-request.js';
import type { MembershipHost, MembershipOptions } from './membership-host.js';
import { computeRangeMovements } from './range-movement.js';
import { awaitRingSettled } from './ring-settle.js';
import { sleep } from './sleep.js';
import { planFetch } from './stream-plan.js';

export interface JoinOutcome {
  readonly tokens: readonly Token[];
  /** One per range fetched. */
  readonly streams: readonly StreamSummary[];
  /** Ranges (per keyspace) a resumed bootstrap did not fetch again: recorded streamed before. */
  readonly rangesAlreadyAvailable: number;
}

/** What a join keeps across restarts. */
export interface JoinHooks {
  /** The tokens a joining node took, before it announces them (to keep them across restarts). */
  readonly onTokens: (tokens: readonly Token[]) => void;
  readonly progress: BootstrapProgress;
}

/** Steps 1-2: the tokens this node will hold, and its place while it joins. */
interface Claim {
  readonly tokens: readonly Token[];
  readonly status: LocalRingStatus;
  readonly statusText: string;
  /** The ring once the join is done. */
  readonly after: (now: TokenMetadata) => TokenMetadata;
  /** Who may send data: live, not this node, not the node being replaced. */
  readonly canSend: (source: Endpoint) => boolean;
  /** A bootstrap streams each range from the replica it displaces or not at all; a replace from any holder. */
  readonly consistentRangeMovement: boolean;
}

/**
 * `resumeTokens`: the tokens an interrupted bootstrap had announced (bootstrap-progress.ts),
 * taken again instead of new ones; a replacement takes the dead node's tokens again anyway.
 */
export async function joinRing(
  host: MembershipHost,
  options: MembershipOptions,
  request: JoinRequest,
  hooks: JoinHooks,
  resumeTokens: readonly Token[] | null = null,
): Promise<JoinOutcome> {
  const { progress } = hooks;
  progress.begin(request);
  await awaitRingSettled(host, options);
  const claim =
    request.kind === 'replace'
      ? claimReplacedTokens(host, request.replacedAddress)
      : claimBootstrapTokens(host, resumeTokens !== null && resumeTokens.length > 0 ? resumeTokens : allocate(host, options, request));
  progress.claimTokens(claim.tokens);
  hooks.onTokens(claim.tokens);

  const tokenTexts = claim.tokens.map(String);
  host.ringView.setLocal(claim.status, claim.tokens);
  host.gossiper.addLocalApplicationState('TOKENS', tokensValue(tokenTexts));
  host.gossiper.addLocalApplicationState('STATUS', claim.statusText);
  await sleep(options.timers, options.ringDelayMs);

  const fetched = await fetchRanges(host, claim, progress);
  progress.complete();
  host.ringView.setLocal('normal', claim.tokens);
  host.gossiper.addLocalApplicationState('STATUS', statusValue.normal(tokenTexts));
  return { tokens: claim.tokens, ...fetched };
}

function allocate(host: MembershipHost, options: MembershipOptions, request: Extract<JoinRequest, { kind: 'bootstrap' }>): readonly Token[] {
  return allocateTokens({
    metadata: host.ringView.ring(),
    endpoint: { ...host.self, status: 'joining' },
    numTokens: request.numTokens,
    localReplicationFactor: request.localReplicationFactor,
    random: options.random,
  });
}

function claimBootstrapTokens(host: MembershipHost, tokens: readonly Token[]): Claim {
  const self = host.self;
  return {
    tokens,
    status: 'joining',
    statusText: statusValue.bootstrapping(tokens.map(String)),
    after: (now) => now.withStatus(self.hostId, 'normal'),
    canSend: (source) => source.hostId !== self.hostId && host.isAlive(source),
    consistentRangeMovement: true,
  };
}

function claimReplacedTokens(host: MembershipHost, replacedAddress: string): Claim {
  const self = host.self;
  const replaced = host.ringView.endpointAt(replacedAddress);
  if (replaced === undefined || replaced.status === 'joining') {
    throw new InvalidRequestError(`Cannot replace ${replacedAddress}: it is not a member of the ring`);
  }
  if (host.gossiper.isAlive(asEndpoint(replacedAddress))) throw new InvalidRequestError(`Cannot replace a live node ${replacedAddress}`);
  const tokens = host.ringView.ring().tokensOf(replaced.hostId);
  assert(tokens.length > 0, 'a ring member holds tokens');
  return {
    tokens,
    status: { replacing: replaced.hostId },
    statusText: statusValue.bootReplacing(replacedAddress),
    after: (now) => (now.endpoint(replaced.hostId) === undefined ? now : now.withoutNode(replaced.hostId)).withNode({ ...self, status: 'normal' }, tokens),
    canSend: (source) => source.hostId !== self.hostId && source.hostId !== replaced.hostId && host.isAlive(source),
    consistentRangeMovement: false,
  };
}

/**
 * Step 5: every keyspace's gained ranges, each from one live holder, but those recorded
 * streamed by an earlier run. Sources are pulled from at once; a source's ranges one after
 * the other, each recorded available as soon as every table of it is written here.
 */
async function fetchRanges(host: MembershipHost, claim: Claim, progress: BootstrapProgress): Promise<Omit<JoinOutcome, 'tokens'>> {
  const now = host.ringView.ring();
  const after = claim.after(now);
  const fetches: Array<Promise<StreamSummary[]>> = [];
  let rangesAlreadyAvailable = 0;
  for (const { name, strategy, tableIds } of host.replicatedKeyspaces()) {
    if (tableIds.length === 0) continue;
    const plan = planFetch(computeRangeMovements(strategy, now, after), host.self, claim.canSend, claim.consistentRangeMovement);
    const unsourced = plan.unsourced.filter((range) => !progress.isAvailable(name, range));
    if (unsourced.length > 0) {
      throw new InvalidRequestError(`unable to find sufficient sources for streaming ranges ${unsourced.map(TokenRange.toString).join(', ')}: their replicas are down`);
    }
    const strictDown = plan.strictSourcesDown.filter((task) => task.ranges.some((range) => !progress.isAvailable(name, range)));
    if (strictDown.length > 0) {
      // Cassandra's words (RangeStreamer, cassandra.consistent.rangemovement): retry once it is up.
      throw new InvalidRequestError(`A node required to move the data consistently is down (${strictDown.map((t) => t.peer.address).join(', ')})`);
    }
    for (const task of plan.tasks) {
      const missing = task.ranges.filter((range) => !progress.isAvailable(name, range));
      rangesAlreadyAvailable += task.ranges.length - missing.length;
      if (missing.length > 0) fetches.push(fetchInTurn(host, task.peer.address, name, tableIds, missing, progress));
    }
  }
  return { streams: (await Promise.all(fetches)).flat(), rangesAlreadyAvailable };
}

async function fetchInTurn(
  host: MembershipHost,
  source: string,
  keyspace: string,
  tableIds: readonly number[],
  ranges: readonly TokenRange[],
  progress: BootstrapProgress,
): Promise<StreamSummary[]> {
  const streams: StreamSummary[] = [];
  for (const range of ranges) {
    streams.push(await host.streaming.streamRangesFrom(source, tableIds, [range]));
    progress.markAvailable(keyspace, range);
  }
  return streams;
}
