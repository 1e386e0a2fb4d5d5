/**
 * The HTML report (`-graph file=F.html`): per phase, the results table and two uPlot charts
 * over time, throughput (op/s per kind and total) and latency percentiles (p50 to max, ms,
 * log scale). uPlot's script and stylesheet are inlined, so the page opens offline; the data
 * is a JSON island read by a small script that draws the charts.
 */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { StressRunRecord } from './json-log.js';
import { formatCount, formatMs } from './number-format.js';
import type { PhaseResult } from './phase-result.js';

const require = createRequire(import.meta.url);

export function htmlReport(record: StressRunRecord, title: string): string {
  const uplotScript = fs.readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const uplotStyle = fs.readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const data = record.phases.map((phase) => chartData(phase));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${uplotStyle}</style>
<style>
  body { font: 14px system-ui, sans-serif; margin: 24px; color: #222; }
  table { border-collapse: collapse; margin: 8px 0 16px; }
  th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #ddd; }
  th:first-child, td:first-child { text-align: left; }
  .meta { color: #666; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(record.target)}<br>started ${escapeHtml(record.startedAt.toISOString())}</p>
${record.phases.map((phase, p) => phaseSection(phase, p)).join('\n')}
<script>${uplotScript.replace(/<\/script/gi, '<\\/script')}</script>
<script type="application/json" id="stress-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script>
const phases = JSON.parse(document.getElementById('stress-data').textContent);
const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];
const width = () => Math.min(1000, document.body.clientWidth - 20);
phases.forEach((phase, p) => {
  const series = (names, unit) => [{ label: 's' }, ...names.map((name, i) => ({ label: name, stroke: colors[i % colors.length], width: 1.5, value: (u, v) => v == null ? '-' : v.toFixed(unit === 'op/s' ? 0 : 2) + ' ' + unit }))];
  new uPlot({ title: 'Throughput (op/s)', width: width(), height: 300, series: series(phase.throughput.names, 'op/s'), axes: [{ label: 'seconds' }, { label: 'op/s', size: 70 }] },
    [phase.seconds, ...phase.throughput.values], document.getElementById('throughput-' + p));
  new uPlot({ title: 'Latency percentiles (ms, all operations)', width: width(), height: 300, series: series(phase.latency.names, 'ms'),
    scales: { y: { distr: 3 } }, axes: [{ label: 'seconds' }, { label: 'ms', size: 70 }] },
    [phase.seconds, ...phase.latency.values], document.getElementById('latency-' + p));
});
</script>
</body>
</html>
`;
}

interface ChartData {
  readonly seconds: number[];
  readonly throughput: { readonly names: string[]; readonly values: number[][] };
  readonly latency: { readonly names: string[]; readonly values: number[][] };
}

function chartData(phase: PhaseResult): ChartData {
  const intervals = phase.intervals;
  const throughputNames = phase.kinds.length > 1 ? [...phase.kinds, 'total'] : ['total'];
  const throughput = throughputNames.map((name) =>
    intervals.map((interval) => (name === 'total' ? interval.total : interval.kinds.find((k) => k.kind === name)!.stats).opsPerSecond),
  );
  // A log scale cannot draw zero: an interval without answers has no latency point.
  const latencyOf = (pick: (i: (typeof intervals)[number]) => number) => intervals.map((interval) => (interval.total.operations === 0 ? null : pick(interval))) as number[];
  return {
    seconds: intervals.map((interval) => Math.round(interval.endS * 1000) / 1000),
    throughput: { names: throughputNames, values: throughput },
    latency: {
      names: ['p50', 'p95', 'p99', 'p99.9', 'max'],
      values: [
        latencyOf((i) => i.total.p50Ms),
        latencyOf((i) => i.total.p95Ms),
        latencyOf((i) => i.total.p99Ms),
        latencyOf((i) => i.total.p999Ms),
        latencyOf((i) => i.total.maxMs),
      ],
    },
  };
}

function phaseSection(phase: PhaseResult, index: number): string {
  const rows = [...phase.totals.kinds.map((k) => ({ name: k.kind, stats: k.stats })), { name: 'total', stats: phase.totals.total }];
  const errors = phase.totals.errors.length === 0 ? 'none' : phase.totals.errors.map((e) => `${escapeHtml(e.error)}: ${formatCount(e.count)}`).join(', ');
  return `<h2>Phase: ${escapeHtml(phase.name)} (${phase.totals.elapsedS.toFixed(2)} s)</h2>
<table>
<tr><th>op</th><th>count</th><th>op/s</th><th>mean ms</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>errors</th></tr>
${rows
  .map(
    ({ name, stats }) =>
      `<tr><td>${escapeHtml(name)}</td><td>${formatCount(stats.operations)}</td><td>${formatCount(stats.opsPerSecond)}</td><td>${formatMs(stats.meanMs)}</td><td>${formatMs(stats.p50Ms)}</td><td>${formatMs(stats.p95Ms)}</td><td>${formatMs(stats.p99Ms)}</td><td>${formatMs(stats.p999Ms)}</td><td>${formatMs(stats.maxMs)}</td><td>${formatCount(stats.errors)}</td></tr>`,
  )
  .join('\n')}
</table>
<p>Errors: ${errors}</p>
<div id="throughput-${index}" class="chart"></div>
<div id="latency-${index}" class="chart"></div>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
