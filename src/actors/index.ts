/**
 * The actor runtime's public surface, for the code that builds actors (storage, cluster):
 * import from here rather than from the runtime's internal files.
 */

export type { Actor, ActorContext, ActorHostInfo, ActorKind, ActorKinds, ActorKindsModule, Replier } from './actor.js';
export { type ActorRef, actorKey, actorRef, formatActorRef, isActorRef, isSameActor } from './actor-ref.js';
export { ActorFailedError, DeadLetterError, ThreadExitedError } from './actor-errors.js';
export {
  ActorSystem,
  type ActorFailureEvent,
  type ActorSystemOptions,
  type ActorSystemStats,
  type DeadLetterEvent,
  type Placement,
  type ThreadRestartedEvent,
} from './actor-system.js';
export type { ActorStats } from './actor-host.js';
export { type SupervisorPolicy, defaultSupervisorPolicy } from './supervision.js';
