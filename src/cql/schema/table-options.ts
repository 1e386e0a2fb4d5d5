import type { Property } from '../ast/property.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { COMPACTION_STRATEGY_CLASSES, compactionClassName } from '../../storage/compaction/create-compaction-strategy.js';
import { defaultTableOptions } from '../../storage/table-options.js';
import { cachingFrom, DEFAULT_CACHING } from './caching-options.js';
import { compressionFrom, DEFAULT_COMPRESSION } from './compression-options.js';
import { optionConstant, optionMap, optionText } from './option-text.js';
import { DEFAULT_SPECULATIVE_RETRY, speculativeRetryFrom } from './speculative-retry.js';

/** The compaction a table asked for: strategy class (short name) and its sub-options as text. */
export interface CompactionOptions {
  readonly class: string;
  readonly options: ReadonlyMap<string, string>;
}

/** The table options Sibyl keeps, with Cassandra's defaults when not written. */
export interface TableOptions {
  readonly defaultTimeToLive: number;
  readonly gcGraceSeconds: number;
  readonly bloomFilterFpChance: number;
  readonly comment: string;
  readonly compaction: CompactionOptions;
  /**
   * caching, compression and speculative_retry: schema metadata only (Sibyl has no row cache,
   * compresses SSTables its own way and never speculates), kept normalized as Cassandra stores
   * them. Absent in metadata from a source that does not keep them (the catalog's loader so
   * far): read them through tableCaching / tableCompression / tableSpeculativeRetry, which
   * answer Cassandra's defaults then.
   */
  readonly caching?: ReadonlyMap<string, string>;
  readonly compression?: ReadonlyMap<string, string>;
  readonly speculativeRetry?: string;
}

/** Cassandra's largest TTL: 20 years, in seconds (Attributes.MAX_TTL). */
export const MAX_TTL_SECONDS = 630_720_000;

/** The storage engine's defaults, which are Cassandra's. */
const storageDefaults = defaultTableOptions(0, '');

export const DEFAULT_TABLE_OPTIONS: TableOptions = Object.freeze({
  defaultTimeToLive: 0,
  gcGraceSeconds: storageDefaults.gcGraceSeconds,
  bloomFilterFpChance: storageDefaults.bloomFilterFpChance,
  comment: '',
  compaction: Object.freeze({
    class: storageDefaults.compaction.class,
    options: new Map([
      ['max_threshold', '32'],
      ['min_threshold', '4'],
    ]),
  }),
  caching: DEFAULT_CACHING,
  compression: DEFAULT_COMPRESSION,
  speculativeRetry: DEFAULT_SPECULATIVE_RETRY,
});

export function tableCaching(options: TableOptions): ReadonlyMap<string, string> {
  return options.caching ?? DEFAULT_CACHING;
}

export function tableCompression(options: TableOptions): ReadonlyMap<string, string> {
  return options.compression ?? DEFAULT_COMPRESSION;
}

export function tableSpeculativeRetry(options: TableOptions): string {
  return options.speculativeRetry ?? DEFAULT_SPECULATIVE_RETRY;
}

/**
 * WITH properties of CREATE TABLE (CLUSTERING ORDER aside), checked as TableParams.validate
 * does, over the defaults, or over a table's current options for ALTER TABLE ... WITH.
 */
export function tableOptionsFrom(properties: readonly Property[], base: TableOptions = DEFAULT_TABLE_OPTIONS): TableOptions {
  let options: TableOptions = base;
  const seen = new Set<string>();
  for (const property of properties) {
    if (seen.has(property.name)) throw new InvalidRequestError(`Multiple definitions for property '${property.name}'`);
    seen.add(property.name);
    switch (property.name) {
      case 'default_time_to_live': {
        const ttl = integer(property);
        if (ttl < 0) throw new InvalidRequestError(`default_time_to_live must be greater than or equal to 0 (got ${ttl})`);
        if (ttl > MAX_TTL_SECONDS) {
          throw new InvalidRequestError(`default_time_to_live must be less than or equal to ${MAX_TTL_SECONDS} (got ${ttl})`);
        }
        options = { ...options, defaultTimeToLive: ttl };
        break;
      }
      case 'gc_grace_seconds': {
        const seconds = integer(property);
        if (seconds < 0) throw new InvalidRequestError(`gc_grace_seconds must be greater than or equal to 0 (got ${seconds})`);
        options = { ...options, gcGraceSeconds: seconds };
        break;
      }
      case 'bloom_filter_fp_chance': {
        const text = optionText(optionConstant(property.name, property.value));
        const chance = Number(text);
        if (text.trim() === '' || Number.isNaN(chance)) throw invalidValue(property.name, text);
        if (!(chance > 0 && chance <= 1)) {
          throw new InvalidRequestError(`bloom_filter_fp_chance must be larger than 0 and less than or equal to 1.0 (got ${text})`);
        }
        options = { ...options, bloomFilterFpChance: chance };
        break;
      }
      case 'comment':
        options = { ...options, comment: optionText(optionConstant(property.name, property.value)) };
        break;
      case 'compaction':
        options = { ...options, compaction: compactionFrom(optionMap(property.name, property.value)) };
        break;
      case 'caching':
        options = { ...options, caching: cachingFrom(optionMap(property.name, property.value)) };
        break;
      case 'compression':
        options = { ...options, compression: compressionFrom(optionMap(property.name, property.value)) };
        break;
      case 'speculative_retry':
        options = { ...options, speculativeRetry: speculativeRetryFrom(optionText(optionConstant(property.name, property.value))) };
        break;
      default:
        throw new InvalidRequestError(`Unknown property '${property.name}'`);
    }
  }
  return Object.freeze(options);
}

function integer(property: Property): number {
  const text = optionText(optionConstant(property.name, property.value));
  if (!/^-?\d+$/.test(text.trim())) throw invalidValue(property.name, text);
  return Number(text);
}

function invalidValue(name: string, text: string): InvalidRequestError {
  return new InvalidRequestError(`Invalid value '${text}' for property '${name}'`);
}

function compactionFrom(map: ReadonlyMap<string, string>): CompactionOptions {
  const written = map.get('class');
  if (written === undefined) throw new InvalidRequestError("Missing sub-option 'class' for the 'compaction' option.");
  const name = compactionClassName(written);
  if (!COMPACTION_STRATEGY_CLASSES.has(name)) throw new InvalidRequestError(`Unable to find compaction strategy class '${written}'`);
  const options = new Map([...map].filter(([key]) => key !== 'class'));
  return Object.freeze({ class: name, options });
}
