/**
 * A replica's side of repair: it answers validations with its trees and runs the sync tasks a
 * coordinator gives it (stream the differing ranges both ways with a named peer).
 */

import type { NodeStorage } from '../../storage/node-storage.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import { Verb } from '../messaging/verb.js';
import { fromWireRange } from '../streaming/stream-messages.js';
import type { StreamingService } from '../streaming/streaming-service.js';
import { MERKLE_DEPTH_MAX } from './merkle-tree.js';
import { toWireTree, type SyncRequest, type SyncResponse, type ValidationRequest, type ValidationResponse } from './repair-messages.js';
import { syncRanges } from './sync-ranges.js';
import { validateRanges } from './validation.js';

export function serveRepairVerbs(messaging: MessagingService, engine: NodeStorage, streaming: StreamingService): void {
  messaging.handle(Verb.validation, async (payload): Promise<ValidationResponse> => {
    const request = payload as ValidationRequest;
    const ranges = request.ranges.map(fromWireRange);
    const maxDepth = Math.min(Math.max(0, Math.floor(request.maxDepth)), MERKLE_DEPTH_MAX);
    const trees = await validateRanges(engine, request.tableId, ranges, maxDepth);
    return { trees: trees.map(toWireTree) };
  });
  messaging.handle(Verb.repairSync, async (payload): Promise<SyncResponse> => {
    const request = payload as SyncRequest;
    return syncRanges(streaming, request.peer, request.tableId, request.ranges.map(fromWireRange));
  });
}
