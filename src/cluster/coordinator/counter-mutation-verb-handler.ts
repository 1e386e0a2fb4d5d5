/**
 * A leader's side of Verb.counterMutation (Cassandra's CounterMutationVerbHandler): apply the
 * coordinator's counter mutations as their leader and answer how it went. The refusals a client
 * sees as Unavailable, WriteTimeout or WriteFailure go back as data with their counts
 * (counter-mutation-messages.ts); any other failure rejects, and travels as a RemoteFailureError.
 * Unlike Cassandra's, which answers only success and lets the coordinator time out, the leader
 * answers its timeouts too, so the client learns the acks it counted without waiting longer.
 */

import type { VerbHandler } from '../messaging/messaging-service.js';
import type { CounterLeader } from './counter-leader.js';
import { COUNTER_MUTATION_APPLIED, decodeCounterMutationRequest, refusalOf, type CounterMutationResponse } from './counter-mutation-messages.js';
import { mutationsFromBytes } from './replica-messages.js';

export function counterMutationVerbHandler(leader: CounterLeader): VerbHandler {
  return async (payload): Promise<CounterMutationResponse> => {
    const request = decodeCounterMutationRequest(payload);
    try {
      await leader.apply(mutationsFromBytes(request.batch), request.level);
      return COUNTER_MUTATION_APPLIED;
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === null) throw error;
      return refusal;
    }
  };
}
