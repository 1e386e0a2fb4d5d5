// Request decoding: the bytes the real Node driver writes decode to what it meant; every
// request survives encode -> decode unchanged; malformed requests are ProtocolErrors.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { CONSISTENCY_LEVELS } from '../../../../src/cluster/consistency/consistency-level.js';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { FrameReader } from '../../../../src/protocol/frame/frame-reader.js';
import { FrameWriter } from '../../../../src/protocol/frame/frame-writer.js';
import { Opcode } from '../../../../src/protocol/frame/opcode.js';
import { plainQueryParameters, type QueryParameters } from '../../../../src/protocol/messages/query-parameters.js';
import { decodeRequest, encodeRequestBody, requestOpcode, type DecodedRequest, type Request } from '../../../../src/protocol/messages/request.js';
import { ProtocolError } from '../../../../src/protocol/protocol-error.js';
import { UNSET } from '../../../../src/protocol/wire/wire-value.js';
import { driverOptions, driverOptionsFrame, driverRequestFrame } from '../helpers/driver-requests.js';

const { Long } = cassandra.types;
const int = nativeCqlType('int')!;
const text = nativeCqlType('text')!;

function decodeFrame(frame: Uint8Array): DecodedRequest {
  const reader = new FrameReader({ direction: 'request', supportedVersions: [4, 5], maxBodyBytes: 1 << 20 });
  reader.push(frame);
  const result = reader.next();
  if (result?.kind !== 'envelope') throw new Error(`no envelope: ${JSON.stringify(result)}`);
  return decodeRequest(result.envelope);
}

function frameOf(opcode: number, bodyHex: string, flags = 0): Uint8Array {
  const body = Buffer.from(bodyHex.replace(/\s/g, ''), 'hex');
  const header = Buffer.from([4, flags, 0, 1, opcode, 0, 0, 0, 0]);
  header.writeUInt32BE(body.length, 5);
  return Buffer.concat([header, body]);
}

function encodedFrame(request: Request, version = 4): Uint8Array {
  return new FrameWriter('request', version).encode({ stream: 3, opcode: requestOpcode(request) }, (w) => encodeRequestBody(w, request, version));
}

const bytes = (hexText: string): Buffer => Buffer.from(hexText, 'hex');

