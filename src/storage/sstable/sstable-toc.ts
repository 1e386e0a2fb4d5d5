/**
 * The TOC component: the last file a writer creates (atomically, by rename), so its presence
 * is what makes an SSTable complete. Plain text, like Cassandra's TOC.txt, with a checksum:
 *
 *   sibyl-sstable <formatVersion>\n
 *   <Component>\n            one line per component, TOC included
 *   crc32 <8 hex digits>\n   crc32 of every byte before this line
 */

import zlib from 'node:zlib';
import { CorruptionError } from '../../lib/errors.js';
import { SSTABLE_COMPONENTS } from './descriptor.js';
import { SSTABLE_FORMAT_VERSION } from './sstable-format.js';

const HEADER = 'sibyl-sstable';

export function encodeToc(): Uint8Array {
  const body = `${HEADER} ${SSTABLE_FORMAT_VERSION}\n${SSTABLE_COMPONENTS.join('\n')}\n`;
  const bytes = Buffer.from(body, 'latin1');
  const crc = zlib.crc32(bytes).toString(16).padStart(8, '0');
  return Buffer.concat([bytes, Buffer.from(`crc32 ${crc}\n`, 'latin1')]);
}

/** Verifies a TOC; throws CorruptionError naming `file` unless it is exactly what we write. */
export function checkToc(bytes: Uint8Array, file: string): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const crcLineAt = text.lastIndexOf('crc32 ');
  if (crcLineAt < 0) throw new CorruptionError(file, 0, 'no checksum line');
  const actual = zlib.crc32(bytes.subarray(0, crcLineAt)).toString(16).padStart(8, '0');
  if (text.slice(crcLineAt) !== `crc32 ${actual}\n`) {
    throw new CorruptionError(file, crcLineAt, `checksum line ${JSON.stringify(text.slice(crcLineAt))} != crc32 ${actual}`);
  }
  const lines = text.slice(0, crcLineAt).split('\n');
  if (lines[0] !== `${HEADER} ${SSTABLE_FORMAT_VERSION}`) {
    throw new CorruptionError(file, 0, `unknown TOC header ${JSON.stringify(lines[0])}`);
  }
  const components = lines.slice(1, -1).join(',');
  if (components !== SSTABLE_COMPONENTS.join(',')) {
    throw new CorruptionError(file, lines[0].length + 1, `unexpected components ${components}`);
  }
}
