/**
 * Stopping and starting nodes of the in-process cluster, and cutting the network between them,
 * through any running node's admin server (tests and demos; a real cluster has no such thing):
 *
 *   stopdaemon                    stops the answering node, after its reply has left
 *   stopnode <host> [--crash]     stops a node: gracefully (peers hear it shut down) or as a
 *                                 crash (no flush; peers find out by their failure detectors)
 *   startnode <host>              starts a stopped node again (it replays its commit log)
 *   cut <hostA> <hostB>           drops every message between the two, both ways
 *   heal [<hostA> <hostB>]        restores that link, or every cut link
 */

import { parseArgs } from './command-args.js';
import { NodetoolUsageError, type NodetoolContext, type NodetoolMessage } from './nodetool-command.js';

function knownHost(context: NodetoolContext, host: string | undefined, command: string): string {
  if (host === undefined) throw new NodetoolUsageError(`${command} needs a node address`);
  if (!context.cluster.hosts().includes(host)) {
    throw new NodetoolUsageError(`${command}: no node ${host} in this cluster (nodes: ${context.cluster.hosts().join(', ')})`);
  }
  return host;
}

export async function stopdaemon(args: readonly string[], context: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length > 0) throw new NodetoolUsageError('stopdaemon takes no arguments');
  const host = context.node.host;
  context.afterReply(() => context.cluster.stopNode(host));
  return { message: '' };
}

export async function stopnode(args: readonly string[], context: NodetoolContext): Promise<NodetoolMessage> {
  const parsed = parseArgs('stopnode', args, { flags: [['--crash']] });
  if (parsed.positional.length !== 1) throw new NodetoolUsageError('stopnode takes one node address, and --crash to skip the flush');
  const host = knownHost(context, parsed.positional[0], 'stopnode');
  const graceful = !parsed.flags.has('--crash');
  const how = graceful ? 'stopped' : 'crashed';
  if (!context.cluster.isRunning(host)) return { message: `${host} is already stopped` };
  // The answering node stops only once its reply is out; another stops before the reply.
  if (host === context.node.host) context.afterReply(() => context.cluster.stopNode(host, { graceful }));
  else await context.cluster.stopNode(host, { graceful });
  return { message: `${host} ${how}` };
}

export async function startnode(args: readonly string[], context: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length !== 1) throw new NodetoolUsageError('startnode takes one node address');
  const host = knownHost(context, args[0], 'startnode');
  if (context.cluster.isRunning(host)) return { message: `${host} is already running` };
  await context.cluster.restartNode(host);
  return { message: `${host} started` };
}

export async function cut(args: readonly string[], context: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length !== 2) throw new NodetoolUsageError('cut takes two node addresses');
  const a = knownHost(context, args[0], 'cut');
  const b = knownHost(context, args[1], 'cut');
  if (a === b) throw new NodetoolUsageError('cut needs two different nodes');
  context.cluster.partition([a], [b]);
  return { message: `cut ${a} <-> ${b}` };
}

export async function heal(args: readonly string[], context: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length === 0) {
    const links = context.cluster.cutLinks();
    context.cluster.heal();
    return { message: links.length === 0 ? 'no link was cut' : `healed ${links.length} link${links.length === 1 ? '' : 's'}` };
  }
  if (args.length !== 2) throw new NodetoolUsageError('heal takes two node addresses, or none to heal every link');
  const a = knownHost(context, args[0], 'heal');
  const b = knownHost(context, args[1], 'heal');
  context.cluster.heal([a], [b]);
  return { message: `healed ${a} <-> ${b}` };
}
