/** Cassandra's long error messages that several test files assert, written out once. */

/** StatementRestrictions.REQUIRES_ALLOW_FILTERING_MESSAGE. */
export const FILTERING_MESSAGE =
  'Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING';
