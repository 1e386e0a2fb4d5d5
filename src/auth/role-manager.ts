/**
 * Roles in system_auth (Cassandra's CassandraRoleManager): each role's row in `roles`
 * (is_superuser, can_login, salted_hash, member_of) and, for GRANT role TO role, a row per
 * member in `role_members`. Reads go at LOCAL_QUORUM and writes at EACH_QUORUM (Cassandra
 * 4.1's auth_read/write_consistency_level); roles are cached per node (auth-cache.ts).
 *
 * A role holds the roles in its member_of, and theirs, transitively (`rolesOf`): a GRANT that
 * would make a cycle is refused, so the walk ends; it is also bounded by roleNestingMax.
 *
 * The default superuser, cassandra/cassandra, is written once no role exists, USING TIMESTAMP
 * 0 (CassandraRoleManager.setupDefaultRole): every node may do it at once, and any real change
 * (a new password, a DROP) wins over it.
 */

import { assert } from '../lib/assert.js';
import type { Clock } from '../lib/clock.js';
import { InvalidRequestError } from '../lib/errors.js';
import { AuthCache } from './auth-cache.js';
import { authLimits } from './auth-options.js';
import type { InternalQueries, InternalRow } from './internal-queries.js';
import { hashPassword } from './password-hash.js';

export interface RoleRecord {
  readonly name: string;
  readonly isSuperuser: boolean;
  readonly canLogin: boolean;
  readonly saltedHash: string | null;
  readonly memberOf: readonly string[];
}

/** What CREATE or ALTER ROLE sets; absent: unchanged (ALTER) or the default (CREATE: false, no password). */
export interface RoleChanges {
  readonly superuser?: boolean;
  readonly login?: boolean;
  /** A stored hash (hashed already). */
  readonly saltedHash?: string;
}

export const DEFAULT_SUPERUSER_NAME = 'cassandra';
export const DEFAULT_SUPERUSER_PASSWORD = 'cassandra';

const READ = 'LOCAL_QUORUM';
const WRITE = 'EACH_QUORUM';

export class RoleManager {
  private readonly cache: AuthCache<string, RoleRecord | null>;

  constructor(
    private readonly queries: InternalQueries,
    clock: Clock,
    cacheValidityMs: number,
  ) {
    // A missing role is not cached (Cassandra's CredentialsCache neither): it may exist a moment later.
    this.cache = new AuthCache((name) => this.load(name), clock, cacheValidityMs, authLimits.cacheEntriesMax, (role) => role !== null);
  }

  /** The role's row, or null if there is no such role. */
  role(name: string): Promise<RoleRecord | null> {
    return this.cache.get(name);
  }

  /** Whether the role exists; `fresh` reads system_auth rather than this node's cache (statements that change roles). */
  async exists(name: string, options: { readonly fresh?: boolean } = {}): Promise<boolean> {
    return (await (options.fresh === true ? this.load(name) : this.role(name))) !== null;
  }

  /**
   * The role and every role it holds, transitively (`recursive`), or only those it was granted
   * directly; each once, the role first. A role named in member_of that no longer exists is skipped.
   */
  async rolesOf(name: string, recursive = true): Promise<RoleRecord[]> {
    const root = await this.role(name);
    if (root === null) return [];
    const found = new Map<string, RoleRecord>([[root.name, root]]);
    let frontier = [...new Set(root.memberOf)];
    for (let depth = 1; frontier.length > 0 && depth <= authLimits.roleNestingMax; depth++) {
      const records = await Promise.all(frontier.map((n) => this.role(n)));
      const next = new Set<string>();
      for (const record of records) {
        if (record === null || found.has(record.name)) continue;
        found.set(record.name, record);
        for (const held of record.memberOf) if (!found.has(held)) next.add(held);
      }
      frontier = recursive ? [...next] : [];
    }
    return [...found.values()];
  }

  /** Whether the role or any role it holds is a superuser (Roles.hasSuperuserStatus). */
  async isSuperuser(name: string): Promise<boolean> {
    return (await this.rolesOf(name)).some((r) => r.isSuperuser);
  }

  /** Every role, by name (LIST ROLES of a role that may see them all). */
  async allRoles(): Promise<RoleRecord[]> {
    const rows = await this.queries.rows('SELECT role, is_superuser, can_login, salted_hash, member_of FROM system_auth.roles', [], READ, authLimits.listRowsMax);
    return rows.map(recordOf).sort((a, b) => compareNames(a.name, b.name));
  }

  async createRole(name: string, changes: RoleChanges): Promise<void> {
    await this.queries.write(
      'INSERT INTO system_auth.roles (role, is_superuser, can_login, salted_hash) VALUES (?, ?, ?, ?)',
      [name, changes.superuser ?? false, changes.login ?? false, changes.saltedHash ?? null],
      WRITE,
    );
    this.cache.invalidate(name);
  }

