/**
 * `-node 127.0.0.1,127.0.0.2 [datacenter=DC]` (contact points, the driver's local datacenter)
 * and `-port native=P`.
 */

import { OptionGroup } from './option-group.js';
import type { OptionParam } from './option-tokens.js';
import { parsePositiveCount } from './option-numbers.js';
import type { NodeSettings } from './stress-settings.js';
import { StressUsageError } from './stress-usage-error.js';

const NATIVE_PORT_DEFAULT = 9042;
const DATACENTER_DEFAULT = 'datacenter1';

export function parseNodeOptions(nodeParams: readonly OptionParam[] | undefined, portParams: readonly OptionParam[] | undefined): NodeSettings {
  const node = new OptionGroup('-node', nodeParams ?? []);
  const datacenter = node.value('datacenter') ?? DATACENTER_DEFAULT;
  const hosts = node.bareWords().flatMap((word) => word.split(',')).map((host) => host.trim()).filter((host) => host.length > 0);
  node.finish();
  if (nodeParams !== undefined && hosts.length === 0) throw new StressUsageError('-node needs at least one address (like -node 127.0.0.1,127.0.0.2)');
  const port = new OptionGroup('-port', portParams ?? []);
  const native = port.value('native');
  port.finish();
  const nativePort = native === undefined ? NATIVE_PORT_DEFAULT : parsePositiveCount(native, '-port native');
  if (nativePort > 65_535) throw new StressUsageError(`-port native=${native} is not a port`);
  return { hosts: hosts.length === 0 ? ['127.0.0.1'] : hosts, nativePort, datacenter };
}
