import { describe, expect, it } from 'vitest';
import { AuthCache } from '../../../src/auth/auth-cache.js';
import { ManualClock } from '../../../src/lib/clock.js';

describe('AuthCache', () => {
  it('serves a loaded value for its validity, then loads again', async () => {
    const clock = new ManualClock(1000);
    let loads = 0;
    const cache = new AuthCache(async (key: string) => `${key}${++loads}`, clock, 2000, 10);
    expect(await cache.get('a')).toBe('a1');
    clock.advanceMs(1999);
    expect(await cache.get('a')).toBe('a1');
    clock.advanceMs(1);
    expect(await cache.get('a')).toBe('a2');
    cache.invalidate('a');
    expect(await cache.get('a')).toBe('a3');
  });

  it('shares one load between concurrent asks, and never keeps a failure', async () => {
    const clock = new ManualClock(0);
    let loads = 0;
    const cache = new AuthCache(async () => {
      loads++;
      if (loads === 1) throw new Error('down');
      return loads;
    }, clock, 2000, 10);
    const [a, b] = await Promise.allSettled([cache.get('k'), cache.get('k')]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    expect(loads).toBe(1);
    expect(await cache.get('k')).toBe(2);
  });

  it('does not keep a value its keep predicate refuses', async () => {
    const clock = new ManualClock(0);
    let loads = 0;
    const cache = new AuthCache(async () => (++loads < 3 ? null : 'found'), clock, 60_000, 10, (value) => value !== null);
    expect(await cache.get('r')).toBeNull();
    expect(await cache.get('r')).toBeNull();
    expect(await cache.get('r')).toBe('found');
    expect(await cache.get('r')).toBe('found');
    expect(loads).toBe(3);
  });

  it('keeps at most entriesMax entries, the oldest going first; validity 0 keeps none', async () => {
    const clock = new ManualClock(0);
    let loads = 0;
    const cache = new AuthCache(async (key: number) => key + 100 * ++loads, clock, 60_000, 2);
    await cache.get(1);
    await cache.get(2);
    await cache.get(3);
    expect(await cache.get(2)).toBe(202);
    expect(await cache.get(1)).toBe(401);
    const uncached = new AuthCache(async () => ++loads, clock, 0, 2);
    expect(await uncached.get(0)).not.toBe(await uncached.get(0));
  });
});
