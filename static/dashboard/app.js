// The dashboard page (ADR 0016): a plain ES module, no build step. It listens to the server's
// event stream (/api/events: `history` once, then `sample` and `state` every second), draws the
// ring as SVG, the charts with uPlot (served from node_modules under /vendor/), and the tables;
// actions are POSTed to /api/actions/<kind> with the token in X-Sibyl-Token, each after a
// confirmation.

import uPlot from '/vendor/uPlot.esm.js';

const HISTORY_MAX = 300;
const PALETTE = ['#3a7bd5', '#e0672b', '#2e9d57', '#9b51e0', '#d4a017', '#00a0a8', '#c2185b', '#6d4c41', '#607d8b', '#7cb342'];
const STATUS_COLORS = { up: '#2e9d57', down: '#d64545', joining: '#3a7bd5', leaving: '#e08a1e', moving: '#e08a1e' };
const TOKEN_KEY = 'sibyl-dashboard-token';
const RING_RADIUS_OUTER = 135;
const RING_RADIUS_STEP = 26;

const $ = (id) => document.getElementById(id);
let samples = [];
let state = null;

// ---- the token: from the printed URL's #token=..., kept for this tab only ----
function takeToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  $('token').value = sessionStorage.getItem(TOKEN_KEY) ?? '';
  showTokenState();
}
function showTokenState(message) {
  $('token-state').textContent = message ?? ($('token').value === '' ? 'actions need it' : 'set');
}
$('token').addEventListener('change', () => {
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  showTokenState();
});
$('token-form').addEventListener('submit', (event) => event.preventDefault());

