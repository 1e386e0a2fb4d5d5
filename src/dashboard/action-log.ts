/**
 * Every action asked of the dashboard, with who asked (the client's address), its outcome and
 * how long it took, refusals (a missing or wrong token) included: one line each to the log
 * sink (the terminal of `sibyl start`), and the latest ACTION_LOG_MAX kept for the page.
 */

export type ActionOutcome = 'ok' | 'failed' | 'refused';

export interface ActionRecord {
  readonly atMs: number;
  readonly action: string;
  readonly target: string;
  readonly client: string;
  readonly outcome: ActionOutcome;
  readonly message: string;
  readonly durationMs: number;
}

export const ACTION_LOG_MAX = 50;

export class ActionLog {
  private readonly records: ActionRecord[] = [];

  constructor(private readonly sink: (line: string) => void) {}

  record(entry: ActionRecord): void {
    this.records.push(entry);
    if (this.records.length > ACTION_LOG_MAX) this.records.shift();
    const at = new Date(entry.atMs).toISOString();
    this.sink(`dashboard ${at} ${entry.outcome} ${entry.action}${entry.target === '' ? '' : ` ${entry.target}`} from ${entry.client} (${Math.round(entry.durationMs)} ms): ${entry.message}`);
  }

  /** The latest records, newest last. */
  recent(): readonly ActionRecord[] {
    return this.records;
  }
}
