import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Resource, resourceChain, resourceFromName, resourceName, resourcePermissions, resourceText } from '../../../src/auth/resource.js';

describe('resources', () => {
  it('names and prints each level as Cassandra does', () => {
    const cases: Array<[Resource, string, string]> = [
      [Resource.allKeyspaces(), 'data', '<all keyspaces>'],
      [Resource.keyspace('ks'), 'data/ks', '<keyspace ks>'],
      [Resource.table('ks', 't'), 'data/ks/t', '<table ks.t>'],
      [Resource.allRoles(), 'roles', '<all roles>'],
      [Resource.role('r'), 'roles/r', '<role r>'],
    ];
    for (const [resource, name, text] of cases) {
      expect(resourceName(resource)).toBe(name);
      expect(resourceText(resource)).toBe(text);
      expect(resourceFromName(name)).toEqual(resource);
    }
    expect(resourceFromName('functions/ks/f')).toBeNull();
    expect(resourceFromName('data/a/b/c')).toBeNull();
  });

  it('chains a table to its keyspace and all keyspaces, a role to all roles', () => {
    expect(resourceChain(Resource.table('ks', 't')).map(resourceText)).toEqual(['<table ks.t>', '<keyspace ks>', '<all keyspaces>']);
    expect(resourceChain(Resource.role('r')).map(resourceText)).toEqual(['<role r>', '<all roles>']);
    expect(resourceChain(Resource.allKeyspaces())).toEqual([Resource.allKeyspaces()]);
  });

  it('takes the permissions DataResource and RoleResource apply', () => {
    expect(resourcePermissions(Resource.keyspace('ks'))).toEqual(['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE']);
    expect(resourcePermissions(Resource.table('ks', 't'))).toEqual(['ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE']);
    expect(resourcePermissions(Resource.allRoles())).toEqual(['CREATE', 'ALTER', 'DROP', 'AUTHORIZE', 'DESCRIBE']);
    expect(resourcePermissions(Resource.role('r'))).toEqual(['ALTER', 'DROP', 'AUTHORIZE']);
  });

  it('reads back every name it writes (property; role names may hold /)', () => {
    const word = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/'));
    const resource = fc.oneof(
      word.map(Resource.keyspace),
      fc.tuple(word, word).map(([k, t]) => Resource.table(k, t)),
      fc.string({ minLength: 1, maxLength: 12 }).map(Resource.role),
    );
    fc.assert(
      fc.property(resource, (r) => {
        expect(resourceFromName(resourceName(r))).toEqual(r);
      }),
    );
  });
});
