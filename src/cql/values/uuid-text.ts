/**
 * uuid and timeuuid values from text (UUIDType.parse / TimeUUIDType.fromString): the canonical
 * 8-4-4-4-12 hex form, any case; a timeuuid must be version 1.
 */

import { driverTypes, type TimeUuid, type Uuid } from '../types/driver-values.js';
import { MarshalError } from './marshal-error.js';

const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function parseUuidText(source: string): Uuid {
  const bytes = uuidBytes(source);
  if (bytes === null) throw new MarshalError(`Unable to make UUID from '${source}'`);
  return new driverTypes.Uuid(bytes);
}

export function parseTimeUuidText(source: string): TimeUuid {
  const bytes = uuidBytes(source);
  if (bytes === null) throw new MarshalError(`Unknown timeuuid representation: ${source}`);
  if (uuidVersion(bytes) !== 1) throw new MarshalError('TimeUUID supports only version 1 UUIDs');
  return new driverTypes.TimeUuid(bytes);
}

export function uuidVersion(bytes: Uint8Array): number {
  return bytes[6]! >> 4;
}

function uuidBytes(source: string): Buffer | null {
  return uuidPattern.test(source) ? Buffer.from(source.replaceAll('-', ''), 'hex') : null;
}
