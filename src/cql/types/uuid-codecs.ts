/**
 * uuid and timeuuid: the 16 bytes of the UUID. A timeuuid must be version 1 (time-based),
 * checked both ways as Cassandra's TimeUUIDType does. Decode to the driver's Uuid / TimeUuid.
 */

import { codecErrors } from './codec-errors.js';
import { driverTypes, type TimeUuid, type Uuid } from './driver-values.js';

export type UuidKind = 'uuid' | 'timeuuid';

const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function serializeUuid(kind: UuidKind, value: unknown): Buffer {
  const bytes = uuidBytes(kind, value);
  if (kind === 'timeuuid' && !isVersion1(bytes)) {
    throw codecErrors.invalidValue(kind, value, 'expected a version 1 (time-based) UUID');
  }
  return bytes;
}

export function deserializeUuid(kind: UuidKind, bytes: Uint8Array): Uuid | TimeUuid {
  if (bytes.length !== 16) throw codecErrors.invalidBytes(`UUID should be 16 or 0 bytes (${bytes.length})`);
  const copy = Buffer.from(bytes);
  if (kind === 'uuid') return new driverTypes.Uuid(copy);
  if (!isVersion1(copy)) throw codecErrors.invalidBytes('Invalid version for TimeUUID type.');
  return new driverTypes.TimeUuid(copy);
}

function uuidBytes(kind: UuidKind, value: unknown): Buffer {
  if (value instanceof driverTypes.Uuid) return Buffer.from((value as Uuid).getBuffer());
  if (typeof value === 'string' && uuidText.test(value)) return Buffer.from(value.replaceAll('-', ''), 'hex');
  throw codecErrors.invalidValue(kind, value, 'expected a Uuid or a string like 00000000-0000-0000-0000-000000000000');
}

function isVersion1(bytes: Uint8Array): boolean {
  return (bytes[6]! & 0xf0) === 0x10;
}
