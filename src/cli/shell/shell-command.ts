/**
 * What a statement asks of the shell. cqlsh's own commands (HELP, EXIT, EXPAND, PAGING, SOURCE,
 * CONSISTENCY, CLEAR) run in the shell; DESCRIBE runs on the server but prints its own way;
 * everything else is CQL for the session. Arguments are read with the CQL lexer, so comments,
 * quoting and a trailing `;` work as in any statement.
 */

import { tokenize } from '../../cql/lexer/lexer.js';
import type { Token } from '../../cql/lexer/token.js';
import { describeOutputKind, type DescribeOutputKind } from './format-describe.js';

export type Switch = 'on' | 'off' | null;

export type ShellCommand =
  | { readonly kind: 'help'; readonly topics: readonly string[] }
  | { readonly kind: 'exit' }
  | { readonly kind: 'expand'; readonly switch: Switch }
  | { readonly kind: 'paging'; readonly switch: Switch; readonly pageSize: number | null }
  | { readonly kind: 'source'; readonly file: string }
  | { readonly kind: 'consistency'; readonly level: string | null }
  | { readonly kind: 'clear' }
  | { readonly kind: 'describe'; readonly output: DescribeOutputKind }
  /** A cqlsh command Sibyl's shell does not have (TRACING, COPY, CAPTURE...); `word` as typed. */
  | { readonly kind: 'unsupported'; readonly word: string }
  /** A shell command with arguments it does not take; `word` as typed. */
  | { readonly kind: 'improper'; readonly word: string }
  | { readonly kind: 'cql' };

export const CONSISTENCY_LEVELS: ReadonlySet<string> = new Set([
  'ANY', 'ONE', 'TWO', 'THREE', 'QUORUM', 'ALL', 'LOCAL_QUORUM', 'EACH_QUORUM', 'SERIAL', 'LOCAL_SERIAL', 'LOCAL_ONE',
]);

const UNSUPPORTED: ReadonlySet<string> = new Set(['tracing', 'show', 'capture', 'copy', 'login', 'history', 'debug', 'serial', 'unicode']);

export function shellCommandOf(statement: string): ShellCommand {
  const typed = /^\s*([A-Za-z_][A-Za-z0-9_]*|\?)/.exec(statement)?.[1] ?? '';
  const word = typed.toLowerCase();
  if (word === 'help' || word === '?') return { kind: 'help', topics: statement.replace(/^\s*(\?|help)/i, '').replace(/;\s*$/, '').split(/[\s,]+/).filter(Boolean) };
  if (word === 'describe' || word === 'desc') {
    return { kind: 'describe', output: describeOutputKind(/^\s*\S+\s+([A-Za-z_]+)/.exec(statement)?.[1] ?? '') };
  }
  if (UNSUPPORTED.has(word)) return { kind: 'unsupported', word: typed };
  const handled = word === 'exit' || word === 'quit' || word === 'expand' || word === 'expanded' || word === 'paging' ||
    word === 'source' || word === 'consistency' || word === 'clear' || word === 'cls';
  if (!handled) return { kind: 'cql' };
  const args = argumentsOf(statement);
  if (args === null) return { kind: 'improper', word: typed };
  return commandWithArguments(word, args) ?? { kind: 'improper', word: typed };
}

function commandWithArguments(word: string, args: readonly Token[]): ShellCommand | null {
  const [first, ...more] = args;
  if (more.length > 0) return null;
  switch (word) {
    case 'exit':
    case 'quit':
      return first === undefined ? { kind: 'exit' } : null;
    case 'clear':
    case 'cls':
      return first === undefined ? { kind: 'clear' } : null;
    case 'expand':
    case 'expanded': {
      const toggle = switchOf(first);
      return toggle === undefined ? null : { kind: 'expand', switch: toggle };
    }
    case 'paging': {
      if (first?.kind === 'integer') return { kind: 'paging', switch: null, pageSize: Number(first.text) };
      const toggle = switchOf(first);
      return toggle === undefined ? null : { kind: 'paging', switch: toggle, pageSize: null };
    }
    case 'source':
      return first?.kind === 'string' ? { kind: 'source', file: first.text } : null;
    case 'consistency': {
      if (first === undefined) return { kind: 'consistency', level: null };
      const level = first.text.toUpperCase();
      return CONSISTENCY_LEVELS.has(level) ? { kind: 'consistency', level } : null;
    }
    default:
      return null;
  }
}

/** ON / OFF / nothing; undefined for anything else. */
function switchOf(token: Token | undefined): Switch | undefined {
  if (token === undefined) return null;
  const text = token.text.toLowerCase();
  return text === 'on' || text === 'off' ? text : undefined;
}

/** The tokens after the command word, without a final `;`; null when the text does not lex. */
function argumentsOf(statement: string): Token[] | null {
  try {
    const tokens = tokenize(statement).filter((token) => token.kind !== 'end');
    if (tokens.at(-1)?.kind === 'semicolon') tokens.pop();
    return tokens.slice(1);
  } catch {
    return null; // a lexing error is an improper command, worded by the caller
  }
}
