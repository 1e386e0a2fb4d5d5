/**
 * A file store on Cassandra, as users build one for blobs too big for a cell: each file is cut
 * into 1 MiB chunks, one partition per chunk (PRIMARY KEY ((file_id, chunk_index))), so a
 * 100 MB file spreads over the whole ring instead of making one 100 MB partition that a single
 * replica set must hold and every read must stream in one piece. A files table holds the
 * metadata: size, chunk count and a SHA-256 of the content, written after the last chunk so a
 * file is listed only once it is whole. Chunks are written and read at QUORUM through the real
 * DataStax driver, a few in flight at once, and every read is checked against the checksum.
 * Part-way through reading the 100 MB file back, one of the three nodes dies (no graceful
 * shutdown); QUORUM still has two replicas of every chunk, so the read finishes and the
 * checksum holds. The listing of every file then waits until the cluster has convicted the
 * dead node. Exits non-zero if any check fails.
 *
 *   npm run build && node dist/examples/chunked-file-store/main.js
 */

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import { Database } from '../../src/index.js';

const PORT = 19462;
const CHUNK_BYTES = 1024 * 1024;
const LARGE_FILE_BYTES = 100 * 1024 * 1024;
/**
 * Chunks written at once: each holds a MiB in every replica's commit log and memtable, and a
 * QUORUM write answers only when two replicas have both, so a few at once keep three nodes
 * busy while each write stays well inside the 2 s write timeout on a small, shared machine.
 */
const CHUNK_WRITES_IN_FLIGHT_MAX = 4;
/** Chunks a read fetches ahead of the one it hashes: a read costs one replica's data and one digest. */
const CHUNK_READS_AHEAD_MAX = 8;
const { quorum } = cassandra.types.consistencies;
const { Uuid } = cassandra.types;

interface StoredFile {
  readonly fileId: cassandra.types.Uuid;
  readonly name: string;
  readonly content: Buffer;
}

