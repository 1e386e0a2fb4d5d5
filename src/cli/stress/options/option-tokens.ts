/**
 * cassandra-stress's command line, split into its parts:
 *
 *   stress <command> [param ...] [-group [param ...]] ...
 *
 * A param is `name=value`, `name(arg, ...)` (each arg itself a param: `ratio(write=1,read=3)`)
 * or a bare word (`json`, a node list). The shell splits `ratio(write=1, read=3)` at the space,
 * so arguments are joined again until their parentheses balance.
 */

import { StressUsageError } from './stress-usage-error.js';

export interface OptionParam {
  readonly name: string;
  /** After `=`; null for a bare word or a `name(...)` param. */
  readonly value: string | null;
  /** Inside `name(...)`; null otherwise. */
  readonly args: readonly OptionParam[] | null;
}

export interface OptionTokens {
  readonly command: string;
  readonly commandParams: readonly OptionParam[];
  /** By group name without its dash (`rate`, `node`, ...), in command-line order. */
  readonly groups: ReadonlyMap<string, readonly OptionParam[]>;
}

export function tokenizeOptions(argv: readonly string[]): OptionTokens {
  const words = joinParenthesized(argv);
  const [command, ...rest] = words;
  if (command === undefined || isGroupName(command)) throw new StressUsageError('a command comes first (write, read, mixed, user, ycsb)');
  const commandParams: OptionParam[] = [];
  const groups = new Map<string, OptionParam[]>();
  let current = commandParams;
  for (const word of rest) {
    if (isGroupName(word)) {
      const group = word.slice(1).toLowerCase();
      if (groups.has(group)) throw new StressUsageError(`option -${group} is given twice`);
      current = [];
      groups.set(group, current);
      continue;
    }
    current.push(parseParam(word));
  }
  return { command: command.toLowerCase(), commandParams, groups };
}

export function parseParam(text: string): OptionParam {
  const call = /^([\w-]+)\((.*)\)$/s.exec(text);
  if (call !== null) return { name: call[1]!.toLowerCase(), value: null, args: splitTopLevel(call[2]!).map(parseParam) };
  const equals = text.indexOf('=');
  if (equals > 0) return { name: text.slice(0, equals).toLowerCase(), value: text.slice(equals + 1), args: null };
  if (text.length === 0 || text.includes('(') || text.includes(')')) throw new StressUsageError(`cannot read option '${text}'`);
  return { name: text, value: null, args: null };
}

/** Splits at commas outside parentheses: `a=1, b=gaussian(1..9,5,2)` is two parts. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last.length > 0 || parts.length > 0) parts.push(last);
  if (parts.some((part) => part.length === 0)) throw new StressUsageError(`empty item in '${text}'`);
  return parts;
}

/** `-rate`, `-node`... but not a negative number. */
function isGroupName(word: string): boolean {
  return /^-[a-zA-Z]/.test(word);
}

function joinParenthesized(argv: readonly string[]): string[] {
  const words: string[] = [];
  let pending: string | null = null;
  for (const arg of argv) {
    const word: string = pending === null ? arg : `${pending} ${arg}`;
    if (depthOf(word) > 0) {
      pending = word;
      continue;
    }
    if (depthOf(word) < 0) throw new StressUsageError(`unbalanced ')' in '${word}'`);
    pending = null;
    if (word.length > 0) words.push(word);
  }
  if (pending !== null) throw new StressUsageError(`unclosed '(' in '${pending}'`);
  return words;
}

function depthOf(text: string): number {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return depth;
}
