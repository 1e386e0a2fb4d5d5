/**
 * The node tool's wire contract and its handlers' shape. The CLI posts
 * `POST /nodetool/<command>` with `{ "args": [...] }` (the words after the command, as typed)
 * and gets back `200 { "result": ... }` or an error status with `{ "error": "..." }`:
 *
 *   400  the arguments are wrong (NodetoolUsageError) or the request is refused (invalid)
 *   404  no such command
 *   501  the command exists in Cassandra but is not built here yet (NodetoolUnavailableError)
 *   500  it failed
 *
 * Each command's result is plain JSON (nodetool-results.ts has the shapes the CLI formats);
 * a handler that only has something to say answers `{ message }`, which the CLI prints as is.
 */

import { SibylError } from '../../lib/errors.js';
import type { ClusterNode } from '../node/cluster-node.js';
import type { ClusterControls } from './cluster-controls.js';
import type { NodeAdminState } from './node-admin-state.js';

export interface NodetoolRequest {
  readonly args: readonly string[];
}

/** A result the CLI prints as text: one line or several. */
export interface NodetoolMessage {
  readonly message: string;
}

export interface NodetoolContext {
  /** The node whose admin server took the request. */
  readonly node: ClusterNode;
  /** The in-process cluster the node runs in. */
  readonly cluster: ClusterControls;
  readonly state: NodeAdminState;
  /** Runs `task` once the reply has left (stopdaemon stops the server that answers). */
  afterReply(task: () => Promise<void>): void;
}

export type NodetoolHandler = (args: readonly string[], context: NodetoolContext) => Promise<unknown>;

/** The arguments do not fit the command; the message says how they should be. */
export class NodetoolUsageError extends Error {
  override readonly name = 'NodetoolUsageError';
}

/** A command Cassandra's nodetool has that this node cannot run yet. */
export class NodetoolUnavailableError extends Error {
  override readonly name = 'NodetoolUnavailableError';

  /** The answer for a command no service has registered a handler for. */
  static noHandler(command: string): NodetoolUnavailableError {
    return new NodetoolUnavailableError(`${command} is not available yet on this node (no handler is registered for it)`);
  }
}

/** The HTTP status an error from a handler answers with. */
export function statusOfError(error: unknown): number {
  if (error instanceof NodetoolUsageError) return 400;
  if (error instanceof NodetoolUnavailableError) return 501;
  if (error instanceof SibylError) return 400;
  return 500;
}
