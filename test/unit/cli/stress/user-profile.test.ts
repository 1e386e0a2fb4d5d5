// cassandra-stress user profiles: the YAML read and checked, the markers of a query matched to
// columns, the table name qualified, and the generated rows the same for writer and reader.

import { describe, expect, it } from 'vitest';
import { StressUsageError } from '../../../../src/cli/stress/options/stress-usage-error.js';
import { ColumnValues } from '../../../../src/cli/stress/workloads/column-values.js';
import { parseUserProfile } from '../../../../src/cli/stress/workloads/user-profile.js';
import { qualifyTable } from '../../../../src/cli/stress/workloads/qualify-table.js';
import { queryBindColumns } from '../../../../src/cli/stress/workloads/query-bind-columns.js';
import { UserProfileRows } from '../../../../src/cli/stress/workloads/user-profile-rows.js';

const PROFILE = `
keyspace: blog
keyspace_definition: |
  CREATE KEYSPACE blog WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
table: posts
table_definition: |
  CREATE TABLE posts (author text, posted_at timestamp, body text, likes bigint, PRIMARY KEY (author, posted_at))
columnspec:
  - name: author
    size: fixed(8)
  - name: posted_at
    cluster: uniform(2..6)
  - name: body
    size: uniform(20..40)
  - name: likes
    population: uniform(1..3)
insert:
  partitions: fixed(2)
  batchtype: LOGGED
  select: uniform(1..10)/10
queries:
  timeline:
    cql: SELECT * FROM posts WHERE author = ? AND posted_at >= ? LIMIT 10
    fields: multirow
  short: SELECT body FROM posts WHERE author = ?
`;