describe("the Node driver's requests", () => {
  it('STARTUP: CQL_VERSION 3.0.0 and the driver names', () => {
    const { request } = decodeFrame(driverRequestFrame('StartupRequest', [{ clientId: 'abc' }]));
    expect(request.kind === 'startup' && Object.fromEntries(request.options)).toEqual({
      CQL_VERSION: '3.0.0',
      DRIVER_NAME: 'Apache Cassandra Node.js Driver',
      DRIVER_VERSION: '4.10.0',
      CLIENT_ID: 'abc',
    });
  });

  it('OPTIONS', () => {
    expect(decodeFrame(driverOptionsFrame()).request).toEqual({ kind: 'options' });
  });

  it('QUERY with every v4 parameter: values, page size, paging state, serial consistency, timestamp', () => {
    const options = driverOptions({
      consistency: 10,
      serialConsistency: 9,
      fetchSize: 5000,
      pageState: Buffer.from('cafe', 'hex'),
      timestamp: Long.fromString('1700000000000000'),
      hints: ['int', 'text'],
    });
    const { request, tracing, customPayload } = decodeFrame(driverRequestFrame('QueryRequest', ['INSERT INTO t (k, v) VALUES (?, ?)', [1, 'a'], options]));
    expect(tracing).toBe(false);
    expect(customPayload).toBeNull();
    expect(request).toEqual({
      kind: 'query',
      query: 'INSERT INTO t (k, v) VALUES (?, ?)',
      parameters: {
        consistency: 'LOCAL_ONE',
        values: [serializeValue(int, 1), serializeValue(text, 'a')],
        valueNames: null,
        skipMetadata: false,
        pageSize: 5000,
        pagingState: bytes('cafe'),
        serialConsistency: 'LOCAL_SERIAL',
        defaultTimestamp: 1_700_000_000_000_000n,
        keyspace: null,
        nowInSeconds: null,
      },
    });
  });

  it('QUERY with named values, null and unset', () => {
    const params = [
      { name: 'k', value: 1 },
      { name: 'v', value: null },
      { name: 'w', value: cassandra.types.unset },
    ];
    const { request } = decodeFrame(driverRequestFrame('QueryRequest', ['UPDATE t SET v = :v, w = :w WHERE k = :k', params, driverOptions({ consistency: 1, hints: ['int'] }), true]));
    expect(request.kind === 'query' && request.parameters.valueNames).toEqual(['k', 'v', 'w']);
    expect(request.kind === 'query' && request.parameters.values).toEqual([serializeValue(int, 1), null, UNSET]);
  });

  it('QUERY with tracing and a custom payload: the payload is read before the body', () => {
    const options = driverOptions({ consistency: 1, tracing: true, customPayload: { key: Buffer.from([1, 2]) } });
    const { request, tracing, customPayload } = decodeFrame(driverRequestFrame('QueryRequest', ['SELECT 1', [], options]));
    expect(tracing).toBe(true);
    expect(customPayload).toEqual(new Map([['key', bytes('0102')]]));
    expect(request.kind === 'query' && request.query).toBe('SELECT 1');
  });

  it('PREPARE', () => {
    expect(decodeFrame(driverRequestFrame('PrepareRequest', ['SELECT * FROM ks.t WHERE k = ?'])).request).toEqual({
      kind: 'prepare',
      query: 'SELECT * FROM ks.t WHERE k = ?',
      keyspace: null,
    });
  });

  it('EXECUTE: the prepared id, then the parameters', () => {
    const meta = { columns: [{ type: { code: 9 } }, { type: { code: 13 } }] };
    const options = driverOptions({ consistency: 6, fetchSize: 100, timestamp: Long.fromNumber(5) });
    const { request } = decodeFrame(driverRequestFrame('ExecuteRequest', ['q', Buffer.from('0102030405', 'hex'), [7, 'x'], options, meta]));
    expect(request).toMatchObject({ kind: 'execute', id: bytes('0102030405'), resultMetadataId: null });
    expect(request.kind === 'execute' && request.parameters).toMatchObject({
      consistency: 'LOCAL_QUORUM',
      values: [serializeValue(int, 7), serializeValue(text, 'x')],
      pageSize: 100,
      defaultTimestamp: 5n,
    });
  });

  it.each([
    [{}, 'LOGGED'],
    [{ logged: false }, 'UNLOGGED'],
    [{ counter: true }, 'COUNTER'],
  ] as const)('BATCH %o is %s, with query and prepared statements', (kind, batchType) => {
    const queries = [
      { query: 'INSERT INTO t (k) VALUES (?)', params: [1] },
      { queryId: Buffer.from('abcd', 'hex'), params: ['z'], meta: { columns: [{ type: { code: 13 } }] } },
    ];
    const options = driverOptions({ ...kind, consistency: 4, serialConsistency: 8, timestamp: Long.fromNumber(99), hints: [['int']] });
    const { request } = decodeFrame(driverRequestFrame('BatchRequest', [queries, options]));
    expect(request).toEqual({
      kind: 'batch',
      batchType,
      statements: [
        { kind: 'query', query: 'INSERT INTO t (k) VALUES (?)', values: [serializeValue(int, 1)] },
        { kind: 'prepared', id: bytes('abcd'), values: [serializeValue(text, 'z')] },
      ],
      consistency: 'QUORUM',
      serialConsistency: 'SERIAL',
      defaultTimestamp: 99n,
      keyspace: null,
      nowInSeconds: null,
    });
  });

  it('REGISTER the three event types', () => {
    const events = ['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE'];
    expect(decodeFrame(driverRequestFrame('RegisterRequest', [events])).request).toEqual({ kind: 'register', eventTypes: events });
  });

  it('AUTH_RESPONSE with a SASL PLAIN token', () => {
    const token = Buffer.from('\0cassandra\0cassandra');
    expect(decodeFrame(driverRequestFrame('AuthResponseRequest', [token])).request).toEqual({ kind: 'auth-response', token });
  });
});

