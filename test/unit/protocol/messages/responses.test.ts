// Response encoding: byte layouts from the spec, the real driver's parser reading every kind
// of response as a client would, and encode -> decode round trips over random responses.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSISTENCY_LEVELS } from '../../../../src/cluster/consistency/consistency-level.js';
import { listType, nativeCqlType, setType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue } from '../../../../src/cql/types/value-codec.js';
import { FrameReader } from '../../../../src/protocol/frame/frame-reader.js';
import { FrameWriter } from '../../../../src/protocol/frame/frame-writer.js';
import type { ErrorBody } from '../../../../src/protocol/messages/error.js';
import { decodeResponseBody, encodeResponseBody, responseOpcode, type Response } from '../../../../src/protocol/messages/response.js';
import type { Result } from '../../../../src/protocol/messages/result.js';
import { NO_RESULT_METADATA, rowsMetadataOf, withoutColumnSpecs, type ColumnSpec } from '../../../../src/protocol/messages/rows-metadata.js';
import { rowCells } from '../../../../src/protocol/types/cell-values.js';
import { BodyReader } from '../../../../src/protocol/wire/body-reader.js';
import { typeArbitrary, typedValueArbitrary } from '../../cql/values/value-arbitraries.js';
import { expectSameValue } from '../../cql/types/driver-golden.js';
import { parseWithDriver, type DriverItem } from '../helpers/driver-parse.js';

const t = (name: string) => nativeCqlType(name)!;

function frame(response: Response, stream = 1, version = 4): Uint8Array {
  return new FrameWriter('response', version).encode({ stream, opcode: responseOpcode(response) }, (w) => encodeResponseBody(w, response, version));
}

function bodyHex(response: Response, version = 4): string {
  return Buffer.from(frame(response, 1, version).subarray(9)).toString('hex');
}

function decoded(bytes: Uint8Array, version = 4): Response {
  const reader = new FrameReader({ direction: 'response', supportedVersions: [4, 5], maxBodyBytes: 1 << 24 });
  reader.push(bytes);
  const result = reader.next();
  if (result?.kind !== 'envelope') throw new Error('no envelope');
  const body = new BodyReader(result.envelope.body);
  const response = decodeResponseBody(result.envelope.header.opcode, body, version);
  body.expectEnd('response');
  return response;
}

async function driverItem(response: Response): Promise<DriverItem> {
  const items = await parseWithDriver([frame(response, 7)]);
  expect(items[0]?.header.streamId).toBe(7);
  return items[0]!;
}

const ascii = (text: string): string => Buffer.from(text).toString('hex');
const column = (name: string, type: CqlType = t('int'), table = 't'): ColumnSpec => ({ keyspace: 'ks', table, name, type });
const rows = (result: Result): Response => ({ kind: 'result', result });

