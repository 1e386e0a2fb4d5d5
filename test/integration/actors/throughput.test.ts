import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorSystem } from '../../../src/actors/actor-system.js';
import { OverloadedError } from '../../../src/lib/errors.js';
import type { ProbeBinaryReply } from '../../../test/fixtures/actors/probe-kinds.js';
import { assertBuilt, probeKindsModule } from './built-fixture.js';

// Measurements, printed, not asserted beyond "it all arrived": the machine has 2 shared cores.
describe('actor runtime throughput (printed)', () => {
  let system: ActorSystem;

  beforeAll(async () => {
    assertBuilt();
    system = await ActorSystem.start({ node: 'bench', threads: 2, kindsModule: probeKindsModule, log: () => undefined });
  });

  afterAll(async () => {
    await system?.shutdown();
  });

  it('tells between two actors on different threads (msgpackr, thread-to-thread channel)', async () => {
    const sender = await system.spawn('probe', 'sender', null, { thread: 0 });
    const receiver = await system.spawn('probe', 'receiver', null, { thread: 1 });
    const count = 200_000;
    const started = performance.now();
    await system.ask(sender, { kind: 'blast', to: receiver, count, chunk: 2_000 }, 30_000);
    const seconds = (performance.now() - started) / 1000;
    expect(await system.ask(receiver, { kind: 'ticks' })).toBe(count);
    console.log(`[actors] tells thread 0 -> thread 1: ${Math.round(count / seconds).toLocaleString('en')} tells/s (${count} in ${seconds.toFixed(2)} s)`);
  });

  it('sendBinary of 64 KiB batches through the SAB ring', async () => {
    const sink = await system.spawn('probe', 'sink', null, { thread: 1 });
    const batch = new Uint8Array(64 * 1024).fill(1);
    const batches = 4_000;
    let sent = 0;
    let refused = 0;
    const started = performance.now();
    while (sent < batches) {
      try {
        system.sendBinary(sink, batch);
        sent += 1;
      } catch (error) {
        if (!(error instanceof OverloadedError)) throw error;
        refused += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const last = await system.askBinary<ProbeBinaryReply>(sink, new Uint8Array(1), 30_000);
    const seconds = (performance.now() - started) / 1000;
    expect(last.batches).toBe(batches + 1);
    expect(last.bytes).toBe(batches * batch.byteLength + 1);
    const mb = (batches * batch.byteLength) / 1e6;
    console.log(
      `[actors] sendBinary 64 KiB batches: ${(mb / seconds).toFixed(0)} MB/s, ${Math.round(batches / seconds).toLocaleString('en')} batches/s (ring full ${refused} times)`,
    );
  });
});
