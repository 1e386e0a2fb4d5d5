/**
 * An HTTP request's body as text, refused past `bytesMax` (the request is destroyed as soon as
 * it crosses the bound, so a client cannot make the server buffer without limit).
 */

import type http from 'node:http';

export function readRequestBody(request: http.IncomingMessage, bytesMax: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > bytesMax) {
        reject(new Error(`request body over ${bytesMax} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
