/**
 * `sibyl nodetool [-h host] [-p port] <command> [args]`: Cassandra's nodetool for a running
 * Sibyl cluster, in this process or another. Each command is one request to the admin server
 * of the node named by -h (src/cluster/admin); the answer is printed as Cassandra's nodetool
 * prints it. Exit codes as Cassandra's: 0 done, 1 failed (unreachable node, refused command),
 * and 1 for a usage error too, after saying how to get help.
 */

import { ADMIN_PORT_DEFAULT } from '../../cluster/admin/admin-port.js';
import type { DescribeClusterResult, DescribeRingResult, InfoResult, RingResult, StatusResult, TableStatsResult, ThreadPoolStatsResult } from '../../cluster/admin/nodetool-results.js';
import { formatInfo, formatTableStats, formatThreadPoolStats } from './format-node-stats.js';
import { formatDescribeCluster, formatDescribeRing, formatRing, formatStatus } from './format-ring.js';
import { NodetoolConnectError, NodetoolRemoteError, postCommand } from './nodetool-client.js';
import { NODETOOL_USAGE } from './nodetool-usage.js';

export interface NodetoolIo {
  out(text: string): void;
  err(text: string): void;
}

interface Invocation {
  readonly host: string;
  readonly port: number;
  readonly command: string | undefined;
  readonly args: readonly string[];
}

/** Takes -h/--host and -p/--port wherever they are; the first other word is the command. */
function parseInvocation(argv: readonly string[]): Invocation | string {
  let host = '127.0.0.1';
  let port = ADMIN_PORT_DEFAULT;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '-h' || word === '--host' || word === '-p' || word === '--port') {
      const value = argv[++i];
      if (value === undefined) return `${word} needs a value`;
      if (word === '-h' || word === '--host') host = value;
      else {
        port = Number(value);
        if (!Number.isInteger(port) || port < 1 || port > 65535) return `bad port ${value}`;
      }
    } else rest.push(word);
  }
  const [command, ...args] = rest;
  return { host, port, command, args };
}

/** The text to print for a command's result. */
function formatResult(command: string, args: readonly string[], result: unknown): string[] {
  switch (command) {
    case 'status':
      return formatStatus(result as StatusResult);
    case 'ring':
      return formatRing(result as RingResult);
    case 'describering':
      return formatDescribeRing(result as DescribeRingResult);
    case 'describecluster':
      return formatDescribeCluster(result as DescribeClusterResult);
    case 'info':
      return formatInfo(result as InfoResult, args.includes('-T') || args.includes('--tokens'));
    case 'tablestats':
    case 'cfstats':
      return formatTableStats(result as TableStatsResult);
    case 'tpstats':
      return formatThreadPoolStats(result as ThreadPoolStatsResult);
    default: {
      // Actions and commands other services provide answer { message }; print anything else as JSON.
      const message = (result as { message?: unknown } | null)?.message;
      if (typeof message === 'string') return message === '' ? [] : message.split('\n');
      return result === undefined || result === null ? [] : JSON.stringify(result, null, 2).split('\n');
    }
  }
}

export async function runNodetool(argv: readonly string[], io: NodetoolIo): Promise<number> {
  const invocation = parseInvocation(argv);
  if (typeof invocation === 'string') {
    io.err(`nodetool: ${invocation}\nSee 'nodetool help' or 'nodetool help <command>'.\n`);
    return 1;
  }
  const { host, port, command, args } = invocation;
  if (command === undefined || command === 'help' || command === '--help') {
    io.out(`${NODETOOL_USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  try {
    const result = await postCommand(host, port, command, args);
    const lines = formatResult(command, args, result);
    if (lines.length > 0) io.out(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof NodetoolConnectError) io.err(`nodetool: ${error.message}\n`);
    else if (error instanceof NodetoolRemoteError && error.status === 404) io.err(`nodetool: ${error.message}\nSee 'nodetool help' or 'nodetool help <command>'.\n`);
    else io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