  async alterRole(name: string, changes: RoleChanges): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    if (changes.superuser !== undefined) (sets.push('is_superuser = ?'), params.push(changes.superuser));
    if (changes.login !== undefined) (sets.push('can_login = ?'), params.push(changes.login));
    if (changes.saltedHash !== undefined) (sets.push('salted_hash = ?'), params.push(changes.saltedHash));
    if (sets.length === 0) return;
    // One text per combination of options: at most seven, within InternalQueries' bound.
    await this.queries.write(`UPDATE system_auth.roles SET ${sets.join(', ')} WHERE role = ?`, [...params, name], WRITE);
    this.cache.invalidate(name);
  }

  /**
   * Drops the role: its row, its members' membership of it, and its own memberships' index
   * rows (Cassandra leaves the last; nothing reads them once the role is gone, but a role of
   * the same name created later would seem a member again).
   */
  async dropRole(name: string): Promise<void> {
    const record = await this.load(name);
    const members = await this.queries.rows('SELECT member FROM system_auth.role_members WHERE role = ?', [name], READ, authLimits.listRowsMax);
    for (const row of members) {
      const member = row.get('member') as string;
      await this.queries.write('UPDATE system_auth.roles SET member_of = member_of - ? WHERE role = ?', [[name], member], WRITE);
      this.cache.invalidate(member);
    }
    await this.queries.write('DELETE FROM system_auth.role_members WHERE role = ?', [name], WRITE);
    for (const granted of record?.memberOf ?? []) {
      await this.queries.write('DELETE FROM system_auth.role_members WHERE role = ? AND member = ?', [granted, name], WRITE);
    }
    await this.queries.write('DELETE FROM system_auth.roles WHERE role = ?', [name], WRITE);
    this.cache.invalidate(name);
  }

  /** GRANT role TO grantee; refused when it would make a cycle or is already so. */
  async grantRole(role: string, grantee: string): Promise<void> {
    if ((await this.rolesOf(grantee)).some((r) => r.name === role)) throw new InvalidRequestError(`${grantee} is a member of ${role}`);
    if ((await this.rolesOf(role)).some((r) => r.name === grantee)) throw new InvalidRequestError(`${role} is a member of ${grantee}`);
    await this.queries.write('UPDATE system_auth.roles SET member_of = member_of + ? WHERE role = ?', [[role], grantee], WRITE);
    await this.queries.write('INSERT INTO system_auth.role_members (role, member) VALUES (?, ?)', [role, grantee], WRITE);
    this.cache.invalidate(grantee);
  }

  async revokeRole(role: string, revokee: string): Promise<void> {
    if (!(await this.rolesOf(revokee, false)).some((r) => r.name === role && r.name !== revokee)) {
      throw new InvalidRequestError(`${revokee} is not a member of ${role}`);
    }
    await this.queries.write('UPDATE system_auth.roles SET member_of = member_of - ? WHERE role = ?', [[role], revokee], WRITE);
    await this.queries.write('DELETE FROM system_auth.role_members WHERE role = ? AND member = ?', [role, revokee], WRITE);
    this.cache.invalidate(revokee);
  }

  /**
   * Writes cassandra/cassandra if no role exists yet. Throws while system_auth cannot be read
   * at LOCAL_QUORUM (a ring still forming): the caller retries.
   */
  async setupDefaultRole(): Promise<void> {
    const any = await this.queries.rows('SELECT role FROM system_auth.roles LIMIT 1', [], READ);
    if (any.length > 0) return;
    const hash = await hashPassword(DEFAULT_SUPERUSER_PASSWORD);
    await this.queries.write(
      'INSERT INTO system_auth.roles (role, is_superuser, can_login, salted_hash) VALUES (?, true, true, ?) USING TIMESTAMP 0',
      [DEFAULT_SUPERUSER_NAME, hash],
      WRITE,
    );
    this.cache.invalidate(DEFAULT_SUPERUSER_NAME);
  }

  /** Drops what this node cached of a role (after a change made elsewhere is known). */
  invalidate(name: string): void {
    this.cache.invalidate(name);
  }

  private async load(name: string): Promise<RoleRecord | null> {
    const rows = await this.queries.rows('SELECT role, is_superuser, can_login, salted_hash, member_of FROM system_auth.roles WHERE role = ?', [name], READ);
    const row = rows[0];
    return row === undefined ? null : recordOf(row);
  }
}

function recordOf(row: InternalRow): RoleRecord {
  const name = row.get('role');
  assert(typeof name === 'string', 'a role row without a name');
  return Object.freeze({
    name,
    // A row written only by UPDATE (member_of) has no is_superuser or can_login: false, as Cassandra reads it.
    isSuperuser: row.get('is_superuser') === true,
    canLogin: row.get('can_login') === true,
    saltedHash: (row.get('salted_hash') as string | null) ?? null,
    memberOf: Object.freeze([...((row.get('member_of') as string[] | null) ?? [])]),
  });
}

/** Java's String.compareTo: UTF-16 code units, as Cassandra sorts LIST ROLES. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
