/**
 * A bound value as the [value] notation carries it (spec section 3): its bytes, null (length
 * -1), or "unset" (length -2, protocol v4+: leave the column as it is). Lengths below -2 are
 * malformed. Plain data, so a decoded request can cross a thread boundary as it is.
 */

export const UNSET = 'unset';
export type Unset = typeof UNSET;

export type WireValue = Uint8Array | null | Unset;
