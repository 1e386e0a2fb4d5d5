/**
 * Text for the ring commands, laid out as Cassandra 4.1's nodetool prints them (Status.java,
 * Ring.java, DescribeRing.java, DescribeCluster.java), so eyes and scripts used to those read
 * these the same way.
 */

import type { DescribeClusterResult, DescribeRingResult, NodeState, RingResult, StatusResult } from '../../cluster/admin/nodetool-results.js';
import { fileSize, percent } from './number-formats.js';
import { textTable } from './text-table.js';

const STATE_LETTER: Readonly<Record<NodeState, string>> = { normal: 'N', leaving: 'L', joining: 'J', moving: 'M' };
const STATE_WORD: Readonly<Record<NodeState, string>> = { normal: 'Normal', leaving: 'Leaving', joining: 'Joining', moving: 'Moving' };

function load(bytes: number | null): string {
  return bytes === null ? '?' : fileSize(bytes);
}

export function formatStatus(result: StatusResult): string[] {
  const lines: string[] = [];
  for (const dc of result.datacenters) {
    const title = `Datacenter: ${dc.name}`;
    lines.push(title, '='.repeat(title.length), 'Status=Up/Down', '|/ State=Normal/Leaving/Joining/Moving');
    const header = ['--', 'Address', 'Load', 'Tokens', result.effective ? 'Owns (effective)' : 'Owns', 'Host ID', 'Rack'];
    const rows = dc.nodes.map((n) => [
      `${n.up ? 'U' : 'D'}${STATE_LETTER[n.state]}`,
      n.address,
      load(n.loadBytes),
      String(n.tokens),
      percent(n.owns, 1),
      n.hostId,
      n.rack,
    ]);
    lines.push(...textTable([header, ...rows]), '');
  }
  if (result.note !== null) lines.push(`Note: ${result.note}`);
  return lines;
}

export function formatRing(result: RingResult): string[] {
  const lines: string[] = [];
  for (const dc of result.datacenters) {
    lines.push('', `Datacenter: ${dc.name}`, '==========');
    const header = ['Address', 'Rack', 'Status', 'State', 'Load', 'Owns', 'Token'];
    const last = dc.entries.at(-1)?.token ?? '';
    const rows = dc.entries.map((e) => [e.address, e.rack, e.up ? 'Up' : 'Down', STATE_WORD[e.state], load(e.loadBytes), percent(e.owns, 2), e.token]);
    lines.push(...textTable([header, ['', '', '', '', '', '', last], ...rows]), '');
  }
  if (result.note !== null) lines.push(`Warning: ${result.note}`);
  lines.push('  Warning: "nodetool ring" is used to output all the tokens of a node.', '  To view status related info of a node use "nodetool status" instead.', '');
  return lines;
}

export function formatDescribeRing(result: DescribeRingResult): string[] {
  const lines = [`Schema Version:${result.schemaVersion}`, 'TokenRange: '];
  for (const range of result.ranges) {
    const details = range.details.map((d) => `EndpointDetails(host:${d.host}, datacenter:${d.datacenter}, rack:${d.rack})`).join(', ');
    const endpoints = range.endpoints.join(', ');
    lines.push(
      `\tTokenRange(start_token:${range.start}, end_token:${range.end}, endpoints:[${endpoints}], rpc_endpoints:[${endpoints}], endpoint_details:[${details}])`,
    );
  }
  return lines;
}

export function formatDescribeCluster(result: DescribeClusterResult): string[] {
  const lines = [
    'Cluster Information:',
    `\tName: ${result.name}`,
    `\tSnitch: ${result.snitch}`,
    '\tDynamicEndPointSnitch: disabled',
    `\tPartitioner: ${result.partitioner}`,
    '\tSchema versions:',
  ];
  for (const [version, hosts] of Object.entries(result.schemaVersions)) lines.push(`\t\t${version}: [${hosts.join(', ')}]`, '');
  return lines;
}
