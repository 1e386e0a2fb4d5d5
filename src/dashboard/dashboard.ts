/**
 * The live cluster dashboard (ADR 0016), put together: an HTTP server for the page and its
 * API, a poller reading every node's metrics and the ring once a second through the nodes'
 * admin servers, the history and state the page is sent, actions run as node tool commands
 * behind a token and logged, and the optional load generator ticking ten times a second.
 * This file holds the timers; what they drive is plain logic.
 */

import { SeededRandom } from '../lib/random.js';
import { ActionLog } from './action-log.js';
import { ActionRefusedError, ActionRunner } from './action-runner.js';
import { AdminRequestError, HttpAdminClient, type AdminApi } from './admin-client.js';
import { ClusterPoller } from './cluster-poller.js';
import { ActionRequestError, decodeAction, describeTarget } from './dashboard-action.js';
import { DashboardHttpServer } from './dashboard-http-server.js';
import { DashboardHistory } from './dashboard-state.js';
import { EventStream } from './event-stream.js';
import { LoadGenerator, type LoadTarget } from './load-generator.js';

const POLL_INTERVAL_MS = 1000;
const LOAD_TICK_MS = 100;

export interface DashboardOptions {
  /** Where the page is served; loopback unless the operator says otherwise. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The token actions need (dashboard-token.ts makes one). */
  readonly token: string;
  /** The nodes to start from (more are found through `status`), and their admin port. */
  readonly hosts: readonly string[];
  readonly adminPort: number;
  /** The load generator's target, when the cluster runs in this process; null for none. */
  readonly load: LoadTarget | null;
  /** Where the action log goes, line by line. */
  readonly log: (line: string) => void;
  /** A stand-in for the nodes' admin servers (tests); default HTTP to <host>:adminPort. */
  readonly admin?: AdminApi;
  readonly pollIntervalMs?: number;
}

export class Dashboard {
  private readonly timers: NodeJS.Timeout[] = [];
  private polling = false;
  private closed = false;

  private constructor(
    private readonly server: DashboardHttpServer,
    private readonly poller: ClusterPoller,
    private readonly history: DashboardHistory,
    private readonly events: EventStream,
    private readonly actionLog: ActionLog,
    private readonly load: LoadGenerator | null,
  ) {}

  static async start(options: DashboardOptions): Promise<Dashboard> {
    const admin = options.admin ?? new HttpAdminClient(options.adminPort);
    const now = (): number => Date.now();
    const poller = new ClusterPoller(admin, options.hosts, now);
    const history = new DashboardHistory();
    const events = new EventStream();
    const actionLog = new ActionLog(options.log);
    const load = options.load === null ? null : new LoadGenerator(options.load, new SeededRandom(now() & 0x7fffffff));
    const runner = new ActionRunner(admin, () => history.state([]), load, now);
    const server = await DashboardHttpServer.listen(options.host, options.port, options.token, {
      snapshot: () => ({ state: history.state(actionLog.recent()), history: history.history() }),
      openEvents: (response) =>
        events.open(response, [
          { event: 'history', data: history.history() },
          { event: 'state', data: history.state(actionLog.recent()) },
        ]),
      action: async (kind, body, client) => {
        const outcome = await runAction(runner, actionLog, kind, body, client, now);
        events.broadcast({ event: 'state', data: history.state(actionLog.recent()) });
        return outcome;
      },
      refused: (kind, client, why) => {
        actionLog.record({ atMs: now(), action: kind, target: '', client, outcome: 'refused', message: why, durationMs: 0 });
        events.broadcast({ event: 'state', data: history.state(actionLog.recent()) });
      },
    });
    const dashboard = new Dashboard(server, poller, history, events, actionLog, load);
    dashboard.startTimers(options.pollIntervalMs ?? POLL_INTERVAL_MS);
    return dashboard;
  }

  get url(): string {
    return this.server.url;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.load?.stop(Date.now());
    this.events.closeAll();
    await this.server.close();
  }

  private startTimers(pollIntervalMs: number): void {
    this.timers.push(setInterval(() => void this.pollOnce(), pollIntervalMs));
    if (this.load !== null) {
      const load = this.load;
      this.timers.push(setInterval(() => load.tick(Date.now()), LOAD_TICK_MS));
    }
    void this.pollOnce();
  }

  /** One poll at a time: a slow second is skipped, not queued behind the last. */
  private async pollOnce(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      const poll = await this.poller.poll();
      if (this.closed) return;
      const { sample, state } = this.history.add(poll, this.load?.report(poll.atMs) ?? null, this.actionLog.recent());
      this.events.broadcast({ event: 'sample', data: sample });
      this.events.broadcast({ event: 'state', data: state });
    } finally {
      this.polling = false;
    }
  }
}

/** Decodes, runs and logs one authorized action; the HTTP status and body for the page. */
async function runAction(runner: ActionRunner, log: ActionLog, kind: string, body: unknown, client: string, now: () => number): Promise<{ status: number; body: unknown }> {
  const startedMs = now();
  const record = (outcome: 'ok' | 'failed' | 'refused', target: string, message: string): void =>
    log.record({ atMs: startedMs, action: kind, target, client, outcome, message, durationMs: now() - startedMs });
  let action;
  try {
    action = decodeAction(kind, body);
  } catch (error) {
    if (!(error instanceof ActionRequestError)) throw error;
    record('refused', '', error.message);
    return { status: 400, body: { error: error.message } };
  }
  const target = describeTarget(action);
  try {
    const message = await runner.run(action);
    record('ok', target, message);
    return { status: 200, body: { message } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const refused = error instanceof ActionRefusedError;
    record(refused ? 'refused' : 'failed', target, message);
    return { status: refused ? 409 : error instanceof AdminRequestError ? 502 : 500, body: { error: message } };
  }
}
