/**
 * A repair that could not run or finish (Cassandra's "Repair session ... failed" and
 * "Cannot proceed on repair because a neighbor ... is dead"): a replica down before it starts
 * or convicted during it, a validation or sync that failed or got no answer. Data already
 * streamed stays; repairing again is safe.
 */

export class RepairFailedError extends Error {
  override readonly name = 'RepairFailedError';
}
