/** The whole command line into StressSettings: each option group by its own parser. */

import { parseCommandOptions } from './command-options.js';
import { parseModeOptions } from './mode-options.js';
import { parseNodeOptions } from './node-options.js';
import { tokenizeOptions } from './option-tokens.js';
import { parsePopulationOptions } from './population-options.js';
import { parseRateOptions } from './rate-options.js';
import { parseGraphOptions, parseLogOptions } from './report-options.js';
import { parseSchemaOptions } from './schema-options.js';
import type { StressSettings } from './stress-settings.js';
import { StressUsageError } from './stress-usage-error.js';

const GROUPS = ['rate', 'node', 'port', 'schema', 'pop', 'mode', 'log', 'graph'] as const;

export function parseStressSettings(argv: readonly string[]): StressSettings {
  const tokens = tokenizeOptions(argv);
  for (const group of tokens.groups.keys()) {
    if (!(GROUPS as readonly string[]).includes(group)) throw new StressUsageError(`unknown option -${group} (${GROUPS.map((g) => `-${g}`).join(', ')})`);
  }
  const command = parseCommandOptions(tokens.command, tokens.commandParams);
  const schemaParams = tokens.groups.get('schema');
  if (command.command.kind === 'user' && schemaParams !== undefined) {
    throw new StressUsageError("-schema goes with write, read, mixed and ycsb; the user command's profile defines its schema");
  }
  return {
    ...command,
    population: parsePopulationOptions(tokens.groups.get('pop')),
    rate: parseRateOptions(tokens.groups.get('rate')),
    node: parseNodeOptions(tokens.groups.get('node'), tokens.groups.get('port')),
    schema: parseSchemaOptions(schemaParams),
    mode: parseModeOptions(tokens.groups.get('mode')),
    ...parseLogOptions(tokens.groups.get('log')),
    graph: parseGraphOptions(tokens.groups.get('graph')),
  };
}
