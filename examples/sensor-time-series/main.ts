/**
 * Time series from 15,000 sensors, modelled as Cassandra users model them: one partition per
 * sensor per day (a bounded partition however long the sensor lives), readings clustered
 * newest first (the usual question is "the latest N"), TimeWindowCompactionStrategy (SSTables
 * grouped by the hour their readings were written in, so whole windows expire together) and a
 * default TTL (readings age out without deletes). Ingests through the real DataStax driver with
 * a bounded window of concurrent prepared INSERTs, then asks for the latest readings and a time
 * range of one sensor and checks the exact rows. Exits non-zero if any check fails.
 *
 *   npm run build && node dist/examples/sensor-time-series/main.js
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import { Database } from '../../src/index.js';

const PORT = 19461;
const SENSORS = 15_000;
const READINGS_PER_SENSOR = 4;
const READING_INTERVAL_MS = 60_000;
const IN_FLIGHT_MAX = 256;
const TTL_SECONDS = 30 * 24 * 3600;
const { quorum } = cassandra.types.consistencies;

// Readings are stamped relative to now, so the default TTL has not expired them.
const day = new Date().toISOString().slice(0, 10);
const dayStartMs = Date.parse(`${day}T00:00:00Z`);
const firstReadingMs = dayStartMs + 60_000;
const readingAt = (index: number): Date => new Date(firstReadingMs + index * READING_INTERVAL_MS);
const sensorId = (n: number): string => `sensor-${String(n).padStart(5, '0')}`;
// A value each reading's position determines, so every query's answer is known in advance.
const temperatureOf = (sensor: number, index: number): number => 15 + ((sensor * 7 + index * 3) % 200) / 10;

const runStart = performance.now();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-sensors-'));
const db = await Database.open({ dataDir, nodes: 3, cluster: { nativePort: PORT, adminPort: 0 } });
const client = new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1', protocolOptions: { port: PORT } });
try {
  await client.connect();
  await client.execute("CREATE KEYSPACE telemetry WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await client.execute(
    `CREATE TABLE telemetry.readings (
       sensor_id text, day date, ts timestamp, temperature double, humidity float,
       PRIMARY KEY ((sensor_id, day), ts)
     ) WITH CLUSTERING ORDER BY (ts DESC)
       AND compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS', 'compaction_window_size': 1}
       AND default_time_to_live = ${TTL_SECONDS}`,
  );

  // The strategy and TTL as the schema tables hold them, which is where drivers and cqlsh read them.
  const schema = await client.execute(
    "SELECT compaction, default_time_to_live FROM system_schema.tables WHERE keyspace_name = 'telemetry' AND table_name = 'readings'",
  );
  const compaction = schema.first()['compaction'] as Record<string, string>;
  assert.equal(compaction['class'], 'org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy');
  assert.equal(compaction['compaction_window_unit'], 'HOURS');
  assert.equal(compaction['compaction_window_size'], '1');
  assert.equal(schema.first()['default_time_to_live'], TTL_SECONDS);
  console.log(`compaction: ${JSON.stringify(compaction)}, default TTL ${TTL_SECONDS} s`);

  // Ingest: every sensor's readings, at most IN_FLIGHT_MAX INSERTs waiting at once.
  const insert = 'INSERT INTO telemetry.readings (sensor_id, day, ts, temperature, humidity) VALUES (?, ?, ?, ?, ?)';
  const localDay = cassandra.types.LocalDate.fromString(day);
  const total = SENSORS * READINGS_PER_SENSOR;
  let next = 0;
  const writer = async (): Promise<void> => {
    for (let n = next++; n < total; n = next++) {
      const sensor = n % SENSORS;
      const index = Math.floor(n / SENSORS);
      await client.execute(insert, [sensorId(sensor), localDay, readingAt(index), temperatureOf(sensor, index), 40 + (sensor % 30)], { prepare: true, consistency: quorum });
    }
  };
  const ingestStart = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT_MAX }, writer));
  const ingestSeconds = (performance.now() - ingestStart) / 1000;
  console.log(`ingested ${total} readings from ${SENSORS} sensors in ${ingestSeconds.toFixed(1)} s: ${Math.round(total / ingestSeconds)} writes/s at QUORUM, ${IN_FLIGHT_MAX} in flight`);

  // The latest N readings of one sensor: the first N rows of its partition, newest first.
  const probe = 12_345;
  const latest = await client.execute(
    'SELECT ts, temperature FROM telemetry.readings WHERE sensor_id = ? AND day = ? LIMIT ?',
    [sensorId(probe), localDay, 3],
    { prepare: true, consistency: quorum },
  );
  assert.deepEqual(
    latest.rows.map((row) => [(row['ts'] as Date).getTime(), row['temperature']]),
    [3, 2, 1].map((index) => [readingAt(index).getTime(), temperatureOf(probe, index)]),
  );

  // A time range: readings in [reading 1, reading 3), still newest first.
  const range = await client.execute(
    'SELECT ts, temperature FROM telemetry.readings WHERE sensor_id = ? AND day = ? AND ts >= ? AND ts < ?',
    [sensorId(probe), localDay, readingAt(1), readingAt(3)],
    { prepare: true, consistency: quorum },
  );
  assert.deepEqual(
    range.rows.map((row) => [(row['ts'] as Date).getTime(), row['temperature']]),
    [2, 1].map((index) => [readingAt(index).getTime(), temperatureOf(probe, index)]),
  );

  // Every reading landed, with the table's TTL on it.
  const sample = await client.execute(
    'SELECT count(*) AS readings, max(temperature) AS hottest FROM telemetry.readings WHERE sensor_id = ? AND day = ?',
    [sensorId(0), localDay],
    { prepare: true, consistency: quorum },
  );
  assert.equal(sample.first()['readings'].toString(), String(READINGS_PER_SENSOR));
  assert.equal(sample.first()['hottest'], Math.max(...Array.from({ length: READINGS_PER_SENSOR }, (_, index) => temperatureOf(0, index))));
  const ttl = await client.execute('SELECT TTL(temperature) AS ttl FROM telemetry.readings WHERE sensor_id = ? AND day = ? LIMIT 1', [sensorId(0), localDay], { prepare: true });
  const ttlLeft = ttl.first()['ttl'] as number;
  assert.ok(ttlLeft > TTL_SECONDS - 600 && ttlLeft <= TTL_SECONDS, `TTL left ${ttlLeft}`);
  const all = await client.execute('SELECT count(*) FROM telemetry.readings', [], { consistency: quorum, readTimeout: 60_000 });
  assert.equal(all.first()['count'].toString(), String(total));
  console.log(`latest-3 and time-range queries answered exactly; ${total} readings counted, TTL left ${ttlLeft} s`);
  console.log(`done in ${((performance.now() - runStart) / 1000).toFixed(1)} s`);
} finally {
  await client.shutdown();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
