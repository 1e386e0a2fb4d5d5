/**
 * The SCHEMA_CHANGE events a move from one schema to the next makes, as Cassandra's
 * Schema.merge notifies its listeners: a keyspace created before what it holds, what a
 * keyspace held dropped before the keyspace, types around the tables that may use them; a
 * table whose storage id changed (dropped and created again elsewhere) is dropped then created.
 */

import { canonicalKeyspaceText, canonicalTableText, canonicalTypeText } from './canonical-schema-text.js';
import type { KeyspaceSchema, Schema } from './schema.js';
import type { SchemaChange } from './schema-change.js';

export function schemaChanges(before: Schema, after: Schema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const names = new Set([...before.keyspaces.keys(), ...after.keyspaces.keys()]);
  for (const name of [...names].sort()) {
    const old = before.keyspace(name);
    const next = after.keyspace(name);
    if (old === next) continue;
    if (old === undefined) changes.push({ change: 'CREATED', target: 'KEYSPACE', keyspace: name });
    else if (next !== undefined && canonicalKeyspaceText(old.metadata) !== canonicalKeyspaceText(next.metadata)) {
      changes.push({ change: 'UPDATED', target: 'KEYSPACE', keyspace: name });
    }
    const types = memberChanges(name, 'TYPE', describeTypes(old), describeTypes(next));
    const tables = memberChanges(name, 'TABLE', describeTables(old), describeTables(next));
    // Tables may use types: a type is created before the tables using it, dropped after them.
    changes.push(...types.filter((c) => c.change !== 'DROPPED'), ...tables, ...types.filter((c) => c.change === 'DROPPED'));
    if (next === undefined) changes.push({ change: 'DROPPED', target: 'KEYSPACE', keyspace: name });
  }
  return changes;
}

/** A table or type as compared: what it is (a table's storage id) and what it looks like. */
interface Member {
  readonly identity: number | null;
  readonly text: string;
}

function describeTables(keyspace: KeyspaceSchema | undefined): ReadonlyMap<string, Member> {
  return new Map([...(keyspace?.tables.values() ?? [])].map((t) => [t.name, { identity: t.id, text: canonicalTableText(t) }]));
}

function describeTypes(keyspace: KeyspaceSchema | undefined): ReadonlyMap<string, Member> {
  return new Map([...(keyspace?.types.values() ?? [])].map((t) => [t.name, { identity: null, text: canonicalTypeText(t) }]));
}

function memberChanges(keyspace: string, target: 'TABLE' | 'TYPE', before: ReadonlyMap<string, Member>, after: ReadonlyMap<string, Member>): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old = before.get(name);
    const next = after.get(name);
    if (old === undefined) changes.push({ change: 'CREATED', target, keyspace, name });
    else if (next === undefined) changes.push({ change: 'DROPPED', target, keyspace, name });
    else if (old.identity !== next.identity) {
      changes.push({ change: 'DROPPED', target, keyspace, name }, { change: 'CREATED', target, keyspace, name });
    } else if (old.text !== next.text) changes.push({ change: 'UPDATED', target, keyspace, name });
  }
  return changes;
}
