/**
 * `sibyl shell [--data DIR | --host HOST [--port P] [-u USER -p PASSWORD]] [-e STATEMENTS] [-f FILE]`,
 * as cqlsh runs:
 *
 *   --data   over an embedded database in DIR (the default, ./data)
 *   --host   over the CQL native protocol to HOST:P (9042), Sibyl or any Cassandra-compatible server
 *   -e   run the statements (a `;` is added at the end if missing) and exit
 *   -f   run a file's statements and exit
 *   otherwise the REPL on a terminal, or the statements piped on stdin
 *
 * Without a terminal, errors read `<source>:<line>:...` and the exit status is 2 when any
 * statement failed, as cqlsh's batch mode.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabaseSession } from './database-session.js';
import { openDriverSession } from './driver-session.js';
import { runRepl } from './repl.js';
import { runLines, Shell } from './shell.js';
import { historyFilePath } from './shell-history.js';
import { defaultShellSettings, type ShellIo } from './shell-io.js';
import type { ShellSession } from './shell-session.js';

export const SHELL_USAGE = 'shell [--data DIR | --host HOST [--port P] [-u USER -p PASSWORD]] [-e STATEMENTS] [-f FILE]';

/** cqlsh's exit status when a statement failed in batch mode. */
const EXIT_STATEMENT_FAILED = 2;

export type SessionOpener = (dataDir: string) => Promise<ShellSession>;

export async function runShell(argv: readonly string[], openSession: SessionOpener = openDatabaseSession): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      data: { type: 'string', default: './data' },
      host: { type: 'string' },
      port: { type: 'string', default: '9042' },
      username: { type: 'string', short: 'u' },
      password: { type: 'string', short: 'p' },
      execute: { type: 'string', short: 'e' },
      file: { type: 'string', short: 'f' },
    },
  });
  if (values.execute !== undefined && values.file !== undefined) {
    process.stderr.write(`sibyl ${SHELL_USAGE}: -e and -f cannot be used together\n`);
    return EXIT_STATEMENT_FAILED;
  }
  const dataDir = path.resolve(values.data);
  let session: ShellSession;
  let banner: string;
  if (values.host !== undefined) {
    const remote = await openDriverSession({
      host: values.host,
      port: Number(values.port),
      ...(values.username === undefined ? {} : { username: values.username }),
      ...(values.password === undefined ? {} : { password: values.password }),
    });
    session = remote;
    banner = remote.banner;
  } else {
    session = await openSession(dataDir);
    banner = `Connected to Sibyl at ${dataDir}.\nUse HELP for help.\n`;
  }
  try {
    if (values.execute === undefined && values.file === undefined && process.stdin.isTTY === true) {
      await runRepl({ session, historyFile: historyFilePath(), banner });
      return 0;
    }
    const shell = new Shell({ session, io: processIo(), settings: defaultShellSettings(), tty: false, sourceName: values.file ?? '<stdin>' });
    if (values.execute !== undefined) {
      const text = values.execute.trimEnd();
      await shell.feedText(text.endsWith(';') ? text : `${text};`);
      await shell.finish();
    } else {
      await runLines(shell, values.file !== undefined ? await readFile(values.file, 'utf8') : await readStdin());
    }
    return shell.hadError ? EXIT_STATEMENT_FAILED : 0;
  } finally {
    await session.close();
  }
}

function processIo(): ShellIo {
  return {
    write: (text) => void process.stdout.write(text),
    writeError: (text) => void process.stderr.write(text),
    waitForMore: () => Promise.resolve(),
    readFile: (file) => readFile(file, 'utf8'),
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
