/**
 * What Sibyl does not do is refused clearly, never crashed on or silently accepted: conditional
 * writes (IF) on DELETE, element selection in a SELECT clause (the other refusals, LWT on
 * INSERT/UPDATE, GROUP BY, field selection, arithmetic, are asserted in update.test.ts,
 * collections.test.ts and select-functions-aggregates.test.ts). Table options Sibyl has no use
 * for but Cassandra's DESCRIBE and drivers send (caching, compression, speculative_retry) are
 * accepted, checked and shown by DESCRIBE, as Cassandra does.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

const createStatement = async (table: string): Promise<string> => String((await rowsOf(s.db, `DESCRIBE TABLE ks.${table}`))[0]?.at(-1));

describe('refusals that name the feature', () => {
  it('DELETE with IF conditions: refused, nothing deleted', async () => {
    await s.db.execute('CREATE TABLE un_lwt (k int, c int, v int, m map<text, int>, PRIMARY KEY (k, c))');
    await s.db.execute("INSERT INTO un_lwt (k, c, v, m) VALUES (0, 0, 0, {'a': 1})");
    for (const cql of ['DELETE FROM un_lwt WHERE k = 0 AND c = 0 IF v = 0', "DELETE v FROM un_lwt WHERE k = 0 AND c = 0 IF m['a'] = 1", 'DELETE FROM un_lwt WHERE k = 0 AND c = 0 IF v IN (0, 1) AND v > -1']) {
      const failure = await failureOf(s.db.execute(cql));
      expect({ cql, code: failure.code, message: failure.message }).toEqual({ cql, code: CqlErrorCode.invalid, message: 'Conditional deletions (IF) are not supported by Sibyl yet' });
    }
    expect(await rowsOf(s.db, 'SELECT v FROM un_lwt')).toEqual([[0]]);
  });

  it("element and slice selection in a SELECT clause (m['k'], l[0], m['a'..'b']): refused", async () => {
    await s.db.execute('CREATE TABLE un_elements (k int PRIMARY KEY, m map<text, int>, l list<int>)');
    for (const cql of ["SELECT m['a'] FROM un_elements", 'SELECT l[0] FROM un_elements WHERE k = 0', "SELECT k, m['a'..'b'] FROM un_elements"]) {
      const failure = await failureOf(s.db.execute(cql));
      expect({ cql, code: failure.code }).toEqual({ cql, code: CqlErrorCode.invalid });
      expect(failure.message).toMatch(/element selection.* not supported/);
    }
  });
});

describe("Cassandra's table options Sibyl keeps as metadata", () => {
  it('CREATE TABLE accepts caching, compression and speculative_retry; DESCRIBE shows them as Cassandra does', async () => {
    await s.db.execute(
      "CREATE TABLE un_opts (k int PRIMARY KEY, v int) WITH caching = {'keys': 'NONE', 'rows_per_partition': '10'} " +
        "AND compression = {'class': 'SnappyCompressor', 'chunk_length_in_kb': 64} AND speculative_retry = '95percentile'",
    );
    const text = await createStatement('un_opts');
    expect(text).toContain("    AND caching = {'keys': 'NONE', 'rows_per_partition': '10'}\n");
    expect(text).toContain("    AND compression = {'chunk_length_in_kb': '64', 'class': 'org.apache.cassandra.io.compress.SnappyCompressor'}\n");
    expect(text).toContain("    AND speculative_retry = '95p';");
    await s.db.execute('INSERT INTO un_opts (k, v) VALUES (1, 1)');
    expect(await rowsOf(s.db, 'SELECT v FROM un_opts WHERE k = 1')).toEqual([[1]]);
  });

  it("a table created without them shows Cassandra's defaults; ALTER TABLE changes them; bad values are refused", async () => {
    await s.db.execute('CREATE TABLE un_alter (k int PRIMARY KEY)');
    expect(await createStatement('un_alter')).toContain(
      "    AND caching = {'keys': 'ALL', 'rows_per_partition': 'NONE'}\n    AND comment = ''\n" +
        "    AND compaction = {'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', 'max_threshold': '32', 'min_threshold': '4'}\n" +
        "    AND compression = {'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}\n",
    );
    await s.db.execute("ALTER TABLE un_alter WITH compression = {'enabled': 'false'} AND speculative_retry = 'ALWAYS'");
    const text = await createStatement('un_alter');
    expect(text).toContain("    AND compression = {'enabled': 'false'}\n");
    expect(text).toContain("    AND speculative_retry = 'ALWAYS';");
    expect(await failureOf(s.db.execute("ALTER TABLE un_alter WITH caching = {'keys': 'SOME'}"))).toEqual({
      code: CqlErrorCode.invalid,
      message: "Invalid value 'SOME' for caching sub-option 'keys': only 'ALL' and 'NONE' are allowed",
    });
    expect(await failureOf(s.db.execute("CREATE TABLE un_bad (k int PRIMARY KEY) WITH speculative_retry = 'soon'"))).toEqual({
      code: CqlErrorCode.invalid,
      message: "Invalid value soon for option 'speculative_retry'",
    });
  });

  it('they are in system_schema.tables and survive a restart', async () => {
    await s.db.execute("CREATE TABLE un_kept (k int PRIMARY KEY) WITH speculative_retry = '10ms' AND caching = {'keys': 'NONE'}");
    const row = "SELECT speculative_retry, caching FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 'un_kept'";
    expect(await rowsOf(s.db, row)).toEqual([['10ms', { keys: 'NONE', rows_per_partition: 'NONE' }]]);
    await s.reopen();
    expect(await createStatement('un_kept')).toContain("    AND speculative_retry = '10ms';");
  });
});
