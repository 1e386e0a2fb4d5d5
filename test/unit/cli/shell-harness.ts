/**
 * A shell over a scripted session: the session answers each statement from the test's function
 * (the embedded Database is not in this tree yet; end-to-end tests over it spawn the CLI), and
 * the shell's output is captured. Files for SOURCE are real files.
 */

import { readFile } from 'node:fs/promises';
import { dataTypes, type DriverColumnType } from '../../../src/cli/shell/driver-column-type.js';
import { Shell } from '../../../src/cli/shell/shell.js';
import { defaultShellSettings, type ShellIo } from '../../../src/cli/shell/shell-io.js';
import type { ShellPaging, ShellResult, ShellSession } from '../../../src/cli/shell/shell-session.js';

export type Answer = (query: string, paging: ShellPaging, session: ScriptedSession) => ShellResult | Error;

export class ScriptedSession implements ShellSession {
  keyspace: string | null = null;
  readonly executed: string[] = [];
  readonly pagings: ShellPaging[] = [];

  constructor(private readonly answer: Answer) {}

  async execute(query: string, paging: ShellPaging): Promise<ShellResult> {
    this.executed.push(query);
    this.pagings.push(paging);
    const answer = this.answer(query, paging, this);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  async close(): Promise<void> {}
}

export interface Harness {
  readonly shell: Shell;
  readonly session: ScriptedSession;
  out(): string;
  err(): string;
  readonly mores: { count: number };
}

export function harness(answer: Answer, options: { tty?: boolean; sourceName?: string } = {}): Harness {
  const session = new ScriptedSession(answer);
  let out = '';
  let err = '';
  const mores = { count: 0 };
  const io: ShellIo = {
    write: (text) => void (out += text),
    writeError: (text) => void (err += text),
    waitForMore: async () => void (mores.count += 1),
    readFile: (file) => readFile(file, 'utf8'),
  };
  const shell = new Shell({ session, io, settings: defaultShellSettings(), tty: options.tty ?? false, sourceName: options.sourceName ?? '<stdin>' });
  return { shell, session, out: () => out, err: () => err, mores };
}

export const textType: DriverColumnType = { code: dataTypes.varchar };
export const intType: DriverColumnType = { code: dataTypes.int };

export function rows(columns: readonly [string, DriverColumnType][], values: readonly unknown[][], pageState: string | null = null): ShellResult {
  return {
    columns: columns.map(([name, type]) => ({ name, type })),
    rows: values.map((row) => Object.fromEntries(columns.map(([name], i) => [name, row[i]]))),
    pageState,
  };
}

export const NO_ROWS: ShellResult = { columns: null, rows: [], pageState: null };
