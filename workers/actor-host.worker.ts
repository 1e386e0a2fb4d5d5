/**
 * Entry file of an actor host worker thread: thin by rule (STYLE, workers/ holds no logic).
 * src/actors/actor-host-worker.ts reads the start-up data, builds the host from the kinds
 * module and binds the ports; a failure there rejects, and the unhandled rejection ends the
 * thread, which the main thread sees as an exit.
 */

import { workerData } from 'node:worker_threads';
import { runActorHostWorker } from '../src/actors/actor-host-worker.js';

await runActorHostWorker(workerData);
