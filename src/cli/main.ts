#!/usr/bin/env node
/**
 * The `sibyl` command. Subcommands grow with each part of the system:
 *   start [--data DIR] [--rows N]        run the embedded engine demo (the server comes in issue 5)
 *   sstabledump <sstable-dir> <generation>  print one SSTable as JSON
 *   shell [--data DIR] [-e STATEMENTS] [-f FILE]  the cqlsh-like shell over an embedded database
 */

import path from 'node:path';
import { parseArgs } from 'node:util';
import { NodeStoragePort } from '../lib/node-storage-port.js';
import { dumpSSTable } from '../storage/sstable/sstable-dump.js';
import { runShell, SHELL_USAGE } from './shell/run-shell.js';
import { runStartDemo } from './start-demo.js';

const usage = `usage: sibyl <command>
  start [--data DIR] [--rows N]             run the embedded storage engine demo
  sstabledump <sstable-dir> <generation>    print one SSTable as JSON
  ${SHELL_USAGE}  the cqlsh-like shell over an embedded database`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { data: { type: 'string', default: './data' }, rows: { type: 'string', default: '200000' } } });
      await runStartDemo(path.resolve(values.data), Number(values.rows));
      return 0;
    }
    case 'sstabledump': {
      const [directory, generation] = rest;
      if (directory === undefined || generation === undefined) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      const dump = dumpSSTable(new NodeStoragePort(), { directory: path.resolve(directory), generation: Number(generation) });
      process.stdout.write(`${JSON.stringify(dump, null, 2)}\n`);
      return 0;
    }
    case 'shell':
      return runShell(rest);
    default:
      process.stderr.write(`${usage}\n`);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sibyl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
