/**
 * One client connection: the state machine of ADR 0013 over a socket.
 *
 *   fresh ──OPTIONS──▶ fresh (SUPPORTED)
 *     │ STARTUP (CQL 3.x, lz4 or no compression) ──▶ ready (READY), or with an authenticator
 *     │ ──▶ authenticating (AUTHENTICATE); either way, from here v5 frames in segments and lz4
 *     │ compresses (connection-framing.ts), as the drivers switch on READY or AUTHENTICATE
 *   authenticating: AUTH_RESPONSE ──▶ AUTH_CHALLENGE (stays), AUTH_SUCCESS ──▶ ready (logged
 *     in as the negotiator's user), or ERROR Bad credentials (stays: the client may answer again);
 *     anything else → Protocol error `Unexpected message QUERY, expecting SASL_RESPONSE`
 *   ready: QUERY PREPARE EXECUTE BATCH REGISTER OPTIONS; STARTUP again, AUTH_RESPONSE → Protocol error
 *   fresh: anything but OPTIONS and STARTUP → Protocol error (the connection stays fresh)
 *   any state, bad header (version not served, wrong direction, version change, body over the
 *   cap) or a v5 segment failing its CRC → ERROR, then close: where the next frame starts is
 *   no longer known
 *
 * A version we do not serve is answered in Cassandra's words with our highest version in the
 * header (0x84), which is what makes both drivers fall back to v4 (cql-compat 1.5); a v1/v2
 * client gets the answer in its own 8-byte header. A malformed body, an unknown opcode or a
 * failed statement is an ERROR on its stream and nothing more.
 *
 * Concurrency: requests run concurrently and replies go out as they complete, each on its
 * request's stream. At most maxInFlightPerConnection run at once; past that, and while the
 * socket cannot take more output (write back-pressure), no further frame is taken from the
 * reader and the socket is paused, so a client that floods or stops reading is pushed back by
 * TCP instead of growing buffers here. Nothing a client sends can throw out of this class.
 */

import type { Socket } from 'node:net';
import { FrameReader, type Envelope, type FrameHeaderError } from '../frame/frame-reader.js';
import { encodeLegacyFrame, FrameWriter, type BodyEncoder, type EnvelopeHead } from '../frame/frame-writer.js';
import { Opcode } from '../frame/opcode.js';
import { errorBodyOf } from '../messages/error-body-of.js';
import { encodeError, errorResponse, protocolErrorBody } from '../messages/error.js';
import type { ProtocolEvent } from '../messages/event.js';
import { READY } from '../messages/ready.js';
import type { EventType } from '../messages/register.js';
import { decodeRequest, type Request } from '../messages/request.js';
import { encodeResponseBody, responseOpcode, resultResponse, type Response } from '../messages/response.js';
import type { Result } from '../messages/result.js';
import { withoutColumnSpecs } from '../messages/rows-metadata.js';
import { ProtocolError } from '../protocol-error.js';
import { BodyWriter } from '../wire/body-writer.js';
import type { SaslNegotiator } from '../../auth/authenticator.js';
import type { ConnectionLimits } from './native-server-options.js';
import type { MaybePromise, ProtocolBackend, SessionView } from './protocol-backend.js';
import { ConnectionFraming } from './connection-framing.js';
import type { RequestBudget } from './request-budget.js';
import { checkStartupOptions, supportedOptions } from './startup-options.js';

export type ConnectionState = 'fresh' | 'authenticating' | 'ready' | 'closing' | 'closed';

/** How long a refused connection may take to flush its last ERROR before it is cut. */
const CLOSE_GRACE_MS = 1000;
/** A turn's replies are written at once past this many bytes (and when the turn ends). */
const OUTPUT_FLUSH_BYTES = 64 * 1024;
const OUTPUT_INITIAL_BYTES = 4096;

interface Session extends SessionView {
  keyspace: string | null;
  protocolVersion: number;
  clientOptions: ReadonlyMap<string, string>;
  user: string | null;
}

