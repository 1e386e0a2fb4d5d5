/**
 * Entry of one child process of the ingest benchmark: receives one run request over IPC,
 * runs it (ingest-run.ts) and answers with the result. A process per run keeps the targets
 * apart: no target inherits another's heap, caches, JIT state or memory maps, and the peak
 * RSS is the run's own.
 */

import { assertNever } from '../../src/lib/assert.js';
import type { IngestOptions } from './ingest-options.js';
import { runIngestOnce, type IngestRunResult } from './ingest-run.js';
import { ingestTargetFactories, loadEngineTarget } from './ingest-targets.js';

export type IngestChildRequest = {
  readonly kind: 'run';
  readonly targetName: string;
  readonly options: IngestOptions;
};

export type IngestChildReply =
  | { readonly kind: 'result'; readonly result: IngestRunResult }
  | { readonly kind: 'failed'; readonly message: string };

async function serve(request: IngestChildRequest): Promise<IngestChildReply> {
  switch (request.kind) {
    case 'run': {
      await loadEngineTarget(request.options.engineModule);
      const factory = ingestTargetFactories().find((f) => f.name === request.targetName);
      if (factory === undefined) {
        return { kind: 'failed', message: `no ingest target named "${request.targetName}"` };
      }
      return { kind: 'result', result: await runIngestOnce(factory, request.options) };
    }
    default:
      return assertNever(request.kind, 'ingest child request');
  }
}

function reply(message: IngestChildReply): void {
  if (process.send === undefined) throw new Error('ingest-child runs only as a child of ingest.js');
  // Disconnecting once the reply is flushed lets the process end on its own.
  process.send(message, undefined, undefined, () => process.disconnect());
}

process.once('message', (request: IngestChildRequest) => {
  serve(request).then(reply, (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    reply({ kind: 'failed', message });
  });
});
