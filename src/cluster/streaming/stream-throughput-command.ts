/**
 * `nodetool setstreamthroughput <MiB/s>` and `nodetool getstreamthroughput`: the node's
 * outbound streaming throttle (stream_throughput_outbound), changed at run time as Cassandra's
 * StorageService.setStreamThroughputMbitPerSec does; 0 means unthrottled. Typed by shape so
 * this folder does not depend on the admin server's.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { StreamingService } from './streaming-service.js';

const MiB = 1024 * 1024;

export interface StreamThroughputContext {
  readonly node: { readonly streaming: StreamingService };
}

export async function setStreamThroughputCommand(args: readonly string[], context: StreamThroughputContext): Promise<{ message: string }> {
  const [value, ...rest] = args;
  const mebibytes = value === undefined || rest.length > 0 || !/^\d+(\.\d+)?$/.test(value) ? NaN : Number(value);
  if (!Number.isFinite(mebibytes)) throw new InvalidRequestError('setstreamthroughput takes one number: MiB per second (0 = unthrottled)');
  context.node.streaming.setThroughput(Math.round(mebibytes * MiB));
  return { message: describe(context.node.streaming.limiter.throughputBytesPerSecond) };
}

export async function getStreamThroughputCommand(args: readonly string[], context: StreamThroughputContext): Promise<{ message: string }> {
  if (args.length > 0) throw new InvalidRequestError('getstreamthroughput takes no arguments');
  return { message: describe(context.node.streaming.limiter.throughputBytesPerSecond) };
}

function describe(bytesPerSecond: number): string {
  return bytesPerSecond === 0 ? 'Current stream throughput: unlimited' : `Current stream throughput: ${(bytesPerSecond / MiB).toFixed(1)} MiB/s`;
}
