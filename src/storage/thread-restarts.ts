/**
 * Which storage threads are between a crash and the end of their recovery (respawned, tables
 * brought up to date, commit log replayed). A table change waits for a thread's recovery
 * before its step on that thread: a step that ran while the replay was still applying the
 * dead thread's log could see its cut undone by records replayed after it.
 *
 *   thread exits ──► begin(t) (before the respawn) ──► respawn ──► recovery ──► end(t)
 */

interface Restart {
  readonly done: Promise<void>;
  readonly resolve: () => void;
}

export class ThreadRestarts {
  private readonly restarts = new Map<number, Restart>();

  begin(threadIndex: number): void {
    if (this.restarts.has(threadIndex)) return;
    let resolve!: () => void;
    const done = new Promise<void>((res) => (resolve = res));
    this.restarts.set(threadIndex, { done, resolve });
  }

  end(threadIndex: number): void {
    this.restarts.get(threadIndex)?.resolve();
    this.restarts.delete(threadIndex);
  }

  /** Releases every waiter (the engine is closing). */
  endAll(): void {
    for (const threadIndex of [...this.restarts.keys()]) this.end(threadIndex);
  }

  /** Resolves when no thread is restarting (those that begin meanwhile included). */
  async allSettled(): Promise<void> {
    while (this.restarts.size > 0) await Promise.all([...this.restarts.values()].map((r) => r.done));
  }

  /** Resolves when `threadIndex` is not restarting, or after `timeoutMs` (a thread left down). */
  settled(threadIndex: number, timeoutMs: number): Promise<void> {
    const restart = this.restarts.get(threadIndex);
    if (restart === undefined) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    return Promise.race([restart.done, timeout]).finally(() => clearTimeout(timer));
  }
}
