/**
 * Assertions for programmer errors (kept on in production, TigerBeetle style). Operating
 * errors (disk full, timeouts, corrupt files) are typed errors instead: see src/lib/errors.ts.
 */

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Marks the end of an exhaustive switch: a new union member without a case fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new AssertionError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Documents that a condition may legitimately be true or false (TigerBeetle's `maybe`). */
export function maybe(_condition: boolean): void {}
