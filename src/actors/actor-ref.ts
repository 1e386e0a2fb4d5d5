/**
 * An actor reference is plain data: { node, kind, id }. It crosses threads, processes and
 * (later) hosts unchanged, so a sender never knows where its receiver runs (Proto.Actor's PID).
 * The runtime maps a reference to a thread through its directory (actor-directory.ts).
 */

export interface ActorRef {
  readonly node: string;
  readonly kind: string;
  readonly id: string;
}

export function actorRef(node: string, kind: string, id: string): ActorRef {
  return { node, kind, id };
}

/** The directory key of a reference within one node: kind and id cannot contain NUL. */
export function actorKey(ref: ActorRef): string {
  return `${ref.kind}\u0000${ref.id}`;
}

export function isSameActor(a: ActorRef, b: ActorRef): boolean {
  return a.node === b.node && a.kind === b.kind && a.id === b.id;
}

export function formatActorRef(ref: ActorRef): string {
  return `${ref.node}/${ref.kind}/${ref.id}`;
}

/** Checks the shape on receive (STYLE rule 3): a reference that crossed a port is untrusted. */
export function isActorRef(value: unknown): value is ActorRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['node'] === 'string' && typeof v['kind'] === 'string' && typeof v['id'] === 'string';
}
