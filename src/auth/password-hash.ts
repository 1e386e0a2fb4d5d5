/**
 * Password hashes for system_auth.roles.salted_hash: scrypt (RFC 7914, node:crypto) with a
 * random salt per password, slow on purpose so that a stolen table does not give passwords
 * away cheaply. Cassandra stores bcrypt; Sibyl stores its parameters beside the key, in the
 * PHC string style, so the cost can rise later and older hashes still verify:
 *
 *   $scrypt$ln=14,r=8,p=1$<salt, base64>$<key, base64>
 *
 * ln is log2 of N (CPU/memory cost: 2^14 takes about 50 ms and 16 MiB here), r the block size,
 * p the parallelism; the salt is 16 random bytes, the key 32 bytes. Verifying compares in
 * constant time. scrypt runs on libuv's thread pool, so a login does not block the event loop.
 */

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { assert } from '../lib/assert.js';

export interface PasswordHashParameters {
  /** log2 of scrypt's N. */
  readonly logN: number;
  readonly blockSize: number;
  readonly parallelism: number;
}

/** What new hashes use (about 50 ms each on this machine). */
export const DEFAULT_HASH_PARAMETERS: PasswordHashParameters = Object.freeze({ logN: 14, blockSize: 8, parallelism: 1 });

/** Bounds on what a stored hash may ask for: a hash is data, and data must not make a login take minutes or gigabytes. */
const LOG_N_MIN = 1;
const LOG_N_MAX = 20;
const BLOCK_SIZE_MAX = 32;
const PARALLELISM_MAX = 16;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

const PREFIX = '$scrypt$';
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

interface ParsedHash {
  readonly parameters: PasswordHashParameters;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/**
 * A new salted hash of `password`. `salt` is for tests; real salts are random (crypto-strength:
 * a seeded generator would make every node's salts guessable).
 */
export async function hashPassword(password: string, parameters: PasswordHashParameters = DEFAULT_HASH_PARAMETERS, salt: Uint8Array = randomBytes(SALT_BYTES)): Promise<string> {
  checkParameters(parameters);
  assert(salt.length === SALT_BYTES, `a salt of ${SALT_BYTES} bytes, not ${salt.length}`);
  const key = await derive(password, Buffer.from(salt), parameters);
  const { logN, blockSize, parallelism } = parameters;
  return `${PREFIX}ln=${logN},r=${blockSize},p=${parallelism}$${Buffer.from(salt).toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` is the one `hash` was made from; false for a hash not in this format. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (parsed === null) return false;
  const key = await derive(password, parsed.salt, parsed.parameters, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** Whether `hash` is a stored hash this module can verify (HASHED PASSWORD takes only those). */
export function isPasswordHash(hash: string): boolean {
  return parseHash(hash) !== null;
}

function parseHash(hash: string): ParsedHash | null {
  const match = FORMAT.exec(hash);
  if (match === null) return null;
  const parameters = { logN: Number(match[1]), blockSize: Number(match[2]), parallelism: Number(match[3]) };
  if (!parametersInBounds(parameters)) return null;
  const salt = Buffer.from(match[4]!, 'base64');
  const key = Buffer.from(match[5]!, 'base64');
  if (salt.length === 0 || key.length < 16 || key.length > 64) return null;
  return { parameters, salt, key };
}

function derive(password: string, salt: Buffer, parameters: PasswordHashParameters, keyBytes = KEY_BYTES): Promise<Buffer> {
  const N = 2 ** parameters.logN;
  const options: ScryptOptions = {
    N,
    r: parameters.blockSize,
    p: parameters.parallelism,
    // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is below what LOG_N_MAX allows.
    maxmem: 256 * N * parameters.blockSize + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

function parametersInBounds(p: PasswordHashParameters): boolean {
  return (
    Number.isInteger(p.logN) && p.logN >= LOG_N_MIN && p.logN <= LOG_N_MAX &&
    Number.isInteger(p.blockSize) && p.blockSize >= 1 && p.blockSize <= BLOCK_SIZE_MAX &&
    Number.isInteger(p.parallelism) && p.parallelism >= 1 && p.parallelism <= PARALLELISM_MAX
  );
}

function checkParameters(parameters: PasswordHashParameters): void {
  assert(parametersInBounds(parameters), `scrypt parameters out of bounds: ${JSON.stringify(parameters)}`);
}
