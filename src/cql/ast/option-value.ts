/**
 * The value of a `WITH name = value` property. Kept generic (what each property means is the
 * schema layer's business): a constant, or a map literal of string keys to constants
 * (`replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}`).
 */

export type OptionConstant =
  | { readonly kind: 'string'; readonly value: string }
  /** `text` is the literal as written, sign included (`-1`, `0.01`, `1e3`, `NaN`). */
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean };

export interface OptionMapEntry {
  readonly key: string;
  readonly value: OptionConstant;
}

export type OptionValue =
  | OptionConstant
  | { readonly kind: 'map'; readonly entries: readonly OptionMapEntry[] };

export const OptionValue = Object.freeze({
  string: (value: string): OptionConstant => Object.freeze({ kind: 'string', value }),
  number: (text: string): OptionConstant => Object.freeze({ kind: 'number', value: Number(text), text }),
  boolean: (value: boolean): OptionConstant => Object.freeze({ kind: 'boolean', value }),
  map: (entries: readonly OptionMapEntry[]): OptionValue =>
    Object.freeze({ kind: 'map', entries: Object.freeze(entries.map((e) => Object.freeze({ ...e }))) }),
});