describe('byte layouts from the spec', () => {
  it("QUERY 'SELECT 1' at LOCAL_ONE with no flags", () => {
    const { request } = decodeFrame(frameOf(Opcode.query, '00000008 53454c4543542031 000a 00'));
    expect(request).toEqual({ kind: 'query', query: 'SELECT 1', parameters: plainQueryParameters('LOCAL_ONE') });
  });

  it('QUERY with skip_metadata and a page size', () => {
    const { request } = decodeFrame(frameOf(Opcode.query, '00000001 78 0001 06 00001388'));
    expect(request.kind === 'query' && [request.parameters.skipMetadata, request.parameters.pageSize]).toEqual([true, 5000]);
  });

  it('encodes a QUERY exactly as the driver does', () => {
    const options = driverOptions({ consistency: 10, fetchSize: 5000, timestamp: Long.fromNumber(42), hints: ['int'] });
    const driverFrame = driverRequestFrame('QueryRequest', ['SELECT * FROM t WHERE k = ?', [3], options], 3);
    const parameters: QueryParameters = { ...plainQueryParameters('LOCAL_ONE', [serializeValue(int, 3)]), pageSize: 5000, defaultTimestamp: 42n };
    const ours = encodedFrame({ kind: 'query', query: 'SELECT * FROM t WHERE k = ?', parameters });
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(driverFrame).toString('hex'));
  });
});

const wireValue = fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.constant(null), fc.constant(UNSET));
const consistency = fc.constantFrom(...CONSISTENCY_LEVELS);
const name = fc.string({ unit: 'binary', maxLength: 12 });

function parametersArbitrary(version: number): fc.Arbitrary<QueryParameters> {
  return fc
    .record({
      consistency,
      values: fc.array(wireValue, { maxLength: 5 }),
      named: fc.boolean(),
      skipMetadata: fc.boolean(),
      pageSize: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: null }),
      pagingState: fc.option(fc.uint8Array({ maxLength: 20 }), { nil: null }),
      serialConsistency: fc.option(consistency, { nil: null }),
      defaultTimestamp: fc.option(fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }), { nil: null }),
      keyspace: version >= 5 ? fc.option(name, { nil: null }) : fc.constant(null),
      nowInSeconds: version >= 5 ? fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: null }) : fc.constant(null),
    })
    .map(({ named, ...p }) => ({ ...p, valueNames: named && p.values.length > 0 ? p.values.map((_, i) => `v${i}`) : null }));
}

