/**
 * Runs protocol-client.ts in a child process of its own against a listening target and measures
 * the server side (this process) between each of the client's phase-start and phase-end: its CPU
 * in cores and its main thread's event-loop utilization. An observer may measure more over the
 * same phases (protocol-profile.ts: per-thread CPU, GC, a CPU profile).
 *
 * The client process is started before the target (runAgainst): fork() marks every page of
 * this process copy-on-write, so a fork after the servers started made each page of their
 * memtables and rings fault again on its next write
 * (25,600 faults for 100 MiB written after a fork, 6 without), ~100,000 for a 3-node target,
 * paid by the storage threads inside the timed phases.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientMessage, ClientRunRequest, PhaseResult } from './protocol-messages.js';
import type { ProtocolTarget } from './protocol-targets.js';

const CLIENT_PATH = fileURLToPath(new URL('./protocol-client.js', import.meta.url));

/** Told of each timed phase as the client starts and ends it (in order, one at a time). */
export interface PhaseObserver {
  phaseStarted(): void;
  phaseEnded(phase: PhaseResult): void;
}

/** Starts the client, then `target` on `port`, runs `request` against it, and stops both. */
export async function runAgainst(target: ProtocolTarget, port: number, request: ClientRunRequest, observer?: PhaseObserver): Promise<PhaseResult[]> {
  const client = startClient();
  try {
    return await target.serve(port, () => runClient(client, request, observer));
  } finally {
    client.kill();
  }
}

/** The client's process, idle until runClient sends it a run. */
function startClient(): ChildProcess {
  // The client is the user's application: Node's own flags, not the servers' (fork would pass
  // this process's, and the servers' young generation made the client's scavenges slower).
  return fork(CLIENT_PATH, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
}

/** Runs `request` on a client from startClient (one run per client: it exits when done). */
function runClient(child: ChildProcess, request: ClientRunRequest, observer?: PhaseObserver): Promise<PhaseResult[]> {
  return new Promise((resolve, reject) => {
    const phases: PhaseResult[] = [];
    let started: { cpu: NodeJS.CpuUsage; loop: ReturnType<typeof performance.eventLoopUtilization>; atMs: number } | null = null;
    let settled = false;
    const settle = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      if (error === null) resolve(phases);
      else reject(error);
    };
    child.on('message', (message: ClientMessage) => {
      switch (message.kind) {
        case 'phase-start':
          observer?.phaseStarted();
          started = { cpu: process.cpuUsage(), loop: performance.eventLoopUtilization(), atMs: performance.now() };
          return;
        case 'phase-end': {
          if (started === null) return settle(new Error('phase-end without phase-start'));
          const cpu = process.cpuUsage(started.cpu);
          const elapsedMs = performance.now() - started.atMs;
          const loop = performance.eventLoopUtilization(started.loop);
          const phase: PhaseResult = { ...message.result, serverCores: (cpu.user + cpu.system) / 1000 / elapsedMs, serverLoop: loop.utilization };
          phases.push(phase);
          started = null;
          observer?.phaseEnded(phase);
          return;
        }
        case 'done':
          return settle(null);
        case 'failed':
          return settle(new Error(`${request.label}: the client failed:\n${message.message}`));
      }
    });
    child.on('error', (error) => settle(error));
    child.on('exit', (code) => settle(new Error(`${request.label}: the client exited (code ${code}) before it was done`)));
    child.send(request);
  });
}
