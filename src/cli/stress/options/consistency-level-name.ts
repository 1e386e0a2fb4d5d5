/**
 * Consistency levels by their CQL names, with the native protocol's codes (v4 spec, section
 * 3): `cl=QUORUM` is checked here once, then each backend passes what it needs.
 */

import { StressUsageError } from './stress-usage-error.js';

export const CONSISTENCY_CODES = {
  ANY: 0x0000,
  ONE: 0x0001,
  TWO: 0x0002,
  THREE: 0x0003,
  QUORUM: 0x0004,
  ALL: 0x0005,
  LOCAL_QUORUM: 0x0006,
  EACH_QUORUM: 0x0007,
  SERIAL: 0x0008,
  LOCAL_SERIAL: 0x0009,
  LOCAL_ONE: 0x000a,
} as const;

export type ConsistencyLevelName = keyof typeof CONSISTENCY_CODES;

export function parseConsistencyLevel(text: string): ConsistencyLevelName {
  const name = text.toUpperCase();
  if (!Object.hasOwn(CONSISTENCY_CODES, name)) {
    throw new StressUsageError(`unknown consistency level '${text}' (${Object.keys(CONSISTENCY_CODES).join(', ')})`);
  }
  return name as ConsistencyLevelName;
}
