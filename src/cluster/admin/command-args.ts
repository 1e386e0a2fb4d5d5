/**
 * The few shapes a node tool command's arguments take, read the way Cassandra's nodetool reads
 * them: `-t NAME` / `--tag NAME` / `--tag=NAME` options, `--all` flags, and positional words.
 */

import { NodetoolUsageError } from './nodetool-command.js';

export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
  readonly positional: readonly string[];
}

export interface ArgsSpec {
  /** Options taking a value, each as its spellings with the first as the name: [['-t', '--tag']]. */
  readonly options?: ReadonlyArray<readonly string[]>;
  readonly flags?: ReadonlyArray<readonly string[]>;
}

export function parseArgs(command: string, args: readonly string[], spec: ArgsSpec): ParsedArgs {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  const nameOf = (list: ArgsSpec['options'], word: string): string | undefined => list?.find((spellings) => spellings.includes(word))?.[0];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const [head, inline] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    const option = nameOf(spec.options, head);
    const flag = nameOf(spec.flags, word);
    if (option !== undefined) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new NodetoolUsageError(`${command}: ${head} needs a value`);
      options.set(option, value);
    } else if (flag !== undefined) flags.add(flag);
    else if (word.startsWith('-') && word.length > 1) throw new NodetoolUsageError(`${command}: unknown option ${word}`);
    else positional.push(word);
  }
  return { options, flags, positional };
}
