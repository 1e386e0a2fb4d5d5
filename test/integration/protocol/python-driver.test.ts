// The DataStax Python driver (Debian's python3-cassandra 3.25, the driver cqlsh is built on)
// against a 3-node Sibyl cluster: it negotiates its protocol version, discovers the three
// nodes, reads the schema, and runs DDL, prepared and simple DML, a batch, paging, a value
// larger than one v5 segment and a failing statement, with and without lz4 compression.
// .ci/run installs python3-cassandra and python3-lz4 with apt-get; on a machine without
// them the file is skipped, and says so.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDriverCluster, type DriverCluster } from './driver-cluster.js';
import { PYTHON, pythonDriverAvailable } from './python-driver-available.js';

const PORT = 19421;
const SCRIPT = path.join(import.meta.dirname, 'python', 'client-session.py');

const installed = pythonDriverAvailable('python-driver.test.ts');

interface Session {
  readonly protocol_version: number;
  readonly hosts: string[];
  readonly release: string[];
  readonly columns: string[];
  readonly partition_key: string[];
  readonly paged_rows: number;
  readonly pages: number;
  readonly ordered: boolean;
  readonly row: Record<string, unknown>;
  readonly batched: number;
  readonly big_round_trip: boolean;
  readonly error: { type: string; message: string } | null;
}

async function runSession(version: string, compression: 'lz4' | 'none'): Promise<Session> {
  const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, String(PORT), version, compression], { timeout: 90_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Session;
}

let cluster: DriverCluster;

describe.skipIf(!installed)('the Python driver', () => {
  beforeAll(async () => {
    cluster = await openDriverCluster(PORT);
  }, 60_000);
  afterAll(async () => cluster?.close());

  const cases: Array<[version: string, compression: 'lz4' | 'none', negotiated: number]> = [
    ['auto', 'none', 5],
    ['auto', 'lz4', 5],
    ['4', 'none', 4],
    ['4', 'lz4', 4],
  ];
  it.each(cases)('protocol %s, compression %s: a whole application session', async (version, compression, negotiated) => {
    const session = await runSession(version, compression);
    expect(session.protocol_version).toBe(negotiated);
    expect(session.hosts).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    expect(session.release).toEqual(['4.1.7']);
    expect(session.columns).toEqual(['k', 'c', 'd', 'l', 'm', 'u', 'v']);
    expect(session.partition_key).toEqual(['k']);
    expect(session).toMatchObject({ paged_rows: 250, pages: 7, ordered: true, batched: 3, big_round_trip: true });
    expect(session.row).toEqual({ v: `v7${'x'.repeat(7)}`, d: '12.345', u: '6b1d4a5e-0c2f-4d0e-9a3b-1f2e3d4c5b6a', l: [7, 8], m: { a: 7 } });
    expect(session.error).toEqual({ type: 'InvalidRequest', message: expect.stringContaining('code=2200 [Invalid query] message="unconfigured table missing"') });
  }, 120_000);
});
