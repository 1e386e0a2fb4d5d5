/**
 * `sibyl start --datacenters dc1:3,dc2:3[:racks]`: the cluster's datacenters as names with
 * node counts (and optionally racks each, nodes spread over them round robin), in the order
 * their nodes take addresses (dc1 127.0.0.1-3, dc2 127.0.0.4-6).
 */

import type { DatacenterLayout } from '../cluster/node/cluster.js';

const DATACENTER_NAME = /^[A-Za-z0-9_-]{1,48}$/;

export function parseDatacenterLayout(text: string): DatacenterLayout[] {
  const layout = text.split(',').map((part) => {
    const [name = '', nodes, racks, ...rest] = part.trim().split(':');
    const count = Number(nodes);
    const rackCount = racks === undefined ? 1 : Number(racks);
    if (!DATACENTER_NAME.test(name) || rest.length > 0 || !Number.isInteger(count) || count < 1 || !Number.isInteger(rackCount) || rackCount < 1 || rackCount > count) {
      throw new Error(`--datacenters takes name:nodes[:racks],... such as dc1:3,dc2:3 (not ${JSON.stringify(part)})`);
    }
    return racks === undefined ? { name, nodes: count } : { name, nodes: count, racks: rackCount };
  });
  const names = layout.map((dc) => dc.name);
  if (new Set(names).size !== names.length) throw new Error(`--datacenters names a datacenter twice: ${names.join(', ')}`);
  const total = layout.reduce((n, dc) => n + dc.nodes, 0);
  if (total > 250) throw new Error(`--datacenters asks for ${total} nodes; at most 250 fit on 127.0.0.x`);
  return layout;
}
