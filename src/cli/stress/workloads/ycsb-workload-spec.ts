/**
 * The YCSB core workloads (brianfrankcooper/YCSB, workloads/workloada..f): the proportion of
 * each operation and how keys are chosen. Every one reads all fields and updates one.
 *
 *   A  update heavy    read 0.50, update 0.50             zipfian
 *   B  read mostly     read 0.95, update 0.05             zipfian
 *   C  read only       read 1.00                          zipfian
 *   D  read latest     read 0.95, insert 0.05             latest
 *   E  short ranges    scan 0.95, insert 0.05             zipfian, scans of uniform(1..100) rows
 *   F  read-modify-write  read 0.50, read-modify-write 0.50  zipfian
 */

import type { YcsbWorkloadName } from '../options/stress-settings.js';

export type YcsbOperation = 'READ' | 'UPDATE' | 'INSERT' | 'SCAN' | 'READMODIFYWRITE';

export interface YcsbWorkloadSpec {
  readonly proportions: Readonly<Partial<Record<YcsbOperation, number>>>;
  readonly requestDistribution: 'zipfian' | 'latest';
}

export const YCSB_WORKLOADS: Readonly<Record<YcsbWorkloadName, YcsbWorkloadSpec>> = {
  a: { proportions: { READ: 0.5, UPDATE: 0.5 }, requestDistribution: 'zipfian' },
  b: { proportions: { READ: 0.95, UPDATE: 0.05 }, requestDistribution: 'zipfian' },
  c: { proportions: { READ: 1 }, requestDistribution: 'zipfian' },
  d: { proportions: { READ: 0.95, INSERT: 0.05 }, requestDistribution: 'latest' },
  e: { proportions: { SCAN: 0.95, INSERT: 0.05 }, requestDistribution: 'zipfian' },
  f: { proportions: { READ: 0.5, READMODIFYWRITE: 0.5 }, requestDistribution: 'zipfian' },
};

/** YCSB's usertable: fieldcount 10, fieldlength 100, maxscanlength 100. */
export const YCSB_FIELD_COUNT = 10;
export const YCSB_FIELD_LENGTH = 100;
export const YCSB_SCAN_LENGTH_MAX = 100;
export const YCSB_TABLE = 'usertable';
export const YCSB_KEYSPACE = 'ycsb';
