/**
 * `nodetool repair [-pr] [-full] [keyspace [table ...]]` on the node whose admin server takes
 * it: the node runs the repair as coordinator and answers its summary. Registered by the node
 * under the name `repair` (ClusterNode's admin plugins); typed by shape so this folder does not
 * depend on the admin server's.
 */

import { parseRepairArgs, type RepairOptions } from './repair-options.js';
import type { RepairSummary } from './repair-summary.js';

export interface RepairCommandContext {
  readonly node: { repair(options: RepairOptions): Promise<RepairSummary> };
}

export function repairCommand(args: readonly string[], context: RepairCommandContext): Promise<RepairSummary> {
  return context.node.repair(parseRepairArgs(args));
}
