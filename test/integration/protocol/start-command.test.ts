// `sibyl start` (dist/src/cli/main.js, so `npm run build` first) in a child process: it serves
// CQL on every node's address and says where, the real driver connects with what it printed
// and reads the demo rows; a CQL port taken on one node fails the start loudly.

import cassandra from 'cassandra-driver';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { eventually } from './driver-cluster.js';

const CLI = path.resolve('dist/src/cli/main.js');
const PORT = 19414;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function start(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-start-'));
  const child = spawn(process.execPath, [CLI, 'start', '--data', dir, '--admin-port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { child, out: () => output, exited };
}

it('serves CQL on each node, prints where and how to connect, and stops on Ctrl-C', async () => {
  const { child, out, exited } = start(['--rows', '50', '--port', String(PORT)]);
  await eventually(() => out().includes('Ctrl-C stops'), 45_000);
  const servers = [1, 2, 3].map((i) => `127.0.0.${i}:${PORT}`);
  expect(out()).toContain(`CQL (native protocol v4) on ${servers.join(', ')}`);
  expect(out()).toContain(`protocolOptions: { port: ${PORT} }`);
  const client = new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1', keyspace: 'demo', protocolOptions: { port: PORT } });
  try {
    const row = (await client.execute('SELECT * FROM events WHERE id = ?', [42], { prepare: true })).first();
    expect(row['payload']).toBe('event 42');
    expect(client.hosts.length).toBe(3);
  } finally {
    await client.shutdown();
  }
  child.kill('SIGINT');
  expect(await exited).toBe(0);
}, 60_000);

it('fails loudly when the CQL port is taken on one of the nodes', async () => {
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(PORT + 100, '127.0.0.2', resolve));
  cleanups.push(() => new Promise((resolve) => holder.close(() => resolve())));
  const { out, exited } = start(['--rows', '0', '--port', String(PORT + 100)]);
  expect(await exited).toBe(1);
  expect(out()).toContain(`sibyl: cannot serve CQL on 127.0.0.2:${PORT + 100} (EADDRINUSE)`);
  // Refused before any node started.
  expect(out()).not.toContain('starting a cluster');
}, 60_000);
