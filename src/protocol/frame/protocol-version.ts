/**
 * The protocol versions a server speaks and how it names them to clients: 4 and 5, as
 * Cassandra 4.1 does (v5 with its segment framing, checked against the Python driver, which
 * picks it, as cqlsh does; the Node driver stops at v4). Versions 1 and 2 used an 8-byte
 * header with a one-byte stream id: we read that header only to refuse it in its own shape.
 */

export const PROTOCOL_V4 = 4;
export const PROTOCOL_V5 = 5;

/** The versions served unless configured otherwise. */
export const DEFAULT_PROTOCOL_VERSIONS: readonly number[] = Object.freeze([PROTOCOL_V4, PROTOCOL_V5]);

/** The direction bit of the version byte (spec 2.1): set on responses. */
export const RESPONSE_DIRECTION_BIT = 0x80;
export const VERSION_MASK = 0x7f;

/** Whether frames of this version have the 8-byte v1/v2 header. */
export function hasLegacyHeader(version: number): boolean {
  return version === 1 || version === 2;
}

/** Cassandra's list of supported versions as it prints it: `4/v4` or `4/v4, 5/v5`. */
export function describeProtocolVersions(versions: readonly number[]): string {
  return versions.map((v) => `${v}/v${v}`).join(', ');
}

/**
 * Cassandra's wording for a version it does not serve. Both drivers fall back only on this
 * text (Node: `Invalid or unsupported protocol version`; Python: `unsupported protocol
 * version`), so it must not change.
 */
export function unsupportedVersionMessage(version: number, supported: readonly number[]): string {
  return `Invalid or unsupported protocol version (${version}); supported versions are (${describeProtocolVersions(supported)})`;
}
