/**
 * Runtime tables under kill -9: a child process (test/fixtures/table-ddl-child.ts, built into
 * dist/) changes tables and writes, is killed without closing, and a second child opens the
 * directory (replaying the commit log) and reports what a reader sees.
 *
 * - create, write, kill: the table and every acknowledged row are there;
 * - truncate, kill: what was truncated stays gone (replay skips it), later rows are there;
 * - drop, kill: the table is gone, its commit-log records are skipped without an error;
 * - churn: rounds of create, write, truncate, write, drop killed at seeded random moments, each
 *   reopen checked against what the child had acknowledged (a step in flight at the kill may
 *   have happened or not, never half a truncate of acknowledged rows after it was acknowledged).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/lib/package-root.js';
import { SeededRandom } from '../../../src/lib/random.js';

const USERS = 10;
const EVENTS = 11;
const CHURN_ROWS = 100;
const CHURN_ROWS_AFTER_TRUNCATE = 50;
const churnTable = (round: number): number => 100 + round;

interface Report {
  readonly tables: number[];
  readonly users: { rows: number; old: number; unflushed: number; after: number };
  readonly events: { rows: number; more: number };
  readonly churn: Array<{ round: number; registered: boolean; before: number; after: number }>;
  readonly replay: { entries: number; recordsReplayed: number; recordsOfUnknownTables: number; recordsBeforeReplayPoint: number };
}

interface ChildRun {
  readonly lines: string[];
  readonly killed: boolean;
  readonly exitCode: number | null;
  readonly stderr: string;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-tables-kill-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const childScript = (): string => path.join(packageRoot(), 'dist', 'test', 'fixtures', 'table-ddl-child.js');

/** Runs the child; kills it `killAfterMs` after `killAfterLine` appears (never, if null). */
function runChild(args: string[], killAfterLine: string | null, killAfterMs = 0): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [childScript(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffered = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
      if (killAfterLine !== null && !armed && parts.some((l) => l.startsWith(killAfterLine))) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (exitCode, signal) => resolve({ lines, killed: signal === 'SIGKILL', exitCode, stderr }));
  });
}

async function verify(dataDirectory: string, churnRounds = 0): Promise<Report> {
  const run = await runChild([dataDirectory, 'verify', String(churnRounds)], null);
  const line = run.lines.find((l) => l.startsWith('REPORT '));
  expect(line, `verify failed (exit ${run.exitCode}): ${run.stderr.slice(-2000)}`).toBeDefined();
  return JSON.parse(line!.slice('REPORT '.length)) as Report;
}

async function actThenKill(dataDirectory: string, script: string, doneLine: string): Promise<void> {
  const run = await runChild([dataDirectory, 'act', script], doneLine);
  expect(run.lines, run.stderr.slice(-2000)).toContain(doneLine);
  expect(run.killed).toBe(true);
}

