/**
 * Bad input on the native protocol (issue 5): random, truncated, oversized and mutated frames.
 *
 * 1. 100,000 cases through the server's own read path, in process: FrameReader, v5 segments
 *    (ConnectionFraming) and decodeRequest. Each case starts from a valid request of every
 *    kind, v4 or v5, and is mutated (bytes flipped or overwritten, cut short, lengths and
 *    counts made negative or huge, the version, flags and opcode changed, invalid UTF-8
 *    written into strings, segments damaged). Every outcome must be an envelope, a header
 *    error, a corrupt segment, or a ProtocolError/SibylError: never a TypeError, a
 *    RangeError or an assertion, which would be a crash of the connection.
 * 2. 1,500 of them over real sockets to a node serving a real database: each gets an answer,
 *    a closed connection, or (a frame that announces more bytes than were sent) waits for
 *    them; meanwhile another connection keeps being served, the server never throws, and
 *    every connection the fuzz opened is gone once it closes them.
 */

import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/database.js';
import { SibylError } from '../../src/lib/errors.js';
import { FrameReader, type FrameReadResult } from '../../src/protocol/frame/frame-reader.js';
import { FrameWriter } from '../../src/protocol/frame/frame-writer.js';
import { encodeSegments } from '../../src/protocol/frame/segment-codec.js';
import { plainQueryParameters } from '../../src/protocol/messages/query-parameters.js';
import { decodeRequest, encodeRequestBody, requestOpcode, type Request } from '../../src/protocol/messages/request.js';
import { ConnectionFraming } from '../../src/protocol/server/connection-framing.js';
import { DatabaseBackend } from '../../src/protocol/server/database-backend.js';
import { NativeServer } from '../../src/protocol/server/native-server.js';
import { RawClient } from '../unit/protocol/helpers/raw-client.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const MAX_BODY = 1 << 20;

/** Valid requests of every kind; the mutations start from these. */
const seeds: readonly Request[] = [
  { kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0'], ['COMPRESSION', 'lz4']]) },
  { kind: 'options' },
  { kind: 'register', eventTypes: ['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE'] },
  { kind: 'query', query: 'SELECT release_version FROM system.local', parameters: plainQueryParameters('ONE') },
  { kind: 'query', query: "INSERT INTO fuzz.t (k, v) VALUES (?, ?)", parameters: { ...plainQueryParameters('QUORUM', [text('k1'), text('v1')]), pageSize: 100, defaultTimestamp: 1_700_000_000_000_000n } },
  { kind: 'prepare', query: 'SELECT v FROM fuzz.t WHERE k = ?', keyspace: null },
  { kind: 'execute', id: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), resultMetadataId: Uint8Array.of(9), parameters: { ...plainQueryParameters('ONE', [text('k'), null]), pagingState: Uint8Array.of(1, 2) } },
  {
    kind: 'batch',
    batchType: 'LOGGED',
    statements: [
      { kind: 'query', query: "INSERT INTO fuzz.t (k, v) VALUES ('a', 'b')", values: [] },
      { kind: 'prepared', id: Uint8Array.of(4, 4, 4, 4), values: [text('x'), null] },
    ],
    consistency: 'QUORUM',
    serialConsistency: null,
    defaultTimestamp: null,
    keyspace: null,
    nowInSeconds: null,
  },
  { kind: 'auth-response', token: text('\u0000cassandra\u0000cassandra') },
];

function encodeFrame(request: Request, version: number, stream: number): Uint8Array {
  return new FrameWriter('request', version).encode({ stream, opcode: requestOpcode(request) }, (w) => encodeRequestBody(w, request, version)).slice();
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'int'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

/** Values that break length fields: negative, zero, just past the end, huge. */
const nastyInt = fc.constantFrom(-1, -2, -3, -2147483648, 0, 1, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 256 * 1024 * 1024, 2 ** 32 - 1);
const invalidUtf8 = fc.constantFrom(Uint8Array.of(0xff), Uint8Array.of(0xc3, 0x28), Uint8Array.of(0xe2, 0x82), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xf4, 0x90, 0x80, 0x80));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('int' as const), at: fc.nat(), value: nastyInt }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.oneof(invalidUtf8, fc.uint8Array({ maxLength: 12 })) }),
);

/** `bytes` mutated; positions wrap, and header bytes (version, flags, opcode, length) are favoured half the time. */
function mutate(bytes: Uint8Array, mutations: readonly Mutation[], headerBias: boolean): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = headerBias ? m.at % Math.min(out.length, 9) : m.at % out.length;
    switch (m.kind) {
      case 'flip':
        out[at] = out[at]! ^ (1 << m.bit);
        break;
      case 'set':
        out[at] = m.byte;
        break;
      case 'int':
        if (at + 4 <= out.length) new DataView(out.buffer).setInt32(at, m.value | 0);
        break;
      case 'cut':
        out = out.slice(0, at);
        break;
      case 'insert': {
        const grown = new Uint8Array(out.length + m.bytes.length);
        grown.set(out.subarray(0, at));
        grown.set(m.bytes, at);
        grown.set(out.subarray(at), at + m.bytes.length);
        out = grown;
        break;
      }
    }
  }
  return out;
}

