import { describe, expect, it } from 'vitest';
import { decideDirective, defaultSupervisorPolicy } from '../../../src/actors/supervision.js';

describe('decideDirective', () => {
  const policy = { directive: 'restart', restartsMax: 3, withinMs: 10_000 } as const;

  it('restarts up to restartsMax times within the window, then stops', () => {
    let history: readonly number[] = [];
    const directives: string[] = [];
    for (const nowMs of [0, 1_000, 2_000, 3_000]) {
      const decision = decideDirective(policy, history, nowMs);
      directives.push(decision.directive);
      history = decision.restartTimesMs;
    }
    expect(directives).toEqual(['restart', 'restart', 'restart', 'stop']);
  });

  it('forgets restarts older than the window', () => {
    const decision = decideDirective(policy, [0, 1_000, 2_000], 12_500);
    expect(decision.directive).toBe('restart');
    expect(decision.restartTimesMs).toEqual([12_500]);
  });

  it('passes stop and resume through, and defaults to restart 3 within 10 s', () => {
    expect(decideDirective({ directive: 'stop' }, [], 0).directive).toBe('stop');
    expect(decideDirective({ directive: 'resume' }, [1, 2, 3, 4], 5).directive).toBe('resume');
    expect(defaultSupervisorPolicy).toEqual({ directive: 'restart', restartsMax: 3, withinMs: 10_000 });
  });
});