describe('byte layouts', () => {
  it('ERROR Write_failure and Read_failure: a failure count in v4, a reason map in v5 (one UNKNOWN entry per failure)', () => {
    const write: Response = { kind: 'error', error: { kind: 'writeFailure', message: 'm', consistency: 'TWO', received: 1, blockFor: 2, failures: 2, writeType: 'SIMPLE' } };
    const head = '00001500' + '0001' + ascii('m') + '0002' + '00000001' + '00000002';
    const tail = '0006' + ascii('SIMPLE');
    expect(bodyHex(write, 4)).toBe(head + '00000002' + tail);
    expect(bodyHex(write, 5)).toBe(head + '00000002' + '04000000000000'.repeat(2) + tail);
    const read: Response = { kind: 'error', error: { kind: 'readFailure', message: 'm', consistency: 'ONE', received: 0, blockFor: 1, failures: 1, dataPresent: true } };
    for (const version of [4, 5]) {
      expect(decoded(frame(write, 1, version), version)).toEqual(write);
      expect(decoded(frame(read, 1, version), version)).toEqual(read);
    }
  });

  it('RESULT Void is the kind alone', () => {
    expect(bodyHex(rows({ kind: 'void' }))).toBe('00000001');
  });

  it('RESULT Set_keyspace', () => {
    expect(bodyHex(rows({ kind: 'set-keyspace', keyspace: 'ks' }))).toBe('00000003' + '0002' + ascii('ks'));
  });

  it('RESULT Rows with a global table spec: flags 1, 2 columns, ks, table, specs, 1 row', () => {
    const metadata = rowsMetadataOf([column('k'), column('v', t('text'))]);
    const result = rows({ kind: 'rows', metadata, rows: [rowCells([t('int'), t('text')], [1, null])] });
    expect(bodyHex(result)).toBe(
      '00000002' + '00000001' + '00000002' + `0002${ascii('ks')}0001${ascii('t')}` + `0001${ascii('k')}0009` + `0001${ascii('v')}000d` +
        '00000001' + '0000000400000001' + 'ffffffff',
    );
  });

  it('RESULT Rows across tables: no global spec, each column names its table; paging state', () => {
    const metadata = rowsMetadataOf([column('a', t('int'), 't1'), column('b', t('int'), 't2')], new Uint8Array([0xab]));
    expect(bodyHex(rows({ kind: 'rows', metadata, rows: [] }))).toBe(
      '00000002' + '00000002' + '00000002' + '00000001ab' + `0002${ascii('ks')}0002${ascii('t1')}0001${ascii('a')}0009` +
        `0002${ascii('ks')}0002${ascii('t2')}0001${ascii('b')}0009` + '00000000',
    );
  });

  it('RESULT Rows with No_metadata: flags 4 and the count, no specs', () => {
    const metadata = withoutColumnSpecs(rowsMetadataOf([column('k')]));
    expect(bodyHex(rows({ kind: 'rows', metadata, rows: [[new Uint8Array([0, 0, 0, 5])]] }))).toBe(
      '00000002' + '00000004' + '00000001' + '00000001' + '0000000400000005',
    );
  });

  it('RESULT Prepared: id, bind metadata with global spec and pk indexes, then result metadata', () => {
    const prepared = rows({
      kind: 'prepared',
      id: new Uint8Array([0xca, 0xfe]),
      resultMetadataId: null,
      variables: [column('v', t('text')), column('k')],
      partitionKeyIndexes: [1],
      resultMetadata: NO_RESULT_METADATA,
    });
    expect(bodyHex(prepared)).toBe(
      '00000004' + '0002cafe' + '00000001' + '00000002' + '00000001' + '0001' + `0002${ascii('ks')}0001${ascii('t')}` +
        `0001${ascii('v')}000d0001${ascii('k')}0009` + '00000004' + '00000000',
    );
  });

  it('RESULT Schema_change for a table and for a function', () => {
    expect(bodyHex(rows({ kind: 'schema-change', change: { change: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 't' } }))).toBe(
      '00000005' + `0007${ascii('CREATED')}0005${ascii('TABLE')}0002${ascii('ks')}0001${ascii('t')}`,
    );
    const fn = rows({ kind: 'schema-change', change: { change: 'DROPPED', target: 'FUNCTION', keyspace: 'ks', name: 'f', argumentTypes: ['int'] } });
    expect(bodyHex(fn)).toBe('00000005' + `0007${ascii('DROPPED')}0008${ascii('FUNCTION')}0002${ascii('ks')}0001${ascii('f')}00010003${ascii('int')}`);
  });

  it('ERROR Protocol error: code then message', () => {
    expect(bodyHex({ kind: 'error', error: { kind: 'protocol', message: 'x' } })).toBe('0000000a' + '000178');
  });

  it('ERROR Unavailable: cl, required, alive', () => {
    const error: ErrorBody = { kind: 'unavailable', message: '', consistency: 'QUORUM', required: 2, alive: 1 };
    expect(bodyHex({ kind: 'error', error })).toBe('00001000' + '0000' + '0004' + '00000002' + '00000001');
  });

  it('ERROR Write_timeout: cl, received, blockfor, write type', () => {
    const error: ErrorBody = { kind: 'writeTimeout', message: '', consistency: 'ALL', received: 1, blockFor: 3, writeType: 'BATCH_LOG' };
    expect(bodyHex({ kind: 'error', error })).toBe('00001100' + '0000' + '0005' + '00000001' + '00000003' + `0009${ascii('BATCH_LOG')}`);
  });

  it('ERROR Read_failure: cl, received, blockfor, failures, data_present', () => {
    const error: ErrorBody = { kind: 'readFailure', message: '', consistency: 'ONE', received: 0, blockFor: 1, failures: 1, dataPresent: true };
    expect(bodyHex({ kind: 'error', error })).toBe('00001300' + '0000' + '0001' + '00000000' + '00000001' + '00000001' + '01');
  });

  it('ERROR Unprepared: the id as [short bytes]', () => {
    expect(bodyHex({ kind: 'error', error: { kind: 'unprepared', message: '', id: new Uint8Array([1, 2]) } })).toBe('00002500' + '0000' + '00020102');
  });

  it('READY is empty; EVENT STATUS_CHANGE carries an [inet] with the native port', () => {
    expect(bodyHex({ kind: 'ready' })).toBe('');
    const event: Response = { kind: 'event', event: { type: 'STATUS_CHANGE', change: 'UP', node: { address: '127.0.0.2', port: 9042 } } };
    expect(bodyHex(event)).toBe(`000d${ascii('STATUS_CHANGE')}0002${ascii('UP')}047f00000200002352`);
  });
});

