/**
 * Inbox search, the use Cassandra was written for at Facebook: "which of my messages mention
 * X?" answered from one partition. The tables are designed from the queries (Cassandra's
 * data-modelling guides: query-first, denormalize):
 *
 *   messages                  PRIMARY KEY (message_id)                                  the message itself
 *   messages_by_term          PRIMARY KEY ((user_id, term), message_time, message_id)   a term search
 *   messages_by_conversation  PRIMARY KEY ((user_id, conversation_id), message_time, message_id)   a thread listing
 *
 * Each message goes into every table it belongs in, once per participant and term, in one
 * logged BATCH so the copies are applied together or not at all. Then term searches and
 * conversation listings through the real DataStax driver, checked row for row; a search is
 * one partition: every row has the same token(user_id, term), the token the driver computed
 * from the prepared statement's routing key and sent the request to a replica of.
 *
 *   npm run build && node dist/examples/inbox-search/main.js
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import { Database } from '../../src/index.js';

const PORT = 19464;
const { localQuorum } = cassandra.types.consistencies;
const TimeUuid = cassandra.types.TimeUuid;

interface Message {
  readonly label: string;
  readonly conversation: string;
  readonly sender: string;
  readonly body: string;
}

const CONVERSATIONS: Readonly<Record<string, readonly string[]>> = {
  trip: ['ada', 'bob', 'cy'],
  budget: ['ada', 'dee'],
  lunch: ['bob', 'dee'],
};

// One minute apart, in this order.
const CORPUS: readonly Message[] = [
  { label: 'm1', conversation: 'trip', sender: 'ada', body: 'Paris in May? Trains are cheap if we book early' },
  { label: 'm2', conversation: 'trip', sender: 'bob', body: 'May works. I can book the train tickets' },
  { label: 'm3', conversation: 'budget', sender: 'dee', body: 'Q3 budget draft attached, please review by Friday' },
  { label: 'm4', conversation: 'trip', sender: 'cy', body: 'Count me in for Paris, a hotel near the river?' },
  { label: 'm5', conversation: 'lunch', sender: 'bob', body: 'Lunch on Friday? The new ramen place' },
  { label: 'm6', conversation: 'budget', sender: 'ada', body: 'Reviewed the budget, the travel line looks high' },
  { label: 'm7', conversation: 'lunch', sender: 'dee', body: 'Friday ramen works for me' },
  { label: 'm8', conversation: 'trip', sender: 'ada', body: 'Booked the hotel in Paris for three nights' },
];

const STOP_WORDS = new Set(['the', 'for', 'are', 'can', 'and', 'near', 'works']);

/** The words a message is found by: lower case, three letters or more, no stop words, each once. */
function termsOf(body: string): string[] {
  const words = body.toLowerCase().split(/[^a-z0-9]+/);
  return [...new Set(words.filter((word) => word.length >= 3 && !STOP_WORDS.has(word)))];
}

