/**
 * The protocol benchmark's schema and statements: cassandra-stress's write shape as a CQL
 * table (a 10-byte blob key, five 34-byte blob columns; stress-rows.ts makes the values), the
 * prepared INSERT of a row and the prepared SELECT of a row by its key.
 */

import { STRESS_COLUMN_COUNT } from './stress-rows.js';

export const STRESS_COLUMNS: readonly string[] = Array.from({ length: STRESS_COLUMN_COUNT }, (_, c) => `c${c}`);

export const STRESS_TABLE_DDL = `CREATE TABLE ks.t (key blob PRIMARY KEY, ${STRESS_COLUMNS.map((c) => `${c} blob`).join(', ')})`;

export const STRESS_INSERT = `INSERT INTO ks.t (key, ${STRESS_COLUMNS.join(', ')}) VALUES (?, ${STRESS_COLUMNS.map(() => '?').join(', ')})`;

export const STRESS_SELECT = `SELECT ${STRESS_COLUMNS.join(', ')} FROM ks.t WHERE key = ?`;

/** The seed of the rows the client writes and reads back (stress-rows.ts). */
export const STRESS_SEED = 42;
