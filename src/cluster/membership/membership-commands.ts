/**
 * The node tool's membership commands, registered by the node under their names:
 *
 *   nodetool decommission            this node leaves the ring, streams its data out, stops
 *   nodetool removenode <hostId>     this node removes a dead one, re-replicating its ranges
 *   nodetool removenode status       the removal under way here, if any, and the hosts that
 *                                    have still to confirm their copies
 *   nodetool removenode force        completes a removal that will not finish (remove-node.ts)
 *
 * Typed by shape (as repair-command.ts) so membership/ does not depend on the admin server.
 * Wrong arguments are an InvalidRequestError, which the admin server answers with 400.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { MembershipService } from './membership-service.js';
import type { RemovalSummary } from './remove-node.js';

export interface MembershipCommandContext {
  readonly node: { readonly membership: MembershipService; readonly host: string };
  /** Runs `task` once the reply has left. */
  afterReply(task: () => Promise<void>): void;
}

export async function decommissionCommand(args: readonly string[], context: MembershipCommandContext): Promise<{ message: string }> {
  if (args.length > 0) throw new InvalidRequestError('usage: nodetool decommission');
  const streams = await context.node.membership.leave();
  // The node stops once the reply is out, as Cassandra's decommissioned node goes quiet.
  context.afterReply(() => context.node.membership.afterLeaving());
  const partitions = streams.reduce((n, s) => n + s.partitions, 0);
  return { message: `Decommissioned ${context.node.host}: ${partitions} partitions streamed to ${new Set(streams.map((s) => s.peer)).size} nodes` };
}

export async function removenodeCommand(args: readonly string[], context: MembershipCommandContext): Promise<{ message: string } | RemovalSummary> {
  if (args.length !== 1) throw new InvalidRequestError('usage: nodetool removenode <hostId> | status | force');
  const [argument] = args as [string];
  if (argument === 'status') return { message: context.node.membership.removalStatus() };
  if (argument === 'force') return { message: await context.node.membership.forceRemoveCompletion() };
  return context.node.membership.removeNode(argument);
}
