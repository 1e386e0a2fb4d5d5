/** HELP's text: the shell's own commands and where CQL itself is documented. */

export const HELP_TEXT = `
Documented shell commands:
===========================
CLEAR  CONSISTENCY  DESC  DESCRIBE  EXIT  EXPAND  HELP  PAGING  QUIT  SOURCE

  DESCRIBE KEYSPACES | KEYSPACE [ks] | TABLES | TABLE [ks.]t | TYPES | TYPE [ks.]t
           | CLUSTER | [FULL] SCHEMA | <name>     CQL that recreates the schema
  EXPAND [ON | OFF]          one block per row instead of a table
  PAGING [ON | OFF | <rows>] rows per page (100); ---MORE--- waits between pages
  SOURCE '<file>'            run the statements of a file
  CONSISTENCY [<level>]      accepted for cqlsh scripts (Sibyl has one replica)
  CLEAR | CLS                clear the screen
  EXIT | QUIT                leave the shell

CQL statements end with ';' and may span lines. The CQL reference:
https://cassandra.apache.org/doc/latest/cassandra/developing/cql/
`;
