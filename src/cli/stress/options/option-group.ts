/**
 * The params of one option group, taken one by one by that group's parser; whatever is left
 * when the parser is done is an unknown option, reported by name instead of ignored.
 */

import type { OptionParam } from './option-tokens.js';
import { StressUsageError } from './stress-usage-error.js';

export class OptionGroup {
  private readonly remaining: OptionParam[];

  constructor(
    /** `-rate`, or the command's name for its own params. */
    readonly label: string,
    params: readonly OptionParam[],
  ) {
    this.remaining = [...params];
  }

  /** The value of `name=value`, if given. */
  value(name: string): string | undefined {
    const param = this.take((p) => p.name === name && p.value !== null);
    return param?.value ?? undefined;
  }

  /** The args of `name(...)`, if given. */
  args(name: string): readonly OptionParam[] | undefined {
    return this.take((p) => p.name === name && p.args !== null)?.args ?? undefined;
  }

  /** Whether the bare word `name` is given. */
  flag(name: string): boolean {
    return this.take((p) => p.name.toLowerCase() === name && p.value === null && p.args === null) !== undefined;
  }

  /** Every bare word left. */
  bareWords(): string[] {
    const words: string[] = [];
    for (let param = this.take(isBare); param !== undefined; param = this.take(isBare)) words.push(param.name);
    return words;
  }

  /** Fails on anything not taken. */
  finish(): void {
    const left = this.remaining[0];
    if (left !== undefined) throw new StressUsageError(`unknown option '${describeParam(left)}' for ${this.label}`);
  }

  private take(matches: (param: OptionParam) => boolean): OptionParam | undefined {
    const index = this.remaining.findIndex(matches);
    if (index < 0) return undefined;
    const [param] = this.remaining.splice(index, 1);
    if (this.remaining.some(matches)) throw new StressUsageError(`'${param!.name}' is given twice for ${this.label}`);
    return param;
  }
}

export function describeParam(param: OptionParam): string {
  if (param.args !== null) return `${param.name}(${param.args.map(describeParam).join(',')})`;
  return param.value === null ? param.name : `${param.name}=${param.value}`;
}

function isBare(param: OptionParam): boolean {
  return param.value === null && param.args === null;
}
