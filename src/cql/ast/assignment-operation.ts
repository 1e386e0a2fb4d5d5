import type { Term } from './term.js';

/** What an UPDATE's SET does to one column. */
export type AssignmentOperation =
  /** `c = term` */
  | { readonly op: 'set'; readonly value: Term }
  /** `c[key] = term`: a map key or a list index. */
  | { readonly op: 'setElement'; readonly key: Term; readonly value: Term }
  /** `c.field = term`: a UDT field. */
  | { readonly op: 'setField'; readonly field: string; readonly value: Term }
  /** `c = c + term` or `c += term`: counter increment, list append, set/map add. */
  | { readonly op: 'add'; readonly value: Term }
  /** `c = c - term` or `c -= term`: counter decrement, list/set/map removal. */
  | { readonly op: 'subtract'; readonly value: Term }
  /** `c = term + c`: list prepend. */
  | { readonly op: 'prepend'; readonly value: Term };
