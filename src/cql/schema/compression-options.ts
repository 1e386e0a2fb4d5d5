/**
 * The `compression` table option as Cassandra's CompressionParams.fromMap reads it, kept as the
 * map Cassandra stores and prints (asMap):
 *
 *   {'class': 'LZ4Compressor'}            {'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}
 *   {'enabled': 'false'}, {}              {'enabled': 'false'}
 *
 * Checked as Cassandra checks it: a class is required unless compression is disabled, and
 * then nothing else may be given; short class names are in org.apache.cassandra.io.compress;
 * chunk_length_in_kb is a positive power of 2; min_compress_ratio is 0 or at least 1 (printed
 * as a Java double when not 0); other sub-options only those the compressor knows. Sibyl's
 * SSTables have their own format; the option is schema metadata.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { javaDoubleText } from '../describe/java-double-text.js';

const COMPRESSOR_PACKAGE = 'org.apache.cassandra.io.compress.';

/** Cassandra's compressors and the extra sub-options each accepts (ICompressor.supportedOptions). */
const COMPRESSORS: ReadonlyMap<string, readonly string[]> = new Map([
  ['LZ4Compressor', ['lz4_compressor_type', 'lz4_high_compressor_level']],
  ['SnappyCompressor', []],
  ['DeflateCompressor', []],
  ['ZstdCompressor', ['compression_level']],
  ['NoopCompressor', []],
]);

export const DEFAULT_COMPRESSION: ReadonlyMap<string, string> = Object.freeze(
  new Map([
    ['chunk_length_in_kb', '16'],
    ['class', `${COMPRESSOR_PACKAGE}LZ4Compressor`],
  ]),
);

const DISABLED: ReadonlyMap<string, string> = Object.freeze(new Map([['enabled', 'false']]));
const INT_MAX = 2 ** 31 - 1;

export function compressionFrom(written: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const options = new Map(written);
  const enabledText = options.get('enabled');
  // Boolean.parseBoolean: anything but "true" (any case) is false.
  const enabled = enabledText === undefined || enabledText.toLowerCase() === 'true';
  if (written.size > 0 && enabled && !options.has('class')) throw new InvalidRequestError("Missing sub-option 'class' for the 'compression' option.");
  options.delete('enabled');
  if (!enabled && options.size > 0) throw new InvalidRequestError("If the 'enabled' option is set to false no other options must be specified");
  const className = options.get('class');
  options.delete('class');
  if (className === '') throw new InvalidRequestError("The 'class' option must not be empty. To disable compression use 'enabled' : false");
  const chunkBytes = chunkLengthBytes(options);
  const minCompressRatio = minCompressRatioOf(options);
  if (className === undefined) {
    if (options.size > 0) throw new InvalidRequestError(`Unknown compression options ([${[...options.keys()].join(', ')}]) since no compression class found`);
    return DISABLED;
  }
  const fullName = className.includes('.') ? className : COMPRESSOR_PACKAGE + className;
  const supported = fullName.startsWith(COMPRESSOR_PACKAGE) ? COMPRESSORS.get(fullName.slice(COMPRESSOR_PACKAGE.length)) : undefined;
  if (supported === undefined) throw new InvalidRequestError(`Could not create Compression for type ${fullName}`);
  const unknown = [...options.keys()].find((key) => !supported.includes(key));
  if (unknown !== undefined) throw new InvalidRequestError(`Unknown compression options ${unknown}`);
  checkChunkAndRatio(chunkBytes, minCompressRatio);
  const result = new Map(options);
  result.set('class', fullName);
  result.set('chunk_length_in_kb', String(chunkBytes / 1024));
  if (minCompressRatio !== 0) result.set('min_compress_ratio', javaDoubleText(minCompressRatio));
  return Object.freeze(new Map([...result].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function chunkLengthBytes(options: Map<string, string>): number {
  const text = options.get('chunk_length_in_kb');
  options.delete('chunk_length_in_kb');
  if (text === undefined) return 16 * 1024;
  const kb = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!(Math.abs(kb) <= INT_MAX)) throw new InvalidRequestError('Invalid value for chunk_length_in_kb');
  if (kb > Math.floor(INT_MAX / 1024)) throw new InvalidRequestError(`Value of chunk_length_in_kb is too large (${kb})`);
  return kb * 1024;
}

function minCompressRatioOf(options: Map<string, string>): number {
  const text = options.get('min_compress_ratio');
  options.delete('min_compress_ratio');
  if (text === undefined) return 0;
  const ratio = text.trim() === '' ? NaN : Number(text);
  if (Number.isNaN(ratio)) throw new InvalidRequestError(`Invalid value '${text}' for min_compress_ratio`);
  return ratio;
}

function checkChunkAndRatio(chunkBytes: number, minCompressRatio: number): void {
  if (chunkBytes <= 0) throw new InvalidRequestError('Invalid negative or null chunk_length_in_kb');
  if ((chunkBytes & (chunkBytes - 1)) !== 0) throw new InvalidRequestError('chunk_length_in_kb must be a power of 2');
  // CompressionParams.calcMaxCompressedLength, then validate().
  const maxCompressedLength = Math.ceil(Math.min(chunkBytes / minCompressRatio, INT_MAX));
  if (maxCompressedLength < 0) throw new InvalidRequestError('Invalid negative min_compress_ratio');
  if (maxCompressedLength > chunkBytes && maxCompressedLength < INT_MAX) throw new InvalidRequestError('min_compress_ratio can either be 0 or greater than or equal to 1');
}
