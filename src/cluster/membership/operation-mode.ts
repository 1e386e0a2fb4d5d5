/**
 * Where a node stands in its membership life (Cassandra's StorageService.Mode, as nodetool
 * netstats prints it):
 *
 *   STARTING ──(ring member)──────────────▶ NORMAL ──decommission──▶ LEAVING ──▶ DECOMMISSIONED
 *       └──(new node / replacement)──▶ JOINING ──streamed──▶ NORMAL
 */

export type OperationMode = 'STARTING' | 'JOINING' | 'NORMAL' | 'LEAVING' | 'DECOMMISSIONED';
