/**
 * What a cleanup did to one table (StorageEngine.cleanupTable), summed over the vnodes: the
 * SSTables it rewrote, the partitions it dropped (versions: a key held by two SSTables counts
 * twice) and the table's live SSTable bytes before and after, which is the node's load as
 * `nodetool status` shows it.
 */

export interface CleanupReport {
  readonly sstablesRewritten: number;
  readonly partitionsDropped: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

export const EMPTY_CLEANUP_REPORT: CleanupReport = Object.freeze({ sstablesRewritten: 0, partitionsDropped: 0, bytesBefore: 0, bytesAfter: 0 });

export function sumCleanupReports(reports: readonly CleanupReport[]): CleanupReport {
  return reports.reduce(
    (sum, report) => ({
      sstablesRewritten: sum.sstablesRewritten + report.sstablesRewritten,
      partitionsDropped: sum.partitionsDropped + report.partitionsDropped,
      bytesBefore: sum.bytesBefore + report.bytesBefore,
      bytesAfter: sum.bytesAfter + report.bytesAfter,
    }),
    EMPTY_CLEANUP_REPORT,
  );
}
