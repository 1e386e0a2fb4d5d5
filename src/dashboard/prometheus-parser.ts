/**
 * Reads the Prometheus text exposition format (0.0.4) that a node's `GET /metrics` serves
 * (src/cluster/metrics/prometheus-text.ts writes it), as a Prometheus server would:
 *
 *   # HELP / # TYPE lines and blank lines          skipped
 *   name{label="value",...} 1.5e-3 [timestamp]     one sample; the timestamp is ignored
 *
 * Label values unescape \\, \" and \n; values are Go floats (NaN, +Inf, -Inf). A line that is
 * none of these is a PrometheusParseError naming its line number: the dashboard shows that node
 * as unreadable rather than charting half a scrape.
 */

export type SampleLabels = Readonly<Record<string, string>>;

export interface PrometheusSample {
  readonly name: string;
  readonly labels: SampleLabels;
  readonly value: number;
}

export class PrometheusParseError extends Error {
  override readonly name = 'PrometheusParseError';
  constructor(lineNumber: number, line: string, why: string) {
    super(`metrics line ${lineNumber}: ${why}: ${line.length > 120 ? `${line.slice(0, 120)}...` : line}`);
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    samples.push(parseSampleLine(line, i + 1));
  }
  return samples;
}

function parseSampleLine(line: string, lineNumber: number): PrometheusSample {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) throw new PrometheusParseError(lineNumber, line, 'no metric name');
  let at = name.length;
  let labels: SampleLabels = {};
  if (line[at] === '{') {
    const parsed = parseLabels(line, at + 1, lineNumber);
    labels = parsed.labels;
    at = parsed.end;
  }
  const fields = line.slice(at).trim().split(/\s+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === '') throw new PrometheusParseError(lineNumber, line, 'expected a value and at most a timestamp');
  const value = parseValue(fields[0]!);
  if (value === null) throw new PrometheusParseError(lineNumber, line, `bad value ${fields[0]}`);
  return { name, labels, value };
}

/** Labels from just after '{' to just after the closing '}'. */
function parseLabels(line: string, from: number, lineNumber: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let at = from;
  for (;;) {
    while (line[at] === ' ') at++;
    if (line[at] === '}') return { labels, end: at + 1 };
    const label = LABEL_NAME.exec(line.slice(at))?.[0];
    if (label === undefined) throw new PrometheusParseError(lineNumber, line, `bad label name at column ${at + 1}`);
    at += label.length;
    if (line[at] !== '=' || line[at + 1] !== '"') throw new PrometheusParseError(lineNumber, line, `expected ="...", after label ${label}`);
    at += 2;
    let value = '';
    for (;;) {
      const c = line[at];
      if (c === undefined) throw new PrometheusParseError(lineNumber, line, `unterminated value of label ${label}`);
      at++;
      if (c === '"') break;
      if (c !== '\\') {
        value += c;
        continue;
      }
      const escaped = line[at++];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new PrometheusParseError(lineNumber, line, `bad escape \\${escaped ?? ''} in label ${label}`);
    }
    labels[label] = value;
    if (line[at] === ',') at++;
    else if (line[at] !== '}') throw new PrometheusParseError(lineNumber, line, `expected , or } after label ${label}`);
  }
}

function parseValue(text: string): number | null {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}
