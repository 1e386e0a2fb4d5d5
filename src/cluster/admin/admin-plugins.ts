/**
 * What other parts of a node add to its node tool and metrics, without the admin server
 * knowing them: node tool commands by name (repair, decommission and removenode come from
 * their own services; until one registers, the command answers "not available yet"), and
 * metric collectors read at every scrape (hints, streaming...). It lives on the ClusterNode,
 * so what a service registers while its node starts is there for that node's admin server.
 */

import { assert } from '../../lib/assert.js';
import type { MetricFamily } from '../metrics/metric-family.js';
import type { NodetoolHandler } from './nodetool-command.js';

/** Families to add to a scrape; the admin server puts the `node` label on each sample. */
export type MetricCollector = () => readonly MetricFamily[] | Promise<readonly MetricFamily[]>;

export class AdminPlugins {
  private readonly commands = new Map<string, NodetoolHandler>();
  private readonly collectors: MetricCollector[] = [];

  /** Serves `nodetool <command>` with `handler` (one handler per command). */
  registerCommand(command: string, handler: NodetoolHandler): void {
    assert(/^[a-z]+$/.test(command), `node tool command names are lower-case words: ${command}`);
    assert(!this.commands.has(command), `node tool command ${command} registered twice`);
    this.commands.set(command, handler);
  }

  command(command: string): NodetoolHandler | undefined {
    return this.commands.get(command);
  }

  registerCollector(collector: MetricCollector): void {
    this.collectors.push(collector);
  }

  async collect(): Promise<MetricFamily[]> {
    const families = await Promise.all(this.collectors.map((collect) => collect()));
    return families.flat();
  }
}
