/**
 * The command and its params: `write|read|mixed|user|ycsb` followed by `n=`, `duration=`,
 * `cl=`, and `ratio(...)` (mixed), `profile=` and `ops(...)` (user), `workload=`, `records=`
 * and `phase=` (ycsb).
 */

import { OptionGroup } from './option-group.js';
import type { OptionParam } from './option-tokens.js';
import { parseDecimal, parseDurationMs, parsePositiveCount } from './option-numbers.js';
import { parseConsistencyLevel, type ConsistencyLevelName } from './consistency-level-name.js';
import type { RunLength, StressCommand, YcsbWorkloadName } from './stress-settings.js';
import { StressUsageError } from './stress-usage-error.js';

export interface CommandOptions {
  readonly command: StressCommand;
  readonly length: RunLength;
  readonly consistency: ConsistencyLevelName;
  readonly seed: number;
}

const YCSB_WORKLOADS: readonly YcsbWorkloadName[] = ['a', 'b', 'c', 'd', 'e', 'f'];
const YCSB_RECORDS_DEFAULT = 1000;
const CONSISTENCY_DEFAULT: ConsistencyLevelName = 'LOCAL_ONE';
const SEED_DEFAULT = 1;

export function parseCommandOptions(name: string, params: readonly OptionParam[]): CommandOptions {
  const group = new OptionGroup(`command ${name}`, params);
  const command = parseCommand(name, group);
  const length = parseRunLength(group, name);
  const cl = group.value('cl');
  const seed = group.value('seed');
  group.finish();
  return {
    command,
    length,
    consistency: cl === undefined ? CONSISTENCY_DEFAULT : parseConsistencyLevel(cl),
    seed: seed === undefined ? SEED_DEFAULT : parsePositiveCount(seed, 'seed'),
  };
}

function parseCommand(name: string, group: OptionGroup): StressCommand {
  switch (name) {
    case 'write':
    case 'read':
      return { kind: name };
    case 'mixed': {
      const ratio = parseWeights(group.args('ratio') ?? [{ name: 'write', value: '1', args: null }, { name: 'read', value: '1', args: null }], 'ratio');
      for (const kind of ratio.keys()) {
        if (kind !== 'write' && kind !== 'read') throw new StressUsageError(`mixed ratio(...) takes write= and read=, not '${kind}'`);
      }
      return { kind: 'mixed', ratio: ratio as ReadonlyMap<'write' | 'read', number> };
    }
    case 'user': {
      const profilePath = group.value('profile');
      if (profilePath === undefined) throw new StressUsageError('user needs profile=FILE.yaml');
      const ops = group.args('ops');
      if (ops === undefined) throw new StressUsageError('user needs ops(insert=N,QUERY=N,...)');
      return { kind: 'user', profilePath, ops: parseWeights(ops, 'ops') };
    }
    case 'ycsb': {
      const workload = group.value('workload')?.toLowerCase();
      if (workload === undefined || !YCSB_WORKLOADS.includes(workload as YcsbWorkloadName)) {
        throw new StressUsageError(`ycsb needs workload=a|b|c|d|e|f${workload === undefined ? '' : `, not '${workload}'`}`);
      }
      const records = group.value('records');
      const phase = group.value('phase') ?? 'both';
      if (phase !== 'load' && phase !== 'run' && phase !== 'both') throw new StressUsageError(`ycsb phase= is load, run or both, not '${phase}'`);
      return {
        kind: 'ycsb',
        workload: workload as YcsbWorkloadName,
        records: records === undefined ? YCSB_RECORDS_DEFAULT : parsePositiveCount(records, 'records'),
        phase,
      };
    }
    default:
      throw new StressUsageError(`unknown command '${name}' (write, read, mixed, user, ycsb)`);
  }
}

function parseRunLength(group: OptionGroup, name: string): RunLength {
  const n = group.value('n');
  const duration = group.value('duration');
  if (n !== undefined && duration !== undefined) throw new StressUsageError('give n= or duration=, not both');
  if (n !== undefined) return { kind: 'operations', operations: parsePositiveCount(n, 'n') };
  if (duration !== undefined) return { kind: 'duration', durationMs: parseDurationMs(duration, 'duration') };
  throw new StressUsageError(`${name} needs n=OPERATIONS or duration=TIME (like n=100000 or duration=60s)`);
}

/** `name=weight, ...`: weights above zero, at least one. */
function parseWeights(params: readonly OptionParam[], what: string): ReadonlyMap<string, number> {
  const weights = new Map<string, number>();
  for (const param of params) {
    if (param.value === null) throw new StressUsageError(`${what}(...) takes name=weight items, not '${param.name}'`);
    if (weights.has(param.name)) throw new StressUsageError(`'${param.name}' is given twice in ${what}(...)`);
    const weight = parseDecimal(param.value, `weight of ${param.name} in ${what}(...)`);
    if (!(weight >= 0)) throw new StressUsageError(`weight of ${param.name} in ${what}(...) cannot be negative`);
    weights.set(param.name, weight);
  }
  if (![...weights.values()].some((weight) => weight > 0)) throw new StressUsageError(`${what}(...) needs a weight above zero`);
  return weights;
}
