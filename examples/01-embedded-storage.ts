/**
 * The storage engine embedded in a Node.js program: write a few rows with a clustering key,
 * delete one, read a slice back in reverse, and scan the table. Run: node dist/examples/01-embedded-storage.js
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultTableOptions, liveCell, StorageEngine } from '../src/index.js';

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-'));
const db = await StorageEngine.open({ dataDirectory, tables: [defaultTableOptions(1, 'app.events')] });
const text = (s: string) => new TextEncoder().encode(s);
const now = BigInt(Date.now()) * 1000n;

const rows = [1, 2, 3].map((n) => ({ clustering: Uint8Array.of(n), liveness: null, deletion: null, cells: [liveCell(0, text(`event ${n}`), now)] }));
await db.write([{ tableId: 1, key: text('user-42'), deletion: null, rangeTombstones: [], staticRow: null, rows }]);

const deleted = { clustering: Uint8Array.of(2), liveness: null, deletion: { markedForDeleteAt: now + 1n, localDeletionTime: Math.floor(Date.now() / 1000) }, cells: [] };
await db.write([{ tableId: 1, key: text('user-42'), deletion: null, rangeTombstones: [], staticRow: null, rows: [deleted] }]);

const unbounded = { prefix: new Uint8Array(0), inclusive: true };
const latest = await db.read(1, text('user-42'), { start: unbounded, end: unbounded, reversed: true, limit: 10 });
const seen = latest?.rows.map((r) => new TextDecoder().decode(r.cells[0]!.value!)) ?? [];
console.log('newest first:', seen.join(', '));
if (seen.join() !== 'event 3,event 1') throw new Error(`unexpected rows: ${seen.join()}`);

let partitions = 0;
for await (const _ of db.scan(1)) partitions++;
console.log(`scan: ${partitions} partition(s)`);
await db.close();
fs.rmSync(dataDirectory, { recursive: true, force: true });