describe('runtime tables under kill -9', () => {
  it('keeps a created table and its acknowledged rows', async () => {
    const dir = path.join(root, 'create');
    await actThenKill(dir, 'create', 'WROTE');
    const report = await verify(dir);
    expect(report.tables).toEqual([USERS]);
    expect(report.users.rows).toBe(500);
    expect(report.replay.recordsReplayed).toBeGreaterThanOrEqual(500);
  }, 60_000);

  it('keeps a truncated table empty of what it held, with the rows written after the truncate', async () => {
    const dir = path.join(root, 'truncate');
    await actThenKill(dir, 'truncate', 'TRUNCATED');
    const report = await verify(dir);
    expect(report.tables).toEqual([USERS]);
    expect(report.users).toEqual({ rows: 0, old: 0, unflushed: 0, after: 50 });
    // The commit log still held the truncated rows: replay saw them and left them out.
    expect(report.replay.recordsBeforeReplayPoint).toBeGreaterThan(0);
    const again = await verify(dir);
    expect(again.users).toEqual({ rows: 0, old: 0, unflushed: 0, after: 50 });
  }, 60_000);

  it('keeps a dropped table gone, skipping its logged records without an error', async () => {
    const dir = path.join(root, 'drop');
    await actThenKill(dir, 'drop', 'DROPPED');
    const report = await verify(dir);
    expect(report.tables).toEqual([EVENTS]);
    expect(report.events).toEqual({ rows: 500, more: 100 });
    expect(report.replay.recordsOfUnknownTables).toBeGreaterThan(0);
    const folders = fs.readdirSync(path.join(dir, 'data')).filter((v) => fs.existsSync(path.join(dir, 'data', v, `table-${USERS}`)));
    expect(folders).toEqual([]);
  }, 60_000);

  it('holds what was acknowledged through table changes killed at random moments', async () => {
    const dir = path.join(root, 'churn');
    const random = new SeededRandom(2024);
    /** Per round, the steps acknowledged so far, in order. */
    const acknowledged = new Map<number, string[]>();
    /** Rounds whose next step a kill may have cut: what the first reopen saw of them must stay. */
    const cut = new Set<number>();
    const seen = new Map<number, string>();
    let nextRound = 0;
    for (let kill = 0; kill < 6; kill++) {
      const run = await runChild([dir, 'act', 'churn', String(nextRound)], 'READY', 100 + random.int(1200));
      expect(run.killed, run.stderr.slice(-2000)).toBe(true);
      let lastRound = nextRound - 1;
      for (const line of run.lines) {
        const [step, roundText] = line.split(' ');
        if (roundText === undefined) continue;
        const round = Number(roundText);
        acknowledged.set(round, [...(acknowledged.get(round) ?? []), step!]);
        lastRound = Math.max(lastRound, round);
      }
      // The round in flight, and the next (its create may have begun), are not reused.
      cut.add(lastRound).add(lastRound + 1);
      nextRound = lastRound + 2;
      const report = await verify(dir, nextRound);
      for (const { round, registered, before, after } of report.churn) {
        const steps = acknowledged.get(round) ?? [];
        const last = steps.at(-1);
        const inFlight = cut.has(round);
        const observed = JSON.stringify({ registered, before, after });
        const context = `kill ${kill}, round ${round}, acknowledged [${steps.join(' ')}]: ${observed}`;
        // Whatever a cut step left, the next reopens see the same.
        if (inFlight && seen.has(round)) expect(observed, context).toBe(seen.get(round));
        seen.set(round, observed);
        if (last === 'DROPPED' || (last === undefined && !inFlight)) {
          expect(registered, context).toBe(false);
          continue;
        }
        if (last === undefined) {
          // Its create was in flight: the table may exist, empty.
          expect(before + after, context).toBe(0);
          continue;
        }
        // Only a drop (even rounds, after REWROTE) cut by the kill may have taken the table away.
        if (!(last === 'REWROTE' && inFlight)) expect(registered, context).toBe(true);
        if (last === 'CREATED') expect(after, context).toBe(0);
        if (last === 'WROTE') {
          // The truncate was in flight: it may have emptied the table or not, yet nothing after it.
          expect(after, context).toBe(0);
          if (!inFlight) expect(before, context).toBe(CHURN_ROWS);
        }
        if (last === 'TRUNCATED') expect(before, context).toBe(0);
        if (last === 'REWROTE') {
          // A drop may have been in flight: the table is there whole or gone.
          expect(before, context).toBe(0);
          if (registered) expect(after, context).toBe(CHURN_ROWS_AFTER_TRUNCATE);
          else {
            expect(inFlight, context).toBe(true);
            expect(round % 2, context).toBe(0);
          }
        }
      }
      for (const t of report.tables) expect(t).toBeGreaterThanOrEqual(churnTable(0));
    }
    const rounds = [...acknowledged.values()];
    expect(rounds.filter((steps) => steps.includes('DROPPED')).length).toBeGreaterThan(0);
    expect(rounds.filter((steps) => steps.includes('REWROTE')).length).toBeGreaterThan(2);
  }, 240_000);
});
