import { describe, expect, it } from 'vitest';
import { ReadBatcher, type QueuedRead } from '../../../src/storage/read-batcher.js';

type Read = QueuedRead<number, string>;

/** A thread stand-in: records each batch and answers it when told to. */
class ManualThread {
  readonly batches: number[][] = [];
  private readonly answers: Array<() => void> = [];
  private readonly failures: Array<(error: Error) => void> = [];
  maxInFlight = 0;
  private inFlight = 0;

  readonly send = (reads: readonly Read[]): Promise<void> => {
    this.batches.push(reads.map((read) => read.command));
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      this.answers.push(() => {
        for (const read of reads) read.resolve(`v${read.command}`);
        this.inFlight--;
        resolve();
      });
      this.failures.push((error) => {
        this.inFlight--;
        reject(error);
      });
    });
  };

  answerNext(): void {
    this.failures.shift();
    this.answers.shift()!();
  }

  failNext(error: Error): void {
    this.answers.shift();
    this.failures.shift()!(error);
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ReadBatcher', () => {
  it('sends the reads of one event-loop turn as one batch and answers each', async () => {
    const thread = new ManualThread();
    const batcher = new ReadBatcher(thread.send, 1);
    const answers = [1, 2, 3].map((n) => batcher.read(n));
    expect(thread.batches).toEqual([]); // nothing leaves before the turn ends
    await nextTurn();
    expect(thread.batches).toEqual([[1, 2, 3]]);
    thread.answerNext();
    await expect(Promise.all(answers)).resolves.toEqual(['v1', 'v2', 'v3']);
  });

  it('gathers the reads issued while a batch is out, including those issued from its answers, into the next', async () => {
    const thread = new ManualThread();
    const batcher = new ReadBatcher(thread.send, 1);
    const first = batcher.read(1).then((answer) => {
      void batcher.read(10); // a reader that reads again on its answer
      return answer;
    });
    await nextTurn();
    const waiting = [2, 3].map((n) => batcher.read(n));
    await nextTurn();
    await nextTurn();
    expect(thread.batches).toEqual([[1]]); // 2 and 3 wait for batch 1
    expect(batcher.queued()).toBe(2);
    thread.answerNext();
    await expect(first).resolves.toBe('v1');
    await nextTurn();
    expect(thread.batches).toEqual([[1], [2, 3, 10]]);
    thread.answerNext();
    await expect(Promise.all(waiting)).resolves.toEqual(['v2', 'v3']);
    expect(thread.maxInFlight).toBe(1);
  });

  it('keeps at most the stated number of batches out', async () => {
    const thread = new ManualThread();
    const batcher = new ReadBatcher(thread.send, 2);
    const all: Promise<string>[] = [];
    for (let turn = 0; turn < 5; turn++) {
      all.push(batcher.read(turn));
      await nextTurn();
    }
    expect(thread.batches).toEqual([[0], [1]]);
    thread.answerNext();
    await nextTurn(); // the answer settles, and the batcher's send is set for the turn after
    await nextTurn();
    expect(thread.batches).toEqual([[0], [1], [2, 3, 4]]);
    thread.answerNext();
    thread.answerNext();
    await expect(Promise.all(all)).resolves.toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    expect(thread.maxInFlight).toBe(2);
  });

  it('rejects the reads of a failed batch and goes on with the next', async () => {
    const thread = new ManualThread();
    const batcher = new ReadBatcher(thread.send, 1);
    const failed = [1, 2].map((n) => batcher.read(n));
    await nextTurn();
    const later = batcher.read(3);
    thread.failNext(new Error('thread exited'));
    for (const read of failed) await expect(read).rejects.toThrow('thread exited');
    await nextTurn();
    expect(thread.batches).toEqual([[1, 2], [3]]);
    thread.answerNext();
    await expect(later).resolves.toBe('v3');
  });

  it('rejects the reads when sending throws, and sends later reads', async () => {
    let calls = 0;
    const batcher = new ReadBatcher<number, string>((reads) => {
      calls++;
      if (calls === 1) throw new Error('encode failed');
      for (const read of reads) read.resolve('ok');
      return Promise.resolve();
    }, 1);
    await expect(batcher.read(1)).rejects.toThrow('encode failed');
    await expect(batcher.read(2)).resolves.toBe('ok');
  });
});
