#!/usr/bin/env -S node --max-semi-space-size=32 --min-semi-space-size=16
/**
 * The `sibyl` command. Subcommands grow with each part of the system:
 *   start [--data DIR] [--nodes N] [--rows N] [--port P] [--admin-port P] [--auth]  run an in-process
 *                                            cluster serving CQL (native protocol) on <each node's address>:P;
 *                                            --auth: PasswordAuthenticator + CassandraAuthorizer
 *         [--datacenters dc1:3,dc2:3] [--dashboard-port P] [--dashboard-host H] [--dashboard-token T]
 *         [--no-dashboard]                   nodes over datacenters; the live dashboard (default 127.0.0.1:8888)
 *   start --engine [--data DIR] [--rows N]   the embedded storage engine demo (one node, no cluster)
 *   nodetool [-h HOST] [-p PORT] <command>   Cassandra's nodetool against a running cluster
 *   sstabledump <sstable-dir> <generation>   print one SSTable as JSON
 *   shell [--data DIR] [-e STATEMENTS] [-f FILE]  the cqlsh-like shell over an embedded database
 *   stress <command> [params] [-group params]   cassandra-stress: load and latency of any Cassandra-compatible cluster
 * Each subcommand's modules are loaded only when it runs, so `sibyl nodetool` starts quickly.
 */

import path from 'node:path';
import { parseArgs } from 'node:util';
import { DASHBOARD_PORT_DEFAULT } from '../dashboard/dashboard-port.js';
import { parseDatacenterLayout } from './datacenter-layout.js';

const usage = `usage: sibyl <command>
  start [--data DIR] [--nodes N] [--rows N] [--port P] [--admin-port P] [--auth]
                                            run a cluster of N nodes (default 3) in this process,
                                            serving CQL on 127.0.0.i:P (default 9042); --auth asks
                                            clients to log in (cassandra/cassandra at first) and
                                            checks permissions
        [--datacenters dc1:3,dc2:3]         nodes over datacenters (name:nodes[:racks],...)
        [--dashboard-port P] [--dashboard-host H] [--dashboard-token T] [--no-dashboard]
                                            the live dashboard, default http://127.0.0.1:8888
                                            (actions need the token it prints)
  start --engine [--data DIR] [--rows N]    run the embedded storage engine demo
  nodetool [-h HOST] [-p PORT] <command>    Cassandra's nodetool (sibyl nodetool help)
  sstabledump <sstable-dir> <generation>    print one SSTable as JSON
  shell [--data DIR] [-e CQL] [-f FILE]     the cqlsh-like shell over an embedded database
  shell --host HOST [--port P] [-u U -p P]  the same over the CQL native protocol (any Cassandra)
  stress write|read|mixed|user|ycsb ...     cassandra-stress: load a cluster, measure latency
                                            (sibyl stress help)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { values } = parseArgs({
        args: rest,
        options: {
          data: { type: 'string', default: './data' },
          rows: { type: 'string' },
          nodes: { type: 'string', default: '3' },
          port: { type: 'string', default: '9042' },
          'admin-port': { type: 'string', default: '7199' },
          engine: { type: 'boolean', default: false },
          auth: { type: 'boolean', default: false },
          datacenters: { type: 'string' },
          'dashboard-port': { type: 'string', default: String(DASHBOARD_PORT_DEFAULT) },
          'dashboard-host': { type: 'string', default: '127.0.0.1' },
          'dashboard-token': { type: 'string' },
          'no-dashboard': { type: 'boolean', default: false },
        },
      });
      const demo = await import('./start-demo.js');
      if (values.engine) {
        await demo.runStartDemo(path.resolve(values.data), Number(values.rows ?? 200_000));
        return 0;
      }
      return demo.runClusterDemo({
        dataDir: path.resolve(values.data),
        nodes: Number(values.nodes),
        rows: Number(values.rows ?? 20_000),
        nativePort: Number(values.port),
        adminPort: Number(values['admin-port']),
        auth: values.auth,
        ...(values.datacenters === undefined ? {} : { datacenters: parseDatacenterLayout(values.datacenters) }),
        dashboard: values['no-dashboard']
          ? null
          : { host: values['dashboard-host'], port: portOption('--dashboard-port', values['dashboard-port']), token: values['dashboard-token'] ?? null },
      });
    }
    case 'nodetool': {
      const { runNodetool } = await import('./nodetool/nodetool.js');
      return runNodetool(rest, { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text) });
    }
    case 'sstabledump': {
      const [directory, generation] = rest;
      if (directory === undefined || generation === undefined) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      const { NodeStoragePort } = await import('../lib/node-storage-port.js');
      const { dumpSSTable } = await import('../storage/sstable/sstable-dump.js');
      const dump = dumpSSTable(new NodeStoragePort(), { directory: path.resolve(directory), generation: Number(generation) });
      process.stdout.write(`${JSON.stringify(dump, null, 2)}\n`);
      return 0;
    }
    case 'shell': {
      const { runShell } = await import('./shell/run-shell.js');
      return runShell(rest);
    }
    case 'stress': {
      const { runStress } = await import('./stress/run-stress.js');
      return runStress(rest, { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text), isTTY: process.stdout.isTTY === true });
    }
    default:
      process.stderr.write(`${usage}\n`);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}

function portOption(name: string, text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name} must be 0 to 65535, not ${text}`);
  return port;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Output to a pipe is written asynchronously: exit once it is out, not before.
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`sibyl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
