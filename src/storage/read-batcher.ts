/**
 * Gathers the point reads bound for one worker thread into batches, with at most
 * `batchesInFlightMax` batches on their way at once. A read waits for the event-loop turn to
 * end and, when that many batches are out, for one to come back: the reads issued meanwhile
 * (many of them from the answers of that batch) then travel together. Group commit's idea,
 * applied to reads.
 *
 * Sending at every turn instead gave batches of ~10 reads under 128 concurrent readers (each
 * answer wakes a few readers per turn), and the cost of a batch (a ring message, a reply
 * through a MessagePort, a wake-up on each side) was paid four times as often.
 */

export interface QueuedRead<Command, Answer> {
  readonly command: Command;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
}

/** Sends one batch; settles when every read of it has been answered or rejected. */
export type SendReadBatch<Command, Answer> = (reads: readonly QueuedRead<Command, Answer>[]) => Promise<void>;

export class ReadBatcher<Command, Answer> {
  private queue: QueuedRead<Command, Answer>[] = [];
  private inFlight = 0;
  private sendScheduled = false;

  constructor(
    private readonly send: SendReadBatch<Command, Answer>,
    private readonly batchesInFlightMax: number,
  ) {}

  read(command: Command): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.scheduleSend();
    });
  }

  /** Reads waiting to be sent (not those in flight). */
  queued(): number {
    return this.queue.length;
  }

  private scheduleSend(): void {
    if (this.sendScheduled || this.inFlight >= this.batchesInFlightMax || this.queue.length === 0) return;
    this.sendScheduled = true;
    // Once the microtasks queued now have run: the reads issued from the answers being handed
    // out (each a chain of promise reactions) join this batch, and it leaves before the event
    // loop turns to other I/O (setImmediate waited for the poll phase to end, often behind
    // another thread's reply).
    process.nextTick(() => {
      this.sendScheduled = false;
      this.sendQueued();
    });
  }

  private sendQueued(): void {
    if (this.inFlight >= this.batchesInFlightMax || this.queue.length === 0) return;
    const reads = this.queue;
    this.queue = [];
    this.inFlight++;
    const sent = (): void => {
      this.inFlight--;
      this.scheduleSend();
    };
    let batch: Promise<void>;
    try {
      batch = this.send(reads);
    } catch (error) {
      for (const read of reads) read.reject(error as Error);
      sent();
      return;
    }
    batch.then(sent, (error: unknown) => {
      for (const read of reads) read.reject(error as Error);
      sent();
    });
  }
}
