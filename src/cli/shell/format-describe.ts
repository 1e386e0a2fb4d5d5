/**
 * DESCRIBE results as cqlsh 4 prints the server's rows (do_describe): names in columns for the
 * listings (grouped under `Keyspace ks` headers when no keyspace is in use), each
 * create_statement after a blank line for the elements, and a short block for CLUSTER.
 */

import { columnize } from './columnize.js';

type Row = Readonly<Record<string, unknown>>;

/** How cqlsh words a DESCRIBE's output, by the word after DESCRIBE. */
export type DescribeOutputKind = 'list' | 'keyspaces' | 'cluster' | 'element';

export function describeOutputKind(secondWord: string): DescribeOutputKind {
  switch (secondWord.toLowerCase()) {
    case 'columnfamilies':
    case 'tables':
    case 'types':
    case 'functions':
    case 'aggregates':
      return 'list';
    case 'keyspaces':
      return 'keyspaces';
    case 'cluster':
      return 'cluster';
    default:
      return 'element';
  }
}

export function describeLines(kind: DescribeOutputKind, rows: readonly Row[], sessionKeyspace: string | null): string[] {
  switch (kind) {
    case 'keyspaces':
      return ['', ...columnize(rows.map((row) => String(row['name']))), ''];
    case 'list':
      return listLines(rows, sessionKeyspace);
    case 'cluster':
      return rows.flatMap(clusterLines);
    case 'element':
      return rows.flatMap((row) => ['', String(row['create_statement'])]);
  }
}

function listLines(rows: readonly Row[], sessionKeyspace: string | null): string[] {
  const lines: string[] = [];
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const keyspace = String(row['keyspace_name']);
    const names = groups.get(keyspace) ?? [];
    names.push(String(row['name']));
    groups.set(keyspace, names);
  }
  for (const [keyspace, names] of groups) {
    lines.push('');
    if (sessionKeyspace === null) lines.push(`Keyspace ${keyspace}`, `---------${'-'.repeat(keyspace.length)}`);
    lines.push(...columnize(names));
  }
  if (groups.size > 0) lines.push('');
  return lines;
}

function clusterLines(row: Row): string[] {
  const lines = ['', `Cluster: ${String(row['cluster'])}`, `Partitioner: ${String(row['partitioner'])}`, `Snitch: ${String(row['snitch'])}`, ''];
  const ranges = row['range_ownership'];
  if (ranges !== undefined && ranges !== null) {
    lines.push('Range ownership:');
    const entries: [string, unknown][] = ranges instanceof Map ? [...ranges] : Object.entries(ranges);
    for (const [token, hosts] of entries) lines.push(` ${token.padStart(39)}  [${(hosts as unknown[]).map(String).join(', ')}]`);
    lines.push('');
  }
  return lines;
}
