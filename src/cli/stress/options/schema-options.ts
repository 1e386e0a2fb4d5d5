/**
 * `-schema replication(factor=3) keyspace=ks`, or `replication(strategy=NetworkTopologyStrategy,
 * dc1=3)`: how the default keyspace is created when missing, as cassandra-stress creates it.
 */

import { OptionGroup } from './option-group.js';
import type { OptionParam } from './option-tokens.js';
import { parsePositiveCount } from './option-numbers.js';
import type { SchemaSettings } from './stress-settings.js';
import { StressUsageError } from './stress-usage-error.js';

const STRATEGY_DEFAULT = 'SimpleStrategy';

export function parseSchemaOptions(params: readonly OptionParam[] | undefined): SchemaSettings {
  const group = new OptionGroup('-schema', params ?? []);
  const keyspace = group.value('keyspace') ?? null;
  if (keyspace !== null && !/^\w{1,48}$/.test(keyspace)) throw new StressUsageError(`-schema keyspace=${keyspace} is not a keyspace name`);
  const replication = group.args('replication') ?? [];
  group.finish();
  let strategy = STRATEGY_DEFAULT;
  const options = new Map<string, string>();
  for (const param of replication) {
    if (param.value === null) throw new StressUsageError(`-schema replication(...) takes name=value items, not '${param.name}'`);
    if (param.name === 'strategy') strategy = param.value;
    else if (param.name === 'factor' || param.name === 'replication_factor') options.set('replication_factor', String(parsePositiveCount(param.value, 'replication factor')));
    else options.set(param.name, String(parsePositiveCount(param.value, `replication factor of ${param.name}`)));
  }
  if (!/^[\w.]+$/.test(strategy)) throw new StressUsageError(`-schema replication strategy '${strategy}' is not a class name`);
  if (options.size === 0) options.set('replication_factor', '1');
  return { keyspace, replicationStrategy: strategy, replicationOptions: options };
}
