/**
 * One application state value and the version it was set at (gms/VersionedValue.java). Every
 * version of a node, its heartbeat's included, comes from that node's one counter
 * (VersionGenerator), so "the highest version" of an endpoint says how fresh a view of it is.
 */

import { gossipLimits } from './gossip-limits.js';

export interface VersionedValue {
  readonly value: string;
  readonly version: number;
}

export function isVersion(version: unknown): version is number {
  return Number.isInteger(version) && (version as number) >= 0 && (version as number) <= gossipLimits.versionMax;
}

/** A generation is a start time in seconds (a Java int), or 0 for "unknown". */
export function isGeneration(generation: unknown): generation is number {
  return Number.isInteger(generation) && (generation as number) >= 0 && (generation as number) <= gossipLimits.versionMax;
}