// ---- formatting ----
function bytes(n) {
  if (n === null || n === undefined) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
const count = (n) => (n === null || n === undefined ? '?' : Math.round(n).toLocaleString('en-US'));
const percent = (share) => (share === null || share === undefined ? '?' : `${(share * 100).toFixed(1)}%`);
const statusOf = (node) => (!node.up ? 'down' : node.state === 'normal' ? 'up' : node.state);
const allNodes = () => (state?.topology?.datacenters ?? []).flatMap((dc) => dc.nodes);

// ---- charts ----
const nodeKeys = (all) => [...new Set(all.flatMap((s) => Object.keys(s.nodes)))].sort(compareAddresses);
const perNode = (pick) => ({ keys: nodeKeys, value: (s, key) => { const n = s.nodes[key]; return n ? pick(n) : null; } });
const CHARTS = [
  { id: 'writes', title: 'Writes per second, by coordinator', ...perNode((n) => n.writesPerSecond) },
  { id: 'reads', title: 'Reads per second, by coordinator', ...perNode((n) => n.readsPerSecond) },
  { id: 'write-p99', title: 'Write latency p99 (ms)', ...perNode((n) => n.writeP99Ms) },
  { id: 'read-p99', title: 'Read latency p99 (ms)', ...perNode((n) => n.readP99Ms) },
  { id: 'failures', title: 'Failed requests per second (timeouts, unavailable)', ...perNode((n) => n.failuresPerSecond) },
  { id: 'dropped', title: 'Dropped messages per second', ...perNode((n) => n.droppedPerSecond) },
  { id: 'hints', title: 'Hints pending', ...perNode((n) => n.hintsPending) },
  { id: 'compactions', title: 'Pending compactions', ...perNode((n) => n.pendingCompactions) },
  { id: 'memtable', title: 'Memtable size', unit: 'bytes', ...perNode((n) => n.memtableBytes) },
  { id: 'sstable', title: 'SSTable size (load)', unit: 'bytes', ...perNode((n) => n.sstableBytes) },
  {
    id: 'mailbox',
    title: 'Mailbox depth by actor kind (all nodes)',
    keys: (all) => [...new Set(all.flatMap((s) => Object.values(s.nodes).flatMap((n) => (n ? Object.keys(n.mailboxDepth) : []))))].sort(),
    value: (s, kind) => Object.values(s.nodes).reduce((sum, n) => (n && kind in n.mailboxDepth ? (sum ?? 0) + n.mailboxDepth[kind] : sum), null),
  },
  {
    id: 'event-loop',
    title: 'Event loop delay p99 (ms, main thread)',
    keys: () => ['p99'],
    value: (s) => Object.values(s.nodes).reduce((max, n) => (n && n.eventLoopDelayP99Ms !== null ? Math.max(max ?? 0, n.eventLoopDelayP99Ms) : max), null),
  },
  {
    id: 'load',
    title: 'Load generator, per second',
    keys: () => ['writes ok', 'reads ok', 'write failures', 'read failures', 'skipped'],
    value: (s, key) => {
      const l = s.load;
      if (!l) return null;
      return { 'writes ok': l.writesOkPerSecond, 'reads ok': l.readsOkPerSecond, 'write failures': l.writeFailuresPerSecond, 'read failures': l.readFailuresPerSecond, skipped: l.skippedPerSecond }[key];
    },
  },
];
const charts = new Map();

function chartFrame(def) {
  const box = document.createElement('div');
  box.className = 'chart';
  box.dataset.chart = def.id;
  box.dataset.latest = '0';
  const title = document.createElement('h3');
  title.textContent = def.title;
  const plot = document.createElement('div');
  box.append(title, plot);
  $('charts').append(box);
  return { box, plot, uplot: null, keys: [] };
}

function axisValues(def) {
  return (_u, ticks) => ticks.map((v) => (def.unit === 'bytes' ? bytes(v) : v >= 10000 ? `${(v / 1000).toFixed(0)}k` : String(Math.round(v * 100) / 100)));
}

function makePlot(def, frame, keys, data) {
  frame.uplot?.destroy();
  frame.plot.textContent = '';
  const format = (_u, v) => (v === null || v === undefined ? '-' : def.unit === 'bytes' ? bytes(v) : (Math.round(v * 100) / 100).toString());
  const series = [{}, ...keys.map((key, i) => ({ label: key, stroke: PALETTE[i % PALETTE.length], width: 1.5, value: format, spanGaps: false }))];
  const options = {
    width: Math.max(300, frame.box.clientWidth - 4),
    height: 150,
    series,
    scales: { x: { time: true }, y: { range: (_u, min, max) => [0, Math.max(max * 1.1, def.unit === 'bytes' ? 1024 : 1)] } },
    // Byte labels ("512.0 KiB") are wider than counts: their axis gets the room.
    axes: [{ stroke: '#6b7280' }, { stroke: '#6b7280', size: def.unit === 'bytes' ? 78 : 52, values: axisValues(def) }],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
  frame.uplot = new uPlot(options, data, frame.plot);
  frame.keys = keys;
}

function drawCharts() {
  const xs = samples.map((s) => s.atMs / 1000);
  for (const def of CHARTS) {
    let frame = charts.get(def.id);
    if (!frame) charts.set(def.id, (frame = chartFrame(def)));
    const keys = def.keys(samples);
    const data = [xs, ...keys.map((key) => samples.map((s) => { const v = def.value(s, key); return v === undefined ? null : v; }))];
    if (frame.uplot === null || keys.join() !== frame.keys.join()) makePlot(def, frame, keys, data);
    else frame.uplot.setData(data);
    // The latest second summed over the series: what the end-to-end test reads.
    frame.box.dataset.latest = String(data.slice(1).reduce((sum, ys) => sum + (ys.at(-1) ?? 0), 0));
  }
}
window.addEventListener('resize', () => {
  for (const frame of charts.values()) frame.uplot?.setSize({ width: Math.max(300, frame.box.clientWidth - 4), height: 150 });
});

// ---- the ring: one circle per datacenter, each token's range (previous token, token] an arc ----
const SVG = 'http://www.w3.org/2000/svg';
const TWO_63 = 2 ** 63;
const angleOf = (token) => ((Number(BigInt(token)) + TWO_63) / (2 * TWO_63)) * 2 * Math.PI - Math.PI / 2;
const pointAt = (r, angle) => `${(r * Math.cos(angle)).toFixed(2)} ${(r * Math.sin(angle)).toFixed(2)}`;

function arcPath(r, from, to) {
  let sweep = to - from;
  if (sweep <= 0) sweep += 2 * Math.PI;
  const gap = Math.min(0.01, sweep / 4);
  const a = from + gap / 2;
  const b = from + sweep - gap / 2;
  if (b - a > 1.999 * Math.PI) return `M ${pointAt(r, a)} A ${r} ${r} 0 1 1 ${pointAt(r, a + Math.PI)} A ${r} ${r} 0 1 1 ${pointAt(r, b)}`;
  return `M ${pointAt(r, a)} A ${r} ${r} 0 ${b - a > Math.PI ? 1 : 0} 1 ${pointAt(r, b)}`;
}

function drawRing() {
  const svg = $('ring');
  svg.textContent = '';
  const datacenters = state?.topology?.datacenters ?? [];
  datacenters.forEach((dc, d) => {
    const r = RING_RADIUS_OUTER - d * RING_RADIUS_STEP;
    const tokens = dc.nodes.flatMap((node, n) => node.tokens.map((token) => ({ token, node, n, angle: angleOf(token) }))).sort((x, y) => x.angle - y.angle);
    tokens.forEach((t, i) => {
      const previous = tokens[(i - 1 + tokens.length) % tokens.length];
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', arcPath(r, previous.angle, t.angle));
      path.setAttribute('class', 'arc');
      path.setAttribute('stroke', STATUS_COLORS[statusOf(t.node)]);
      path.setAttribute('stroke-opacity', String([1, 0.62, 0.38][t.n % 3]));
      path.dataset.address = t.node.address;
      hoverable(path, t.node);
      svg.append(path);
    });
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('class', 'dc-label');
    label.setAttribute('y', String(-r + 15));
    label.textContent = dc.name;
    svg.append(label);
  });
  const nodes = allNodes();
  const center = document.createElementNS(SVG, 'text');
  center.setAttribute('class', 'center');
  center.setAttribute('y', '4');
  center.textContent = nodes.length === 0 ? 'no node answers' : `${nodes.filter((n) => n.up).length} / ${nodes.length} up`;
  svg.append(center);
}

function nodeDetails(node) {
  return [
    `${node.address}  ${statusOf(node).toUpperCase()}`,
    `datacenter ${node.datacenter}, ${node.rack}`,
    `load ${bytes(node.loadBytes)}, owns ${percent(node.owns)}${state.topology.effectiveOwnership ? ' (effective)' : ''}`,
    `host id ${node.hostId}`,
    `${node.tokens.length} tokens`,
  ].join('\n');
}

function hoverable(element, node) {
  element.addEventListener('mouseenter', () => highlight(node.address, true));
  element.addEventListener('mouseleave', () => { highlight(node.address, false); $('tooltip').hidden = true; });
  element.addEventListener('mousemove', (event) => {
    const tip = $('tooltip');
    tip.textContent = nodeDetails(node);
    tip.hidden = false;
    tip.style.left = `${event.clientX + 14}px`;
    tip.style.top = `${event.clientY + 10}px`;
  });
}

function highlight(address, on) {
  for (const element of document.querySelectorAll(`[data-address="${CSS.escape(address)}"]`)) element.classList.toggle('highlight', on);
}

function drawNodes() {
  const box = $('nodes');
  box.textContent = '';
  for (const dc of state?.topology?.datacenters ?? []) {
    const group = document.createElement('div');
    group.className = 'dc';
    group.dataset.datacenter = dc.name;
    const title = document.createElement('h3');
    const up = dc.nodes.filter((n) => n.up).length;
    title.textContent = `${dc.name}: ${up} of ${dc.nodes.length} up`;
    group.append(title);
    const racks = [...new Set(dc.nodes.map((n) => n.rack))].sort();
    for (const rack of racks) {
      const rackTitle = document.createElement('div');
      rackTitle.className = 'rack';
      rackTitle.textContent = rack;
      group.append(rackTitle);
      for (const node of dc.nodes.filter((n) => n.rack === rack)) {
        const row = document.createElement('div');
        row.className = 'node';
        row.dataset.address = node.address;
        row.dataset.status = statusOf(node);
        row.dataset.testid = 'node';
        const dot = document.createElement('span');
        dot.className = 'dot';
        const address = document.createElement('span');
        address.className = 'address';
        address.textContent = node.address;
        const facts = document.createElement('span');
        facts.className = 'facts';
        facts.textContent = `${statusOf(node)} · ${bytes(node.loadBytes)} · ${percent(node.owns)}`;
        row.append(dot, address, facts);
        hoverable(row, node);
        group.append(row);
      }
    }
    box.append(group);
  }
}

// ---- tables ----
function drawTables() {
  const body = $('tables').querySelector('tbody');
  body.textContent = '';
  const showSystem = $('show-system').checked;
  for (const t of state?.tables ?? []) {
    const system = t.keyspace.startsWith('system');
    if (system && !showSystem) continue;
    const row = document.createElement('tr');
    row.dataset.table = `${t.keyspace}.${t.table}`;
    for (const [text, cls] of [[t.keyspace, system ? 'system' : ''], [t.table, ''], [count(t.sstables)], [bytes(t.sstableBytes)], [bytes(t.memtableBytes)], [count(t.partitions)], [count(t.tombstones)]]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (cls) cell.className = cls;
      row.append(cell);
    }
    body.append(row);
  }
}
$('show-system').addEventListener('change', drawTables);

// ---- summary, selectors, action log ----
function drawSummary() {
  const nodes = allNodes();
  const up = nodes.filter((n) => n.up).length;
  const summary = $('summary');
  summary.dataset.up = String(up);
  summary.dataset.total = String(nodes.length);
  const dcs = state?.topology?.datacenters.length ?? 0;
  summary.textContent = state?.topology
    ? `${up} of ${nodes.length} nodes up · ${dcs} datacenter${dcs === 1 ? '' : 's'} · as ${state.topology.seenFrom} sees it`
    : 'no node answers';
}

function fillSelect(select, options, preferred) {
  const wanted = options.map((o) => o.value).join();
  if (select.dataset.options === wanted) return;
  const previous = select.value;
  select.textContent = '';
  for (const o of options) {
    const option = document.createElement('option');
    option.value = o.value;
    option.textContent = o.label;
    select.append(option);
  }
  select.dataset.options = wanted;
  if (options.some((o) => o.value === previous)) select.value = previous;
  else if (preferred !== undefined) select.value = preferred;
}

function drawSelectors() {
  const nodes = allNodes();
  fillSelect($('action-node'), nodes.map((n) => ({ value: n.address, label: `${n.address} (${n.datacenter})` })));
  const datacenters = state?.topology?.datacenters ?? [];
  // Two or more datacenters: the button cuts a whole one off. One: it cuts off a single node.
  const byDatacenter = datacenters.length > 1;
  $('cut-label').textContent = byDatacenter ? 'Cut off datacenter' : 'Cut off node';
  const targets = byDatacenter ? datacenters.map((dc) => ({ value: `datacenter:${dc.name}`, label: dc.name })) : nodes.map((n) => ({ value: `node:${n.address}`, label: n.address }));
  fillSelect($('cut-target'), targets, targets.at(-1)?.value);
}

function drawActionLog() {
  const list = $('action-log');
  list.textContent = '';
  for (const record of [...(state?.actions ?? [])].reverse()) {
    const item = document.createElement('li');
    item.dataset.outcome = record.outcome;
    item.dataset.action = record.action;
    const at = new Date(record.atMs).toLocaleTimeString();
    item.textContent = `${at} ${record.action}${record.target ? ` ${record.target}` : ''}: ${record.outcome}, ${record.message}`;
    list.append(item);
  }
}

function drawLoad() {
  const load = state?.load;
  $('load-description').textContent = load ? load.description : 'not available here';
  const last = samples.at(-1)?.load;
  $('load-status').textContent = !load
    ? ''
    : load.rates.writesPerSecond + load.rates.readsPerSecond === 0
      ? 'stopped'
      : `running: ${Math.round(last?.writesOkPerSecond ?? 0)} writes/s and ${Math.round(last?.readsOkPerSecond ?? 0)} reads/s ok` +
        `${(last?.writeFailuresPerSecond ?? 0) + (last?.readFailuresPerSecond ?? 0) > 0 ? `, ${Math.round(last.writeFailuresPerSecond + last.readFailuresPerSecond)}/s failing` : ''}` +
        `${last?.lastError ? `; last error: ${last.lastError.message}` : ''}`;
}

function drawState() {
  drawSummary();
  drawRing();
  drawNodes();
  drawSelectors();
  drawTables();
  drawActionLog();
  drawLoad();
}

// ---- actions ----
async function act(kind, body, question, button) {
  if (!confirm(question)) return;
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (button) button.disabled = true;
  try {
    const response = await fetch(`/api/actions/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sibyl-token': token },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (response.status === 403) showTokenState('refused: check the token');
    else if (!response.ok) showTokenState(`${kind}: ${answer.error}`);
    else showTokenState();
  } catch (error) {
    showTokenState(`${kind}: ${error.message}`);
  } finally {
    if (button) button.disabled = false;
  }
}

const QUESTIONS = {
  flush: (node) => `Flush every memtable of ${node} to SSTables?`,
  compact: (node) => `Run a major compaction on ${node}?`,
  snapshot: (node) => `Snapshot every table of ${node} (hard links, no copy)?`,
  repair: (node) => `Repair ${node}: compare its replicas' Merkle trees with the other replicas and stream what differs?`,
  stopnode: (node) => `Stop ${node}? The other replicas keep serving; requests it coordinated fail over to no one.`,
  startnode: (node) => `Start ${node} again (it replays its commit log)?`,
};
for (const button of document.querySelectorAll('button[data-action]')) {
  button.addEventListener('click', () => {
    const node = $('action-node').value;
    if (!node) return;
    const kind = button.dataset.action;
    void act(kind, { node }, QUESTIONS[kind](node), button);
  });
}

function cutTarget() {
  const [kind, name] = $('cut-target').value.split(/:(.*)/s);
  return kind === 'datacenter' ? { datacenter: name } : { node: name };
}
$('cut').addEventListener('click', () => {
  const target = cutTarget();
  const what = target.datacenter ? `datacenter ${target.datacenter}` : `node ${target.node}`;
  void act('cut', target, `Cut ${what} off from the rest of the cluster? Every message between its nodes and the others is dropped until you heal it.`, $('cut'));
});
$('heal').addEventListener('click', () => {
  const target = cutTarget();
  void act('heal', target, `Heal the links of ${target.datacenter ? `datacenter ${target.datacenter}` : `node ${target.node}`}?`, $('heal'));
});
$('load-start').addEventListener('click', () => {
  const writesPerSecond = Number($('load-writes').value);
  const readsPerSecond = Number($('load-reads').value);
  void act('load', { writesPerSecond, readsPerSecond }, `Run the load generator at ${writesPerSecond} writes/s and ${readsPerSecond} reads/s?`, $('load-start'));
});
$('load-stop').addEventListener('click', () => {
  void act('load', { writesPerSecond: 0, readsPerSecond: 0 }, 'Stop the load generator?', $('load-stop'));
});

// ---- the event stream ----
function connect() {
  const events = new EventSource('/api/events');
  const connection = $('connection');
  events.addEventListener('open', () => { connection.dataset.state = 'live'; connection.textContent = 'live'; });
  events.addEventListener('error', () => { connection.dataset.state = 'lost'; connection.textContent = 'reconnecting'; });
  events.addEventListener('history', (event) => {
    samples = JSON.parse(event.data).slice(-HISTORY_MAX);
    drawCharts();
  });
  events.addEventListener('sample', (event) => {
    samples.push(JSON.parse(event.data));
    if (samples.length > HISTORY_MAX) samples.shift();
    drawCharts();
  });
  events.addEventListener('state', (event) => {
    state = JSON.parse(event.data);
    drawState();
  });
}

function compareAddresses(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

takeToken();
connect();
