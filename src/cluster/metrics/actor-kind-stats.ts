/**
 * A node's actors summed by kind (`nodetool tpstats`' pools): how many there are, messages
 * waiting in their mailboxes, messages processed and handler failures since their threads
 * started. A thread that is down (being respawned) contributes nothing until it is back.
 */

import type { ActorStats } from '../../actors/actor-host.js';
import type { ActorSystemStats } from '../../actors/actor-system.js';

export interface ActorKindStats {
  readonly kind: string;
  actors: number;
  pending: number;
  completed: number;
  failures: number;
}

export function actorKindStats(stats: ActorSystemStats): ActorKindStats[] {
  const byKind = new Map<string, ActorKindStats>();
  for (const thread of stats.threads) {
    for (const actor of thread.actors) {
      let sum = byKind.get(actor.ref.kind);
      if (sum === undefined) byKind.set(actor.ref.kind, (sum = { kind: actor.ref.kind, actors: 0, pending: 0, completed: 0, failures: 0 }));
      sum.actors++;
      sum.pending += actor.mailboxDepth;
      sum.completed += actor.processed;
      sum.failures += actor.failures;
    }
  }
  return [...byKind.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

/** The engine's actors plus the node's GossipStage (gossip/gossip-stage.ts), which runs on main beside them. */
export function withGossipStage(engine: ActorSystemStats, stage: { stats(): ActorStats[]; readonly deadLetters: number }): ActorSystemStats {
  return {
    threads: [...engine.threads, { threadIndex: -1, alive: true, actors: stage.stats() }],
    deadLetters: engine.deadLetters + stage.deadLetters,
  };
}
