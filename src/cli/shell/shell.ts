/**
 * The shell's state machine, free of terminals and files: lines come in (feedLine), complete
 * statements run in order, output goes to ShellIo. The REPL (repl.ts), `-e` and `-f`
 * (run-shell.ts) and SOURCE all drive one of these.
 *
 * As cqlsh: when not interactive, errors are prefixed `<source>:<line>:` where line counts the
 * lines read so far plus one (cqlsh's lineno, incremented after each read; `-e` stays at 1);
 * cqlsh commands run here, DESCRIBE prints the server's rows its own way, the rest is sent to the
 * session and printed when it returns rows.
 */

import os from 'node:os';
import path from 'node:path';
import { assertNever } from '../../lib/assert.js';
import { describeLines, type DescribeOutputKind } from './format-describe.js';
import { cqlshErrorText, errorParts } from './format-error.js';
import { HELP_TEXT } from './help-text.js';
import { printResult } from './print-result.js';
import { shellCommandOf, type ShellCommand } from './shell-command.js';
import { DEFAULT_PAGE_SIZE, UNPAGED_FETCH_SIZE, type ShellIo, type ShellSettings } from './shell-io.js';
import type { ShellResult, ShellSession } from './shell-session.js';
import { splitStatements } from './statement-splitter.js';
import { applySwitch } from './switch-commands.js';

/** SOURCE may nest this deep; a file that sources itself stops here instead of overflowing. */
export const SOURCE_DEPTH_MAX = 16;

export interface ShellOptions {
  readonly session: ShellSession;
  readonly io: ShellIo;
  readonly settings: ShellSettings;
  /** Interactive: prompts, `---MORE---`, errors without a source prefix. */
  readonly tty: boolean;
  /** Names the input in error prefixes: `<stdin>` or the file's path. */
  readonly sourceName: string;
  readonly sourceDepth?: number;
}

export class Shell {
  private buffer = '';
  private lineNumber = 1;
  private stop = false;
  private error = false;

  constructor(private readonly options: ShellOptions) {}

  /** True once EXIT or QUIT ran. */
  get stopped(): boolean {
    return this.stop;
  }

  /** True once any statement failed (the exit status of `-e`, `-f` and piped input). */
  get hadError(): boolean {
    return this.error;
  }

  /** `cqlsh> `, `cqlsh:ks> `, or the continuation prompt inside a statement. */
  prompt(): string {
    const keyspace = this.options.session.keyspace;
    if (this.buffer.trim() !== '') return keyspace === null ? '   ... ' : `${' '.repeat(keyspace.length)}    ... `;
    return keyspace === null ? 'cqlsh> ' : `cqlsh:${keyspace}> `;
  }

  /** One line of input (without its newline); runs every statement it completes. */
  async feedLine(line: string): Promise<void> {
    this.buffer += `${line}\n`;
    this.lineNumber += 1;
    await this.runCompleteStatements();
  }

  /** Text given whole (`-e`): its statements run without counting lines. */
  async feedText(text: string): Promise<void> {
    this.buffer += text;
    await this.runCompleteStatements();
  }

  /** End of input: a last statement without `;` runs if it is a shell command, else is reported. */
  async finish(): Promise<void> {
    if (this.buffer.trim() === '' || this.stop) return;
    this.buffer += '\n';
    await this.runCompleteStatements();
    if (splitStatements(this.buffer).incomplete) this.printError('Incomplete statement at end of file');
    this.buffer = '';
  }

  /** Ctrl-C: forget the statement being typed. */
  cancelStatement(): void {
    this.buffer = '';
  }

  private async runCompleteStatements(): Promise<void> {
    const split = splitStatements(this.buffer);
    this.buffer = split.incomplete ? split.remainder : '';
    for (const statement of split.statements) {
      if (this.stop) return;
      await this.runStatement(statement);
    }
  }

  private async runStatement(statement: string): Promise<void> {
    const command = shellCommandOf(statement);
    try {
      await this.run(command, statement);
    } catch (error) {
      this.printError(command.kind === 'describe' ? errorParts(error).message : cqlshErrorText(error));
    }
  }

