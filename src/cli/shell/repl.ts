/**
 * The interactive shell on a terminal: node:readline with the prompt the shell asks for, history
 * kept in a file, Ctrl-C dropping the statement being typed, Ctrl-D (or EXIT) ending the session,
 * and `---MORE---` read as a readline question between pages.
 */

import { readFile } from 'node:fs/promises';
import readline from 'node:readline';
import { Shell } from './shell.js';
import { HISTORY_SIZE_MAX, loadHistory, saveHistory } from './shell-history.js';
import { defaultShellSettings, type ShellIo } from './shell-io.js';
import type { ShellSession } from './shell-session.js';

export interface ReplOptions {
  readonly session: ShellSession;
  readonly historyFile: string;
  /** Printed first: what the shell is connected to. */
  readonly banner: string;
}

export async function runRepl(options: ReplOptions): Promise<void> {
  const history = await loadHistory(options.historyFile);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true, history, historySize: HISTORY_SIZE_MAX });
  rl.on('history', (entries: string[]) => void saveHistory(options.historyFile, entries));
  const io: ShellIo = {
    write: (text) => void process.stdout.write(text),
    writeError: (text) => void process.stderr.write(text),
    waitForMore: () => new Promise((resolve) => rl.question('---MORE---', () => resolve())),
    readFile: (file) => readFile(file, 'utf8'),
  };
  const shell = new Shell({ session: options.session, io, settings: defaultShellSettings(), tty: true, sourceName: '<stdin>' });
  process.stdout.write(options.banner);

  const reprompt = (): void => {
    rl.setPrompt(shell.prompt());
    rl.prompt();
  };
  // Lines are handled one after another even when pasted faster than statements run.
  let queue: Promise<void> = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      await shell.feedLine(line);
      if (shell.stopped) rl.close();
      else reprompt();
    });
  });
  rl.on('SIGINT', () => {
    // Ctrl-E then Ctrl-U: empty readline's line too, or the next prompt would show it again.
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    shell.cancelStatement();
    process.stdout.write('\n');
    reprompt();
  });
  const closed = new Promise<void>((resolve) => rl.once('close', resolve));
  reprompt();
  await closed;
  await queue;
  if (!shell.stopped) {
    process.stdout.write('\n');
    await shell.finish();
  }
}
