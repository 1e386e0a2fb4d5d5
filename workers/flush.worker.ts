// Piscina task entry: flush one frozen memtable to an SSTable (logic in src/storage/flush).
import { NodeStoragePort } from '../src/lib/node-storage-port.js';
import { runFlush, type FlushRequest, type FlushResult } from '../src/storage/flush/flush-task.js';

const port = new NodeStoragePort();

export default function flush(request: FlushRequest): FlushResult {
  return runFlush(port, request);
}
