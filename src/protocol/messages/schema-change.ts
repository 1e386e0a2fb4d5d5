/**
 * The body of a Schema_change result and of a SCHEMA_CHANGE event (spec 4.2.5.5, 4.2.6):
 *
 *   <change_type: CREATED|UPDATED|DROPPED><target: [string]><options>
 *   KEYSPACE            [string] keyspace
 *   TABLE, TYPE         [string] keyspace, [string] name
 *   FUNCTION, AGGREGATE [string] keyspace, [string] name, [string list] argument CQL types
 *
 * CREATE/DROP INDEX and ALTER TABLE are UPDATED TABLE (spec 4.2.5.5).
 */

import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export const SCHEMA_CHANGE_TYPES = ['CREATED', 'UPDATED', 'DROPPED'] as const;
export type SchemaChangeType = (typeof SCHEMA_CHANGE_TYPES)[number];

export type SchemaChange =
  | { readonly change: SchemaChangeType; readonly target: 'KEYSPACE'; readonly keyspace: string }
  | { readonly change: SchemaChangeType; readonly target: 'TABLE' | 'TYPE'; readonly keyspace: string; readonly name: string }
  | {
      readonly change: SchemaChangeType;
      readonly target: 'FUNCTION' | 'AGGREGATE';
      readonly keyspace: string;
      readonly name: string;
      readonly argumentTypes: readonly string[];
    };

export function encodeSchemaChange(writer: BodyWriter, change: SchemaChange): void {
  writer.string(change.change);
  writer.string(change.target);
  writer.string(change.keyspace);
  if (change.target === 'KEYSPACE') return;
  writer.string(change.name);
  if (change.target === 'FUNCTION' || change.target === 'AGGREGATE') writer.stringList(change.argumentTypes);
}

export function decodeSchemaChange(reader: BodyReader): SchemaChange {
  const change = reader.string('change type');
  if (!(SCHEMA_CHANGE_TYPES as readonly string[]).includes(change)) throw new ProtocolError(`Unknown schema change type ${change}`);
  const type = change as SchemaChangeType;
  const target = reader.string('schema change target');
  const keyspace = reader.string('keyspace');
  switch (target) {
    case 'KEYSPACE':
      return { change: type, target, keyspace };
    case 'TABLE':
    case 'TYPE':
      return { change: type, target, keyspace, name: reader.string('name') };
    case 'FUNCTION':
    case 'AGGREGATE': {
      const name = reader.string('name');
      return { change: type, target, keyspace, name, argumentTypes: reader.stringList('argument types') };
    }
    default:
      throw new ProtocolError(`Unknown schema change target ${target}`);
  }
}
