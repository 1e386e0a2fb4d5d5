/**
 * The ingest benchmark: our engine (when its target is present) against LevelDB, LMDB and
 * SQLite on the cassandra-stress write shape, then random point reads.
 *
 *   node dist/bench/macro/ingest.js [--rows N] [--json] [--runs K] [--only a,b]
 *
 * Runs are interleaved (run 1 of every target, then run 2, ...) so the machine's drift over
 * minutes (±20%, PERF-NOTES.md) spreads over all targets instead of favouring one; each run is
 * a fresh child process in a fresh temp dir. The report is the median of the runs: a table on
 * stdout, and with --json one final JSON line. Progress goes to stderr. See bench/README.md.
 */

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatCompact } from '../lib/progress.js';
import type { IngestChildReply, IngestChildRequest } from './ingest-child.js';
import { parseIngestOptions, type IngestOptions } from './ingest-options.js';
import { formatIngestTable, summarizeRuns, toIngestJson } from './ingest-report.js';
import type { IngestRunResult } from './ingest-run.js';
import type { IngestTargetFactory } from './ingest-target.js';
import { ingestTargetFactories, loadEngineTarget } from './ingest-targets.js';

const CHILD_PATH = fileURLToPath(new URL('./ingest-child.js', import.meta.url));

const USAGE = `usage: node dist/bench/macro/ingest.js [--rows N] [--runs K] [--only a,b] [--json]
       [--reads N] [--read-concurrency N] [--seed N] [--no-warmup] [--engine-module path]`;

async function main(): Promise<number> {
  let options: IngestOptions;
  try {
    options = parseIngestOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  await loadEngineTarget(options.engineModule);
  const targets = selectTargets(ingestTargetFactories(), options.only);
  if (targets.length === 0) {
    process.stderr.write(`no target matches --only ${options.only.join(',')}\n${USAGE}\n`);
    return 2;
  }
  process.stderr.write(
    `ingest: ${options.rows.toLocaleString('en-US')} rows, ${options.runs} run(s) of ` +
      `${targets.map((t) => t.name).join(', ')}` +
      (targets.some((t) => t.kind === 'engine') ? '\n' : ' (no engine target registered)\n'),
  );

  const results: IngestRunResult[] = [];
  for (let run = 1; run <= options.runs; run++) {
    for (const target of targets) {
      const result = await runInChild(target, options);
      results.push(result);
      process.stderr.write(
        `run ${run}/${options.runs} ${target.name}: ${formatCompact(result.rowsPerS)} rows/s, ` +
          `${formatCompact(result.readsPerS)} reads/s, loop p99 ${result.loopDelayP99Ms.toFixed(1)} ms` +
          (result.ingestDuringCompactionRatio === null ? '' : `, during compaction x${result.ingestDuringCompactionRatio.toFixed(2)}`) +
          '\n',
      );
    }
  }

  const summaries = summarizeRuns(results);
  process.stdout.write(`${formatIngestTable(summaries)}\n`);
  if (options.json) {
    const json = toIngestJson(summaries, options.rows, options.runs);
    process.stdout.write(`${JSON.stringify(json)}\n`);
  }
  return 0;
}

/** Keeps the targets whose name or kind is listed (all when the list is empty). */
function selectTargets(
  all: readonly IngestTargetFactory[],
  only: readonly string[],
): IngestTargetFactory[] {
  if (only.length === 0) return [...all];
  const wanted = new Set(only.map((name) => name.toLowerCase()));
  return all.filter((t) => wanted.has(t.name.toLowerCase()) || wanted.has(t.kind));
}

function runInChild(
  target: IngestTargetFactory,
  options: IngestOptions,
): Promise<IngestRunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD_PATH, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: IngestChildReply | null = null;
    child.once('message', (message: IngestChildReply) => {
      reply = message;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const answer = reply as IngestChildReply | null;
      if (answer?.kind === 'result') resolve(answer.result);
      else if (answer?.kind === 'failed') reject(new Error(`${target.name}: ${answer.message}`));
      else reject(new Error(`${target.name}: child exited (${code ?? signal}) without a result`));
    });
    const request: IngestChildRequest = { kind: 'run', targetName: target.name, options };
    child.send(request);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);
