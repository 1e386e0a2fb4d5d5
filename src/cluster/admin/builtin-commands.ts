/**
 * Every node tool command a node answers, on one table (Cassandra's NodeTool command list),
 * and how a request finds its handler: a built-in command, else one a service registered on
 * the node (AdminPlugins), else, for the commands Cassandra has that other services will
 * provide, "not available yet" (501), else unknown (404).
 */

import type { ClusterNode } from '../node/cluster-node.js';
import { cleanup } from './cleanup-command.js';
import { cut, heal, startnode, stopdaemon, stopnode } from './cluster-control-commands.js';
import { assassinate, getseeds, gossipinfo, reloadseeds } from './gossip-commands.js';
import { info, tablestats, tpstats, version } from './node-stats-commands.js';
import { NodetoolUnavailableError, type NodetoolHandler } from './nodetool-command.js';
import { describecluster, describering, ring, status } from './ring-commands.js';
import { clearsnapshot, compact, drain, flush, listsnapshots, snapshot } from './storage-commands.js';

export const BUILTIN_COMMANDS: ReadonlyMap<string, NodetoolHandler> = new Map<string, NodetoolHandler>([
  ['status', status],
  ['ring', ring],
  ['describering', describering],
  ['describecluster', describecluster],
  ['info', info],
  ['version', version],
  ['tablestats', tablestats],
  ['cfstats', tablestats], // the name before Cassandra 4
  ['tpstats', tpstats],
  ['flush', flush],
  ['compact', compact],
  ['snapshot', snapshot],
  ['clearsnapshot', clearsnapshot],
  ['listsnapshots', listsnapshots],
  ['drain', drain],
  ['cleanup', cleanup],
  ['assassinate', assassinate],
  ['gossipinfo', gossipinfo],
  ['getseeds', getseeds],
  ['reloadseeds', reloadseeds],
  ['stopdaemon', stopdaemon],
  ['stopnode', stopnode],
  ['startnode', startnode],
  ['cut', cut],
  ['heal', heal],
]);

/** Commands other services of the node provide by registering a handler (AdminPlugins). */
export const PLUGGABLE_COMMANDS: ReadonlySet<string> = new Set(['repair', 'decommission', 'removenode', 'bootstrap', 'rebuild', 'move', 'netstats']);

/** The handler of `command` on `node`, or undefined if there is no such command. */
export function lookupHandler(node: ClusterNode, command: string): NodetoolHandler | undefined {
  const handler = BUILTIN_COMMANDS.get(command) ?? node.admin.command(command);
  if (handler !== undefined || !PLUGGABLE_COMMANDS.has(command)) return handler;
  return () => Promise.reject(NodetoolUnavailableError.noHandler(command));
}
