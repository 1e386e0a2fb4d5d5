/**
 * What a repair did, per table and in all (what nodetool repair reports when it finishes):
 * ring ranges checked, how many of them some replicas disagreed on, the differing sub-ranges
 * synced, and the partitions and bytes streamed for them, both ways over every pair of
 * replicas. A repair of replicas that already agree streams nothing.
 */

export interface RepairTableSummary {
  readonly keyspace: string;
  readonly table: string;
  readonly rangesChecked: number;
  readonly rangesDiffered: number;
  /** Differing sub-ranges streamed, summed over the pairs of replicas. */
  readonly subrangesSynced: number;
  readonly partitionsStreamed: number;
  readonly bytesStreamed: number;
}

export interface RepairSummary {
  readonly repairId: string;
  /** The node that ran the repair (host:port). */
  readonly coordinator: string;
  readonly keyspaces: readonly string[];
  readonly primaryRangeOnly: boolean;
  /** Every replica that took part (host:port), the coordinator included. */
  readonly participants: readonly string[];
  readonly rangesChecked: number;
  readonly rangesDiffered: number;
  readonly partitionsStreamed: number;
  readonly bytesStreamed: number;
  readonly tables: readonly RepairTableSummary[];
  readonly durationMs: number;
}
