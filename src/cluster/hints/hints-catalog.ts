/**
 * Every hints store of a node, by target host id (Cassandra's HintsCatalog), loaded from the
 * hints directory when the node starts. Loading reads each file once through: its header must
 * check out, its entries are counted up to where they stop being readable (a torn tail or a
 * bad size), and its position file says how many were delivered before the restart. A file
 * whose entries are all done, or that has no readable header, is deleted; so is a position
 * file whose hints file is gone.
 */

import path from 'node:path';
import type { Clock } from '../../lib/clock.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { DispatchPositionFile } from './dispatch-position-file.js';
import { parseHintsFileName, positionFileName, sameDescriptor } from './hints-descriptor.js';
import { HintsReader } from './hints-reader.js';
import { HintsStore, type HintsFile } from './hints-store.js';

export interface HintsLoadReport {
  /** Files kept with hints still to deliver. */
  readonly files: number;
  readonly pendingEntries: number;
  /** Entries whose payload failed its checksum (they will be skipped). */
  readonly corruptEntries: number;
  /** Files whose readable entries stop before their end (torn tail or bad size). */
  readonly truncatedFiles: number;
  /** Files deleted: all delivered, no readable header, or position files without their hints file. */
  readonly deletedFiles: number;
}

const POSITION_FILE = /\.position$/;

export class HintsCatalog {
  private readonly stores = new Map<string, HintsStore>();

  private constructor(
    private readonly directory: string,
    private readonly port: StoragePort,
    private readonly clock: Clock,
    private readonly maxFileBytes: number,
  ) {}

  static load(directory: string, port: StoragePort, clock: Clock, maxFileBytes: number): { catalog: HintsCatalog; report: HintsLoadReport } {
    port.mkdirp(directory);
    const catalog = new HintsCatalog(directory, port, clock, maxFileBytes);
    const names = port.readdir(directory).sort();
    const filesByHost = new Map<string, HintsFile[]>();
    const keptPositionFiles = new Set<string>();
    let pendingEntries = 0;
    let corruptEntries = 0;
    let truncatedFiles = 0;
    let deletedFiles = 0;
    for (const name of names) {
      const descriptor = parseHintsFileName(name);
      if (descriptor === null) continue;
      const file = path.join(directory, name);
      const positionPath = path.join(directory, positionFileName(descriptor));
      const opened = HintsReader.open(port, file);
      if (opened.kind === 'unreadable') {
        port.unlink(file);
        deletedFiles++;
        continue;
      }
      const { reader } = opened;
      let scan;
      try {
        if (!sameDescriptor(reader.descriptor, descriptor)) continue; // not this name's file: leave it for an operator
        scan = reader.scan();
      } finally {
        reader.close();
      }
      const { file: positionFile, position: recorded } = DispatchPositionFile.open(port, positionPath);
      const start = { offset: reader.headerBytes, entriesDone: 0 };
      // A position beyond what can be read now (the file was damaged since) starts the file over.
      const position = recorded !== null && recorded.offset >= start.offset && recorded.offset <= scan.readableEnd && recorded.entriesDone <= scan.entries ? recorded : start;
      if (position.entriesDone >= scan.entries) {
        port.unlink(file);
        positionFile.remove();
        deletedFiles++;
        continue;
      }
      keptPositionFiles.add(positionPath);
      pendingEntries += scan.entries - position.entriesDone;
      corruptEntries += scan.corruptEntries;
      if (scan.tail !== 'end') truncatedFiles++;
      const hintsFile: HintsFile = { descriptor, path: file, entries: scan.entries, readableEnd: scan.readableEnd, position, positionFile, sealed: true };
      const files = filesByHost.get(descriptor.hostId) ?? [];
      files.push(hintsFile);
      filesByHost.set(descriptor.hostId, files);
    }
    for (const name of port.readdir(directory)) {
      const file = path.join(directory, name);
      if (POSITION_FILE.test(name) && !keptPositionFiles.has(file)) {
        port.unlink(file);
        deletedFiles++;
      }
    }
    let files = 0;
    for (const [hostId, hostFiles] of filesByHost) {
      hostFiles.sort((a, b) => a.descriptor.timestampMs - b.descriptor.timestampMs);
      files += hostFiles.length;
      catalog.stores.set(hostId, new HintsStore(hostId, directory, port, clock, maxFileBytes, hostFiles));
    }
    return { catalog, report: { files, pendingEntries, corruptEntries, truncatedFiles, deletedFiles } };
  }

  /** The store of `hostId`, created empty when it has none. */
  storeFor(hostId: string): HintsStore {
    let store = this.stores.get(hostId);
    if (store === undefined) this.stores.set(hostId, (store = new HintsStore(hostId, this.directory, this.port, this.clock, this.maxFileBytes)));
    return store;
  }

  lookupStore(hostId: string): HintsStore | undefined {
    return this.stores.get(hostId);
  }

  all(): HintsStore[] {
    return [...this.stores.values()];
  }

  close(): void {
    for (const store of this.stores.values()) store.close();
  }
}
