/**
 * CREATE / ALTER / DROP ROLE, LIST ROLES, and the deprecated USER forms (Cassandra 4.1's
 * Parser.g), each starting after its object word (ROLE, USER) or after LIST.
 *
 *   CREATE ROLE [IF NOT EXISTS] r [WITH PASSWORD = 's' | HASHED PASSWORD = 's' | LOGIN = b | SUPERUSER = b [AND ...]]
 *   ALTER ROLE r [WITH ...]                          DROP ROLE [IF EXISTS] r
 *   LIST ROLES [OF r] [NORECURSIVE]                  LIST USERS
 *   CREATE USER [IF NOT EXISTS] u [WITH [HASHED] PASSWORD 's'] [SUPERUSER | NOSUPERUSER]
 *   ALTER USER u [WITH [HASHED] PASSWORD 's'] [SUPERUSER | NOSUPERUSER]      DROP USER [IF EXISTS] u
 *
 * An option given twice is a syntax error (`Multiple definition for property 'PASSWORD'`);
 * OPTIONS = {...} and ACCESS TO DATACENTERS are refused as not built.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { AlterRoleStatement } from '../ast/alter-role-statement.js';
import { CreateRoleStatement } from '../ast/create-role-statement.js';
import { DropRoleStatement } from '../ast/drop-role-statement.js';
import { ListRolesStatement } from '../ast/list-roles-statement.js';
import { NO_ROLE_OPTIONS, type RoleOptions } from '../ast/role-options.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
import type { Token } from '../lexer/token.js';
import { parseIfExists, parseIfNotExists } from './parse-names.js';
import { parseRoleName, parseUserName } from './parse-role-name.js';
import type { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

type MutableOptions = { -readonly [K in keyof RoleOptions]: RoleOptions[K] };

export function parseCreateRole(stream: TokenStream): CreateRoleStatement {
  const ifNotExists = parseIfNotExists(stream);
  const role = parseRoleName(stream);
  const options = stream.acceptKeyword('with') ? parseRoleOptions(stream) : NO_ROLE_OPTIONS;
  return CreateRoleStatement.create({ role, ifNotExists, options });
}

export function parseAlterRole(stream: TokenStream): AlterRoleStatement {
  const role = parseRoleName(stream);
  const options = stream.acceptKeyword('with') ? parseRoleOptions(stream) : NO_ROLE_OPTIONS;
  return AlterRoleStatement.create({ role, options });
}

export function parseDropRole(stream: TokenStream): DropRoleStatement {
  const ifExists = parseIfExists(stream);
  return DropRoleStatement.create({ role: parseRoleName(stream), ifExists });
}

/** After LIST ROLES. */
export function parseListRoles(stream: TokenStream): ListRolesStatement {
  const of = stream.acceptKeyword('of') ? parseRoleName(stream) : null;
  const recursive = !stream.acceptKeyword('norecursive');
  return ListRolesStatement.create({ of, recursive, form: 'roles' });
}

/** After LIST USERS. */
export function parseListUsers(_stream: TokenStream): ListRolesStatement {
  return ListRolesStatement.create({ of: null, recursive: true, form: 'users' });
}

/** CREATE USER: a role that can log in, not a superuser unless SUPERUSER is written. */
export function parseCreateUser(stream: TokenStream): CreateRoleStatement {
  const ifNotExists = parseIfNotExists(stream);
  const role = parseUserName(stream);
  const options = parseUserOptions(stream);
  return CreateRoleStatement.create({ role, ifNotExists, options: { ...options, login: true, superuser: options.superuser ?? false } });
}

export function parseAlterUser(stream: TokenStream): AlterRoleStatement {
  const role = parseUserName(stream);
  return AlterRoleStatement.create({ role, options: parseUserOptions(stream) });
}

export function parseDropUser(stream: TokenStream): DropRoleStatement {
  const ifExists = parseIfExists(stream);
  return DropRoleStatement.create({ role: parseUserName(stream), ifExists });
}

/** `roleOption (AND roleOption)*` after WITH. */
function parseRoleOptions(stream: TokenStream): RoleOptions {
  const options: MutableOptions = { ...NO_ROLE_OPTIONS };
  do {
    const at = stream.peek();
    if (stream.acceptKeyword('password')) {
      stream.expect('equals');
      set(options, 'password', stringValue(stream), at);
    } else if (stream.acceptKeyword('hashed')) {
      stream.expectKeyword('password');
      stream.expect('equals');
      set(options, 'hashedPassword', stringValue(stream), at);
    } else if (stream.acceptKeyword('login')) {
      stream.expect('equals');
      set(options, 'login', booleanValue(stream), at);
    } else if (stream.acceptKeyword('superuser')) {
      stream.expect('equals');
      set(options, 'superuser', booleanValue(stream), at);
    } else if (stream.isKeyword('options')) {
      throw new InvalidRequestError("org.apache.cassandra.auth.CassandraRoleManager doesn't support OPTIONS");
    } else if (stream.isKeyword('access')) {
      throw unsupported('ACCESS TO DATACENTERS and ACCESS FROM CIDRS are');
    } else {
      throw stream.mismatched('a role option');
    }
  } while (stream.acceptKeyword('and'));
  return Object.freeze(options);
}

/** `[WITH [HASHED] PASSWORD 's'] [SUPERUSER | NOSUPERUSER]` of the USER statements (no '='). */
function parseUserOptions(stream: TokenStream): RoleOptions {
  const options: MutableOptions = { ...NO_ROLE_OPTIONS };
  if (stream.acceptKeyword('with')) {
    if (stream.acceptKeyword('hashed')) {
      stream.expectKeyword('password');
      options.hashedPassword = stringValue(stream);
    } else {
      stream.expectKeyword('password');
      options.password = stringValue(stream);
    }
  }
  if (stream.acceptKeyword('superuser')) options.superuser = true;
  else if (stream.acceptKeyword('nosuperuser')) options.superuser = false;
  return Object.freeze(options);
}

const OPTION_NAMES: Readonly<Record<keyof RoleOptions, string>> = {
  password: 'PASSWORD',
  hashedPassword: 'HASHED_PASSWORD',
  login: 'LOGIN',
  superuser: 'SUPERUSER',
};

function set<K extends keyof RoleOptions>(options: MutableOptions, key: K, value: NonNullable<RoleOptions[K]>, at: Token): void {
  if (options[key] !== null) throw new CqlSyntaxError(at, `Multiple definition for property '${OPTION_NAMES[key]}'`);
  options[key] = value as MutableOptions[K];
}

function stringValue(stream: TokenStream): string {
  return stream.expect('string').text;
}

function booleanValue(stream: TokenStream): boolean {
  return stream.expect('boolean').text === 'true';
}
