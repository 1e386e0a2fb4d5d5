/** The storage data model: what every layer of the engine reads and writes. */
export * from './timestamp.js';
export * from './deletion-time.js';
export * from './byte-order.js';
export * from './token.js';
export * from './cell.js';
export * from './counter-context.js';
export * from './liveness-info.js';
export * from './range-tombstone.js';
export * from './row.js';
export * from './partition-update.js';
export * from './merge.js';
export * from './read-filter.js';
export * from './purge.js';
export * from './partition-codec.js';
export * from './clustering-slice.js';
