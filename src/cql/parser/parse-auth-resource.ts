/**
 * The resource of GRANT, REVOKE and LIST PERMISSIONS (Parser.g's `resource`):
 *
 *   ALL KEYSPACES | KEYSPACE ks | [TABLE | COLUMNFAMILY] [ks.]t | ALL ROLES | ROLE r
 *
 * Function and MBean resources (ALL FUNCTIONS, FUNCTION f(...), ALL MBEANS, MBEAN m) are valid
 * CQL that Sibyl has nothing to grant on: refused as not built. `ROLE` names a role only when a
 * name follows; `ON role TO x` grants on a table named role, as in Cassandra.
 */

import type { AuthResource } from '../ast/auth-resource.js';
import { EXPECTING_KEYSPACE } from './parse-keyspace-statements.js';
import { isName, parseName, parseQualifiedName } from './parse-names.js';
import { parseRoleName } from './parse-role-name.js';
import { EXPECTING_TABLE } from './parse-table-statements.js';
import type { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

export function parseAuthResource(stream: TokenStream): AuthResource {
  if (stream.isKeyword('all') && !stream.is('dot', 1)) {
    stream.next();
    if (stream.acceptKeyword('keyspaces')) return Object.freeze({ kind: 'AllKeyspacesResource' });
    if (stream.acceptKeyword('roles')) return Object.freeze({ kind: 'AllRolesResource' });
    if (stream.isKeyword('functions') || stream.isKeyword('mbeans')) throw unsupported('Function and MBean resources are');
    throw stream.mismatched('KEYSPACES or ROLES');
  }
  if (stream.acceptKeyword('keyspace')) return Object.freeze({ kind: 'KeyspaceResource', keyspace: parseName(stream, EXPECTING_KEYSPACE) });
  const word = stream.peek();
  const named = isName(stream.peek(1)) || stream.is('string', 1);
  if (word.kind === 'keyword' && named) {
    if (word.text === 'role') {
      stream.next();
      return Object.freeze({ kind: 'RoleResource', role: parseRoleName(stream) });
    }
    if (word.text === 'function' || word.text === 'mbean' || word.text === 'mbeans') throw unsupported('Function and MBean resources are');
  }
  if (!stream.acceptKeyword('table')) stream.acceptKeyword('columnfamily');
  return Object.freeze({ kind: 'TableResource', table: parseQualifiedName(stream, EXPECTING_TABLE) });
}
