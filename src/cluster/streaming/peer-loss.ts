/**
 * The loss of a stream's peer, as a promise each of the stream's waits races against: once
 * `lose(reason)` is called (the failure detector convicted the peer, it restarted, it left
 * gossip), a page waiting for the peer fails at once instead of at its deadline, as Cassandra's
 * StreamSession.convict closes a session.
 */

export class PeerLoss {
  /** Why the peer is lost, once it is. */
  private lostBecause: string | null = null;
  private rejectLost: (error: Error) => void = () => undefined;
  private readonly lost: Promise<never>;

  constructor() {
    this.lost = new Promise<never>((_, reject) => {
      this.rejectLost = reject;
    });
    // Nobody may be waiting when the peer is lost: that is no unhandled rejection.
    this.lost.catch(() => undefined);
  }

  get reason(): string | null {
    return this.lostBecause;
  }

  lose(reason: string): void {
    if (this.lostBecause !== null) return;
    this.lostBecause = reason;
    this.rejectLost(new Error(reason));
  }

  /** `wait`, unless the peer is lost first (then it rejects with the reason). */
  race<T>(wait: Promise<T>): Promise<T> {
    return Promise.race([wait, this.lost]);
  }
}
