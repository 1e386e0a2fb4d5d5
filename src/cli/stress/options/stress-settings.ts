/**
 * Everything one `sibyl stress` run does, read from its command line: what each operation is
 * (the command), how many or for how long, how load is offered (rate), where it goes (nodes,
 * mode), the default schema, the key population and the reports. Plain data: the JSON log
 * records it as the run's settings.
 */

import type { DistributionSpec } from '../distributions/distribution-spec.js';
import type { ConsistencyLevelName } from './consistency-level-name.js';

export type YcsbWorkloadName = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

/** Which operations a run does, and in what proportions. */
export type StressCommand =
  | { readonly kind: 'write' }
  | { readonly kind: 'read' }
  | { readonly kind: 'mixed'; readonly ratio: ReadonlyMap<'write' | 'read', number> }
  | { readonly kind: 'user'; readonly profilePath: string; readonly ops: ReadonlyMap<string, number> }
  | {
      readonly kind: 'ycsb';
      readonly workload: YcsbWorkloadName;
      /** Records the load phase inserts (YCSB's recordcount). */
      readonly records: number;
      /** `load`: insert the records only; `run`: the workload only; `both`: load, then run. */
      readonly phase: 'load' | 'run' | 'both';
    };

/** When a run ends. */
export type RunLength = { readonly kind: 'operations'; readonly operations: number } | { readonly kind: 'duration'; readonly durationMs: number };

/**
 * How load is offered: `threads` clients each waiting for its answer before the next (a
 * closed loop: the maximum rate), or a fixed schedule whatever the answers (an open loop),
 * never more than `inFlightMax` operations outstanding.
 */
export type RateModel =
  | { readonly kind: 'threads'; readonly threads: number }
  | { readonly kind: 'fixed'; readonly perSecond: number; readonly inFlightMax: number };

export interface NodeSettings {
  readonly hosts: readonly string[];
  readonly nativePort: number;
  readonly datacenter: string;
}

export interface SchemaSettings {
  /** null: the command's default (keyspace1, or ycsb for the YCSB workloads). */
  readonly keyspace: string | null;
  readonly replicationStrategy: string;
  /** Options of the strategy: `replication_factor`, or a factor per datacenter. */
  readonly replicationOptions: ReadonlyMap<string, string>;
}

export type ModeSettings =
  | { readonly kind: 'native' }
  | {
      readonly kind: 'embedded';
      /** Nodes of the in-process cluster; 1 is a lone embedded node. */
      readonly nodes: number;
      /** Where its data goes; null: a temporary directory removed at the end. */
      readonly dataDir: string | null;
    };

export interface StressSettings {
  readonly command: StressCommand;
  readonly length: RunLength;
  readonly consistency: ConsistencyLevelName;
  /** Key population: which partitions operations touch; null: the command's default. */
  readonly population: DistributionSpec | null;
  readonly rate: RateModel;
  readonly node: NodeSettings;
  readonly schema: SchemaSettings;
  readonly mode: ModeSettings;
  /** Machine-readable result (`-log file=F json`). */
  readonly log: { readonly file: string; readonly format: 'json' | 'text' } | null;
  /** The HTML report (`-graph file=F.html`). */
  readonly graph: { readonly file: string; readonly title: string } | null;
  /** Seed of every random choice (keys, operation mix): the same seed replays the same run. */
  readonly seed: number;
  /** Seconds between interval lines. */
  readonly intervalMs: number;
}
