/**
 * `sibyl stress`: reads the command line, sets up the workload's schema on the backend, runs
 * each phase under the rate model with live reports, prints the final table, and writes the
 * JSON log and HTML report when asked. Exit 0 when done, 2 for a bad command line (one line
 * saying what is wrong, no stack trace), 1 when the target cannot be reached or set up.
 */

import fs from 'node:fs';
import { openBackend } from './backends/open-backend.js';
import type { StressBackend } from './backends/stress-backend.js';
import { parseStressSettings } from './options/parse-stress-settings.js';
import type { StressSettings } from './options/stress-settings.js';
import { StressUsageError } from './options/stress-usage-error.js';
import { STRESS_USAGE } from './options/stress-usage.js';
import { finalTable } from './reports/final-table.js';
import { htmlReport } from './reports/html-report.js';
import { jsonLog, type StressRunRecord } from './reports/json-log.js';
import type { PhaseResult } from './reports/phase-result.js';
import { settingsSummary } from './reports/settings-summary.js';
import type { StopRequest } from './runner/load-plan.js';
import { runPhase } from './runner/run-phase.js';
import { createWorkload } from './workloads/create-workload.js';

export interface StressIo {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
}

export async function runStress(argv: readonly string[], io: StressIo): Promise<number> {
  if (argv.length === 0 || ['help', '-h', '--help'].includes(argv[0]!)) {
    (argv.length === 0 ? io.err : io.out)(`${STRESS_USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  let settings: StressSettings;
  let workload;
  try {
    settings = parseStressSettings(argv);
    workload = createWorkload(settings);
  } catch (error) {
    if (!(error instanceof StressUsageError)) throw error;
    io.err(`sibyl stress: ${error.message}\nsee 'sibyl stress help' for the options\n`);
    return 2;
  }
  let backend: StressBackend;
  try {
    backend = await openBackend(settings);
  } catch (error) {
    io.err(`sibyl stress: ${messageOf(error)}\n`);
    return 1;
  }
  const stop: StopRequest = { requested: false };
  const onInterrupt = (): void => {
    // The first Ctrl-C ends the run with its results; a second one is Node's default.
    stop.requested = true;
    process.removeListener('SIGINT', onInterrupt);
  };
  process.on('SIGINT', onInterrupt);
  try {
    const startedAt = new Date();
    io.out(settingsSummary(settings, backend.description));
    let phases;
    try {
      phases = await workload.setUp(backend);
    } catch (error) {
      // The profile can be wrong about the table it meets (a column it names, a type): a usage error too.
      if (error instanceof StressUsageError) {
        io.err(`sibyl stress: ${error.message}\n`);
        return 2;
      }
      io.err(`sibyl stress: setting up the schema failed: ${messageOf(error)}\n`);
      return 1;
    }
    const results: PhaseResult[] = [];
    for (const phase of phases) {
      if (stop.requested) break;
      io.out(`\nPhase ${phase.name}: ${phase.kinds.join(', ')}\n`);
      const result = await runPhase(phase, settings, stop, { write: io.out, isTTY: io.isTTY });
      results.push(result);
      io.out(`\n${finalTable(result)}`);
    }
    const record: StressRunRecord = { startedAt, target: backend.description, settings, phases: results };
    if (settings.log !== null) {
      fs.writeFileSync(settings.log.file, settings.log.format === 'json' ? jsonLog(record) : results.map(finalTable).join('\n'));
      io.out(`Log written to ${settings.log.file}\n`);
    }
    if (settings.graph !== null) {
      fs.writeFileSync(settings.graph.file, htmlReport(record, settings.graph.title));
      io.out(`Graph written to ${settings.graph.file}\n`);
    }
    const answered = results.reduce((sum, phase) => sum + phase.totals.total.operations, 0);
    const failed = results.reduce((sum, phase) => sum + phase.totals.total.errors, 0);
    // A run where every operation failed measured nothing: say so in the exit code.
    return answered === 0 && failed > 0 ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await backend.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
