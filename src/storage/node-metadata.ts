/**
 * What a data directory must keep across restarts to be read the same way: the on-disk format
 * version and the number of vnode ranges (SSTables live in one folder per range, so the split
 * cannot change under existing data). Stored as node.json, written durably once.
 */

import fs from 'node:fs';
import path from 'node:path';
import { InvalidRequestError } from '../lib/errors.js';

const FORMAT_VERSION = 1;
const DEFAULT_VNODE_COUNT = 16;

export class NodeMetadata {
  private constructor(
    readonly formatVersion: number,
    readonly vnodeCount: number,
  ) {}

  static loadOrCreate(directory: string, requestedVnodeCount: number | undefined): NodeMetadata {
    const file = path.join(directory, 'node.json');
    if (fs.existsSync(file)) {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { formatVersion?: unknown; vnodeCount?: unknown };
      if (stored.formatVersion !== FORMAT_VERSION || typeof stored.vnodeCount !== 'number') {
        throw new InvalidRequestError(`${file}: unsupported data directory format ${String(stored.formatVersion)}`);
      }
      if (requestedVnodeCount !== undefined && requestedVnodeCount !== stored.vnodeCount) {
        throw new InvalidRequestError(
          `${directory} was created with ${stored.vnodeCount} vnodes; it cannot be opened with ${requestedVnodeCount}`,
        );
      }
      return new NodeMetadata(FORMAT_VERSION, stored.vnodeCount);
    }
    const metadata = new NodeMetadata(FORMAT_VERSION, requestedVnodeCount ?? DEFAULT_VNODE_COUNT);
    const temporary = `${file}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify({ formatVersion: FORMAT_VERSION, vnodeCount: metadata.vnodeCount }, null, 2));
    const fd = fs.openSync(temporary, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temporary, file);
    return metadata;
  }
}
