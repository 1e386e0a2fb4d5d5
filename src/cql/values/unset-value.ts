/**
 * The driver's `types.unset`: a bound value meaning "leave this column as it is" (protocol v4
 * UNSET). An application may also pass undefined, which the driver sends as unset by default
 * (its useUndefinedAsUnset option). Terms evaluate to UNSET_VALUE for either.
 */

import { driverTypes } from '../types/driver-values.js';

export const UNSET_VALUE: unknown = driverTypes.unset;

export function isUnset(value: unknown): boolean {
  return value === undefined || value === driverTypes.unset;
}
