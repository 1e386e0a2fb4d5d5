/**
 * The node tool's actions on the answering node's storage (StorageServiceMBean's
 * forceKeyspaceFlush, forceKeyspaceCompaction, takeSnapshot, clearSnapshot, drain):
 *
 *   flush                        every memtable to SSTables
 *   compact                      flush, then every table of every range into one SSTable
 *   snapshot [-t name]           hard links of every live SSTable under snapshots/<name>
 *   clearsnapshot -t name|--all  removes snapshots
 *   listsnapshots                names the snapshots
 *   drain                        stops gossip (peers see it down at once) and messaging, then
 *                                flushes; the node serves nothing until it is restarted
 *
 * The engine flushes, compacts and snapshots all its tables at once; a keyspace or table named
 * after flush or compact is checked to exist, and the whole node is done.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { ClusterNode } from '../node/cluster-node.js';
import { parseArgs } from './command-args.js';
import { NodetoolUsageError, type NodetoolContext, type NodetoolMessage } from './nodetool-command.js';

const DONE: NodetoolMessage = { message: '' };

/** Refuses a keyspace or table the node does not know, as nodetool flush/compact would. */
function checkTables(node: ClusterNode, command: string, args: readonly string[]): void {
  const { positional } = parseArgs(command, args, {});
  const [keyspace, ...tables] = positional;
  if (keyspace === undefined) return;
  const schema = node.catalog.schema;
  if (schema.keyspace(keyspace) === undefined) throw new InvalidRequestError(`Keyspace [${keyspace}] does not exist.`);
  for (const table of tables) if (schema.table(keyspace, table) === undefined) throw new InvalidRequestError(`Unknown table '${table}' in keyspace '${keyspace}'`);
}

export async function flush(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  checkTables(node, 'flush', args);
  await node.engine.flush();
  return DONE;
}

export async function compact(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  checkTables(node, 'compact', args);
  await node.engine.compact();
  return DONE;
}

export async function snapshot(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  const parsed = parseArgs('snapshot', args, { options: [['-t', '--tag']] });
  if (parsed.positional.length > 0) throw new NodetoolUsageError('snapshot covers every keyspace of the node; name none');
  const name = parsed.options.get('-t') ?? String(Date.now());
  const files = await node.engine.snapshot(name);
  return {
    message: [
      `Requested creating snapshot(s) for [all keyspaces] with snapshot name [${name}] and options {skipFlush=false}`,
      `Snapshot directory: ${name}`,
      `(${files} files linked)`,
    ].join('\n'),
  };
}

export async function clearsnapshot(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  const parsed = parseArgs('clearsnapshot', args, { options: [['-t', '--tag']], flags: [['--all']] });
  if (parsed.positional.length > 0) throw new NodetoolUsageError('clearsnapshot covers every keyspace of the node; name none');
  const name = parsed.options.get('-t');
  const all = parsed.flags.has('--all');
  if (name !== undefined && all) throw new NodetoolUsageError('Specify only one of snapshot name or --all');
  if (name === undefined && !all) throw new NodetoolUsageError('Specify snapshot name or --all');
  const names = all ? node.engine.listSnapshots() : [name!];
  for (const each of names) node.engine.clearSnapshot(each);
  return { message: `Requested clearing snapshot(s) for [all keyspaces] with ${all ? '[all snapshots]' : `snapshot name [${name}]`}` };
}

export async function listsnapshots(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length > 0) throw new NodetoolUsageError('listsnapshots takes no arguments');
  const names = node.engine.listSnapshots();
  return { message: names.length === 0 ? 'There are no snapshots' : ['Snapshot Details:', ...names.map((n) => `  ${n}`)].join('\n') };
}

export async function drain(args: readonly string[], { node, state }: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length > 0) throw new NodetoolUsageError('drain takes no arguments');
  if (state.drained) return DONE;
  state.drained = true;
  node.gossiper.stop();
  // The shutdown message goes out on a later turn; closing at once would lose it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  node.messaging.close();
  await node.engine.flush();
  return DONE;
}
