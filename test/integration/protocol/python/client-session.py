"""Debian's python3-cassandra (the DataStax Python driver, as cqlsh uses it) against Sibyl.

usage: client-session.py PORT [PROTOCOL_VERSION|auto] [lz4|none]

Connects to 127.0.0.1:PORT, then does what an application does: reads the cluster's hosts
and schema, runs DDL, prepared and simple DML, a batch, a paged read, and one statement that
fails. Prints one JSON object of what it saw; the test (python-driver.test.ts) checks it.
"""

import json
import sys
import uuid
from decimal import Decimal

from cassandra import InvalidRequest
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy
from cassandra.query import BatchStatement, SimpleStatement

port = int(sys.argv[1])
version = sys.argv[2] if len(sys.argv) > 2 else "auto"
compression = (sys.argv[3] if len(sys.argv) > 3 else "none") == "lz4"

profile = ExecutionProfile(load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc="datacenter1")))
options = {"port": port, "compression": compression, "execution_profiles": {EXEC_PROFILE_DEFAULT: profile}}
if version != "auto":
    options["protocol_version"] = int(version)
cluster = Cluster(["127.0.0.1"], **options)
session = cluster.connect()
ks = "py_v%s_%s" % (version, "lz4" if compression else "plain")
out = {"protocol_version": cluster.protocol_version}
out["hosts"] = sorted(h.address for h in cluster.metadata.all_hosts())
out["release"] = sorted({str(h.release_version) for h in cluster.metadata.all_hosts()})

session.execute("CREATE KEYSPACE %s WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}" % ks)
session.execute("CREATE TABLE %s.t (k int, c int, v text, d decimal, u uuid, l list<int>, m map<text, int>, PRIMARY KEY (k, c))" % ks)
cluster.refresh_schema_metadata()
table = cluster.metadata.keyspaces[ks].tables["t"]
out["columns"] = list(table.columns.keys())
out["partition_key"] = [c.name for c in table.partition_key]

insert = session.prepare("INSERT INTO %s.t (k, c, v, d, u, l, m) VALUES (?, ?, ?, ?, ?, ?, ?)" % ks)
u = uuid.UUID("6b1d4a5e-0c2f-4d0e-9a3b-1f2e3d4c5b6a")
for c in range(250):
    session.execute(insert, (1, c, "v%d" % c + "x" * (c % 50), Decimal("12.345"), u, [c, c + 1], {"a": c}))
batch = BatchStatement()
for c in range(3):
    batch.add(insert, (2, c, "batched", Decimal("1"), u, [], {}))
session.execute(batch)

paged = session.execute(SimpleStatement("SELECT c, v FROM %s.t WHERE k = 1" % ks, fetch_size=40))
pages = 1
rows = list(paged.current_rows)
while paged.has_more_pages:
    paged.fetch_next_page()
    pages += 1
    rows.extend(paged.current_rows)
out["paged_rows"] = len(rows)
out["pages"] = pages
out["ordered"] = [r.c for r in rows] == list(range(250))

one = session.execute(session.prepare("SELECT * FROM %s.t WHERE k = ? AND c = ?" % ks), (1, 7)).one()
out["row"] = {"v": one.v, "d": str(one.d), "u": str(one.u), "l": list(one.l), "m": dict(one.m)}
out["batched"] = session.execute("SELECT count(*) FROM %s.t WHERE k = 2" % ks).one()[0]
big = "y" * 300000
session.execute(insert, (3, 0, big, None, None, None, None))
out["big_round_trip"] = session.execute("SELECT v FROM %s.t WHERE k = 3" % ks).one().v == big

try:
    session.execute("SELECT * FROM %s.missing" % ks)
    out["error"] = None
except InvalidRequest as e:
    out["error"] = {"type": type(e).__name__, "message": str(e)}

cluster.shutdown()
print(json.dumps(out))
