/** `sibyl stress help`: the command line, shaped as cassandra-stress's. */

export const STRESS_USAGE = `usage: sibyl stress <command> [params] [-group params] ...

commands
  write  n=N | duration=60s  [cl=LEVEL] [seed=S]    writes to keyspace1.standard1 (10-byte key,
                                                   five 34-byte blob columns C0..C4)
  read   n=N | duration=60s  [cl=LEVEL]             reads keyspace1.standard1 by key
  mixed  ratio(write=1,read=3) n=N | duration=T     both, in those proportions
  user   profile=FILE.yaml ops(insert=1,QUERY=2)    a cassandra-stress user profile: its schema,
         n=N | duration=T                          column distributions and named queries
  ycsb   workload=a|b|c|d|e|f [records=N]           the YCSB core workloads on ycsb.usertable,
         [phase=load|run|both] n=N | duration=T    after loading N records (default 1000)
  help                                             this text

cl: ANY ONE TWO THREE QUORUM ALL LOCAL_QUORUM EACH_QUORUM SERIAL LOCAL_SERIAL LOCAL_ONE

options
  -rate threads=N                 N clients, each waiting for its answer (default 64)
  -rate fixed=R/s [threads=N]     R operations a second on a schedule, at most N outstanding;
                                  latency counts from each operation's scheduled start
  -node HOST,HOST [datacenter=DC] contact points (default 127.0.0.1, datacenter1)
  -port native=P                  the CQL native port (default 9042)
  -mode native | embedded [nodes=N] [data=DIR]
                                  the DataStax driver (default), or Database.open in this
                                  process (an N-node cluster; a temporary directory unless data=)
  -schema replication(factor=N) [keyspace=KS]
                                  how a missing keyspace is created (default keyspace1, RF 1);
                                  replication(strategy=NetworkTopologyStrategy, dc1=3) too
  -pop seq=MIN..MAX | dist=DIST   the keys: a sequence, or uniform(1..N), gaussian(1..N,MEAN,
                                  STDEV), zipfian(1..N), fixed(K) (default: seq=1..n for write,
                                  gaussian(1..n) otherwise)
  -log file=F [json] [interval=1s]
                                  the result as JSON (settings, intervals, totals, errors)
  -graph file=F.html [title=T]    an HTML report with throughput and latency charts

examples
  sibyl stress write n=1000000 cl=QUORUM -rate threads=64 -node 127.0.0.1 -schema 'replication(factor=3)'
  sibyl stress mixed 'ratio(write=1,read=3)' duration=60s -rate fixed=5000/s -pop 'dist=gaussian(1..1M,500k,100k)'
  sibyl stress user profile=blog.yaml 'ops(insert=1,posts_by_user=3)' n=100000
  sibyl stress ycsb workload=a records=100000 n=1000000 -mode embedded -graph file=ycsb-a.html`;