/** A partition key of several columns as Cassandra hashes it: each component as [u16 length][bytes][0]. */
function compositeRoutingKey(components: readonly string[]): Buffer {
  return Buffer.concat(
    components.flatMap((component) => {
      const bytes = Buffer.from(component, 'utf8');
      const length = Buffer.alloc(2);
      length.writeUInt16BE(bytes.length);
      return [length, bytes, Buffer.from([0])];
    }),
  );
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-inbox-'));
const db = await Database.open({ dataDir, nodes: 3, cluster: { nativePort: PORT, adminPort: 0 } });
// Writes and reads at LOCAL_QUORUM (2 of 3 replicas each, so every read overlaps every acknowledged write).
const client = new cassandra.Client({
  contactPoints: ['127.0.0.1'],
  localDataCenter: 'datacenter1',
  protocolOptions: { port: PORT },
  queryOptions: { consistency: localQuorum },
});
try {
  await client.connect();
  await client.execute("CREATE KEYSPACE inbox WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
  await client.execute(
    'CREATE TABLE inbox.messages (message_id timeuuid PRIMARY KEY, conversation_id text, sender text, participants set<text>, sent_at timestamp, body text)',
  );
  await client.execute(
    'CREATE TABLE inbox.messages_by_term (user_id text, term text, message_time timestamp, message_id timeuuid, conversation_id text, sender text, ' +
      'PRIMARY KEY ((user_id, term), message_time, message_id)) WITH CLUSTERING ORDER BY (message_time DESC, message_id DESC)',
  );
  await client.execute(
    'CREATE TABLE inbox.messages_by_conversation (user_id text, conversation_id text, message_time timestamp, message_id timeuuid, sender text, body text, ' +
      'PRIMARY KEY ((user_id, conversation_id), message_time, message_id)) WITH CLUSTERING ORDER BY (message_time DESC, message_id DESC)',
  );

  // Write: one logged batch per message, holding the message and each participant's copies.
  const labelOf = new Map<string, string>();
  const start = Date.UTC(2026, 4, 1, 9, 0);
  let indexRows = 0;
  for (const [i, message] of CORPUS.entries()) {
    const sentAt = new Date(start + i * 60_000);
    // Fixed node and clock ids: the same corpus gets the same message ids on every run.
    const messageId = TimeUuid.fromDate(sentAt, 0, 'inbox1', 'id');
    labelOf.set(messageId.toString(), message.label);
    const participants = CONVERSATIONS[message.conversation]!;
    const queries = [
      {
        query: 'INSERT INTO inbox.messages (message_id, conversation_id, sender, participants, sent_at, body) VALUES (?, ?, ?, ?, ?, ?)',
        params: [messageId, message.conversation, message.sender, participants, sentAt, message.body],
      },
    ];
    for (const user of participants) {
      queries.push({
        query: 'INSERT INTO inbox.messages_by_conversation (user_id, conversation_id, message_time, message_id, sender, body) VALUES (?, ?, ?, ?, ?, ?)',
        params: [user, message.conversation, sentAt, messageId, message.sender, message.body],
      });
      for (const term of termsOf(message.body)) {
        queries.push({
          query: 'INSERT INTO inbox.messages_by_term (user_id, term, message_time, message_id, conversation_id, sender) VALUES (?, ?, ?, ?, ?, ?)',
          params: [user, term, sentAt, messageId, message.conversation, message.sender],
        });
        indexRows++;
      }
    }
    await client.batch(queries, { prepare: true, logged: true });
  }
  console.log(`wrote ${CORPUS.length} messages as ${CORPUS.length} logged batches: ${indexRows} term index rows`);

  // Every copy the batches held is there.
  const indexCount = await client.execute('SELECT count(*) FROM inbox.messages_by_term');
  assert.equal(indexCount.first()['count'].toString(), String(indexRows));

  // Search: one partition, newest first (the table's clustering order).
  const searchQuery = 'SELECT message_id, sender, conversation_id FROM inbox.messages_by_term WHERE user_id = ? AND term = ?';
  const search = async (user: string, term: string): Promise<string[]> => {
    const result = await client.execute(searchQuery, [user, term], { prepare: true });
    return result.rows.map((row) => labelOf.get(row['message_id'].toString())!);
  };
  const expected: ReadonlyArray<readonly [string, string, readonly string[]]> = [
    ['ada', 'paris', ['m8', 'm4', 'm1']],
    ['bob', 'paris', ['m8', 'm4', 'm1']],
    ['dee', 'paris', []],
    ['ada', 'friday', ['m3']],
    ['bob', 'friday', ['m7', 'm5']],
    ['dee', 'friday', ['m7', 'm5', 'm3']],
    ['ada', 'budget', ['m6', 'm3']],
    ['cy', 'budget', []],
    ['cy', 'hotel', ['m8', 'm4']],
    ['bob', 'ramen', ['m7', 'm5']],
  ];
  for (const [user, term, labels] of expected) {
    const found = await search(user, term);
    console.log(`  ${user} searches "${term}": ${found.length === 0 ? 'nothing' : found.join(', ')}`);
    assert.deepEqual(found, labels, `${user}'s search for "${term}"`);
  }

  // The index row carries what the result list shows, without a read of the message.
  const hit = await client.execute(searchQuery + ' LIMIT 1', ['dee', 'friday'], { prepare: true });
  assert.deepEqual({ sender: hit.first()['sender'], conversation: hit.first()['conversation_id'] }, { sender: 'dee', conversation: 'lunch' });

  // One partition: every row of a search has the same token, the one the driver routed by.
  const tokens = await client.execute('SELECT token(user_id, term) AS t FROM inbox.messages_by_term WHERE user_id = ? AND term = ?', ['ada', 'paris'], { prepare: true });
  assert.equal(tokens.rowLength, 3);
  assert.equal(new Set(tokens.rows.map((row) => row['t'].toString())).size, 1);
  const routingKey = compositeRoutingKey(['ada', 'paris']);
  const driverToken = client.metadata.newToken(routingKey);
  assert.equal(driverToken.getValue().toString(), tokens.first()['t'].toString());
  const routed = await client.execute(searchQuery, ['ada', 'paris'], { prepare: true });
  const replicas = client.getReplicas('inbox', routingKey).map((host: { address: string }) => host.address);
  assert.ok(replicas.includes(routed.info.queriedHost), `${routed.info.queriedHost} is a replica of the partition (${replicas.join(', ')})`);
  console.log(`ada's "paris" search is the partition at token ${driverToken.getValue().toString()}, read through ${routed.info.queriedHost}, one of its replicas`);

  // A conversation, newest first; a page of two is the two latest messages.
  const listing = async (user: string, conversation: string, limit: number): Promise<string[]> => {
    const result = await client.execute(
      'SELECT message_id, sender, body FROM inbox.messages_by_conversation WHERE user_id = ? AND conversation_id = ? LIMIT ?',
      [user, conversation, limit],
      { prepare: true },
    );
    return result.rows.map((row) => labelOf.get(row['message_id'].toString())!);
  };
  assert.deepEqual(await listing('ada', 'trip', 100), ['m8', 'm4', 'm2', 'm1']);
  assert.deepEqual(await listing('cy', 'trip', 2), ['m8', 'm4']);
  assert.deepEqual(await listing('dee', 'lunch', 100), ['m7', 'm5']);
  assert.deepEqual(await listing('ada', 'lunch', 100), []);
  console.log(`ada's trip conversation, newest first: ${(await listing('ada', 'trip', 100)).join(', ')}`);

  // Opening a search hit reads the message by its key.
  const [newestParis] = (await client.execute(searchQuery + ' LIMIT 1', ['bob', 'paris'], { prepare: true })).rows;
  const opened = await client.execute('SELECT sender, body, participants FROM inbox.messages WHERE message_id = ?', [newestParis!['message_id']], { prepare: true });
  assert.equal(opened.first()['body'], 'Booked the hotel in Paris for three nights');
  assert.deepEqual(opened.first()['participants'], ['ada', 'bob', 'cy']);

  // Without the index tables, the question is not a key lookup: Cassandra refuses it unless told to filter every row.
  const refused = await client.execute("SELECT message_id FROM inbox.messages WHERE sender = 'ada'").then(
    () => null,
    (error: unknown) => error as { code: number },
  );
  assert.ok(refused !== null, 'a query on a non-key column must be refused without ALLOW FILTERING');
  assert.equal(refused.code, 0x2200);
  console.log('searching the messages table itself needs ALLOW FILTERING (refused with Invalid): the index tables answer by key');
} finally {
  await client.shutdown();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
