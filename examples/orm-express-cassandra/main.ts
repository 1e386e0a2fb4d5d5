/**
 * Object models on Sibyl with the npm ORM `express-cassandra`, unchanged. The ORM creates the
 * keyspace, a user-defined type and the tables of its models (migration 'safe'), then a second
 * ORM client loads the same models and finds each table and the type already matching, which it
 * decides by reading back system_schema.keyspaces, types, columns, indexes and views; a model
 * that gains a field is refused by 'safe' and applied by 'alter' (ALTER TABLE ADD). The
 * models: customers with a set, a map and a list (timestamps and a version set on the server),
 * orders in a composite partition (customer, month) clustered newest first with a frozen UDT,
 * page-view counters, and reset tokens saved with a TTL. It saves, finds by key and by partition
 * (a range, a limit, IN, an order, an aggregate), pages by token and by paging state, updates
 * collections in place, increments a counter, runs a batch of a save, an update and a delete,
 * deletes an instance and waits for a token to expire. Checks every result; exits non-zero if
 * one is wrong.
 *
 *   npm run build && node dist/examples/orm-express-cassandra/main.js
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import cassandra from 'cassandra-driver';
import { Database } from '../../src/index.js';

const PORT = 19465;
// A TTL counts whole seconds from the second of the write: 3 s is a row that lives 2-3 s.
const TOKEN_TTL_SECONDS = 3;
const EXPIRY_WAIT_MAX_MS = 10_000;
const { BigDecimal, Long, TimeUuid, Uuid } = cassandra.types;

// express-cassandra ships no types: the part of its API used here. Every callback function has
// an `...Async` twin (bluebird's promisifyAll), which is what this example calls.
type Values = Record<string, unknown>;
interface BatchQuery {
  readonly query: string;
  readonly params: unknown[];
}
interface ModelInstance {
  saveAsync(options?: Values): Promise<void>;
  save(options: { readonly return_query: true }): BatchQuery;
  deleteAsync(): Promise<void>;
  toJSON(): Values;
}
interface Model {
  new (values: Values): ModelInstance;
  syncDBAsync(): Promise<boolean>;
  findOneAsync(query: Values, options?: Values): Promise<(ModelInstance & Values) | undefined>;
  findAsync(query: Values, options?: Values): Promise<Values[]>;
  updateAsync(query: Values, values: Values, options?: Values): Promise<unknown>;
  update(query: Values, values: Values, options: { readonly return_query: true }): BatchQuery;
  deleteAsync(query: Values, options?: Values): Promise<unknown>;
  delete(query: Values, options: { readonly return_query: true }): BatchQuery;
  execute_queryAsync(query: string, params: unknown[]): Promise<cassandra.types.ResultSet>;
  eachRow(query: Values, options: Values, onRow: (n: number, row: Values) => void, onPage: (err: Error | null | undefined, result: { nextPage?: (() => void) | null }) => void): void;
}
interface OrmClient {
  initAsync(): Promise<unknown>;
  loadSchema(modelName: string, schema: Values): Model;
  doBatchAsync(queries: BatchQuery[]): Promise<unknown>;
  closeAsync(): Promise<void>;
}
const require = createRequire(import.meta.url);
const ExpressCassandra = require('express-cassandra') as { createClient(options: Values): OrmClient; consistencies: typeof cassandra.types.consistencies };

const ormOptions = {
  clientOptions: {
    contactPoints: ['127.0.0.1', '127.0.0.2', '127.0.0.3'],
    localDataCenter: 'datacenter1',
    protocolOptions: { port: PORT },
    keyspace: 'shop',
    queryOptions: { consistency: ExpressCassandra.consistencies.quorum },
  },
  ormOptions: {
    defaultReplicationStrategy: { class: 'SimpleStrategy', replication_factor: 3 },
    migration: 'safe',
    // A user-defined type, created in the keyspace and compared with system_schema.types.
    udts: { address: { street: 'text', city: 'text' } },
  },
};

// Schemas are fresh objects per client: the ORM adds fields to the one it is given.
const customerSchema = (): Values => ({
  fields: {
    customer_id: 'uuid',
    name: 'text',
    email: 'text',
    tags: { type: 'set', typeDef: '<text>' },
    preferences: { type: 'map', typeDef: '<text, text>' },
    recent_searches: { type: 'list', typeDef: '<text>' },
  },
  key: ['customer_id'],
  options: { timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' }, versions: { key: '__v' } },
});
const orderSchema = (): Values => ({
  fields: {
    customer_id: 'uuid',
    month: 'text',
    placed_at: 'timestamp',
    order_id: 'timeuuid',
    items: { type: 'map', typeDef: '<text, int>' },
    total: 'decimal',
    status: { type: 'text', default: 'placed' },
    ship_to: { type: 'frozen', typeDef: '<address>' },
  },
  key: [['customer_id', 'month'], 'placed_at', 'order_id'],
  clustering_order: { placed_at: 'desc' },
  table_name: 'orders_by_customer',
});
const pageViewsSchema = (): Values => ({
  fields: { page: 'text', views: 'counter' },
  key: ['page'],
  table_name: 'page_views',
});
const resetTokenSchema = (): Values => ({
  fields: { token: 'text', customer_id: 'uuid' },
  key: ['token'],
  table_name: 'reset_tokens',
});

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-orm-'));
const db = await Database.open({ dataDir, nodes: 3, cluster: { nativePort: PORT, adminPort: 0 } });
const models = ExpressCassandra.createClient(ormOptions);
try {
  // The keyspace does not exist yet: the ORM creates it, then each model's table.
  await models.initAsync();
  const Customer = models.loadSchema('Customer', customerSchema());
  const Order = models.loadSchema('Order', orderSchema());
  const PageViews = models.loadSchema('PageViews', pageViewsSchema());
  const ResetToken = models.loadSchema('ResetToken', resetTokenSchema());
  for (const model of [Customer, Order, PageViews, ResetToken]) assert.equal(await model.syncDBAsync(), true, 'the table is created');

  // A second client with the same models: 'safe' migration compares each model with the table
  // Sibyl describes in system_schema and finds nothing to change (any difference is an error).
  await withOrmClient('safe', async (again) => {
    const schemas: Record<string, () => Values> = { Customer: customerSchema, Order: orderSchema, PageViews: pageViewsSchema, ResetToken: resetTokenSchema };
    for (const [name, schema] of Object.entries(schemas)) assert.equal(await again.loadSchema(name, schema()).syncDBAsync(), false, `${name} matches its table`);
  });

  // Save and find by key: a set and a map come back as an array and an object.
  const adaId = Uuid.random();
  const ada = new Customer({ customer_id: adaId, name: 'Ada', email: 'ada@example.com', tags: ['early'], preferences: { theme: 'dark' }, recent_searches: ['lamp', 'desk'] });
  await ada.saveAsync();
  const bobId = Uuid.random();
  await new Customer({ customer_id: bobId, name: 'Bob', email: 'bob@example.com', tags: [], preferences: {} }).saveAsync();
  const found = await Customer.findOneAsync({ customer_id: adaId });
  assert.ok(found !== undefined);
  assert.deepEqual({ name: found['name'], tags: found['tags'], preferences: found['preferences'] }, { name: 'Ada', tags: ['early'], preferences: { theme: 'dark' } });
  assert.ok(found['created_at'] instanceof Date, 'timestamps are set by toTimestamp(now()) on the server');
  assert.ok(found['__v'] instanceof TimeUuid, 'the version is set by now() on the server');

  // Collections change in place: tags = tags + ?, preferences = preferences + ?, a list
  // prepended (recent_searches = ? + recent_searches), an element replaced by key or index.
  await Customer.updateAsync({ customer_id: adaId }, { tags: { $add: ['vip'] }, preferences: { $add: { lang: 'en', font: 'serif' } }, recent_searches: { $prepend: ['chair'] }, email: 'ada@example.org' });
  await Customer.updateAsync({ customer_id: adaId }, { tags: { $remove: ['early'] }, preferences: { $remove: { font: '' } } });
  await Customer.updateAsync({ customer_id: adaId }, { preferences: { $replace: { theme: 'light' } } });
  await Customer.updateAsync({ customer_id: adaId }, { recent_searches: { $replace: [2, 'bookcase'] } });
  const updated = await Customer.findOneAsync({ customer_id: adaId }, { raw: true });
  assert.deepEqual(
    { email: updated?.['email'], tags: updated?.['tags'], preferences: updated?.['preferences'], recent_searches: updated?.['recent_searches'] },
    { email: 'ada@example.org', tags: ['vip'], preferences: { lang: 'en', theme: 'light' }, recent_searches: ['chair', 'lamp', 'bookcase'] },
  );

  // Paging through every customer by token, as the ORM documents: token("customer_id") > token(?).
  for (let i = 0; i < 8; i++) await new Customer({ customer_id: Uuid.random(), name: `Customer ${i}`, email: `c${i}@example.com` }).saveAsync();
  const pagedNames: string[] = [];
  let lastId: unknown;
  for (;;) {
    const query: Values = lastId === undefined ? { $limit: 4 } : { customer_id: { $token: { $gt: lastId } }, $limit: 4 };
    const page = await Customer.findAsync(query, { raw: true });
    if (page.length === 0) break;
    pagedNames.push(...page.map((c) => c['name'] as string));
    lastId = page[page.length - 1]!['customer_id'];
  }
  assert.deepEqual(pagedNames.sort(), ['Ada', 'Bob', ...Array.from({ length: 8 }, (_, i) => `Customer ${i}`)]);

  // A counter column: views = views + ?.
  for (const by of [1, 2, 3]) await PageViews.updateAsync({ page: '/home' }, { views: Long.fromInt(by) });
  await PageViews.updateAsync({ page: '/home' }, { views: Long.fromInt(-1) });
  assert.equal(String((await PageViews.findOneAsync({ page: '/home' }, { raw: true }))?.['views']), '5');

  // Orders: one partition per customer and month, newest first.
  const january = Date.UTC(2026, 0, 1);
  const orderAt = (day: number): Date => new Date(january + day * 86_400_000);
  const orderIds = [3, 9, 14, 20, 27].map((day) => TimeUuid.fromDate(orderAt(day)));
  for (const [i, day] of [3, 9, 14, 20, 27].entries()) {
    await new Order({ customer_id: adaId, month: '2026-01', placed_at: orderAt(day), order_id: orderIds[i], items: { [`book-${day}`]: i + 1 }, total: BigDecimal.fromString(`${10 * (i + 1)}.50`) }).saveAsync();
  }
  const shipTo = { street: '12 Analytical Row', city: 'London' };
  await new Order({ customer_id: adaId, month: '2026-02', placed_at: orderAt(33), order_id: TimeUuid.fromDate(orderAt(33)), items: { pen: 2 }, total: BigDecimal.fromString('3.20'), ship_to: shipTo }).saveAsync();

  const januaryOrders = await Order.findAsync({ customer_id: adaId, month: '2026-01' }, { raw: true });
  assert.deepEqual(januaryOrders.map((o) => (o['placed_at'] as Date).getUTCDate()), [28, 21, 15, 10, 4]);
  assert.deepEqual(januaryOrders.map((o) => o['status']), ['placed', 'placed', 'placed', 'placed', 'placed']);
  assert.equal((januaryOrders[0]!['total'] as cassandra.types.BigDecimal).toString(), '50.50');
  assert.deepEqual(januaryOrders[4]!['items'], { 'book-3': 1 });

  // A range on the clustering column and a limit, inside the partition.
  const recent = await Order.findAsync({ customer_id: adaId, month: '2026-01', placed_at: { $gte: orderAt(10) }, $limit: 2 }, { raw: true });
  assert.deepEqual(recent.map((o) => (o['placed_at'] as Date).getUTCDate()), [28, 21]);
  // An aggregate in the select option (the ORM quotes its argument: count("order_id")).
  const counted = await Order.findAsync({ customer_id: adaId, month: '2026-01' }, { select: ['count(order_id) as orders'] });
  assert.equal(String(counted[0]?.['orders']), '5');
  // Both months at once (IN on the last partition key column), oldest first by $orderby.
  const bothMonths = await Order.findAsync({ customer_id: adaId, month: { $in: ['2026-01', '2026-02'] } }, { raw: true });
  assert.equal(bothMonths.length, 6);
  const february = await Order.findOneAsync({ customer_id: adaId, month: '2026-02' }, { raw: true });
  assert.deepEqual(february?.['ship_to'], shipTo);
  const oldestFirst = await Order.findAsync({ customer_id: adaId, month: '2026-01', $orderby: { $asc: 'placed_at' }, $limit: 2 }, { raw: true });
  assert.deepEqual(oldestFirst.map((o) => (o['placed_at'] as Date).getUTCDate()), [4, 10]);
  // Rows a page at a time (fetchSize 2): the ORM asks for each next page with the paging state.
  const streamedDays = await new Promise<number[]>((resolve, reject) => {
    const days: number[] = [];
    Order.eachRow({ customer_id: adaId, month: '2026-01' }, { fetchSize: 2, raw: true }, (_n, row) => days.push((row['placed_at'] as Date).getUTCDate()), (err, result) => {
      if (err !== null && err !== undefined) reject(err);
      else if (result.nextPage !== undefined && result.nextPage !== null) result.nextPage();
      else resolve(days);
    });
  });
  assert.deepEqual(streamedDays, [28, 21, 15, 10, 4]);

  // A batch: a new order, the oldest one shipped, the second oldest cancelled (deleted).
  const batchOrderId = TimeUuid.fromDate(orderAt(30));
  await models.doBatchAsync([
    new Order({ customer_id: adaId, month: '2026-01', placed_at: orderAt(30), order_id: batchOrderId, items: { lamp: 1 }, total: BigDecimal.fromString('42.00') }).save({ return_query: true }),
    Order.update({ customer_id: adaId, month: '2026-01', placed_at: orderAt(3), order_id: orderIds[0] }, { status: 'shipped' }, { return_query: true }),
    Order.delete({ customer_id: adaId, month: '2026-01', placed_at: orderAt(9), order_id: orderIds[1] }, { return_query: true }),
  ]);
  const afterBatch = await Order.findAsync({ customer_id: adaId, month: '2026-01' }, { raw: true });
  assert.deepEqual(
    afterBatch.map((o) => [(o['placed_at'] as Date).getUTCDate(), o['status']]),
    [[31, 'placed'], [28, 'placed'], [21, 'placed'], [15, 'placed'], [4, 'shipped']],
  );

  // Delete through an instance; the other customer stays.
  await found.deleteAsync();
  assert.equal(await Customer.findOneAsync({ customer_id: adaId }), undefined);
  assert.equal((await Customer.findOneAsync({ customer_id: bobId }))?.['name'], 'Bob');

  // The model gains a field. 'safe' refuses to touch the table; 'alter' adds the column
  // (ALTER TABLE ... ADD), after which the table matches the new model, and the rows stay.
  const withPhone = (): Values => {
    const schema = customerSchema();
    return { ...schema, fields: { ...(schema['fields'] as Values), phone: 'text' } };
  };
  await withOrmClient('safe', async (orm) => {
    await assert.rejects(orm.loadSchema('Customer', withPhone()).syncDBAsync(), { name: 'apollo.model.tablecreation.schemamismatch' });
  });
  await withOrmClient('alter', async (orm) => {
    const Evolved = orm.loadSchema('Customer', withPhone());
    await Evolved.syncDBAsync();
    await Evolved.updateAsync({ customer_id: bobId }, { phone: '+44 20 7946 0000' });
    assert.deepEqual({ ...(await Evolved.findOneAsync({ customer_id: bobId }, { select: ['name', 'phone'] })) }, { name: 'Bob', phone: '+44 20 7946 0000' });
  });
  await withOrmClient('safe', async (orm) => assert.equal(await orm.loadSchema('Customer', withPhone()).syncDBAsync(), false));

  // A reset token saved with a TTL: Sibyl reports the TTL, then expires the row by itself.
  await new ResetToken({ token: 'reset-bob', customer_id: bobId }).saveAsync({ ttl: TOKEN_TTL_SECONDS });
  const ttl = (await ResetToken.execute_queryAsync('SELECT ttl(customer_id) AS ttl FROM reset_tokens WHERE "token" = ?', ['reset-bob'])).first()?.['ttl'] as number;
  assert.ok(ttl >= 1 && ttl <= TOKEN_TTL_SECONDS, `the token carries its TTL (${ttl} s)`);
  assert.ok((await ResetToken.findOneAsync({ token: 'reset-bob' })) !== undefined);
  const savedAt = Date.now();
  let expiredAfterMs = -1;
  while (Date.now() - savedAt < EXPIRY_WAIT_MAX_MS) {
    await sleep(250);
    if ((await ResetToken.findOneAsync({ token: 'reset-bob' })) === undefined) {
      expiredAfterMs = Date.now() - savedAt;
      break;
    }
  }
  assert.ok(expiredAfterMs >= 0, 'the token expired');
  console.log(`express-cassandra: 4 models synced and re-checked against system_schema, orders found by partition and range, a batch applied, a ${TOKEN_TTL_SECONDS} s token expired after ${expiredAfterMs} ms`);
} finally {
  await models.closeAsync();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Runs `use` with an ORM client of its own (the given migration mode) and closes it after. */
async function withOrmClient(migration: 'safe' | 'alter', use: (orm: OrmClient) => Promise<void>): Promise<void> {
  // disableTTYConfirmation: 'alter' would otherwise ask on the terminal before changing a table.
  const orm = ExpressCassandra.createClient({ ...ormOptions, ormOptions: { ...ormOptions.ormOptions, migration, disableTTYConfirmation: true } });
  try {
    await orm.initAsync();
    await use(orm);
  } finally {
    await orm.closeAsync();
  }
}
