/**
 * `-mode native` (the default: the DataStax driver to `-node`) or `-mode embedded [nodes=N]
 * [data=DIR]` (Database.open in this process: the same statements without the network).
 */

import { OptionGroup } from './option-group.js';
import type { OptionParam } from './option-tokens.js';
import { parsePositiveCount } from './option-numbers.js';
import type { ModeSettings } from './stress-settings.js';
import { StressUsageError } from './stress-usage-error.js';

/** In-process clusters beyond this are not a load test of anything useful on one machine. */
const EMBEDDED_NODES_MAX = 16;

export function parseModeOptions(params: readonly OptionParam[] | undefined): ModeSettings {
  if (params === undefined) return { kind: 'native' };
  const group = new OptionGroup('-mode', params);
  const embedded = group.flag('embedded');
  const native = group.flag('native');
  group.flag('cql3'); // cassandra-stress's `-mode native cql3`: the only protocol there is.
  const nodes = group.value('nodes');
  const data = group.value('data');
  group.finish();
  if (embedded && native) throw new StressUsageError('-mode is embedded or native, not both');
  if (!embedded) {
    if (nodes !== undefined || data !== undefined) throw new StressUsageError('-mode nodes= and data= go with embedded');
    return { kind: 'native' };
  }
  const count = nodes === undefined ? 1 : parsePositiveCount(nodes, '-mode nodes');
  if (count > EMBEDDED_NODES_MAX) throw new StressUsageError(`-mode embedded nodes= is at most ${EMBEDDED_NODES_MAX}`);
  return { kind: 'embedded', nodes: count, dataDir: data ?? null };
}