function requestArbitrary(version: number): fc.Arbitrary<Request> {
  const statement = fc.oneof(
    fc.record({ kind: fc.constant('query' as const), query: name, values: fc.array(wireValue, { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('prepared' as const), id: fc.uint8Array({ maxLength: 16 }), values: fc.array(wireValue, { maxLength: 3 }) }),
  );
  return fc.oneof(
    fc.record({ kind: fc.constant('query' as const), query: name, parameters: parametersArbitrary(version) }),
    fc.record({
      kind: fc.constant('execute' as const),
      id: fc.uint8Array({ maxLength: 16 }),
      resultMetadataId: version >= 5 ? fc.uint8Array({ maxLength: 16 }) : fc.constant(null),
      parameters: parametersArbitrary(version),
    }),
    fc.record({ kind: fc.constant('prepare' as const), query: name, keyspace: version >= 5 ? fc.option(name, { nil: null }) : fc.constant(null) }),
    fc.record({
      kind: fc.constant('batch' as const),
      batchType: fc.constantFrom('LOGGED' as const, 'UNLOGGED' as const, 'COUNTER' as const),
      statements: fc.array(statement, { maxLength: 4 }),
      consistency,
      serialConsistency: fc.option(consistency, { nil: null }),
      defaultTimestamp: fc.option(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), { nil: null }),
      keyspace: version >= 5 ? fc.option(name, { nil: null }) : fc.constant(null),
      nowInSeconds: version >= 5 ? fc.option(fc.nat(), { nil: null }) : fc.constant(null),
    }),
    fc.record({ kind: fc.constant('startup' as const), options: fc.uniqueArray(name, { maxLength: 4 }).map((keys) => new Map(keys.map((k) => [k, `${k}!`]))) }),
    fc.constant({ kind: 'options' as const }),
    fc.record({ kind: fc.constant('register' as const), eventTypes: fc.subarray(['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE'] as const) }),
    fc.record({ kind: fc.constant('auth-response' as const), token: fc.option(fc.uint8Array({ maxLength: 30 }), { nil: null }) }),
  );
}

describe('round trips', () => {
  it.each([4, 5])('every v%i request reads back as written', (version) => {
    fc.assert(
      fc.property(requestArbitrary(version), (request) => {
        expect(decodeFrame(encodedFrame(request, version)).request).toEqual(request);
      }),
    );
  });
});

describe('malformed requests', () => {
  const cases: readonly [string, Uint8Array, RegExp][] = [
    ['opcode 0x04 (v1 CREDENTIALS)', frameOf(0x04, ''), /Unknown opcode 0x04/],
    ['opcode 0x42', frameOf(0x42, ''), /Unknown opcode 0x42/],
    ['a RESULT sent as a request', frameOf(Opcode.result, '00000001'), /RESULT is a response, not a request/],
    ['a compressed frame', frameOf(Opcode.options, '', 0x01), /compressed but no compression was negotiated/],
    ['QUERY with the v5 keyspace flag in v4', frameOf(Opcode.query, '00000001 78 0001 80 0002 6b73'), /Unknown query flags 0x80 in protocol v4/],
    ['QUERY with trailing bytes', frameOf(Opcode.query, '00000001 78 0001 00 ff'), /QUERY body has 1 unexpected trailing bytes/],
    ['QUERY with a [value] of length -3', frameOf(Opcode.query, '00000001 78 0001 01 0001 fffffffd'), /Invalid length -3 for value 0/],
    ['QUERY with Long.MIN_VALUE as timestamp', frameOf(Opcode.query, '00000001 78 0001 20 8000000000000000'), /Out of bound timestamp/],
    ['QUERY with an unknown consistency', frameOf(Opcode.query, '00000001 78 000b 00'), /Unknown consistency level code 0x000b/],
    ['QUERY cut inside its text', frameOf(Opcode.query, '00000010 78'), /query \(\[long string\]\)/],
    ['QUERY with invalid UTF-8', frameOf(Opcode.query, '00000001 ff 0001 00'), /Invalid UTF-8 in query/],
    ['BATCH with names for values (0x40)', frameOf(Opcode.batch, '00 0000 0001 40'), /Named values are not supported in BATCH/],
    ['BATCH with a low flag bit', frameOf(Opcode.batch, '00 0000 0001 01'), /Invalid BATCH flags 0x1 in protocol v4/],
    ['BATCH of type 3', frameOf(Opcode.batch, '03 0000 0001 00'), /Invalid BATCH type 3/],
    ['BATCH with a statement of kind 2', frameOf(Opcode.batch, '00 0001 02'), /Must be 0 or 1 but got 2 \(statement 0\)/],
    ['BATCH missing its consistency', frameOf(Opcode.batch, '00 0000'), /consistency \(\[short\]\)/],
    ['REGISTER an unknown event', frameOf(Opcode.register, '0001 0003 464f4f'), /Invalid event type FOO in REGISTER/],
    ['EXECUTE with a truncated id', frameOf(Opcode.execute, '0010 0102'), /prepared id \(\[short bytes\]\)/],
    ['STARTUP with a key and no value', frameOf(Opcode.startup, '0001 0001 61'), /STARTUP options \(\[short\]\)/],
  ];

  it.each(cases)('%s', (_name, frame, message) => {
    expect(() => decodeFrame(frame)).toThrow(ProtocolError);
    expect(() => decodeFrame(frame)).toThrow(message);
  });

  it('every truncation of a valid request body is a ProtocolError, never another exception', () => {
    fc.assert(
      fc.property(requestArbitrary(4), fc.nat(), (request, cutSeed) => {
        const frame = encodedFrame(request);
        const bodyLength = frame.length - 9;
        fc.pre(bodyLength > 0);
        const cut = cutSeed % bodyLength;
        const truncated = Buffer.from(frame.subarray(0, 9 + cut));
        truncated.writeUInt32BE(cut, 5);
        expect(() => decodeFrame(truncated)).toThrow(ProtocolError);
      }),
    );
  });

  it('random bodies under every request opcode give a request or a ProtocolError', () => {
    const opcodes = [Opcode.startup, Opcode.options, Opcode.query, Opcode.prepare, Opcode.execute, Opcode.batch, Opcode.register, Opcode.authResponse];
    fc.assert(
      fc.property(fc.constantFrom(...opcodes), fc.uint8Array({ maxLength: 64 }), (opcode, body) => {
        try {
          decodeFrame(frameOf(opcode, Buffer.from(body).toString('hex')));
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