  private async run(command: ShellCommand, statement: string): Promise<void> {
    const { settings } = this.options;
    switch (command.kind) {
      case 'cql': {
        const result = await this.execute(statement, null);
        if (result.columns !== null) await printResult(result, this.printing(statement));
        return;
      }
      case 'describe':
        return this.describe(statement, command.output);
      case 'help':
        return this.options.io.write(HELP_TEXT);
      case 'exit':
        this.stop = true;
        return;
      case 'expand': {
        const outcome = applySwitch('EXPAND', 'Expanded output', settings.expand, command.switch);
        settings.expand = outcome.enabled;
        return outcome.isError ? this.printError(outcome.message) : this.print(outcome.message);
      }
      case 'paging':
        return this.paging(command.switch, command.pageSize);
      case 'source':
        return this.source(command.file);
      case 'consistency':
        if (command.level === null) return this.print(`Current consistency level is ${settings.consistency}.`);
        settings.consistency = command.level;
        return this.print(`Consistency level set to ${command.level}.`);
      case 'clear':
        return this.options.io.write('\x1b[2J\x1b[H');
      case 'unsupported':
        return this.printError(`${command.word.toUpperCase()} is not supported by the Sibyl shell.`);
      case 'improper':
        return this.printError(`Improper ${command.word} command.`);
      default:
        return assertNever(command, 'shell command');
    }
  }

  private execute(statement: string, pageState: string | null): Promise<ShellResult> {
    const { settings } = this.options;
    const pageSize = settings.paging ? settings.pageSize : UNPAGED_FETCH_SIZE;
    return this.options.session.execute(statement, { pageSize, pageState });
  }

  private printing(statement: string) {
    return {
      io: this.options.io,
      settings: this.options.settings,
      tty: this.options.tty,
      nextPage: (pageState: string) => this.execute(statement, pageState),
    };
  }

  /** DESCRIBE runs on the server; all its pages are printed at once, as cqlsh lays them out. */
  private async describe(statement: string, output: DescribeOutputKind): Promise<void> {
    let page = await this.execute(statement, null);
    const rows = [...page.rows];
    while (page.pageState !== null) {
      page = await this.execute(statement, page.pageState);
      rows.push(...page.rows);
    }
    for (const line of describeLines(output, rows, this.options.session.keyspace)) this.print(line);
  }

  private paging(requested: 'on' | 'off' | null, pageSize: number | null): void {
    const { settings } = this.options;
    if (pageSize === null) {
      const outcome = applySwitch('PAGING', 'Query paging', settings.paging, requested);
      settings.paging = outcome.enabled;
      if (outcome.isError) this.printError(outcome.message);
      else this.print(outcome.message);
    } else {
      settings.paging = true;
      settings.pageSize = pageSize;
    }
    if (settings.paging) this.print(`Page size: ${settings.pageSize}`);
    else settings.pageSize = DEFAULT_PAGE_SIZE;
  }

  /** SOURCE 'file': the file's statements, in a shell of their own that reports errors by file and line. */
  private async source(file: string): Promise<void> {
    const depth = (this.options.sourceDepth ?? 0) + 1;
    if (depth > SOURCE_DEPTH_MAX) return this.printError(`SOURCE nested deeper than ${SOURCE_DEPTH_MAX} files: ${file}`);
    const resolved = file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file;
    let text: string;
    try {
      text = await this.options.io.readFile(resolved);
    } catch (error) {
      return this.printError(`Could not open '${resolved}': ${errorParts(error).message}`);
    }
    const sourced = new Shell({ ...this.options, tty: false, sourceName: resolved, sourceDepth: depth });
    await runLines(sourced, text);
    // EXIT in a sourced file ends that file only, as in cqlsh's subshell.
    if (sourced.hadError) this.error = true;
  }

  private print(line: string): void {
    this.options.io.write(`${line}\n`);
  }

  private printError(text: string): void {
    this.error = true;
    const prefix = this.options.tty ? '' : `${this.options.sourceName}:${this.lineNumber}:`;
    this.options.io.writeError(`${prefix}${text}\n`);
  }
}

/** Feeds a whole file to a shell line by line, then ends its input. */
export async function runLines(shell: Shell, text: string): Promise<void> {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (shell.stopped) break;
    await shell.feedLine(line);
  }
  await shell.finish();
}
