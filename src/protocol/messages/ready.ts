/** READY (spec 4.2.2): an empty body; the reply to STARTUP (without authentication) and to REGISTER. */

export interface ReadyResponse {
  readonly kind: 'ready';
}

export const READY: ReadyResponse = Object.freeze({ kind: 'ready' });