describe('what the Node driver reads', () => {
  it('Rows of every type: the column types and the values, as our own decoder reads them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(typedValueArbitrary({ nonFinite: true }), { minLength: 1, maxLength: 5 }), async (columns) => {
        const types = columns.map((c) => c.type);
        const specs = columns.map((c, i) => column(`c${i}`, c.type));
        const cells = rowCells(types, columns.map((c) => c.value));
        const items = await parseWithDriver([frame(rows({ kind: 'rows', metadata: rowsMetadataOf(specs), rows: [cells] }))]);
        const row = items[0]!['row'] as Record<string, unknown>;
        columns.forEach((c, i) => expectSameValue(row[`c${i}`], cells[i] === null ? null : deserializeValue(c.type, cells[i]!)));
      }),
      { numRuns: 60 },
    );
  });

  it('an empty Rows page with more pages: the paging state', async () => {
    const item = await driverItem(rows({ kind: 'rows', metadata: rowsMetadataOf([column('k')], new Uint8Array([9, 8])), rows: [] }));
    const result = item['result'] as { rows: unknown[]; meta: { pageState: Buffer; keyspace: string; table: string } };
    expect(result.rows).toEqual([]);
    expect([...result.meta.pageState]).toEqual([9, 8]);
    expect([result.meta.keyspace, result.meta.table]).toEqual(['ks', 't']);
  });

  it('Prepared: the id, the routing keyspace from the global spec, pk indexes, marker names and types', async () => {
    const item = await driverItem(
      rows({
        kind: 'prepared',
        id: new Uint8Array([1, 2, 3]),
        resultMetadataId: null,
        variables: [column('k1'), column('v', setType(t('text'))), column('k0', t('text'))],
        partitionKeyIndexes: [2, 0],
        resultMetadata: rowsMetadataOf([column('v', listType(t('duration')))]),
      }),
    );
    const meta = item['meta'] as { keyspace: string; partitionKeys: number[]; columns: { name: string; type: { code: number } }[] };
    expect([...(item['id'] as Buffer)]).toEqual([1, 2, 3]);
    expect(meta.keyspace).toBe('ks');
    expect(meta.partitionKeys).toEqual([2, 0]);
    expect(meta.columns.map((c) => [c.name, c.type.code])).toEqual([
      ['k1', 9],
      ['v', 0x22],
      ['k0', 13],
    ]);
  });

  it('Set_keyspace and Schema_change', async () => {
    expect((await driverItem(rows({ kind: 'set-keyspace', keyspace: 'Ks' })))['keyspaceSet']).toBe('Ks');
    const change = await driverItem(rows({ kind: 'schema-change', change: { change: 'UPDATED', target: 'TYPE', keyspace: 'ks', name: 'u' } }));
    expect(change['schemaChange']).toMatchObject({ schemaChangeType: 'UPDATED', target: 'TYPE', keyspace: 'ks', udt: 'u' });
  });

  it('SUPPORTED, AUTHENTICATE, AUTH_CHALLENGE, AUTH_SUCCESS, READY', async () => {
    const supported = await driverItem({ kind: 'supported', options: new Map([['CQL_VERSION', ['3.4.6']], ['COMPRESSION', []]]) });
    expect(supported['supported']).toEqual({ CQL_VERSION: ['3.4.6'], COMPRESSION: [] });
    const authenticator = 'org.apache.cassandra.auth.PasswordAuthenticator';
    expect((await driverItem({ kind: 'authenticate', authenticator }))['authenticatorName']).toBe(authenticator);
    expect([...((await driverItem({ kind: 'auth-challenge', token: new Uint8Array([5]) }))['token'] as Buffer)]).toEqual([5]);
    expect((await driverItem({ kind: 'auth-success', token: null }))['ready']).toBe(true);
    expect((await driverItem({ kind: 'ready' }))['ready']).toBe(true);
  });

  it('EVENT: topology, status and schema changes', async () => {
    const node = { address: '127.0.0.3', port: 9042 };
    const topology = (await driverItem({ kind: 'event', event: { type: 'TOPOLOGY_CHANGE', change: 'NEW_NODE', node } }))['event'] as Record<string, unknown>;
    expect([topology['eventType'], topology['added'], String((topology['inet'] as { address: unknown }).address)]).toEqual(['TOPOLOGY_CHANGE', true, '127.0.0.3']);
    const status = (await driverItem({ kind: 'event', event: { type: 'STATUS_CHANGE', change: 'DOWN', node } }))['event'] as Record<string, unknown>;
    expect([status['eventType'], status['up']]).toEqual(['STATUS_CHANGE', false]);
    const schema = (await driverItem({ kind: 'event', event: { type: 'SCHEMA_CHANGE', change: { change: 'CREATED', target: 'KEYSPACE', keyspace: 'k' } } }))['event'] as Record<string, unknown>;
    expect(schema).toMatchObject({ eventType: 'SCHEMA_CHANGE', keyspace: 'k', isKeyspace: true });
  });

  it.each<[string, ErrorBody, Record<string, unknown>]>([
    ['Server error', { kind: 'server', message: 'boom' }, { code: 0x0000, message: 'boom' }],
    ['Protocol error', { kind: 'protocol', message: 'bad' }, { code: 0x000a, message: 'bad' }],
    ['Bad credentials', { kind: 'badCredentials', message: 'no' }, { code: 0x0100 }],
    ['Unavailable', { kind: 'unavailable', message: 'm', consistency: 'QUORUM', required: 2, alive: 1 }, { code: 0x1000, consistencies: 4, required: 2, alive: 1 }],
    ['Overloaded', { kind: 'overloaded', message: 'busy' }, { code: 0x1001 }],
    ['Is_bootstrapping', { kind: 'isBootstrapping', message: 'b' }, { code: 0x1002 }],
    ['Truncate_error', { kind: 'truncate', message: 't' }, { code: 0x1003 }],
    [
      'Write_timeout',
      { kind: 'writeTimeout', message: 'm', consistency: 'LOCAL_QUORUM', received: 1, blockFor: 2, writeType: 'UNLOGGED_BATCH' },
      { code: 0x1100, consistencies: 6, received: 1, blockFor: 2, writeType: 'UNLOGGED_BATCH' },
    ],
    [
      'Read_timeout',
      { kind: 'readTimeout', message: 'm', consistency: 'ALL', received: 2, blockFor: 3, dataPresent: false },
      { code: 0x1200, consistencies: 5, received: 2, blockFor: 3, isDataPresent: 0 },
    ],
    [
      'Read_failure',
      { kind: 'readFailure', message: 'm', consistency: 'ONE', received: 0, blockFor: 1, failures: 1, dataPresent: true },
      { code: 0x1300, consistencies: 1, received: 0, blockFor: 1, failures: 1, isDataPresent: 1 },
    ],
    [
      'Function_failure',
      { kind: 'functionFailure', message: 'm', keyspace: 'system', functionName: 'fromjson', argumentTypes: ['text'] },
      { code: 0x1400, keyspace: 'system', functionName: 'fromjson', argTypes: ['text'] },
    ],
    [
      'Write_failure',
      { kind: 'writeFailure', message: 'm', consistency: 'TWO', received: 1, blockFor: 2, failures: 1, writeType: 'SIMPLE' },
      { code: 0x1500, consistencies: 2, received: 1, blockFor: 2, failures: 1, writeType: 'SIMPLE' },
    ],
    ['Syntax_error', { kind: 'syntax', message: 'line 1:1 x' }, { code: 0x2000, message: 'line 1:1 x' }],
    ['Unauthorized', { kind: 'unauthorized', message: 'u' }, { code: 0x2100 }],
    ['Invalid', { kind: 'invalid', message: 'unconfigured table t' }, { code: 0x2200, message: 'unconfigured table t' }],
    ['Config_error', { kind: 'config', message: 'c' }, { code: 0x2300 }],
    ['Already_exists (table)', { kind: 'alreadyExists', message: 'm', keyspace: 'ks', table: 't' }, { code: 0x2400, keyspace: 'ks', table: 't' }],
    ['Already_exists (keyspace)', { kind: 'alreadyExists', message: 'm', keyspace: 'ks', table: '' }, { code: 0x2400, keyspace: 'ks' }], // '' reads as no table
  ])('ERROR %s with its fields', async (_name, error, expected) => {
    const item = await driverItem({ kind: 'error', error });
    expect(item['error']).toMatchObject(expected);
  });

  it('ERROR Unprepared: the driver gets the id back', async () => {
    const item = await driverItem({ kind: 'error', error: { kind: 'unprepared', message: 'm', id: new Uint8Array([0xab, 0xcd]) } });
    expect((item['error'] as { code: number; queryId: Buffer }).code).toBe(0x2500);
    expect([...(item['error'] as { queryId: Buffer }).queryId]).toEqual([0xab, 0xcd]);
  });
});

