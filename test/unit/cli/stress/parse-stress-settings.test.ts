// The cassandra-stress command line read into settings, and bad input refused with a usage
// error that says what is wrong.

import { describe, expect, it } from 'vitest';
import { parseStressSettings } from '../../../../src/cli/stress/options/parse-stress-settings.js';
import { StressUsageError } from '../../../../src/cli/stress/options/stress-usage-error.js';

const parse = (line: string | string[]) => parseStressSettings(typeof line === 'string' ? line.split(' ') : line);
const usageError = (line: string | string[]): string => {
  try {
    parse(line);
  } catch (error) {
    expect(error).toBeInstanceOf(StressUsageError);
    return (error as Error).message;
  }
  throw new Error(`expected '${String(line)}' to be refused`);
};

describe('stress command line', () => {
  it('reads a write with every option group', () => {
    const settings = parse(['write', 'n=1M', 'cl=quorum', '-rate', 'threads=16', '-node', '127.0.0.1,127.0.0.2', '-port', 'native=19470', '-schema', 'replication(factor=3)', 'keyspace=ks1', '-pop', 'seq=1..1000', '-mode', 'embedded', 'nodes=3', '-log', 'file=out.json', '-graph', 'file=r.html']);
    expect(settings.command).toEqual({ kind: 'write' });
    expect(settings.length).toEqual({ kind: 'operations', operations: 1_000_000 });
    expect(settings.consistency).toBe('QUORUM');
    expect(settings.rate).toEqual({ kind: 'threads', threads: 16 });
    expect(settings.node).toEqual({ hosts: ['127.0.0.1', '127.0.0.2'], nativePort: 19470, datacenter: 'datacenter1' });
    expect(settings.schema.keyspace).toBe('ks1');
    expect(Object.fromEntries(settings.schema.replicationOptions)).toEqual({ replication_factor: '3' });
    expect(settings.population).toEqual({ kind: 'sequence', min: 1, max: 1000 });
    expect(settings.mode).toEqual({ kind: 'embedded', nodes: 3, dataDir: null });
    expect(settings.log).toEqual({ file: 'out.json', format: 'json' });
    expect(settings.graph).toEqual({ file: 'r.html', title: 'sibyl stress' });
  });

  it('reads a mixed ratio split by the shell, a duration and a fixed rate', () => {
    const settings = parse(['mixed', 'ratio(write=1,', 'read=3)', 'duration=2m', '-rate', 'fixed=5k/s', '-pop', 'dist=gaussian(1..1M,500k,100k)', '-log', 'file=x.log', 'json']);
    expect(settings.command).toEqual({ kind: 'mixed', ratio: new Map([['write', 1], ['read', 3]]) });
    expect(settings.length).toEqual({ kind: 'duration', durationMs: 120_000 });
    expect(settings.rate).toEqual({ kind: 'fixed', perSecond: 5000, inFlightMax: 1024 });
    expect(settings.population).toEqual({ kind: 'gaussian', min: 1, max: 1_000_000, mean: 500_000, stdev: 100_000 });
    expect(settings.log).toEqual({ file: 'x.log', format: 'json' });
  });

  it('reads user and ycsb commands', () => {
    const user = parse(['user', 'profile=p.yaml', 'ops(insert=1,read1=2)', 'n=10']);
    expect(user.command).toEqual({ kind: 'user', profilePath: 'p.yaml', ops: new Map([['insert', 1], ['read1', 2]]) });
    const ycsb = parse('ycsb workload=D records=5000 n=100 -schema replication(strategy=NetworkTopologyStrategy,dc1=3)');
    expect(ycsb.command).toEqual({ kind: 'ycsb', workload: 'd', records: 5000, phase: 'both' });
    expect(ycsb.schema.replicationStrategy).toBe('NetworkTopologyStrategy');
    expect(Object.fromEntries(ycsb.schema.replicationOptions)).toEqual({ dc1: '3' });
  });

  it('takes every consistency level by name', () => {
    for (const level of ['ANY', 'ONE', 'TWO', 'THREE', 'QUORUM', 'ALL', 'LOCAL_QUORUM', 'EACH_QUORUM', 'SERIAL', 'LOCAL_SERIAL', 'LOCAL_ONE']) {
      expect(parse(`read n=1 cl=${level.toLowerCase()}`).consistency).toBe(level);
    }
  });

  it('refuses bad input with a message naming the problem', () => {
    expect(usageError('write')).toContain('needs n=');
    expect(usageError('write n=10 duration=5s')).toContain('not both');
    expect(usageError('write n=ten')).toContain("n must be a whole number");
    expect(usageError('write n=0')).toContain('at least 1');
    expect(usageError('write n=10 cl=MOST')).toContain("unknown consistency level 'MOST'");
    expect(usageError('scribble n=10')).toContain("unknown command 'scribble'");
    expect(usageError('write n=10 colour=blue')).toContain("unknown option 'colour=blue'");
    expect(usageError('write n=10 -rate threads=0')).toContain('at least 1');
    expect(usageError('write n=10 -rate fixed=fast')).toContain('rate like 1000/s');
    expect(usageError('write n=10 -pop dist=poisson(1..10)')).toContain("unknown distribution 'poisson'");
    expect(usageError('write n=10 -pop dist=uniform(10..1)')).toContain('backwards');
    expect(usageError('write n=10 -pop seq=1..5 dist=uniform(1..5)')).toContain('one of');
    expect(usageError(['mixed', 'ratio(write=1,read=3', 'n=5'])).toContain("unclosed '('");
    expect(usageError('mixed ratio(write=0,read=0) n=5')).toContain('above zero');
    expect(usageError('mixed ratio(write=1,delete=1) n=5')).toContain("not 'delete'");
    expect(usageError('write n=10 -wat x')).toContain('unknown option -wat');
    expect(usageError('write n=10 -rate threads=2 -rate threads=3')).toContain('given twice');
    expect(usageError('write n=10 -port native=70000')).toContain('not a port');
    expect(usageError('write n=10 -mode nodes=3')).toContain('go with embedded');
    expect(usageError('write n=10 -log json')).toContain('needs file=');
    expect(usageError('write n=10 -graph title=x')).toContain('needs file=');
    expect(usageError('user ops(insert=1) n=5')).toContain('profile=');
    expect(usageError('user profile=p.yaml ops(insert=1) n=5 -schema keyspace=x')).toContain('profile defines its schema');
    expect(usageError('ycsb workload=g n=5')).toContain('workload=a|b|c|d|e|f');
    expect(usageError('-rate threads=4')).toContain('a command comes first');
  });
});
