/** `sibyl nodetool help`: the commands, grouped as in Cassandra's nodetool help. */

export const NODETOOL_USAGE = `usage: sibyl nodetool [-h <host>] [-p <port>] <command> [<args>]

  -h, --host   the node's address (default 127.0.0.1)
  -p, --port   its admin port (default 7199)

Cluster and ring:
  status [keyspace]               each node: Up/Down, state, load, tokens, ownership, host id, rack
  ring [keyspace]                 each token with its node
  describering <keyspace>         each token range with its replicas
  describecluster                 name, snitch, partitioner, schema versions
  gossipinfo                      every endpoint's gossip state as this node holds it
  getseeds                        the seeds this node gossips to (itself left out)
  reloadseeds                     read the configured seed list again
Node:
  info [-T]                       host id, gossip, load, generation, uptime, heap, DC, rack (-T: tokens)
  version                         the release the node reports
  tablestats [ks[.table]...]      per table: SSTables, space used, memtables, coordinated requests
  tpstats                         actors by kind (pending, completed), flush and compaction activity,
                                  messages per verb and those dropped
Actions on the node:
  flush [ks [table...]]           write every memtable to SSTables
  compact [ks [table...]]         flush, then compact every table into one SSTable per range
  snapshot [-t name]              hard-link every live SSTable under snapshots/<name>
  clearsnapshot -t name | --all   remove snapshots
  listsnapshots                   name the snapshots
  cleanup [ks [table...]]         find data of ranges the node no longer replicates
  drain                           stop gossip and messaging, flush; the node serves nothing more
  stopdaemon                      stop the node (the other nodes of its cluster keep serving)
  repair [-pr] [ks [table...]]    Merkle-tree repair of this node's ranges with their replicas,
                                  streaming only the ranges that differ (-pr: primary ranges only)
  decommission                    stream this node's ranges to their new owners, then leave
  setstreamthroughput <MB/s>      throttle streaming (0 = unthrottled); getstreamthroughput
  removenode <hostId>             take a dead node out of the ring, restoring its replicas
  removenode status               the removal this node runs, and who has still to confirm
  removenode force                complete a stuck removal (its node is advertised removed)
  assassinate <address>           force a node out of gossip and the ring (LEFT), even one
                                  unreachable or unknown; no data moves (repair afterwards)
In-process cluster (tests and demos), through any running node:
  stopnode <host> [--crash]       stop a node, gracefully or as a crash
  startnode <host>                start a stopped node again
  cut <hostA> <hostB>             drop every message between two nodes
  heal [<hostA> <hostB>]          restore that link, or every cut link`;
