/**
 * The token that actions need (header X-Sibyl-Token): printed at start, or given with
 * `--dashboard-token`. Compared in constant time, so a wrong guess learns nothing from how
 * long the refusal took.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_HEADER = 'x-sibyl-token';
/** A configured token shorter than this is too easy to guess to guard stopping nodes. */
export const TOKEN_LENGTH_MIN = 12;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

export class DashboardTokenError extends Error {
  override readonly name = 'DashboardTokenError';
}

/** 128 random bits, URL-safe (the printed URL carries it after #token=). */
export function newDashboardToken(): string {
  return randomBytes(16).toString('base64url');
}

export function checkConfiguredToken(token: string): string {
  if (token.length < TOKEN_LENGTH_MIN || !TOKEN_PATTERN.test(token)) {
    throw new DashboardTokenError(`--dashboard-token must be at least ${TOKEN_LENGTH_MIN} characters of A-Z, a-z, 0-9, - and _`);
  }
  return token;
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
