/**
 * A backend that does no work (ADR 0013): every request is answered at once, synchronously,
 * so a benchmark against it measures the protocol layer and the driver alone, the ceiling for
 * the real backends. Just enough is recognized for drivers to connect and run statements:
 *
 *   USE k                      Set_keyspace k
 *   SELECT ... FROM system.*   the null node's system tables (null-system-tables.ts)
 *   any other SELECT           empty Rows
 *   anything else              Void
 *   PREPARE                    Prepared: id = MD5 of the text (the same on every node and
 *                              restart, as Cassandra's), one variable per bind marker
 *                              (markerTypes decides their types; text by default), no result
 *                              columns, no partition key indexes
 *   EXECUTE                    as QUERY of the prepared text; an unknown id is Unprepared
 *   BATCH                      Void once every prepared id in it is known
 *
 * Values are never decoded. Prepared statements are kept in a bounded map, oldest evicted.
 */

import { createHash } from 'node:crypto';
import { nativeCqlType, type CqlType } from '../../cql/types/cql-type.js';
import { CLUSTER_NAME } from '../../cql/catalog/system-local.js';
import type { BatchRequest } from '../messages/batch.js';
import type { ExecuteRequest } from '../messages/execute.js';
import type { PrepareRequest } from '../messages/prepare.js';
import { VOID_RESULT, type PreparedResult, type Result } from '../messages/result.js';
import { NO_RESULT_METADATA, type ColumnSpec } from '../messages/rows-metadata.js';
import { UnpreparedError } from '../unprepared-error.js';
import { scanBindMarkers } from './bind-marker-scan.js';
import { emptyRows, systemTableRows, type NullNodeIdentity, type Selection } from './null-system-tables.js';
import type { ProtocolBackend, SessionView } from './protocol-backend.js';

export interface NullBackendOptions extends Partial<NullNodeIdentity> {
  /** The types of a prepared statement's markers (one per marker); text for each by default. */
  readonly markerTypes?: (query: string, markerCount: number) => readonly CqlType[];
}

/** Prepared statements kept; past it the oldest is forgotten (and answers Unprepared). */
const PREPARED_STATEMENTS_MAX = 10_000;

const text = nativeCqlType('text')!;

type Statement =
  | { readonly kind: 'use'; readonly keyspace: string }
  | { readonly kind: 'select'; readonly keyspace: string | null; readonly table: string; readonly selection: Selection }
  | { readonly kind: 'other' };

export class NullBackend implements ProtocolBackend {
  private readonly node: NullNodeIdentity;
  private readonly prepared = new Map<string, string>();

  constructor(private readonly options: NullBackendOptions = {}) {
    this.node = {
      clusterName: options.clusterName ?? CLUSTER_NAME,
      datacenter: options.datacenter ?? 'datacenter1',
      rack: options.rack ?? 'rack1',
      hostId: options.hostId ?? '2f9a6b52-5d0e-4c8e-9f0a-3b1c7d4e5f60',
      schemaVersion: options.schemaVersion ?? 'e84b6a60-24cf-30ca-9b58-452d92911703',
      tokens: options.tokens ?? ['0'],
    };
  }

  query(query: string, _parameters: unknown, session: SessionView): Result {
    const statement = classify(query);
    switch (statement.kind) {
      case 'use':
        return { kind: 'set-keyspace', keyspace: statement.keyspace };
      case 'select': {
        const keyspace = statement.keyspace ?? session.keyspace ?? '';
        return systemTableRows(keyspace, statement.table, statement.selection, session, this.node) ?? emptyRows([]);
      }
      case 'other':
        return VOID_RESULT;
    }
  }

  prepare(request: PrepareRequest, session: SessionView): PreparedResult {
    const id = createHash('md5').update(request.query, 'utf8').digest();
    this.remember(id.toString('hex'), request.query);
    const markers = scanBindMarkers(request.query);
    const types = this.options.markerTypes?.(request.query, markers.length) ?? markers.map(() => text);
    const { keyspace, table } = targetOf(request.query, request.keyspace ?? session.keyspace);
    const variables: ColumnSpec[] = markers.map((name, i) => ({ keyspace, table, name: name ?? `[marker${i}]`, type: types[i] ?? text }));
    return { kind: 'prepared', id, resultMetadataId: id, variables, partitionKeyIndexes: [], resultMetadata: NO_RESULT_METADATA };
  }

  execute(request: ExecuteRequest, session: SessionView): Result {
    return this.query(this.lookup(request.id), request.parameters, session);
  }

  batch(request: BatchRequest): Result {
    for (const statement of request.statements) if (statement.kind === 'prepared') this.lookup(statement.id);
    return VOID_RESULT;
  }

  private remember(id: string, query: string): void {
    this.prepared.delete(id);
    this.prepared.set(id, query);
    if (this.prepared.size > PREPARED_STATEMENTS_MAX) this.prepared.delete(this.prepared.keys().next().value!);
  }

  private lookup(id: Uint8Array): string {
    const query = this.prepared.get(Buffer.from(id).toString('hex'));
    if (query === undefined) throw new UnpreparedError(id);
    return query;
  }
}

const NAME = String.raw`("(?:[^"]|"")+"|\w+)`;
const USE = new RegExp(String.raw`^\s*use\s+${NAME}\s*;?\s*$`, 'i');
const SELECT = new RegExp(String.raw`^\s*select\s+(?:json\s+|distinct\s+)?([\s\S]+?)\s+from\s+${NAME}(?:\s*\.\s*${NAME})?`, 'i');
const TARGET = new RegExp(String.raw`\b(?:into|update|from)\s+${NAME}(?:\s*\.\s*${NAME})?`, 'i');

function classify(query: string): Statement {
  const use = USE.exec(query);
  if (use !== null) return { kind: 'use', keyspace: identifier(use[1]!) };
  const select = SELECT.exec(query);
  if (select === null) return { kind: 'other' };
  const [, columns, first, second] = select;
  const keyspace = second === undefined ? null : identifier(first!);
  const table = identifier(second ?? first!);
  return { kind: 'select', keyspace, table, selection: columns!.trim() === '*' ? '*' : columns!.split(',').map((c) => identifier(c.trim())) };
}

function targetOf(query: string, sessionKeyspace: string | null): { keyspace: string; table: string } {
  const match = TARGET.exec(query);
  if (match === null) return { keyspace: sessionKeyspace ?? '', table: '' };
  const [, first, second] = match;
  return second === undefined ? { keyspace: sessionKeyspace ?? '', table: identifier(first!) } : { keyspace: identifier(first!), table: identifier(second) };
}

/** CQL identifier rules: quoted keeps its case (with "" for "), unquoted is lower-cased. */
function identifier(name: string): string {
  return name.startsWith('"') && name.endsWith('"') && name.length >= 2 ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase();
}
