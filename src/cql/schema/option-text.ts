import type { OptionConstant, OptionValue } from '../ast/option-value.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { assertNever } from '../../lib/assert.js';

/**
 * A WITH constant as the string Cassandra sees: it keeps every property value as text
 * (`'replication_factor': 3` and `'replication_factor': '3'` mean the same), so do we.
 */
export function optionText(value: OptionConstant): string {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return value.text;
    case 'boolean':
      return String(value.value);
    default:
      return assertNever(value, 'option constant');
  }
}

/** A property that must be a constant, not a map literal. */
export function optionConstant(name: string, value: OptionValue): OptionConstant {
  if (value.kind === 'map') throw new InvalidRequestError(`Invalid value for property '${name}': expected a constant, got a map`);
  return value;
}

/** A property that must be a map literal, as text keys to text values, in the order written. */
export function optionMap(name: string, value: OptionValue): ReadonlyMap<string, string> {
  if (value.kind !== 'map') throw new InvalidRequestError(`Invalid value for property '${name}': expected a map`);
  return new Map(value.entries.map((entry) => [entry.key, optionText(entry.value)]));
}
