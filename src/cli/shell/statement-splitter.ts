/**
 * Splits shell input into statements the way cqlsh does (cqlhandling.cql_split_statements):
 *
 *   - a statement ends at `;` outside strings ('...' with '' escapes, $$...$$), quoted names
 *     ("..." with "" escapes) and comments (-- and // to the end of the line, /* ... *\/);
 *   - cqlsh's own commands (HELP, EXIT, DESCRIBE, SOURCE, EXPAND, PAGING...) also end at the end
 *     of their line, so `DESC TABLES` needs no `;`;
 *   - BEGIN ... APPLY BATCH; is one statement: the `;` inside a batch end its statements, not it.
 *
 * Text after the last complete statement comes back as `remainder`: the REPL keeps it and appends
 * the next line, so feeding the text in any chunks gives the statements that feeding it at once
 * does. Scanning is linear and allocation-light: one pass, slices only for whole statements.
 */

export interface SplitResult {
  /** Complete statements in order, from their first word to their `;` (or line end), comments inside kept. */
  readonly statements: readonly string[];
  /** The text after the last complete statement. */
  readonly remainder: string;
  /** True when the remainder holds a begun statement or an unclosed string, name or comment. */
  readonly incomplete: boolean;
}

/** cqlsh commands that end at the end of their line (cqlshhandling's commands_end_with_newline). */
export const NEWLINE_TERMINATED_COMMANDS: ReadonlySet<string> = new Set([
  'help', '?', 'consistency', 'serial', 'describe', 'desc', 'show', 'source', 'capture', 'login', 'debug',
  'tracing', 'expand', 'expanded', 'paging', 'exit', 'quit', 'clear', 'cls', 'history',
]);

const WORD_CHAR = /[A-Za-z0-9_]/;

class StatementScanner {
  readonly statements: string[] = [];
  /** Index just past the last complete statement (or skipped empty one). */
  consumed = 0;
  private start = -1;
  private firstWord = '';
  private inBatch = false;
  /** The last two tokens of the current statement, lower case, to spot APPLY BATCH. */
  private previous = '';
  private last = '';

  constructor(private readonly text: string) {}

  /** Scans everything; returns false when the text ends inside a string, name or comment. */
  scan(): boolean {
    const text = this.text;
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      const next = text[i + 1];
      if (c === '\n') {
        if (this.start !== -1 && !this.inBatch && NEWLINE_TERMINATED_COMMANDS.has(this.firstWord)) this.end(text.slice(this.start, i).trimEnd(), i);
        i += 1;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
        i += 1;
      } else if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
        const newline = text.indexOf('\n', i);
        i = newline === -1 ? text.length : newline;
      } else if (c === '/' && next === '*') {
        const close = text.indexOf('*/', i + 2);
        if (close === -1) return false;
        i = close + 2;
      } else if (c === "'" || c === '"') {
        const close = closingQuote(text, i, c);
        if (close === -1) return this.unclosed(i);
        this.token(i, c);
        i = close + 1;
      } else if (c === '$' && next === '$') {
        const close = text.indexOf('$$', i + 2);
        if (close === -1) return this.unclosed(i);
        this.token(i, '$$');
        i = close + 2;
      } else if (c === ';') {
        if (this.start === -1) this.consumed = i + 1;
        else if (!this.inBatch || (this.previous === 'apply' && this.last === 'batch')) this.end(text.slice(this.start, i + 1), i + 1);
        else this.token(i, ';');
        i += 1;
      } else if (WORD_CHAR.test(c)) {
        let end = i + 1;
        while (end < text.length && WORD_CHAR.test(text[end]!)) end += 1;
        this.token(i, text.slice(i, end).toLowerCase());
        i = end;
      } else {
        this.token(i, c);
        i += 1;
      }
    }
    return true;
  }

  get pending(): boolean {
    return this.start !== -1;
  }

  private unclosed(at: number): false {
    if (this.start === -1) this.start = at;
    return false;
  }

  private token(at: number, text: string): void {
    if (this.start === -1) {
      this.start = at;
      this.firstWord = text;
      this.inBatch = text === 'begin';
    }
    this.previous = this.last;
    this.last = text;
  }

  private end(statement: string, consumed: number): void {
    this.statements.push(statement);
    this.consumed = consumed;
    this.start = -1;
    this.firstWord = '';
    this.inBatch = false;
    this.previous = '';
    this.last = '';
  }
}

/** The index of the quote closing the one at `open` (doubled quotes escape it), or -1. */
function closingQuote(text: string, open: number, quote: string): number {
  let i = open + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close === -1) return -1;
    if (text[close + 1] !== quote) return close;
    i = close + 2;
  }
}

export function splitStatements(text: string): SplitResult {
  const scanner = new StatementScanner(text);
  const closed = scanner.scan();
  return {
    statements: scanner.statements,
    remainder: text.slice(scanner.consumed),
    incomplete: !closed || scanner.pending,
  };
}
