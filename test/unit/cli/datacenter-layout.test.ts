/**
 * `sibyl start --datacenters`: name:nodes[:racks] per datacenter, in address order; bad
 * shapes, repeated names and more nodes than loopback addresses are refused with the syntax.
 */

import { describe, expect, it } from 'vitest';
import { parseDatacenterLayout } from '../../../src/cli/datacenter-layout.js';

describe('parseDatacenterLayout', () => {
  it('reads datacenters with node counts and optional racks', () => {
    expect(parseDatacenterLayout('dc1:3,dc2:3')).toEqual([
      { name: 'dc1', nodes: 3 },
      { name: 'dc2', nodes: 3 },
    ]);
    expect(parseDatacenterLayout(' east:4:2 ')).toEqual([{ name: 'east', nodes: 4, racks: 2 }]);
  });

  it('refuses what is not a layout', () => {
    for (const bad of ['', 'dc1', 'dc1:0', 'dc1:x', 'dc1:2:3', 'dc1:3:1:1', 'd c:1', 'dc1:1,dc1:2', 'a:200,b:51']) {
      expect(() => parseDatacenterLayout(bad), bad).toThrow(/--datacenters/);
    }
  });
});