const fuzzCase = fc.record({
  seed: fc.nat({ max: seeds.length - 1 }),
  version: fc.constantFrom(4, 5),
  stream: fc.integer({ min: -2, max: 32767 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  headerBias: fc.boolean(),
  segmented: fc.boolean(),
  /** Whole random bytes instead of a mutated request, one case in ten. */
  random: fc.option(fc.uint8Array({ minLength: 1, maxLength: 64 }), { freq: 9 }),
});

type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;

function bytesOf(c: FuzzCase): Uint8Array {
  if (c.random !== null) return c.random;
  return mutate(encodeFrame(seeds[c.seed]!, c.version, c.stream), c.mutations, c.headerBias);
}

/** Errors a request may fail with; anything else escaping the read path is a bug. */
function isExpected(error: unknown): boolean {
  return error instanceof SibylError;
}

/** One case through the server's read path: what a connection would see, or the unexpected error. */
function readCase(c: FuzzCase): { outcomes: string[]; unexpected: unknown } {
  const reader = new FrameReader({ direction: 'request', supportedVersions: [4, 5], maxBodyBytes: MAX_BODY });
  const framing = new ConnectionFraming(reader, MAX_BODY);
  const outcomes: string[] = [];
  try {
    if (c.segmented && c.random === null) {
      // A v5 connection after STARTUP: segments, the damage inside or around them.
      framing.startAfterStartup(5, c.mutations.length % 2 === 0 ? 'none' : 'lz4');
      const clean = encodeSegments(encodeFrame(seeds[c.seed]!, 5, Math.max(0, c.stream)), c.mutations.length % 2 === 0 ? 'none' : 'lz4');
      framing.receive(mutate(clean, c.mutations, c.headerBias));
    } else {
      framing.receive(bytesOf(c));
    }
    for (let i = 0; i < 10; i++) {
      const next: ReturnType<ConnectionFraming['next']> = framing.next();
      if (next === null) break;
      outcomes.push(next.kind);
      if (next.kind !== 'envelope') break;
      try {
        decodeRequest(framing.inflate((next as Extract<FrameReadResult, { kind: 'envelope' }>).envelope));
        outcomes.push('decoded');
      } catch (error) {
        if (!isExpected(error)) return { outcomes, unexpected: error };
        outcomes.push((error as Error).name);
      }
    }
  } catch (error) {
    return { outcomes, unexpected: error };
  }
  return { outcomes, unexpected: null };
}

describe('protocol fuzz: the read path, in process', () => {
  it('100,000 mutated, truncated, oversized and random frames: only protocol errors, never a crash', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fuzzCase, (c) => {
        const { outcomes, unexpected } = readCase(c);
        if (unexpected !== null) throw new Error(`${(unexpected as Error).name}: ${(unexpected as Error).message} after ${outcomes.join(',')}\n${(unexpected as Error).stack}`);
        const key = outcomes[0] ?? 'waiting';
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }),
      { numRuns: 100_000, seed: 20261206 },
    );
    // The cases reach every outcome, not only the first check of the header.
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining(['corrupt', 'envelope', 'header-error', 'waiting']));
  }, 120_000);
});

describe('protocol fuzz: over sockets, against a node', () => {
  let dir: string;
  let db: Database;
  let server: NativeServer;
  let port: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-fuzz-'));
    db = await Database.open({ dataDir: dir, threads: 1 });
    await db.execute("CREATE KEYSPACE fuzz WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await db.execute('CREATE TABLE fuzz.t (k blob PRIMARY KEY, v blob)');
    server = new NativeServer(new DatabaseBackend(db), { host: '127.0.0.1', port: 0, maxFrameBodyBytes: MAX_BODY });
    port = (await server.listen()).port;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function readyClient(): Promise<RawClient> {
    const client = await RawClient.connect(port);
    client.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) });
    expect((await client.next()).response.kind).toBe('ready');
    return client;
  }

  it('1,500 cases: each is answered, closes its connection or waits; a healthy connection is served throughout', async () => {
    const healthy = await readyClient();
    const cases = fc.sample(fuzzCase, { numRuns: 1500, seed: 42 }).filter((c) => !c.segmented);
    let client = await readyClient();
    const outcomes = { answered: 0, closed: 0, waiting: 0 };
    let closedByServer = false;
    client.closed.then(() => (closedByServer = true));
    for (let i = 0; i < cases.length; i++) {
      client.sendRaw(bytesOf(cases[i]!));
      // An OPTIONS after it: answered if the connection still frames, else the fuzzed frame
      // swallowed it (a length past what was sent) or the server closed the connection.
      client.sendRaw(encodeFrame({ kind: 'options' }, 4, 32000));
      const settled = await Promise.race([
        client.next(150).then(
          () => 'answered' as const,
          () => (closedByServer ? ('closed' as const) : ('waiting' as const)),
        ),
        client.closed.then(() => 'closed' as const),
      ]);
      outcomes[settled]++;
      if (settled !== 'answered') {
        client.close();
        client = await readyClient();
        closedByServer = false;
        client.closed.then(() => (closedByServer = true));
      } else {
        // Drain what else the frame produced (an error and the SUPPORTED, in either order).
        while (client.pending > 0) await client.next();
      }
      if (i % 100 === 0) {
        healthy.send({ kind: 'query', query: 'SELECT release_version FROM system.local', parameters: plainQueryParameters('ONE') }, 1);
        const { response } = await healthy.next(5000);
        expect(response.kind).toBe('result');
      }
    }
    client.close();
    healthy.close();
    // Both main outcomes happen often (the mutations reach past the header checks); waiting is
    // rare, as most lengths past what was sent are also past the cap.
    expect(Math.min(outcomes.answered, outcomes.closed), JSON.stringify(outcomes)).toBeGreaterThan(cases.length / 10);
    // Every connection the fuzz opened is released once its client is gone.
    const deadline = Date.now() + 5000;
    while (server.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.connections.size).toBe(0);
  }, 240_000);
});