const consistency = fc.constantFrom(...CONSISTENCY_LEVELS);
const word = fc.string({ unit: 'binary', maxLength: 10 });
const spec = fc.record({ keyspace: fc.constantFrom('ks', 'other'), table: fc.constantFrom('t', 'u'), name: word, type: typeArbitrary });
const metadata = fc
  .record({ columns: fc.array(spec, { maxLength: 4 }), skip: fc.boolean(), pagingState: fc.option(fc.uint8Array({ maxLength: 8 }), { nil: null }) })
  .map(({ columns, skip, pagingState }) => ({ columnCount: columns.length, columns: skip ? null : columns, pagingState }));
const cell = fc.option(fc.uint8Array({ maxLength: 8 }), { nil: null });
const address = fc.record({ address: fc.constantFrom('127.0.0.1', '10.1.2.3', '::1', '2001:db8::8'), port: fc.nat(65535) });
const schemaChange = fc.oneof(
  fc.record({ change: fc.constantFrom('CREATED' as const, 'UPDATED' as const, 'DROPPED' as const), target: fc.constant('KEYSPACE' as const), keyspace: word }),
  fc.record({ change: fc.constant('UPDATED' as const), target: fc.constantFrom('TABLE' as const, 'TYPE' as const), keyspace: word, name: word }),
  fc.record({ change: fc.constant('CREATED' as const), target: fc.constantFrom('FUNCTION' as const, 'AGGREGATE' as const), keyspace: word, name: word, argumentTypes: fc.array(word, { maxLength: 3 }) }),
);

