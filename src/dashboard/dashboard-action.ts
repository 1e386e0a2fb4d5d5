/**
 * What the page may ask the dashboard to do (POST /api/actions/<kind> with a JSON body), as a
 * closed union decoded and checked on receive: a request that is not one of these is an
 * ActionRequestError (HTTP 400) before anything runs.
 *
 *   flush | compact | snapshot | repair   { "node": "127.0.0.2" }
 *   stopnode | startnode                   { "node": "127.0.0.2" }
 *   cut | heal                             { "datacenter": "dc2" } or { "node": "127.0.0.3" }
 *   load                                   { "writesPerSecond": 500, "readsPerSecond": 200 }
 */

import { LOAD_RATE_MAX, type LoadRates } from './load-generator.js';

export type NodeActionKind = 'flush' | 'compact' | 'snapshot' | 'repair' | 'stopnode' | 'startnode';

/** Cut off (or heal) a whole datacenter from the others, or one node from every other. */
export type CutTarget = { readonly datacenter: string } | { readonly node: string };

export type DashboardAction =
  | { readonly kind: NodeActionKind; readonly node: string }
  | { readonly kind: 'cut' | 'heal'; readonly target: CutTarget }
  | { readonly kind: 'load'; readonly rates: LoadRates };

export type DashboardActionKind = DashboardAction['kind'];

const NODE_ACTIONS: ReadonlySet<string> = new Set<NodeActionKind>(['flush', 'compact', 'snapshot', 'repair', 'stopnode', 'startnode']);
const ADDRESS = /^[0-9A-Fa-f.:]{2,45}$/;
const DATACENTER = /^[A-Za-z0-9_.-]{1,64}$/;

export class ActionRequestError extends Error {
  override readonly name = 'ActionRequestError';
}

export function decodeAction(kind: string, body: unknown): DashboardAction {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  if (fields === null) throw new ActionRequestError('the body must be a JSON object');
  if (NODE_ACTIONS.has(kind)) return { kind: kind as NodeActionKind, node: addressField(fields, 'node') };
  if (kind === 'cut' || kind === 'heal') return { kind, target: cutTargetOf(fields) };
  if (kind === 'load') return { kind, rates: { writesPerSecond: rateField(fields, 'writesPerSecond'), readsPerSecond: rateField(fields, 'readsPerSecond') } };
  throw new ActionRequestError(`no action ${kind}: try flush, compact, snapshot, repair, stopnode, startnode, cut, heal or load`);
}

/** The target in words, for the action log. */
export function describeTarget(action: DashboardAction): string {
  switch (action.kind) {
    case 'cut':
    case 'heal':
      return 'datacenter' in action.target ? `datacenter ${action.target.datacenter}` : `node ${action.target.node}`;
    case 'load':
      return `${action.rates.writesPerSecond} writes/s, ${action.rates.readsPerSecond} reads/s`;
    default:
      return action.node;
  }
}

function cutTargetOf(fields: Record<string, unknown>): CutTarget {
  if ('datacenter' in fields === 'node' in fields) throw new ActionRequestError('name either a datacenter or a node');
  if ('node' in fields) return { node: addressField(fields, 'node') };
  const datacenter = fields['datacenter'];
  if (typeof datacenter !== 'string' || !DATACENTER.test(datacenter)) throw new ActionRequestError('datacenter must be a datacenter name');
  return { datacenter };
}

function addressField(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || !ADDRESS.test(value)) throw new ActionRequestError(`${name} must be a node address such as 127.0.0.2`);
  return value;
}

function rateField(fields: Record<string, unknown>, name: string): number {
  const value = fields[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > LOAD_RATE_MAX) {
    throw new ActionRequestError(`${name} must be a number from 0 to ${LOAD_RATE_MAX}`);
  }
  return value;
}