const refused = (yaml: string): string => {
  try {
    parseUserProfile(yaml, 'p.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(StressUsageError);
    return (error as Error).message;
  }
  throw new Error('expected the profile to be refused');
};

describe('stress user profiles', () => {
  it('reads keyspace, table, column specs, insert and queries', () => {
    const profile = parseUserProfile(PROFILE, 'p.yaml');
    expect(profile.keyspace).toBe('blog');
    expect(profile.table).toBe('posts');
    expect(profile.keyspaceDefinition).toBe("CREATE KEYSPACE blog WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    expect(profile.columnSpecs.get('posted_at')!.cluster).toEqual({ kind: 'uniform', min: 2, max: 6 });
    expect(profile.columnSpecs.get('author')!.size).toEqual({ kind: 'fixed', value: 8 });
    // Unlisted settings take cassandra-stress's defaults.
    expect(profile.columnSpecs.get('author')!.population).toEqual({ kind: 'uniform', min: 1, max: 100_000_000_000 });
    expect(profile.insert).toEqual({ partitions: { kind: 'fixed', value: 2 }, batchType: 'LOGGED', select: { numerator: { kind: 'uniform', min: 1, max: 10 }, denominator: 10 } });
    expect(profile.queries.get('timeline')).toEqual({ cql: 'SELECT * FROM posts WHERE author = ? AND posted_at >= ? LIMIT 10', fields: 'multirow' });
    expect(profile.queries.get('short')).toEqual({ cql: 'SELECT body FROM posts WHERE author = ?', fields: 'samerow' });
  });

  it('refuses a wrong profile with the key at fault', () => {
    expect(refused('keyspace: [')).toContain('is not YAML');
    expect(refused('- a\n- b')).toContain('expected a mapping');
    expect(refused('table: t')).toContain("'keyspace' must name a keyspace");
    expect(refused('keyspace: k\ntable: t\ncolour: blue')).toContain("unknown key 'colour'");
    expect(refused('keyspace: k\ntable: t\ncolumnspec:\n  - name: a\n    size: huge(1)')).toContain("column a size: unknown distribution 'huge'");
    expect(refused('keyspace: k\ntable: t\ncolumnspec:\n  - name: a\n    weight: 3')).toContain("unknown columnspec key 'weight'");
    expect(refused('keyspace: k\ntable: t\ninsert:\n  batchtype: COUNTER')).toContain('LOGGED or UNLOGGED');
    expect(refused('keyspace: k\ntable: t\ninsert:\n  select: half')).toContain('DIST/N');
    expect(refused('keyspace: k\ntable: t\nqueries:\n  q1:\n    fields: samerow')).toContain('query q1 needs cql');
    expect(refused('keyspace: k\ntable: t\nqueries:\n  insert: SELECT 1')).toContain("'insert' cannot name a query");
  });

  it('matches each marker to the column it is compared with', () => {
    const columns = ['author', 'posted_at', 'body', 'Likes'];
    expect(queryBindColumns('SELECT * FROM posts WHERE author = ? AND posted_at >= ? LIMIT 10', 'q', columns)).toEqual(['author', 'posted_at']);
    expect(queryBindColumns(`SELECT * FROM posts WHERE "Likes" = ? AND body = 'why?' AND author IN ?`, 'q', columns)).toEqual(['Likes', 'author']);
    expect(() => queryBindColumns('SELECT * FROM posts WHERE author = ? LIMIT ?', 'q', columns)).toThrow(/not a column comparison/);
    expect(() => queryBindColumns('SELECT * FROM posts WHERE title = ?', 'q', columns)).toThrow(/'title' is not a column/);
  });

  it("qualifies the profile's table with its keyspace, and nothing else", () => {
    expect(qualifyTable('CREATE TABLE IF NOT EXISTS posts (posts int PRIMARY KEY)', 'blog', 'posts')).toBe('CREATE TABLE IF NOT EXISTS blog.posts (posts int PRIMARY KEY)');
    expect(qualifyTable('select * from posts where a = ?', 'blog', 'posts')).toBe('select * from blog.posts where a = ?');
    expect(qualifyTable('SELECT * FROM other.posts', 'blog', 'posts')).toBe('SELECT * FROM other.posts');
    expect(qualifyTable('SELECT * FROM posts_2', 'blog', 'posts')).toBe('SELECT * FROM posts_2');
    expect(qualifyTable('UPDATE posts SET x = 1', 'blog', 'posts')).toBe('UPDATE blog.posts SET x = 1');
  });

  it('generates the same row for the same partition and row number, within the column specs', () => {
    const profile = parseUserProfile(PROFILE, 'p.yaml');
    const columns = [
      { name: 'author', kind: 'partition_key', type: 'text' },
      { name: 'posted_at', kind: 'clustering', type: 'timestamp' },
      { name: 'body', kind: 'regular', type: 'text' },
      { name: 'likes', kind: 'regular', type: 'bigint' },
    ] as const;
    const rows = new UserProfileRows(columns, profile.columnSpecs, new ColumnValues(1));
    const again = new UserProfileRows(columns, profile.columnSpecs, new ColumnValues(1));
    const likes = new Set<string>();
    for (let partition = 1; partition <= 200; partition++) {
      const count = rows.rowCount(partition);
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(6);
      expect(again.rowCount(partition)).toBe(count);
      const author = rows.value(partition, 0, 0) as string;
      expect(author).toHaveLength(8);
      expect(rows.value(partition, count - 1, 0)).toBe(author);
      const times = new Set<number>();
      for (let row = 0; row < count; row++) {
        times.add((rows.value(partition, row, 1) as Date).getTime());
        expect(rows.value(partition, row, 1)).toEqual(again.value(partition, row, 1));
        const body = rows.value(partition, row, 2) as string;
        expect(body.length).toBeGreaterThanOrEqual(20);
        expect(body.length).toBeLessThanOrEqual(40);
        expect(again.value(partition, row, 2)).toBe(body);
        likes.add(String(rows.value(partition, row, 3)));
      }
      expect(times.size).toBe(count);
    }
    // population uniform(1..3): three distinct values at most.
    expect(likes.size).toBe(3);
    expect(rows.value(1, 0, 0)).not.toBe(rows.value(2, 0, 0));
  });

  it('refuses a column type it cannot generate', () => {
    const profile = parseUserProfile(PROFILE, 'p.yaml');
    expect(() => new UserProfileRows([{ name: 'tags', kind: 'regular', type: 'set<text>' }], profile.columnSpecs, new ColumnValues(1))).toThrow(/type set<text>/);
    const huge = parseUserProfile('keyspace: k\ntable: t\ncolumnspec:\n  - name: body\n    size: fixed(1000000)', 'p.yaml');
    expect(() => new UserProfileRows([{ name: 'body', kind: 'regular', type: 'blob' }], huge.columnSpecs, new ColumnValues(1))).toThrow(/sizes go up to 65536/);
  });
});
