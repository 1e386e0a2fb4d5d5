// Piscina task entry: flush one frozen memtable to an SSTable (logic in src/storage/flush).
import { useBatchScheduling } from '../src/lib/batch-scheduling.js';
import { NodeStoragePort } from '../src/lib/node-storage-port.js';
import { runFlush, type FlushRequest, type FlushResult } from '../src/storage/flush/flush-task.js';

// Background work: its wake-ups never take the core from the event loop (batch-scheduling.ts).
useBatchScheduling();
const port = new NodeStoragePort();

export default function flush(request: FlushRequest): FlushResult {
  return runFlush(port, request);
}
