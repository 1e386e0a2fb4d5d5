/**
 * What the page is sent, built from each poll: a `sample` per second for the charts (every
 * node's numbers without its tables, and the load generator's), kept HISTORY_SAMPLES_MAX
 * deep so a page opened late starts with minutes of history; and the `state` it draws the
 * ring, the tables and the action log from. JSON all of it.
 */

import type { ActionRecord } from './action-log.js';
import type { ClusterPoll } from './cluster-poller.js';
import type { Topology } from './cluster-topology.js';
import type { LoadRates, LoadReport } from './load-generator.js';
import type { NodeSample, TableSample } from './node-sample.js';
import { sumTables } from './table-totals.js';

/** Five minutes at one sample a second. */
export const HISTORY_SAMPLES_MAX = 300;

export type ChartNodeSample = Omit<NodeSample, 'tables'>;

export interface DashboardSample {
  readonly atMs: number;
  readonly nodes: Readonly<Record<string, ChartNodeSample | null>>;
  readonly load: LoadReport | null;
}

export interface DashboardState {
  readonly atMs: number;
  readonly topology: Topology | null;
  /** Addresses whose admin server answered this second. */
  readonly answering: readonly string[];
  readonly tables: readonly TableSample[];
  readonly actions: readonly ActionRecord[];
  /** The load generator's rates and what it runs against; null without one. */
  readonly load: { readonly rates: LoadRates; readonly description: string } | null;
}

export class DashboardHistory {
  private readonly samples: DashboardSample[] = [];
  private latestState: DashboardState = { atMs: 0, topology: null, answering: [], tables: [], actions: [], load: null };

  add(poll: ClusterPoll, load: LoadReport | null, actions: readonly ActionRecord[]): { sample: DashboardSample; state: DashboardState } {
    const nodes: Record<string, ChartNodeSample | null> = {};
    for (const [address, node] of Object.entries(poll.nodes)) {
      if (node === null) nodes[address] = null;
      else {
        const { tables: _tables, ...chart } = node;
        nodes[address] = chart;
      }
    }
    const sample: DashboardSample = { atMs: poll.atMs, nodes, load };
    this.samples.push(sample);
    if (this.samples.length > HISTORY_SAMPLES_MAX) this.samples.shift();
    this.latestState = {
      atMs: poll.atMs,
      topology: poll.topology,
      answering: Object.keys(poll.nodes).filter((address) => poll.nodes[address] !== null),
      tables: sumTables(Object.values(poll.nodes)),
      actions,
      load: load === null ? null : { rates: load.rates, description: load.description },
    };
    return { sample, state: this.latestState };
  }

  /** The latest state with the action log as it is now (an action may have ended since the poll). */
  state(actions: readonly ActionRecord[]): DashboardState {
    return { ...this.latestState, actions };
  }

  history(): readonly DashboardSample[] {
    return this.samples;
  }
}
