import type { CreateKeyspaceStatement } from '../ast/create-keyspace-statement.js';
import type { Property } from '../ast/property.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { optionConstant, optionMap, optionText } from './option-text.js';

/** How a keyspace's data is replicated; Sibyl is one node, but the schema says what was asked. */
export type ReplicationMetadata =
  | { readonly class: 'SimpleStrategy'; readonly replicationFactor: number }
  | { readonly class: 'NetworkTopologyStrategy'; readonly datacenters: ReadonlyMap<string, number> }
  /** The system keyspaces' (system, system_schema): data that lives on each node alone. */
  | { readonly class: 'LocalStrategy' };

/** A keyspace as the catalog holds it (system_schema.keyspaces). */
export interface KeyspaceMetadata {
  readonly name: string;
  readonly replication: ReplicationMetadata;
  readonly durableWrites: boolean;
}

const LOCATOR_PACKAGE = 'org.apache.cassandra.locator.';

/** Checks CREATE KEYSPACE as Cassandra does and builds its metadata. */
export function keyspaceFromCreate(statement: CreateKeyspaceStatement): KeyspaceMetadata {
  let replication: Property | undefined;
  let durableWrites = true;
  const seen = new Set<string>();
  for (const property of statement.options) {
    if (seen.has(property.name)) throw new InvalidRequestError(`Multiple definitions for property '${property.name}'`);
    seen.add(property.name);
    if (property.name === 'replication') replication = property;
    else if (property.name === 'durable_writes') durableWrites = parseBoolean(property);
    else throw new InvalidRequestError(`Unknown property '${property.name}'`);
  }
  if (replication === undefined) throw new InvalidRequestError("Missing mandatory option 'replication'");
  return Object.freeze({
    name: statement.keyspace,
    replication: replicationFrom(statement.keyspace, optionMap('replication', replication.value)),
    durableWrites,
  });
}

function parseBoolean(property: Property): boolean {
  const text = optionText(optionConstant(property.name, property.value)).toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new InvalidRequestError(`Invalid boolean value ${text} for '${property.name}'`);
}

function replicationFrom(keyspace: string, options: ReadonlyMap<string, string>): ReplicationMetadata {
  const written = options.get('class');
  if (written === undefined) throw new InvalidRequestError('Missing mandatory replication strategy class');
  const strategy = written.startsWith(LOCATOR_PACKAGE) ? written.slice(LOCATOR_PACKAGE.length) : written;
  const rest = [...options].filter(([key]) => key !== 'class');
  if (strategy === 'SimpleStrategy') {
    const factor = options.get('replication_factor');
    if (factor === undefined) throw new InvalidRequestError('SimpleStrategy requires a replication_factor strategy option.');
    for (const [key] of rest) {
      if (key !== 'replication_factor') throw unrecognized(key, strategy, keyspace);
    }
    return Object.freeze({ class: strategy, replicationFactor: replicationFactor(factor) });
  }
  if (strategy === 'NetworkTopologyStrategy') {
    const datacenters = new Map<string, number>();
    for (const [key, value] of rest) {
      // Cassandra 4 expands replication_factor over the known DCs; a lone node has no DC list.
      if (key === 'replication_factor') throw unrecognized(key, strategy, keyspace);
      datacenters.set(key, replicationFactor(value));
    }
    return Object.freeze({ class: strategy, datacenters });
  }
  throw new InvalidRequestError(`Unable to find replication strategy class '${written}'`);
}

function unrecognized(option: string, strategy: string, keyspace: string): InvalidRequestError {
  return new InvalidRequestError(`Unrecognized strategy option {${option}} passed to ${strategy} for keyspace ${keyspace}`);
}

function replicationFactor(text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new InvalidRequestError(`Replication factor must be numeric; found ${text}`);
  const factor = Number(text);
  if (factor < 0) throw new InvalidRequestError(`Replication factor must be non-negative; found ${text}`);
  return factor;
}
