/**
 * REGISTER (spec 4.1.8): a [string list] of event types, answered by READY. An unknown type is
 * a protocol error, so a client learns of its typo at once rather than waiting for events.
 */

import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export const EVENT_TYPES = ['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface RegisterRequest {
  readonly kind: 'register';
  readonly eventTypes: readonly EventType[];
}

export function isEventType(name: string): name is EventType {
  return (EVENT_TYPES as readonly string[]).includes(name);
}

export function decodeRegister(reader: BodyReader): RegisterRequest {
  const names = reader.stringList('event types');
  const unknown = names.find((name) => !isEventType(name));
  if (unknown !== undefined) {
    throw new ProtocolError(`Invalid event type ${unknown} in REGISTER (valid: ${EVENT_TYPES.join(', ')})`);
  }
  return { kind: 'register', eventTypes: names as EventType[] };
}

export function encodeRegister(writer: BodyWriter, request: RegisterRequest): void {
  writer.stringList(request.eventTypes);
}
