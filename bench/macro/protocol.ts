/**
 * The CQL native protocol benchmark (issue 5, Speed): the real cassandra-driver, in a child
 * process of its own, against our servers in this process, one after another and each fresh:
 *
 *   1 node, RF 1 | 3 nodes, RF 3 at QUORUM | a null server answering every frame at once
 *
 * Each run of a target: prepared INSERTs of the cassandra-stress write shape, then prepared
 * SELECTs by key, each at every --concurrency (closed loop) and then at half the best rate
 * (fixed rate, latency from the scheduled send): protocol-client.ts. The report gives the
 * medians of --runs runs, the ratio of each rate to the null server's (the ceiling the client
 * itself allows), and each target's goal: 1 node >= 0.5x null; 3 nodes >= 0.25x null with p99
 * under 10 ms at half rate. Targets alternate order from run to run, so the machine's drift
 * spreads over all of them.
 *
 *   node dist/bench/macro/protocol.js [--ops N] [--runs K] [--concurrency 64,256] [--warmup N]
 *                                     [--only one-node,three-nodes,null]
 */

import { parseArgs } from 'node:util';
import { freePort } from '../lib/free-port.js';
import { positiveInteger } from '../lib/positive-integer.js';
import { warmupCount } from '../lib/stress-warmup.js';
import { runAgainst } from './protocol-client-runner.js';
import type { ClientRunRequest, PhaseResult } from './protocol-messages.js';
import { checkGoals, formatGoalLines, formatHalfRateTable, formatThroughputTable, renderTable, summarizeProtocolRuns, type TargetRuns } from './protocol-report.js';
import { STRESS_SEED } from './protocol-statements.js';
import { NODE_HOSTS, PROTOCOL_TARGETS, type ProtocolTarget } from './protocol-targets.js';


async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ops: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '64,256' },
      warmup: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const ops = positiveInteger(values.ops, '--ops');
  const runs = positiveInteger(values.runs, '--runs');
  const concurrencies = values.concurrency.split(',').map((c) => positiveInteger(c, '--concurrency'));
  const warmupOps = values.warmup === undefined ? warmupCount(ops) : Number(values.warmup);
  process.stderr.write(`protocol: ${ops.toLocaleString('en-US')} ops per phase, ${runs} run(s), ${concurrencies.join(', ')} in flight, warm-up ${warmupOps.toLocaleString('en-US')}\n`);

  const chosen = chosenTargets(values.only);
  const results = new Map<string, PhaseResult[][]>(chosen.map((t) => [t.label, []]));
  for (let run = 1; run <= runs; run++) {
    const order = run % 2 === 1 ? chosen : [...chosen].reverse();
    for (const target of order) {
      const port = await freePort(NODE_HOSTS);
      const request: ClientRunRequest = { kind: 'run', label: target.label, port, ops, warmupOps, concurrencies, seed: STRESS_SEED, expectRows: target.role === 'database' };
      const phases = await runAgainst(target, port, request);
      results.get(target.label)!.push(phases);
      process.stderr.write(`run ${run}/${runs} ${target.label}: ${phases.map((p) => `${p.operation} ${p.concurrency ?? 'half'} ${Math.round(p.ratePerS)}/s p99 ${p.p99Ms.toFixed(2)} ms${p.failures > 0 ? ` (${p.failures} failed)` : ''}`).join('; ')}\n`);
    }
  }

  const targets: TargetRuns[] = chosen.map((target: ProtocolTarget) => ({ label: target.label, isNull: target.role === 'null', goal: target.goal, runs: results.get(target.label)! }));
  const summary = summarizeProtocolRuns(targets);
  // The servers' V8 flags (npm start's young generation, docs/operations.md) decide their GC cost.
  const flags = process.execArgv.join(' ') || 'no flags';
  process.stdout.write(`cassandra-driver in its own process (node with no flags); servers in this one (node ${flags}); medians of ${runs} run(s), ${ops.toLocaleString('en-US')} ops per closed-loop phase\n\n`);
  process.stdout.write(renderTable(formatThroughputTable(summary)));
  process.stdout.write(`\nat half the best rate (${Math.max(1, Math.floor(ops / 2)).toLocaleString('en-US')} ops, latency from the intended send time)\n\n`);
  process.stdout.write(renderTable(formatHalfRateTable(summary)));
  process.stdout.write(`\n${formatGoalLines(checkGoals(targets, summary)).join('\n')}\n`);
}

/** --only one-node,three-nodes,null (all by default, in that order). */
function chosenTargets(only: string | undefined): readonly ProtocolTarget[] {
  if (only === undefined) return PROTOCOL_TARGETS;
  const names = only.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !PROTOCOL_TARGETS.some((t) => t.name === name));
  if (unknown.length > 0) throw new Error(`--only: no target ${unknown.join(', ')} (targets: ${PROTOCOL_TARGETS.map((t) => t.name).join(', ')})`);
  return PROTOCOL_TARGETS.filter((t) => names.includes(t.name));
}

/** How long the process may take to end by itself once the report is out. */
const EXIT_GRACE_MS = 5_000;

main().then(() => {
  // Every server is closed by now. A 3-node run whose requests timed out once left the process
  // alive with no socket open; say what still holds the event loop, then end.
  setTimeout(() => {
    process.stderr.write(`protocol: still running ${EXIT_GRACE_MS / 1000} s after the report, held by: ${process.getActiveResourcesInfo().join(', ')}; exiting\n`);
    process.exit(0);
  }, EXIT_GRACE_MS).unref();
}, (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