function responseArbitrary(version: number): fc.Arbitrary<Response> {
  const result: fc.Arbitrary<Result> = fc.oneof(
    fc.constant({ kind: 'void' as const }),
    metadata.chain((m) => fc.array(fc.array(cell, { minLength: m.columnCount, maxLength: m.columnCount }), { maxLength: 3 }).map((r) => ({ kind: 'rows' as const, metadata: m, rows: r }))),
    fc.record({ kind: fc.constant('set-keyspace' as const), keyspace: word }),
    fc.record({ kind: fc.constant('schema-change' as const), change: schemaChange }),
    fc.record({ variables: fc.array(spec, { maxLength: 4 }), id: fc.uint8Array({ maxLength: 16 }), resultMetadata: metadata, rmid: fc.uint8Array({ maxLength: 16 }) }).chain((p) =>
      fc.subarray(p.variables.map((_, i) => i)).map((pk) => ({
        kind: 'prepared' as const,
        id: p.id,
        resultMetadataId: version >= 5 ? p.rmid : null,
        variables: p.variables,
        partitionKeyIndexes: pk,
        resultMetadata: p.resultMetadata,
      })),
    ),
  );
  const error: fc.Arbitrary<ErrorBody> = fc.oneof(
    fc.record({ kind: fc.constantFrom('server' as const, 'invalid' as const, 'syntax' as const, 'overloaded' as const), message: word }),
    fc.record({ kind: fc.constant('unavailable' as const), message: word, consistency, required: fc.nat(), alive: fc.nat() }),
    fc.record({ kind: fc.constant('writeTimeout' as const), message: word, consistency, received: fc.nat(), blockFor: fc.nat(), writeType: fc.constantFrom('SIMPLE' as const, 'CAS' as const) }),
    fc.record({ kind: fc.constant('readFailure' as const), message: word, consistency, received: fc.nat(), blockFor: fc.nat(), failures: fc.nat({ max: 32 }), dataPresent: fc.boolean() }),
    fc.record({ kind: fc.constant('alreadyExists' as const), message: word, keyspace: word, table: word }),
    fc.record({ kind: fc.constant('unprepared' as const), message: word, id: fc.uint8Array({ maxLength: 16 }) }),
  );
  return fc.oneof(
    result.map((r) => ({ kind: 'result' as const, result: r })),
    error.map((e) => ({ kind: 'error' as const, error: e })),
    fc.constant({ kind: 'ready' as const }),
    fc.record({ kind: fc.constant('supported' as const), options: fc.uniqueArray(word, { maxLength: 3 }).map((keys) => new Map(keys.map((k) => [k, [k, k]]))) }),
    fc.record({ kind: fc.constant('event' as const), event: fc.oneof(
      fc.record({ type: fc.constant('STATUS_CHANGE' as const), change: fc.constantFrom('UP' as const, 'DOWN' as const), node: address }),
      fc.record({ type: fc.constant('TOPOLOGY_CHANGE' as const), change: fc.constantFrom('NEW_NODE' as const, 'REMOVED_NODE' as const), node: address }),
      fc.record({ type: fc.constant('SCHEMA_CHANGE' as const), change: schemaChange }),
    ) }),
    fc.record({ kind: fc.constantFrom('auth-challenge' as const, 'auth-success' as const), token: fc.option(fc.uint8Array({ maxLength: 8 }), { nil: null }) }),
  );
}

describe('round trips', () => {
  it.each([4, 5])('every v%i response re-encodes to the same bytes after decoding', (version) => {
    fc.assert(
      fc.property(responseArbitrary(version), (response) => {
        const bytes = frame(response, 1, version);
        const again = frame(decoded(bytes, version), 1, version);
        expect(Buffer.from(again).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
      }),
    );
  });
});
