/**
 * The statement's variables, filled in as its terms are prepared (Cassandra's
 * VariableSpecifications): one spec per marker index, named by the marker's `:name` when it has
 * one, else by its receiver; and the column each marker binds directly, from which protocol
 * v4's partition key indexes come (the last marker binding a column wins, as in Cassandra).
 */

import { assert } from '../../lib/assert.js';
import type { BindMarker } from '../ast/bind-marker.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { MarkerReceiver } from './marker-receiver.js';
import type { PreparedVariable } from './prepared-statement.js';

export class BindVariables {
  private readonly names: readonly (string | null)[];
  private readonly specs: (PreparedVariable | undefined)[];
  private readonly targets: (MarkerReceiver | undefined)[];

  /** `markers`: the statement's markers in index order (bindMarkersOf). */
  constructor(markers: readonly BindMarker[]) {
    markers.forEach((marker, i) => assert(marker.index === i, `bind marker ${marker.index} at position ${i}`));
    this.names = markers.map((marker) => marker.name);
    this.specs = new Array<PreparedVariable | undefined>(markers.length).fill(undefined);
    this.targets = new Array<MarkerReceiver | undefined>(markers.length).fill(undefined);
  }

  add(marker: BindMarker, receiver: MarkerReceiver): void {
    assert(marker.index >= 0 && marker.index < this.names.length, `bind marker ${marker.index} outside the statement's ${this.names.length}`);
    assert(this.specs[marker.index] === undefined, `bind marker ${marker.index} prepared twice`);
    if (receiver.target !== null) this.targets[marker.index] = receiver;
    const name = this.names[marker.index] ?? receiver.name;
    this.specs[marker.index] = Object.freeze({ keyspace: receiver.keyspace, table: receiver.table, name, type: receiver.type });
  }

  /** Every marker's spec, by index; each marker must have been prepared. */
  variables(): readonly PreparedVariable[] {
    return Object.freeze(
      this.specs.map((spec, i) => {
        assert(spec !== undefined, `bind marker ${i} has no receiver`);
        return spec;
      }),
    );
  }

  /** Cassandra's getPartitionKeyBindVariableIndexes: null unless every partition key column of `table` is bound. */
  partitionKeyIndexes(table: TableMetadata): readonly number[] | null {
    const positions = table.partitionKey.map(() => -1);
    this.targets.forEach((receiver, i) => {
      const column = receiver?.target;
      if (column?.kind !== 'partition_key' || receiver!.keyspace !== table.keyspace || receiver!.table !== table.name) return;
      positions[column.position] = i;
    });
    return positions.includes(-1) ? null : Object.freeze(positions);
  }
}
