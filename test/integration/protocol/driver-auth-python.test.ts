// The DataStax Python driver (Debian's python3-cassandra 3.25, cqlsh's driver) with
// PlainTextAuthProvider against a 3-node cluster running PasswordAuthenticator and
// CassandraAuthorizer, on protocol v5 with lz4 (its segment framing starts right after
// AUTHENTICATE, as the driver expects) and on v4: a wrong password fails to authenticate, the
// superuser creates and grants, the granted role reads through every node and is refused a
// write. Skipped, and says so, without python3-cassandra.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDriverCluster, type DriverCluster } from './driver-cluster.js';
import { PYTHON, pythonDriverAvailable } from './python-driver-available.js';

const PORT = 19431;

const SCRIPT = String.raw`
import json, sys, time
from cassandra import Unauthorized
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster, NoHostAvailable

port, version, compression = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "lz4"
suffix = "v%s_%s" % (version, sys.argv[3])

def cluster(user, password):
    options = {"port": port, "compression": compression, "auth_provider": PlainTextAuthProvider(user, password)}
    if version != "auto":
        options["protocol_version"] = int(version)
    return Cluster(["127.0.0.1"], **options)

out = {}
wrong = cluster("cassandra", "wrong")
try:
    wrong.connect()
    out["wrong"] = None
except NoHostAvailable as error:
    out["wrong"] = sorted("%s: %s" % (type(e).__name__, e) for e in error.errors.values())[0]
wrong.shutdown()

admin_cluster = cluster("cassandra", "cassandra")
admin = admin_cluster.connect()
out["protocol_version"] = admin_cluster.protocol_version
admin.execute("CREATE KEYSPACE py_%s WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}" % suffix)
admin.execute("CREATE TABLE py_%s.t (k int PRIMARY KEY, v text)" % suffix)
admin.execute("INSERT INTO py_%s.t (k, v) VALUES (1, 'one')" % suffix)
admin.execute("CREATE ROLE reader_%s WITH PASSWORD = 'pw' AND LOGIN = true" % suffix)
admin.execute("GRANT SELECT ON py_%s.t TO reader_%s" % (suffix, suffix))
out["roles"] = sorted(row.role for row in admin.execute("LIST ROLES"))

reader_cluster = cluster("reader_" + suffix, "pw")
reader = reader_cluster.connect()
# connect() returns before every pool is up (each login hashes a password): wait for the three.
deadline = time.time() + 30
while len(reader.get_pool_state()) < 3 and time.time() < deadline:
    time.sleep(0.05)
out["hosts"] = sorted(h.address for h in reader_cluster.metadata.all_hosts() if h.is_up)
select = reader.prepare("SELECT v FROM py_%s.t WHERE k = ?" % suffix)
out["reads"] = [reader.execute(select, [1], host=h).one().v for h in sorted(reader_cluster.metadata.all_hosts(), key=lambda h: h.address)]
try:
    reader.execute("INSERT INTO py_%s.t (k, v) VALUES (2, 'two')" % suffix)
    out["write"] = None
except Unauthorized as error:
    out["write"] = str(error)
reader_cluster.shutdown()
admin_cluster.shutdown()
print(json.dumps(out))
`;

const installed = pythonDriverAvailable('driver-auth-python.test.ts');

let cluster: DriverCluster;

describe.skipIf(!installed)('the Python driver with PlainTextAuthProvider', () => {
  beforeAll(async () => {
    cluster = await openDriverCluster(PORT, { auth: { authenticator: 'PasswordAuthenticator', authorizer: 'CassandraAuthorizer' } });
  }, 60_000);
  afterAll(async () => cluster?.close());

  it.each([
    ['auto', 'lz4', 5],
    ['4', 'none', 4],
  ] as const)('protocol %s, compression %s', async (version, compression, negotiated) => {
    const { stdout } = await promisify(execFile)(PYTHON, ['-c', SCRIPT, String(PORT), version, compression], { timeout: 90_000 });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    const suffix = `v${version}_${compression}`;
    expect(out['protocol_version']).toBe(negotiated);
    expect(out['wrong']).toMatch(/^AuthenticationFailed: .*code=0100 \[Bad credentials\] message="Provided username cassandra and\/or password are incorrect"/);
    expect(out['roles']).toEqual(expect.arrayContaining(['cassandra', `reader_${suffix}`]));
    expect(out['hosts']).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    expect(out['reads']).toEqual(['one', 'one', 'one']);
    expect(out['write']).toContain(`code=2100 [Unauthorized] message="User reader_${suffix} has no MODIFY permission on <table py_${suffix}.t> or any of its parents"`);
  }, 120_000);
});
