/**
 * Response frames parsed by the real cassandra-driver 4.10 (its lib/streams.js Protocol and
 * Parser, the code a client runs on every byte we send), so tests check our output against
 * the reader that matters rather than against our own decoder alone.
 */

import { createRequire } from 'node:module';
import type { Transform } from 'node:stream';

const require = createRequire(import.meta.url);

type StreamConstructor = new (options: object, encoder?: object) => Transform;
const { Protocol, Parser } = require('cassandra-driver/lib/streams.js') as { Protocol: StreamConstructor; Parser: StreamConstructor };
const Encoder = require('cassandra-driver/lib/encoder.js') as new (version: number, options: object) => object;

/** One item the driver's parser emits: `{ header, result | row | error | ready | supported | event ... }`. */
export type DriverItem = Record<string, unknown> & { readonly header: { readonly streamId: number; readonly opcode: number } };

export async function parseWithDriver(frames: readonly Uint8Array[], version = 4): Promise<DriverItem[]> {
  const protocol = new Protocol({ objectMode: true });
  const parser = new Parser({ objectMode: true }, new Encoder(version, { encoding: {} }));
  const items: DriverItem[] = [];
  const failures: unknown[] = [];
  parser.on('data', (item: DriverItem) => {
    if (item['frameEnded'] !== true) items.push(item);
  });
  parser.on('error', (error) => failures.push(error));
  protocol.on('error', (error) => failures.push(error));
  protocol.pipe(parser);
  for (const frame of frames) protocol.write(Buffer.from(frame));
  await new Promise((resolve) => setImmediate(resolve));
  if (failures.length > 0) throw failures[0];
  return items;
}
