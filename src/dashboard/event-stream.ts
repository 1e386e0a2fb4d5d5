/**
 * Server-Sent Events to the open pages (GET /api/events): each event one `event:` and one
 * `data:` line of JSON (the EventSource format, WHATWG HTML 9.2). At most CLIENTS_MAX pages at
 * once; a page that reads slower than it is sent to (more than CLIENT_BUFFER_BYTES_MAX waiting)
 * is dropped rather than buffered without end: its EventSource reconnects and starts afresh.
 */

import type http from 'node:http';

export const CLIENTS_MAX = 32;
const CLIENT_BUFFER_BYTES_MAX = 4 * 1024 * 1024;
/** The browser's wait before reconnecting, told with the first event. */
const RETRY_MS = 1000;

export interface StreamEvent {
  readonly event: string;
  readonly data: unknown;
}

export class EventStream {
  private readonly clients = new Set<http.ServerResponse>();

  /** Starts a stream on the response with `initial` events; false (and nothing written) when CLIENTS_MAX are open. */
  open(response: http.ServerResponse, initial: readonly StreamEvent[]): boolean {
    if (this.clients.size >= CLIENTS_MAX) return false;
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`retry: ${RETRY_MS}\n\n`);
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
    for (const event of initial) this.send(response, encode(event));
    return true;
  }

  broadcast(event: StreamEvent): void {
    if (this.clients.size === 0) return;
    const text = encode(event);
    for (const client of this.clients) this.send(client, text);
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private send(client: http.ServerResponse, text: string): void {
    if (client.writableLength > CLIENT_BUFFER_BYTES_MAX) {
      this.clients.delete(client);
      client.destroy();
      return;
    }
    client.write(text);
  }
}

/** JSON has no raw line feeds, so the data is one `data:` line. */
function encode(event: StreamEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
