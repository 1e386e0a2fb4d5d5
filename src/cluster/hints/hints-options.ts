/**
 * Hinted handoff settings, named after cassandra.yaml's (hinted_handoff_enabled,
 * max_hint_window, hinted_handoff_throttle, max_hints_file_size), with Cassandra's defaults,
 * and the bounds the rest of the folder relies on.
 */

import { assert } from '../../lib/assert.js';

export interface HintsOptions {
  /** hinted_handoff_enabled: store hints at all (default true). */
  readonly enabled?: boolean;
  /** max_hint_window: no hint is stored for a replica down longer than this (default 3 h). */
  readonly maxHintWindowMs?: number;
  /**
   * hinted_handoff_throttle in KiB per second (default 1024; 0 = unthrottled). As in Cassandra,
   * each delivery gets this shared by the other nodes of the ring, which may all be delivering.
   */
  readonly throttleKiBPerSecond?: number;
  /** How often stores with hints for live targets are looked at (Cassandra's dispatch trigger: 10 s). */
  readonly dispatchIntervalMs?: number;
  /** max_hints_file_size: a hints file is sealed and a new one begun past this (default 128 MiB). */
  readonly maxHintsFileBytes?: number;
}

export type ResolvedHintsOptions = Required<HintsOptions>;

export const HINTS_DEFAULTS: ResolvedHintsOptions = Object.freeze({
  enabled: true,
  maxHintWindowMs: 3 * 60 * 60 * 1000,
  throttleKiBPerSecond: 1024,
  dispatchIntervalMs: 10_000,
  maxHintsFileBytes: 128 * 1024 * 1024,
});

/** Dispatch positions are u32 byte offsets (dispatch-position-file.ts): a file must stay below 4 GiB. */
const HINTS_FILE_BYTES_MAX = 0xffff_ffff;
/** A hints file holds its header and at least one entry of some size before it is sealed. */
const HINTS_FILE_BYTES_MIN = 4096;

export function resolveHintsOptions(options: HintsOptions = {}): ResolvedHintsOptions {
  const resolved: ResolvedHintsOptions = { ...HINTS_DEFAULTS, ...definedOnly(options) };
  assert(Number.isFinite(resolved.maxHintWindowMs) && resolved.maxHintWindowMs >= 0, `max hint window ${resolved.maxHintWindowMs} ms`);
  assert(Number.isFinite(resolved.throttleKiBPerSecond) && resolved.throttleKiBPerSecond >= 0, `hint throttle ${resolved.throttleKiBPerSecond} KiB/s`);
  assert(Number.isInteger(resolved.dispatchIntervalMs) && resolved.dispatchIntervalMs > 0, `hint dispatch interval ${resolved.dispatchIntervalMs} ms`);
  assert(
    Number.isInteger(resolved.maxHintsFileBytes) && resolved.maxHintsFileBytes >= HINTS_FILE_BYTES_MIN && resolved.maxHintsFileBytes <= HINTS_FILE_BYTES_MAX,
    `max hints file size ${resolved.maxHintsFileBytes}`,
  );
  return resolved;
}

function definedOnly(options: HintsOptions): HintsOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as HintsOptions;
}