const runStart = performance.now();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-files-'));
const db = await Database.open({ dataDir, nodes: 3, cluster: { nativePort: PORT, adminPort: 0 } });
const client = new cassandra.Client({
  contactPoints: ['127.0.0.1'],
  localDataCenter: 'datacenter1',
  protocolOptions: { port: PORT },
  policies: { reconnection: new cassandra.policies.reconnection.ConstantReconnectionPolicy(300) },
});

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const seconds = (fromMs: number): string => ((performance.now() - fromMs) / 1000).toFixed(1);
const mbPerSecond = (bytes: number, fromMs: number): string => (bytes / 1e6 / ((performance.now() - fromMs) / 1000)).toFixed(1);
const until = async (what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> => {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** Runs `work(0..count-1)` with at most `inFlight` running at once. */
const forEachBounded = async (count: number, inFlight: number, work: (index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) await work(index);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
};

/** Writes the chunks, then the metadata row that makes the file visible. */
const storeFile = async (name: string, content: Buffer): Promise<StoredFile> => {
  const fileId = Uuid.random();
  const chunkCount = Math.ceil(content.length / CHUNK_BYTES);
  await forEachBounded(chunkCount, CHUNK_WRITES_IN_FLIGHT_MAX, async (index) => {
    const data = content.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
    await client.execute('INSERT INTO files.chunks (file_id, chunk_index, data) VALUES (?, ?, ?)', [fileId, index, data], { prepare: true, consistency: quorum });
  });
  await client.execute(
    'INSERT INTO files.files (file_id, name, size, chunk_bytes, chunk_count, sha256, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [fileId, name, cassandra.types.Long.fromNumber(content.length), CHUNK_BYTES, chunkCount, sha256(content), new Date()],
    { prepare: true, consistency: quorum },
  );
  return { fileId, name, content };
};

/**
 * Reads a file back chunk by chunk in order (a window of chunks fetched ahead), hashing as it
 * goes, and checks size and checksum against the metadata. `afterChunk` sees each chunk index
 * once it is hashed. Returns the bytes read.
 */
const readFile = async (fileId: cassandra.types.Uuid, afterChunk: (index: number) => Promise<void> = async () => {}): Promise<number> => {
  const meta = (await client.execute('SELECT size, chunk_bytes, chunk_count, sha256 FROM files.files WHERE file_id = ?', [fileId], { prepare: true, consistency: quorum, isIdempotent: true })).first();
  assert.ok(meta !== null, `file ${fileId} has no metadata`);
  const chunkCount = meta['chunk_count'] as number;
  const fetchChunk = async (index: number): Promise<Buffer> => {
    // A SELECT is idempotent, so the driver may retry it on another node if its node dies.
    const row = (await client.execute('SELECT data FROM files.chunks WHERE file_id = ? AND chunk_index = ?', [fileId, index], { prepare: true, consistency: quorum, isIdempotent: true })).first();
    assert.ok(row !== null, `file ${fileId} lacks chunk ${index}`);
    return row['data'] as Buffer;
  };
  const hash = createHash('sha256');
  const ahead = new Map<number, Promise<Buffer>>();
  let bytes = 0;
  for (let index = 0; index < chunkCount; index++) {
    for (let fetch = index; fetch < Math.min(chunkCount, index + CHUNK_READS_AHEAD_MAX); fetch++) {
      if (ahead.has(fetch)) continue;
      const fetched = fetchChunk(fetch);
      // A chunk fetched ahead may fail before its turn; its error is raised when its turn
      // awaits it, not as an unhandled rejection that ends the process before the cleanup.
      fetched.catch(() => {});
      ahead.set(fetch, fetched);
    }
    const chunk = await ahead.get(index)!;
    ahead.delete(index);
    assert.ok(chunk.length === (meta['chunk_bytes'] as number) || index === chunkCount - 1, `chunk ${index} is ${chunk.length} bytes`);
    hash.update(chunk);
    bytes += chunk.length;
    await afterChunk(index);
  }
  assert.equal(bytes.toString(), (meta['size'] as cassandra.types.Long).toString(), `file ${fileId} size`);
  assert.equal(hash.digest('hex'), meta['sha256'], `file ${fileId} checksum`);
  return bytes;
};

try {
  await client.connect();
  await client.execute("CREATE KEYSPACE files WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await client.execute('CREATE TABLE files.files (file_id uuid PRIMARY KEY, name text, size bigint, chunk_bytes int, chunk_count int, sha256 text, stored_at timestamp)');
  await client.execute('CREATE TABLE files.chunks (file_id uuid, chunk_index int, data blob, PRIMARY KEY ((file_id, chunk_index)))');

  // Small files, including the edges: empty, one byte, exactly one chunk, one byte past it.
  const smallSizes = [0, 1, 1000, 64 * 1024, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + CHUNK_BYTES / 2];
  const small: StoredFile[] = [];
  for (const [n, size] of smallSizes.entries()) small.push(await storeFile(`small-${n}.bin`, randomBytes(size)));
  for (const file of small) assert.equal(await readFile(file.fileId), file.content.length);
  console.log(`${small.length} small files (${smallSizes.join(', ')} bytes) stored and read back, checksums verified`);

  // One 100 MB file.
  const largeContent = randomBytes(LARGE_FILE_BYTES);
  const writeStart = performance.now();
  const large = await storeFile('large.bin', largeContent);
  console.log(`100 MB file: ${LARGE_FILE_BYTES / CHUNK_BYTES} chunks written at QUORUM in ${seconds(writeStart)} s (${mbPerSecond(LARGE_FILE_BYTES, writeStart)} MB/s)`);

  // Read it back; a third of the way through, 127.0.0.2 dies without warning.
  const victim = '127.0.0.2';
  const stopAt = Math.floor(LARGE_FILE_BYTES / CHUNK_BYTES / 3);
  let stoppedAtMs: number | null = null;
  const readStart = performance.now();
  const readBytes = await readFile(large.fileId, async (index) => {
    if (index !== stopAt) return;
    await db.cluster!.stopNode(victim, { graceful: false });
    stoppedAtMs = performance.now();
  });
  assert.ok(stoppedAtMs !== null);
  assert.equal(readBytes, LARGE_FILE_BYTES);
  // Reads in flight to the dead replica went to the third one (speculative retry) instead of timing out.
  const speculated = db.cluster!.runningNodes().reduce((sum, node) => sum + node.coordinator.reads.speculativeReads, 0);
  console.log(`100 MB file read back at QUORUM in ${seconds(readStart)} s (${mbPerSecond(LARGE_FILE_BYTES, readStart)} MB/s), ${victim} stopped after chunk ${stopAt}, ${speculated} chunk reads retried on another replica; checksum verified`);

  // The listing is a range read, which (as Cassandra's) asks the replicas its node holds
  // alive and does not speculate: until the failure detectors have convicted the dead node, a
  // listing that picks it times out. So it waits for them, as an operator watching nodetool
  // status would.
  const victimDown = (): boolean => db.cluster!.runningNodes().every((node) => !node.livePeers().some((peer) => peer.startsWith(`${victim}:`)));
  await until(`every running node sees ${victim} down`, victimDown);
  console.log(`every running node has convicted ${victim}, ${seconds(stoppedAtMs)} s after it died`);

  // The listing shows every file, whole, with one node still down.
  const listed = await client.execute('SELECT file_id, name, size, chunk_count FROM files.files', [], { consistency: quorum });
  assert.deepEqual(
    listed.rows.map((row) => [row['name'], Number(row['size']), row['chunk_count']]).sort(),
    [...small, large].map((file) => [file.name, file.content.length, Math.ceil(file.content.length / CHUNK_BYTES)]).sort(),
  );
  console.log(`done in ${seconds(runStart)} s`);
} finally {
  await client.shutdown();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
