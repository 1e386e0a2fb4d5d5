import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from '../../../src/auth/password-hash.js';

/** Cheap parameters for many runs; the default's cost is checked once. */
const FAST = { logN: 4, blockSize: 1, parallelism: 1 };

describe('password hashes', () => {
  it('writes the parameters, a 16-byte salt and a 32-byte key, and verifies only the password', async () => {
    const hash = await hashPassword('cassandra');
    const match = /^\$scrypt\$ln=14,r=8,p=1\$([^$]+)\$([^$]+)$/.exec(hash);
    expect(match).not.toBeNull();
    expect(Buffer.from(match![1]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(match![2]!, 'base64')).toHaveLength(32);
    expect(await verifyPassword('cassandra', hash)).toBe(true);
    expect(await verifyPassword('Cassandra', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash: the same password twice gives two hashes, both verifying', async () => {
    const [a, b] = await Promise.all([hashPassword('pw', FAST), hashPassword('pw', FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('pw', a)).toBe(true);
    expect(await verifyPassword('pw', b)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, whatever new hashes use', async () => {
    const salt = new Uint8Array(16).fill(7);
    const hash = await hashPassword('old', { logN: 10, blockSize: 4, parallelism: 2 }, salt);
    expect(hash.startsWith('$scrypt$ln=10,r=4,p=2$')).toBe(true);
    expect(await verifyPassword('old', hash)).toBe(true);
    // Deterministic given the salt: scrypt is a function of its inputs.
    expect(await hashPassword('old', { logN: 10, blockSize: 4, parallelism: 2 }, salt)).toBe(hash);
  });

  it('refuses what is not one of its hashes, and parameters that would cost too much', async () => {
    const good = await hashPassword('x', FAST);
    for (const bad of ['', 'x', '$2a$10$abcdefghijklmnopqrstuu', good.replace('ln=4', 'ln=30'), good.replace('ln=4', 'ln=0'), good.replace(/\$[^$]+$/, '$AAAA'), `${good}$`]) {
      expect(isPasswordHash(bad)).toBe(false);
      expect(await verifyPassword('x', bad)).toBe(false);
    }
    expect(isPasswordHash(good)).toBe(true);
  });

  it('verifies any password against its own hash and no other password (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (password, other) => {
        const hash = await hashPassword(password, FAST);
        expect(await verifyPassword(password, hash)).toBe(true);
        expect(await verifyPassword(other, hash)).toBe(other === password);
      }),
      { numRuns: 200 },
    );
  });
});