export class Connection {
  private connectionState: ConnectionState = 'fresh';
  private readonly reader: FrameReader;
  private readonly framing: ConnectionFraming;
  private writer: FrameWriter | null = null;
  private readonly session: Session;
  private readonly registered = new Set<EventType>();
  private readonly supported: ReadonlyMap<string, readonly string[]>;
  private inFlight = 0;
  /** Budget bytes of the request being handled, taken over by run() (else released after). */
  private admittedBytes = 0;
  /** A request waiting for the node's request budget; nothing more is read meanwhile. */
  private held: { readonly envelope: Envelope; readonly bytes: number; readonly stopWaiting: () => void } | null = null;
  private writeBlocked = false;
  private socketPaused = false;
  private pumping = false;
  private readonly closeListeners: (() => void)[] = [];
  /** The SASL exchange while authenticating (from AUTHENTICATE to AUTH_SUCCESS). */
  private negotiator: SaslNegotiator | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly backend: ProtocolBackend,
    private readonly limits: ConnectionLimits,
    private readonly budget: RequestBudget,
  ) {
    this.reader = new FrameReader({ direction: 'request', supportedVersions: limits.supportedVersions, maxBodyBytes: limits.maxFrameBodyBytes });
    this.framing = new ConnectionFraming(this.reader, limits.maxFrameBodyBytes);
    this.supported = supportedOptions(limits.supportedVersions);
    this.session = {
      keyspace: null,
      protocolVersion: 0,
      localAddress: socket.localAddress ?? '',
      localPort: socket.localPort ?? 0,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      clientOptions: new Map(),
      user: null,
    };
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onDrain());
    // A reset or a write to a gone peer: the socket closes next; nothing to answer.
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.onClosed());
    if (limits.idleTimeoutMs > 0) {
      socket.setTimeout(limits.idleTimeoutMs, () => {
        // Idle means no request running either (Cassandra's native_transport_idle_timeout).
        if (this.inFlight === 0 && this.held === null) this.destroy();
        else socket.setTimeout(limits.idleTimeoutMs);
      });
    }
  }

  get state(): ConnectionState {
    return this.connectionState;
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  get keyspace(): string | null {
    return this.session.keyspace;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Pushes an event on stream -1 if this connection REGISTERed its type. */
  sendEvent(event: ProtocolEvent): void {
    if (!this.isOpen() || !this.registered.has(event.type)) return;
    this.reply(-1, { kind: 'event', event });
  }

  /** Cuts the connection at once (server shutdown): in-flight replies are dropped. */
  destroy(): void {
    if (this.connectionState === 'closed') return;
    this.connectionState = 'closing';
    this.socket.destroy();
  }

  private isOpen(): boolean {
    return this.connectionState === 'fresh' || this.connectionState === 'authenticating' || this.connectionState === 'ready';
  }

  private onData(chunk: Buffer): void {
    this.framing.receive(chunk);
    this.pump();
  }

  private onDrain(): void {
    this.writeBlocked = false;
    this.pump();
  }

  private onClosed(): void {
    this.connectionState = 'closed';
    if (this.held !== null) {
      this.held.stopWaiting();
      this.held = null;
    }
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  /** Takes frames from the reader while there is room, then pauses or resumes the socket. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.isOpen() && this.inFlight < this.limits.maxInFlightPerConnection && !this.writeBlocked && this.held === null) {
        const next = this.framing.next();
        if (next === null) break;
        if (next.kind === 'header-error') {
          this.refuse(next.error);
          break;
        }
        if (next.kind === 'corrupt') {
          this.refuseCorrupt(next.message);
          break;
        }
        this.admit(next.envelope);
      }
    } catch {
      // Only a bug gets here (handle() answers every request error): drop the connection, never the process.
      this.destroy();
    } finally {
      this.pumping = false;
    }
    this.updateFlow();
  }

  private updateFlow(): void {
    if (!this.isOpen()) return;
    const full = this.inFlight >= this.limits.maxInFlightPerConnection || this.writeBlocked || this.held !== null;
    if (full && !this.socketPaused) {
      this.socket.pause();
      this.socketPaused = true;
    } else if (!full && this.socketPaused) {
      this.socketPaused = false;
      this.socket.resume();
    }
  }

  /** Takes a request on if the node's request budget allows (request-budget.ts). */
  private admit(envelope: Envelope): void {
    const bytes = STATEMENT_OPCODES.has(envelope.header.opcode) ? envelope.body.length : 0;
    if (bytes === 0 || this.budget.tryAcquire(bytes)) {
      this.handle(envelope, bytes);
      return;
    }
    if (this.session.clientOptions.get('THROW_ON_OVERLOAD') === '1') {
      const message = `Server is in overloaded state. Cannot accept more requests at this point: ${this.budget.bytesInUse} request bytes in flight, the cap is ${this.budget.capBytes}`;
      this.reply(envelope.header.stream, errorResponse({ kind: 'overloaded', message }));
      return;
    }
    const stopWaiting = this.budget.onRelease(() => this.retryHeld());
    this.held = { envelope, bytes, stopWaiting };
  }

  private retryHeld(): void {
    const held = this.held;
    if (held === null || !this.budget.tryAcquire(held.bytes)) return;
    held.stopWaiting();
    this.held = null;
    this.handle(held.envelope, held.bytes);
    this.pump();
  }

  private handle(envelope: Envelope, bytes: number): void {
    const { stream, version } = envelope.header;
    if (this.writer === null) {
      this.writer = new FrameWriter('response', version);
      this.session.protocolVersion = version;
    }
    this.admittedBytes = bytes;
    try {
      if (stream < 0) throw new ProtocolError(`Invalid stream id ${stream}: client requests use 0 to 32767`);
      this.dispatch(stream, decodeRequest(this.framing.inflate(envelope)).request);
    } catch (error) {
      this.reply(stream, errorResponse(errorBodyOf(error)));
    } finally {
      // Not taken over by run(): the request failed before it ran.
      if (this.admittedBytes > 0) this.budget.release(this.admittedBytes);
      this.admittedBytes = 0;
    }
  }

  private dispatch(stream: number, request: Request): void {
    this.checkState(request);
    switch (request.kind) {
      case 'options':
        return this.reply(stream, { kind: 'supported', options: this.supported });
      case 'startup': {
        const compression = checkStartupOptions(request.options);
        this.session.clientOptions = request.options;
        const authenticator = this.backend.authenticator;
        if (authenticator === undefined) {
          this.connectionState = 'ready';
          this.reply(stream, READY);
        } else {
          this.connectionState = 'authenticating';
          this.negotiator = authenticator.newSaslNegotiator();
          this.reply(stream, { kind: 'authenticate', authenticator: authenticator.className });
        }
        // After READY or AUTHENTICATE alike: the drivers change their framing on either.
        return this.framing.startAfterStartup(this.session.protocolVersion, compression);
      }
      case 'register':
        for (const type of request.eventTypes) this.registered.add(type);
        return this.reply(stream, READY);
      case 'auth-response': {
        const negotiator = this.negotiator;
        if (negotiator === null) {
          throw new ProtocolError(this.backend.authenticator === undefined ? 'Unexpected message AUTH_RESPONSE, authentication is not required' : 'Unexpected message AUTH_RESPONSE, the connection is already authenticated');
        }
        return this.respond(stream, () => this.authenticate(negotiator, request.token));
      }
      case 'query':
        return this.run(stream, () => this.backend.query(request.query, request.parameters, this.session), request.parameters.skipMetadata);
      case 'prepare':
        return this.run(stream, () => this.backend.prepare(request, this.session), false);
      case 'execute':
        return this.run(stream, () => this.backend.execute(request, this.session), request.parameters.skipMetadata);
      case 'batch':
        return this.run(stream, () => this.backend.batch(request, this.session), false);
    }
  }

  /** Cassandra's ServerConnection rules and wording. */
  private checkState(request: Request): void {
    const name = request.kind.toUpperCase().replace('-', '_');
    if (this.connectionState === 'fresh' && request.kind !== 'options' && request.kind !== 'startup') {
      throw new ProtocolError(`Unexpected message ${name}, expecting STARTUP or OPTIONS`);
    }
    if (this.connectionState === 'authenticating' && request.kind !== 'auth-response') {
      throw new ProtocolError(`Unexpected message ${name}, expecting SASL_RESPONSE`);
    }
    if (this.connectionState === 'ready' && request.kind === 'startup') {
      throw new ProtocolError('Unexpected message STARTUP, the connection is already initialized');
    }
  }

  /** One SASL round: a challenge, or success, after which the connection is ready and logged in. */
  private async authenticate(negotiator: SaslNegotiator, token: Uint8Array | null): Promise<Response> {
    const step = await negotiator.evaluateResponse(token);
    if (step.kind === 'challenge') return { kind: 'auth-challenge', token: step.token };
    if (this.connectionState === 'authenticating' && this.negotiator === negotiator) {
      this.session.user = step.user;
      this.negotiator = null;
      this.connectionState = 'ready';
    }
    return { kind: 'auth-success', token: step.token };
  }

  /** Runs a request whose answer is a whole response (AUTH_RESPONSE's), as run() does a statement's. */
  private respond(stream: number, call: () => Promise<Response>): void {
    this.inFlight++;
    const bytes = this.admittedBytes;
    this.admittedBytes = 0;
    call().then(
      (response) => this.complete(stream, bytes, () => response),
      (error: unknown) => this.complete(stream, bytes, () => errorResponse(errorBodyOf(error))),
    );
  }

  private run(stream: number, call: () => MaybePromise<Result>, skipMetadata: boolean): void {
    this.inFlight++;
    const bytes = this.admittedBytes;
    this.admittedBytes = 0;
    const failed = (error: unknown) => (): Response => errorResponse(errorBodyOf(error));
    let outcome: MaybePromise<Result>;
    try {
      outcome = call();
    } catch (error) {
      this.complete(stream, bytes, failed(error));
      return;
    }
    if (isPromiseLike(outcome)) {
      outcome.then(
        (result) => this.complete(stream, bytes, () => this.resultReply(result, skipMetadata)),
        (error: unknown) => this.complete(stream, bytes, failed(error)),
      );
    } else {
      const result = outcome;
      this.complete(stream, bytes, () => this.resultReply(result, skipMetadata));
    }
  }

  private resultReply(result: Result, skipMetadata: boolean): Response {
    if (result.kind === 'set-keyspace') this.session.keyspace = result.keyspace;
    if (result.kind === 'rows' && skipMetadata) return resultResponse({ ...result, metadata: withoutColumnSpecs(result.metadata) });
    return resultResponse(result);
  }

  /** Ends a request: its reply (or the error building it threw) goes out on its stream. */
  private complete(stream: number, bytes: number, responseOf: () => Response): void {
    this.inFlight--;
    if (bytes > 0) this.budget.release(bytes);
    try {
      let response: Response;
      try {
        response = responseOf();
      } catch (error) {
        response = errorResponse(errorBodyOf(error));
      }
      this.reply(stream, response);
    } catch {
      // Only a bug gets here, often inside a promise callback where a throw would be an
      // unhandled rejection: drop the connection, never the process.
      this.destroy();
    }
    this.pump();
  }

  private reply(stream: number, response: Response): void {
    if (!this.isOpen() || this.writer === null) return;
    const version = this.writer.version;
    const out = this.output();
    try {
      this.encodeFrame(this.writer, out, { stream, opcode: responseOpcode(response) }, (w) => encodeResponseBody(w, response, version));
    } catch (error) {
      // The backend handed back something unencodable (a value its column type cannot hold):
      // the client still gets an answer on its stream.
      const failure = errorResponse(errorBodyOf(error));
      this.encodeFrame(this.writer, out, { stream, opcode: Opcode.error }, (w) => encodeResponseBody(w, failure, version));
    }
    if (out.position >= OUTPUT_FLUSH_BYTES) this.flushOutput();
  }

  /** Appends a frame to `out` as it goes on the wire: plain v4 frames are encoded straight into it. */
  private encodeFrame(writer: FrameWriter, out: BodyWriter, head: EnvelopeHead, encodeBody: BodyEncoder): void {
    if (this.framing.plain) writer.encodeTo(out, head, encodeBody);
    else out.raw(this.framing.wrap(writer.encode(head, encodeBody)));
  }

  /**
   * Replies finished in one turn of the event loop are encoded back to back into one buffer
   * and leave in one socket write once the turn's callbacks have run (or sooner, past
   * OUTPUT_FLUSH_BYTES), as Cassandra's Flusher gathers a loop's responses. A write per reply
   * was a third of a busy server's main thread; corked writes still paid the stream's
   * bookkeeping and a copy per reply.
   */
  private output(): BodyWriter {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushOutput);
    }
    return (this.pendingOutput ??= new BodyWriter(OUTPUT_INITIAL_BYTES));
  }

  private pendingOutput: BodyWriter | null = null;
  private flushScheduled = false;

  private readonly flushOutput = (): void => {
    this.flushScheduled = false;
    const out = this.pendingOutput;
    if (out === null || out.position === 0) return;
    const bytes = out.written().slice();
    out.reset();
    // A large page grew the buffer: let it go rather than hold that much per connection.
    if (out.capacity > OUTPUT_FLUSH_BYTES * 2) this.pendingOutput = null;
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (!this.socket.write(bytes)) this.writeBlocked = true;
  };

  /** Answers a header the stream cannot continue after, then closes. */
  private refuse(error: FrameHeaderError): void {
    const { header } = error;
    const body = (w: BodyWriter): void => encodeError(w, protocolErrorBody(error.message));
    // A connection that has a version keeps it, so its client can read why it is closed; a
    // first frame is answered in its own v1/v2 shape, or else in our highest version (which is
    // what makes the drivers step down to it).
    const established = this.reader.version;
    let frame: Uint8Array;
    if (header.legacy && established === null) {
      frame = encodeLegacyFrame(header.version, header.stream, Opcode.error, body);
    } else {
      const version = established ?? Math.max(...this.limits.supportedVersions);
      const stream = header.legacy ? 0 : header.stream;
      frame = this.framing.wrap(new FrameWriter('response', version).encode({ stream, opcode: Opcode.error }, body));
    }
    this.closeAfter(frame);
  }

  /** Input that can no longer be framed (a v5 segment failing its CRC): answer on stream 0, close. */
  private refuseCorrupt(message: string): void {
    const version = this.writer?.version ?? Math.max(...this.limits.supportedVersions);
    const body = (w: BodyWriter): void => encodeError(w, protocolErrorBody(message));
    this.closeAfter(this.framing.wrap(new FrameWriter('response', version).encode({ stream: 0, opcode: Opcode.error }, body)));
  }

  /** Writes a last frame, then closes (or cuts the socket if the client does not read it). */
  private closeAfter(frame: Uint8Array): void {
    // Replies already encoded go first, in order.
    this.flushOutput();
    this.connectionState = 'closing';
    this.socket.pause();
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    this.socket.end(frame, () => {
      clearTimeout(timer);
      this.socket.destroy();
    });
  }
}

/** Requests that run statements, and hold budget bytes while they do. */
const STATEMENT_OPCODES: ReadonlySet<number> = new Set([Opcode.query, Opcode.prepare, Opcode.execute, Opcode.batch]);

function isPromiseLike<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}
