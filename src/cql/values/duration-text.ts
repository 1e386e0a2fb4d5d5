/**
 * duration values from text and back, as Cassandra's cql3.Duration does it.
 *
 * Reading (Duration.from), after an optional '-':
 *   compact    (digits unit)+ with units in this order: y mo w d h m s ms us|µs ns (any case)
 *   ISO 8601   P[nY][nM][nD][T[nH][nM][nS]], PnW, or P[YYYY]-[MM]-[DD]T[hh]:[mm]:[ss]
 * Units may appear once each and in order; months and days must fit an int, nanoseconds a long.
 * Errors are plain Invalid errors (Cassandra's Duration raises InvalidRequestException).
 * Writing (Duration.toString): "-1y2mo3d4h5m6s7ms8us9ns" with zero units left out.
 */

import { InvalidRequestError } from '../../lib/errors.js';

export interface DurationParts {
  readonly months: number;
  readonly days: number;
  readonly nanoseconds: bigint;
}

const compactUnit = /(\d+)(y|mo|w|d|h|s|ms|us|µs|ns|m)/iy;
const isoDesignators = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const isoWeeks = /^P(\d+)W$/;
const isoAlternative = /^P(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

const unitNames = ['', 'years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds', 'microseconds', 'nanoseconds'];
const int32Max = 2n ** 31n - 1n;
const int64Max = 2n ** 63n - 1n;

/** Per unit index (as unitNames): which field it adds to and how much one unit is worth. */
const unitWeights: readonly (readonly ['months' | 'days' | 'nanoseconds', bigint])[] = [
  ['months', 0n], ['months', 12n], ['months', 1n], ['days', 7n], ['days', 1n], ['nanoseconds', 3_600_000_000_000n],
  ['nanoseconds', 60_000_000_000n], ['nanoseconds', 1_000_000_000n], ['nanoseconds', 1_000_000n], ['nanoseconds', 1000n], ['nanoseconds', 1n],
];

const compactUnitIndex: Readonly<Record<string, number>> = { y: 1, mo: 2, w: 3, d: 4, h: 5, m: 6, s: 7, ms: 8, us: 9, 'µs': 9, ns: 10 };

export function parseDurationText(input: string): DurationParts {
  const negative = input.startsWith('-');
  const source = negative ? input.slice(1) : input;
  const builder = new DurationBuilder(negative);
  const units = source.startsWith('P') ? isoUnits(source) : compactUnits(source);
  if (units === null) throw new InvalidRequestError(`Unable to convert '${source}' to a duration`);
  for (const [unit, count] of units) builder.add(unit, count);
  return builder.build();
}

export function formatDurationText({ months, days, nanoseconds }: DurationParts): string {
  let text = months < 0 || days < 0 || nanoseconds < 0n ? '-' : '';
  const append = (dividend: bigint, divisor: bigint, unit: string): bigint => {
    if (dividend === 0n || dividend < divisor) return dividend;
    text += `${dividend / divisor}${unit}`;
    return dividend % divisor;
  };
  const abs = (n: bigint): bigint => (n < 0n ? -n : n);
  append(append(abs(BigInt(months)), 12n, 'y'), 1n, 'mo');
  append(abs(BigInt(days)), 1n, 'd');
  if (nanoseconds !== 0n) {
    let rest = append(abs(nanoseconds), 3_600_000_000_000n, 'h');
    rest = append(rest, 60_000_000_000n, 'm');
    rest = append(rest, 1_000_000_000n, 's');
    rest = append(rest, 1_000_000n, 'ms');
    rest = append(rest, 1000n, 'us');
    append(rest, 1n, 'ns');
  }
  return text;
}

/** The (unit index, count) pairs of compact text, or null if any of it does not parse. */
function compactUnits(source: string): [number, bigint][] | null {
  const units: [number, bigint][] = [];
  compactUnit.lastIndex = 0;
  while (compactUnit.lastIndex < source.length) {
    const match = compactUnit.exec(source);
    if (match === null) return null;
    units.push([compactUnitIndex[match[2]!.toLowerCase()]!, BigInt(match[1]!)]);
  }
  return units.length === 0 ? null : units;
}

function isoUnits(source: string): [number, bigint][] | null {
  const weeks = source.endsWith('W') ? isoWeeks.exec(source) : null;
  if (source.endsWith('W')) return weeks === null ? null : [[3, BigInt(weeks[1]!)]];
  const alternative = source.includes('-');
  const match = (alternative ? isoAlternative : isoDesignators).exec(source);
  if (match === null) return null;
  const unitOfGroup = [1, 2, 4, 5, 6, 7];
  const units: [number, bigint][] = [];
  unitOfGroup.forEach((unit, i) => {
    const digits = match[i + 1];
    if (digits !== undefined) units.push([unit, BigInt(digits)]);
  });
  return units;
}

class DurationBuilder {
  private months = 0n;
  private days = 0n;
  private nanoseconds = 0n;
  private currentUnit = 0;

  constructor(private readonly negative: boolean) {}

  add(unit: number, count: bigint): void {
    if (count > int64Max) throw new InvalidRequestError(`Unable to convert '${count}' to a duration`);
    if (unit === this.currentUnit) throw new InvalidRequestError(`Invalid duration. The ${unitNames[unit]} are specified multiple times`);
    if (unit < this.currentUnit) {
      throw new InvalidRequestError(`Invalid duration. The ${unitNames[this.currentUnit]} should be after ${unitNames[unit]}`);
    }
    this.currentUnit = unit;
    const [field, weight] = unitWeights[unit]!;
    const limit = field === 'nanoseconds' ? (int64Max - this.nanoseconds) / weight : (int32Max - this[field]) / weight;
    if (count > limit) {
      throw new InvalidRequestError(`Invalid duration. The total number of ${field} must be less or equal to ${int32Max}`);
    }
    this[field] += count * weight;
  }

  build(): DurationParts {
    const sign = this.negative ? -1n : 1n;
    return { months: Number(sign * this.months), days: Number(sign * this.days), nanoseconds: sign * this.nanoseconds };
  }
}
