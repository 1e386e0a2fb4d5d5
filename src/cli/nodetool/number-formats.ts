/**
 * Numbers as Cassandra's nodetool prints them: sizes by FileUtils.stringifyFileSize (binary
 * units, DecimalFormat "#.##": at most two decimals, none trailing), ownership by
 * DecimalFormat "##0.0%" (status) or "##0.00%" (ring), latencies as "%.3f ms" or "NaN ms".
 */

const UNITS: ReadonlyArray<readonly [bytes: number, name: string]> = [
  [1024 ** 4, 'TiB'],
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

function twoDecimals(value: number): string {
  return String(Number(value.toFixed(2)));
}

export function fileSize(bytes: number): string {
  for (const [size, name] of UNITS) if (bytes >= size) return `${twoDecimals(bytes / size)} ${name}`;
  return `${twoDecimals(bytes)} bytes`;
}

export function percent(share: number | null, decimals: 1 | 2): string {
  return share === null ? '?' : `${(share * 100).toFixed(decimals)}%`;
}

export function milliseconds(ms: number | null): string {
  return ms === null ? 'NaN ms' : `${ms.toFixed(3)} ms`;
}
