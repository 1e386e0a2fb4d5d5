/**
 * What the native protocol asks of an authenticator (Cassandra's IAuthenticator and its
 * SaslNegotiator), spec 4.2.3 / 4.1.2 / 4.2.7 / 4.2.8:
 *
 *   STARTUP ──▶ AUTHENTICATE <className>
 *   AUTH_RESPONSE <token> ──▶ evaluateResponse ──▶ AUTH_CHALLENGE <token>  (another round)
 *                                              └─▶ AUTH_SUCCESS <token>    (logged in as `user`)
 *                                              └─▶ throws AuthenticationError: ERROR 0x0100
 *
 * A connection without one (AllowAllAuthenticator) answers STARTUP with READY.
 */

export interface Authenticator {
  /** The class name AUTHENTICATE carries: `org.apache.cassandra.auth.PasswordAuthenticator`. */
  readonly className: string;
  /** One connection's SASL exchange. */
  newSaslNegotiator(): SaslNegotiator;
}

export type SaslStep =
  | { readonly kind: 'challenge'; readonly token: Uint8Array | null }
  | { readonly kind: 'success'; readonly user: string; readonly token: Uint8Array | null };

export interface SaslNegotiator {
  /** The client's token answered: another challenge, or success; throws AuthenticationError when refused. */
  evaluateResponse(token: Uint8Array | null): Promise<SaslStep>;
}
