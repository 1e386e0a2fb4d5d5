/**
 * EVENT (spec 4.2.6), pushed on stream -1 to connections that REGISTERed the type:
 *
 *   TOPOLOGY_CHANGE  [string] NEW_NODE | REMOVED_NODE | MOVED_NODE, [inet] node
 *   STATUS_CHANGE    [string] UP | DOWN, [inet] node
 *   SCHEMA_CHANGE    the Schema_change body (schema-change.ts)
 *
 * The [inet] is the node's client address and native port: the Python driver finds the host
 * by both (cql-compat 1.9).
 */

import { assertNever } from '../../lib/assert.js';
import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';
import type { InetSocketAddress } from '../wire/inet-socket-address.js';
import type { EventType } from './register.js';
import { decodeSchemaChange, encodeSchemaChange, type SchemaChange } from './schema-change.js';

export type TopologyChange = 'NEW_NODE' | 'REMOVED_NODE' | 'MOVED_NODE';
export type StatusChange = 'UP' | 'DOWN';

export type ProtocolEvent =
  | { readonly type: 'TOPOLOGY_CHANGE'; readonly change: TopologyChange; readonly node: InetSocketAddress }
  | { readonly type: 'STATUS_CHANGE'; readonly change: StatusChange; readonly node: InetSocketAddress }
  | { readonly type: 'SCHEMA_CHANGE'; readonly change: SchemaChange };

const topologyChanges: readonly string[] = ['NEW_NODE', 'REMOVED_NODE', 'MOVED_NODE'];
const statusChanges: readonly string[] = ['UP', 'DOWN'];

export function encodeEvent(writer: BodyWriter, event: ProtocolEvent): void {
  writer.string(event.type satisfies EventType);
  switch (event.type) {
    case 'TOPOLOGY_CHANGE':
    case 'STATUS_CHANGE':
      writer.string(event.change);
      writer.inet(event.node);
      return;
    case 'SCHEMA_CHANGE':
      encodeSchemaChange(writer, event.change);
      return;
    default:
      assertNever(event, 'event');
  }
}

export function decodeEvent(reader: BodyReader): ProtocolEvent {
  const type = reader.string('event type');
  switch (type) {
    case 'TOPOLOGY_CHANGE': {
      const change = reader.string('topology change');
      if (!topologyChanges.includes(change)) throw new ProtocolError(`Unknown topology change ${change}`);
      return { type, change: change as TopologyChange, node: reader.inet('node') };
    }
    case 'STATUS_CHANGE': {
      const change = reader.string('status change');
      if (!statusChanges.includes(change)) throw new ProtocolError(`Unknown status change ${change}`);
      return { type, change: change as StatusChange, node: reader.inet('node') };
    }
    case 'SCHEMA_CHANGE':
      return { type, change: decodeSchemaChange(reader) };
    default:
      throw new ProtocolError(`Unknown event type ${type}`);
  }
}
