/**
 * What a stream moved, per table and in all (Cassandra's StreamSummary/SessionInfo as nodetool
 * netstats shows them): partitions and bytes of encoded partitions, pages, and how long it took.
 * A summary is the same whichever side reports it: `direction` says which way the data went
 * from the reporting node.
 */

export interface StreamTableSummary {
  readonly tableId: number;
  readonly partitions: number;
  readonly bytes: number;
}

export interface StreamSummary {
  /** The other node (host:port). */
  readonly peer: string;
  /** `in`: the peer sent to this node; `out`: this node sent to the peer. */
  readonly direction: 'in' | 'out';
  /** Ranges asked for, per table. */
  readonly ranges: number;
  readonly partitions: number;
  readonly bytes: number;
  readonly pages: number;
  readonly tables: readonly StreamTableSummary[];
  readonly durationMs: number;
}

/** A stream's progress so far, given after each page (for nodetool netstats and logs). */
export interface StreamProgress {
  readonly peer: string;
  readonly direction: 'in' | 'out';
  readonly tableId: number;
  readonly partitions: number;
  readonly bytes: number;
  readonly pages: number;
}

/** Counts of a stream under way; the parent updates it page by page, then freezes it. */
export class StreamTally {
  partitions = 0;
  bytes = 0;
  pages = 0;
  private readonly byTable = new Map<number, { partitions: number; bytes: number }>();

  constructor(
    readonly peer: string,
    readonly direction: 'in' | 'out',
    private readonly startedAtMs: number,
  ) {}

  add(tableId: number, partitions: number, bytes: number): StreamProgress {
    this.partitions += partitions;
    this.bytes += bytes;
    this.pages++;
    let table = this.byTable.get(tableId);
    if (table === undefined) this.byTable.set(tableId, (table = { partitions: 0, bytes: 0 }));
    table.partitions += partitions;
    table.bytes += bytes;
    return { peer: this.peer, direction: this.direction, tableId, partitions: this.partitions, bytes: this.bytes, pages: this.pages };
  }

  /** Makes sure every table asked for appears, streamed or not. */
  touch(tableId: number): void {
    if (!this.byTable.has(tableId)) this.byTable.set(tableId, { partitions: 0, bytes: 0 });
  }

  toSummary(ranges: number, nowMs: number): StreamSummary {
    return Object.freeze({
      peer: this.peer,
      direction: this.direction,
      ranges,
      partitions: this.partitions,
      bytes: this.bytes,
      pages: this.pages,
      tables: [...this.byTable].map(([tableId, t]) => Object.freeze({ tableId, partitions: t.partitions, bytes: t.bytes })),
      durationMs: nowMs - this.startedAtMs,
    });
  }
}
