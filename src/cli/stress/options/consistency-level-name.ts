/**
 * `cl=QUORUM`: a consistency level by its CQL name, checked here once (the cluster's own list
 * and codes, src/cluster/consistency), then each backend passes what it needs.
 */

import { CONSISTENCY_LEVELS, consistencyLevelFromName, type ConsistencyLevel } from '../../../cluster/consistency/consistency-level.js';
import { StressUsageError } from './stress-usage-error.js';

export type ConsistencyLevelName = ConsistencyLevel;

export function parseConsistencyLevel(text: string): ConsistencyLevelName {
  const level = consistencyLevelFromName(text);
  if (level === undefined) throw new StressUsageError(`unknown consistency level '${text}' (${CONSISTENCY_LEVELS.join(', ')})`);
  return level;
}
