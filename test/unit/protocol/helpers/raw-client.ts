/**
 * A bare native-protocol client for tests: sends frames it is given (or requests it encodes
 * with our own message codecs) over a real socket and hands back each response decoded, with
 * its header. It checks nothing itself, so tests can send what no driver would.
 */

import { connect, type Socket } from 'node:net';
import { FrameReader } from '../../../../src/protocol/frame/frame-reader.js';
import type { FrameHeader } from '../../../../src/protocol/frame/frame-header.js';
import { FrameWriter } from '../../../../src/protocol/frame/frame-writer.js';
import { encodeRequestBody, requestOpcode, type Request } from '../../../../src/protocol/messages/request.js';
import { decodeResponseBody, type Response } from '../../../../src/protocol/messages/response.js';
import { BodyReader } from '../../../../src/protocol/wire/body-reader.js';

export interface ReceivedResponse {
  readonly header: FrameHeader;
  readonly response: Response;
}

export class RawClient {
  private readonly reader = new FrameReader({ direction: 'response', supportedVersions: [1, 2, 3, 4, 5].filter((v) => v > 2), maxBodyBytes: 1 << 30 });
  private readonly received: ReceivedResponse[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly legacyChunks: Buffer[] = [];
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    const socket = connect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  send(request: Request, stream = 0, version = 4): void {
    this.sendRaw(new FrameWriter('request', version).encode({ stream, opcode: requestOpcode(request) }, (w) => encodeRequestBody(w, request, version)));
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next response, waiting up to timeoutMs. */
  async next(timeoutMs = 5000): Promise<ReceivedResponse> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length === 0) {
      if (Date.now() > deadline) throw new Error('no response in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received.shift()!;
  }

  /** Responses received so far and not yet taken. */
  get pending(): number {
    return this.received.length;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    // A v1/v2 answer (8-byte header) is kept raw for the test to read.
    if ((chunk[0]! & 0x7f) <= 2 && this.reader.version === null && this.reader.bufferedBytes === 0) {
      this.legacyChunks.push(chunk);
      this.wake();
      return;
    }
    this.reader.push(chunk);
    for (let next = this.reader.next(); next !== null; next = this.reader.next()) {
      if (next.kind !== 'envelope') throw new Error(`bad response header: ${next.error.message}`);
      const { header, body } = next.envelope;
      this.received.push({ header, response: decodeResponseBody(header.opcode, new BodyReader(body), header.version) });
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
