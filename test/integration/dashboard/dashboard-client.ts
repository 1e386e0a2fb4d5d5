/**
 * What the dashboard tests use to talk to a dashboard as the page does: GET JSON, POST an
 * action with or without the token, and read the Server-Sent Events stream until an event
 * satisfies a condition.
 */

import http from 'node:http';

export interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export function getJson(url: string): Promise<Reply> {
  return request(url, 'GET', null, {});
}

/** GET with a Host header of the caller's choosing (fetch does not let one set it). */
export function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host }, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

export function postAction(baseUrl: string, kind: string, body: unknown, token: string | null): Promise<Reply> {
  return request(new URL(`api/actions/${kind}`, baseUrl).toString(), 'POST', JSON.stringify(body), token === null ? {} : { 'x-sibyl-token': token });
}

function request(url: string, method: string, body: string | null, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'content-type': 'application/json', ...headers }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

export interface StreamEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Reads /api/events until `done` holds for an event (which it returns), or rejects after timeoutMs. */
export function awaitEvent(baseUrl: string, done: (event: StreamEvent) => boolean, timeoutMs: number): Promise<StreamEvent> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL('api/events', baseUrl), { agent: false }, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name === undefined || data === undefined) continue;
          const event = { event: name, data: JSON.parse(data) as unknown };
          if (done(event)) {
            clearTimeout(timer);
            req.destroy();
            resolve(event);
            return;
          }
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
