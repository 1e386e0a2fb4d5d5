/**
 * Where a protocol benchmark target's time goes, phase by phase: the same client and phases as
 * bench:protocol (protocol-client.ts) against one fresh target, with per-thread CPU per
 * operation, the main thread's wait for a CPU, and its GC, and optionally a CPU profile of the
 * main thread for chosen phases. A diagnostic, not a benchmark: no null server and no ratio
 * (bench:protocol gives those); per-op CPU is steadier than ops/s on a shared machine.
 *
 *   node --max-semi-space-size=32 --min-semi-space-size=16 dist/bench/macro/protocol-profile.js
 *        [--target three-nodes] [--ops N] [--concurrency 64] [--warmup N] [--cpu-profile 0,2]
 *        [--out DIR]
 *
 * Phases are numbered as they run: each concurrency's INSERT, INSERT at half rate, then the same
 * for SELECT. --cpu-profile writes DIR/phase-<i>.cpuprofile (open in Chrome DevTools).
 */

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { freePort } from '../lib/free-port.js';
import { positiveInteger } from '../lib/positive-integer.js';
import { warmupCount } from '../lib/stress-warmup.js';
import { sampleThreadTimes, threadCpuBetween, type ThreadTimes } from '../lib/thread-cpu.js';
import { runAgainst, type PhaseObserver } from './protocol-client-runner.js';
import type { PhaseResult } from './protocol-messages.js';
import { renderTable } from './protocol-report.js';
import { STRESS_SEED } from './protocol-statements.js';
import { NODE_HOSTS, PROTOCOL_TARGETS } from './protocol-targets.js';

interface ProfiledPhase {
  readonly phase: PhaseResult;
  readonly mainUsPerOp: number | null;
  readonly mainWaitUsPerOp: number | null;
  readonly otherUsPerOp: number | null;
  readonly gc: GcCounts;
}

interface GcCounts {
  scavenges: number;
  majors: number;
  pauseMs: number;
  longestMs: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'three-nodes' },
      ops: { type: 'string', default: '100000' },
      concurrency: { type: 'string', default: '64' },
      warmup: { type: 'string' },
      'cpu-profile': { type: 'string', default: '' },
      out: { type: 'string', default: '.' },
    },
  });
  const target = PROTOCOL_TARGETS.find((t) => t.name === values.target && t.role === 'database');
  if (target === undefined) throw new Error(`--target: one of ${PROTOCOL_TARGETS.filter((t) => t.role === 'database').map((t) => t.name).join(', ')}`);
  const ops = positiveInteger(values.ops, '--ops');
  const concurrencies = values.concurrency.split(',').map((c) => positiveInteger(c, '--concurrency'));
  const warmupOps = values.warmup === undefined ? warmupCount(ops) : Number(values.warmup);
  const profiled = new Set(values['cpu-profile'] === '' ? [] : values['cpu-profile'].split(',').map((p) => Number(p)));

  const observer = new ProfilingObserver(profiled, values.out);
  const port = await freePort(NODE_HOSTS);
  await runAgainst(target, port, { kind: 'run', label: target.label, port, ops, warmupOps, concurrencies, seed: STRESS_SEED, expectRows: true }, observer);
  observer.close();

  const us = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(1));
  const header = ['#', 'op', 'in flight', 'ops/s', 'p50', 'p99', 'main us/op', 'main waited us/op', 'other threads us/op', 'scavenges', 'major GCs', 'GC pause ms', 'longest ms'];
  const rows = observer.phases.map((p, i) => [
    String(i),
    p.phase.operation,
    p.phase.concurrency === null ? 'half rate' : String(p.phase.concurrency),
    Math.round(p.phase.ratePerS).toLocaleString('en-US'),
    `${p.phase.p50Ms.toFixed(2)} ms`,
    `${p.phase.p99Ms.toFixed(2)} ms`,
    us(p.mainUsPerOp),
    us(p.mainWaitUsPerOp),
    us(p.otherUsPerOp),
    String(p.gc.scavenges),
    String(p.gc.majors),
    p.gc.pauseMs.toFixed(0),
    p.gc.longestMs.toFixed(1),
  ]);
  process.stdout.write(`${target.label}, ${ops.toLocaleString('en-US')} ops per closed-loop phase, warm-up ${warmupOps.toLocaleString('en-US')}; node ${process.execArgv.join(' ') || '(no flags)'}\n\n`);
  process.stdout.write(renderTable([header, ...rows]));
  for (const file of observer.profileFiles) process.stdout.write(`\nmain-thread CPU profile: ${file}`);
  process.stdout.write('\n');
}

/** Per-thread CPU and the main thread's GC over each phase; a CPU profile for the chosen ones. */
class ProfilingObserver implements PhaseObserver {
  readonly phases: ProfiledPhase[] = [];
  readonly profileFiles: string[] = [];
  private readonly session = new Session();
  private readonly gcObserver: PerformanceObserver;
  private gc: GcCounts = emptyGc();
  private threadsAtStart: ThreadTimes | null = null;
  private index = 0;

  constructor(
    private readonly profiled: ReadonlySet<number>,
    private readonly outDir: string,
  ) {
    this.gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
        if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) this.gc.scavenges++;
        else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) this.gc.majors++;
        this.gc.pauseMs += entry.duration;
        this.gc.longestMs = Math.max(this.gc.longestMs, entry.duration);
      }
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
    if (profiled.size > 0) {
      this.session.connect();
      this.session.post('Profiler.enable');
    }
  }

  phaseStarted(): void {
    this.gc = emptyGc();
    this.threadsAtStart = sampleThreadTimes();
    if (this.profiled.has(this.index)) this.session.post('Profiler.start');
  }

  phaseEnded(phase: PhaseResult): void {
    const now = sampleThreadTimes();
    const cpu = this.threadsAtStart === null || now === null ? null : threadCpuBetween(this.threadsAtStart, now);
    const perOp = (ms: number | undefined): number | null => (ms === undefined ? null : (ms * 1000) / phase.operations);
    this.phases.push({ phase, mainUsPerOp: perOp(cpu?.mainRunMs), mainWaitUsPerOp: perOp(cpu?.mainWaitMs), otherUsPerOp: perOp(cpu?.otherRunMs), gc: this.gc });
    const index = this.index;
    if (this.profiled.has(index)) {
      const file = join(this.outDir, `phase-${index}.cpuprofile`);
      this.session.post('Profiler.stop', (error, result) => {
        if (error !== null) {
          process.stderr.write(`phase ${index}: no CPU profile (${error.message})\n`);
        } else {
          writeFileSync(file, JSON.stringify(result.profile));
          this.profileFiles.push(file);
        }
      });
    }
    this.index++;
  }

  close(): void {
    this.gcObserver.disconnect();
    this.session.disconnect();
  }
}

function emptyGc(): GcCounts {
  return { scavenges: 0, majors: 0, pauseMs: 0, longestMs: 0 };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
