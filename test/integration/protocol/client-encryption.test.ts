// Client encryption (Cassandra's client_encryption_options) with the real cassandra-driver: a
// 3-node cluster whose native servers speak TLS only. A client with the CA connects, finds
// the three nodes and runs statements; a plaintext client cannot connect; with
// require_client_auth a client without a certificate is refused and one with is served.
// The certificate is made here with openssl (a SAN for each node's loopback address).

import cassandra from 'cassandra-driver';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDriverCluster, rejectionOf, type DriverCluster } from './driver-cluster.js';

const PORT = 19422;
let certDir: string;
let cert: Buffer;
let key: Buffer;

beforeAll(() => {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sibyl-test',
    '-addext', 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.3',
    '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem'),
  ], { stdio: 'ignore' });
  cert = fs.readFileSync(path.join(certDir, 'cert.pem'));
  key = fs.readFileSync(path.join(certDir, 'key.pem'));
});

afterAll(() => fs.rmSync(certDir, { recursive: true, force: true }));

async function withCluster(requireClientAuth: boolean, work: (cluster: DriverCluster) => Promise<void>): Promise<void> {
  const cluster = await openDriverCluster(PORT, { native: { tls: { certificate: cert, privateKey: key, ca: cert, requireClientAuth } } });
  try {
    await work(cluster);
  } finally {
    await cluster.close();
  }
}

describe('client encryption', () => {
  it('serves TLS clients that trust its CA, on every node, and refuses plaintext ones', async () => {
    await withCluster(false, async (cluster) => {
      const client = await cluster.client({ sslOptions: { ca: [cert] } });
      expect(client.hosts.values().map((h) => h.address).sort()).toEqual([1, 2, 3].map((i) => `127.0.0.${i}:${PORT}`));
      await client.execute("CREATE KEYSPACE tls WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
      await client.execute('CREATE TABLE tls.t (k int PRIMARY KEY, v text)');
      await client.execute('INSERT INTO tls.t (k, v) VALUES (?, ?)', [1, 'secret'], { prepare: true, consistency: cassandra.types.consistencies.quorum });
      const rs = await client.execute('SELECT v FROM tls.t WHERE k = 1', [], { consistency: cassandra.types.consistencies.all });
      expect(rs.first()!['v']).toBe('secret');
      const error = await rejectionOf(cluster.client({ socketOptions: { connectTimeout: 2000, readTimeout: 2000 } }));
      expect(error.name).toBe('NoHostAvailableError');
    });
  }, 90_000);

  it('with require_client_auth: refuses a client without a certificate, serves one with', async () => {
    await withCluster(true, async (cluster) => {
      const error = await rejectionOf(cluster.client({ sslOptions: { ca: [cert] } }));
      expect(error.name).toBe('NoHostAvailableError');
      const client = await cluster.client({ sslOptions: { ca: [cert], cert, key } });
      const rs = await client.execute('SELECT release_version FROM system.local');
      expect(rs.first()!['release_version']).toBe('4.1.7');
    });
  }, 90_000);
});
