/**
 * How far a node's bootstrap got, kept on its disk so a bootstrap cut short by a crash resumes
 * (Cassandra's system.local `bootstrapped` column and system.available_ranges):
 *
 *   NEEDS_BOOTSTRAP ──tokens chosen──▶ IN_PROGRESS ──every range streamed──▶ COMPLETED
 *     (the request)                    (+ tokens, + each range once streamed, per keyspace)
 *
 * A node restarted while NEEDS_BOOTSTRAP joins again from scratch; while IN_PROGRESS it joins
 * again with the same tokens and fetches only the ranges not recorded available (all of them
 * with `resetAvailable`, Cassandra's -Dcassandra.reset_bootstrap_progress=true). A range is
 * recorded once every table of its keyspace has been streamed for it and written here (the
 * writes are durable when the stream resolves), so what is recorded is never missing.
 *
 * One small JSON file, `<dataDir>/bootstrap-progress.json`, rewritten whole and durably
 * (temporary file, fsync, rename) at each step; the node's own disk port, so the simulator's
 * nodes keep it on their simulated disks. No file: the node never bootstrapped (it started as
 * a ring member, or is new).
 */

import path from 'node:path';
import { assert } from '../../lib/assert.js';
import { CorruptionError } from '../../lib/errors.js';
import type { StoragePort } from '../../lib/storage-port.js';
import type { Token } from '../../storage/model/token.js';
import { spansCover, normalizeTokenSpans, type TokenSpan } from '../../storage/compaction/token-spans.js';
import { MIN_TOKEN, MAX_TOKEN } from '../../storage/model/token.js';
import { TokenRange } from '../ring/token-range.js';
import type { JoinRequest } from './join-request.js';
import { tokenSpansOf } from './replicated-ranges.js';

export const BOOTSTRAP_PROGRESS_FILE = 'bootstrap-progress.json';

/** Cassandra's SystemKeyspace.BootstrapState, without DECOMMISSIONED (a left node does not restart). */
export type BootstrapState = 'NEEDS_BOOTSTRAP' | 'IN_PROGRESS' | 'COMPLETED';

interface Saved {
  readonly version: 1;
  readonly state: BootstrapState;
  readonly request: JoinRequest;
  readonly tokens: readonly string[];
  /** Per keyspace, the ranges streamed in full, as [left, right] decimal strings. */
  readonly available: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>>;
}

export class BootstrapProgress {
  private saved: Saved | null;

  private constructor(
    private readonly port: StoragePort,
    readonly file: string,
    saved: Saved | null,
  ) {
    this.saved = saved;
  }

  /** The progress kept in `dataDir`, or none yet. */
  static open(port: StoragePort, dataDir: string): BootstrapProgress {
    const file = path.join(dataDir, BOOTSTRAP_PROGRESS_FILE);
    if (!port.exists(file)) return new BootstrapProgress(port, file, null);
    let saved: Saved;
    try {
      saved = JSON.parse(Buffer.from(port.readFile(file)).toString('utf8')) as Saved;
    } catch (error) {
      throw new CorruptionError(file, 0, `not a bootstrap progress record: ${(error as Error).message}`);
    }
    if (saved.version !== 1 || !['NEEDS_BOOTSTRAP', 'IN_PROGRESS', 'COMPLETED'].includes(saved.state)) {
      throw new CorruptionError(file, 0, `not a bootstrap progress record (version ${String(saved.version)}, state ${String(saved.state)})`);
    }
    return new BootstrapProgress(port, file, saved);
  }

  state(): BootstrapState | null {
    return this.saved?.state ?? null;
  }

  /**
   * The join a restarted node must finish, or null: its request again, with the tokens it had
   * taken once it had announced them. `resetAvailable` forgets the ranges streamed so far.
   */
  unfinishedJoin(resetAvailable: boolean): { readonly request: JoinRequest; readonly tokens: readonly Token[] } | null {
    const saved = this.saved;
    if (saved === null || saved.state === 'COMPLETED') return null;
    if (resetAvailable) this.save({ ...saved, available: {} });
    return { request: saved.request, tokens: saved.tokens.map((t) => BigInt(t)) };
  }

  /** A join begins: kept so a restart before it takes tokens joins again. */
  begin(request: JoinRequest): void {
    if (this.saved !== null && this.saved.state !== 'COMPLETED') return; // resuming: keep what is known
    this.save({ version: 1, state: 'NEEDS_BOOTSTRAP', request, tokens: [], available: {} });
  }

  /** The tokens are taken, before they are announced. */
  claimTokens(tokens: readonly Token[]): void {
    const saved = this.expectSaved();
    assert(saved.state === 'NEEDS_BOOTSTRAP' || sameTokens(saved.tokens, tokens), 'a resumed bootstrap keeps its tokens');
    this.save({ ...saved, state: 'IN_PROGRESS', tokens: tokens.map(String) });
  }

  /** Every table of `keyspace` has been streamed for `range` and written durably here. */
  markAvailable(keyspace: string, range: TokenRange): void {
    const saved = this.expectSaved();
    assert(saved.state === 'IN_PROGRESS', `range streamed while ${saved.state}`);
    const ranges = [...(saved.available[keyspace] ?? []), [String(range.left), String(range.right)] as const];
    this.save({ ...saved, available: { ...saved.available, [keyspace]: ranges } });
  }

  /** Whether every token of `range` was recorded streamed for `keyspace`. */
  isAvailable(keyspace: string, range: TokenRange): boolean {
    const recorded = (this.saved?.available[keyspace] ?? []).map(([left, right]) => TokenRange.create(BigInt(left), BigInt(right)));
    if (recorded.length === 0) return false;
    const spans = normalizeTokenSpans(tokenSpansOf(recorded));
    return tokenSpansOf([range]).every((piece) => coversPiece(spans, piece));
  }

  /** The ranges recorded streamed, per keyspace (for the node tool and tests). */
  availableRanges(keyspace: string): TokenRange[] {
    return (this.saved?.available[keyspace] ?? []).map(([left, right]) => TokenRange.create(BigInt(left), BigInt(right)));
  }

  /** Every range is streamed: the node may announce NORMAL, and a restart starts it as a ring member. */
  complete(): void {
    this.save({ ...this.expectSaved(), state: 'COMPLETED' });
  }

  private expectSaved(): Saved {
    assert(this.saved !== null, 'the bootstrap progress was not begun');
    return this.saved;
  }

  private save(saved: Saved): void {
    this.port.writeFileDurably(this.file, Buffer.from(JSON.stringify(saved), 'utf8'));
    this.saved = saved;
  }
}

/** Whether one span (a piece of an unwrapped range) is wholly inside the normalized spans. */
function coversPiece(spans: readonly TokenSpan[], piece: TokenSpan): boolean {
  const min = piece.startToken === undefined ? MIN_TOKEN + 1n : piece.startToken + 1n;
  const max = piece.endToken ?? MAX_TOKEN;
  return min > max || spansCover(spans, min, max);
}

function sameTokens(saved: readonly string[], tokens: readonly Token[]): boolean {
  return saved.length === tokens.length && saved.every((t, i) => t === String(tokens[i]));
}
