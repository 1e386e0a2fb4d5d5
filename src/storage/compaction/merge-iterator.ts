/**
 * K-way merge of partition streams sorted by (token, key), as Cassandra's MergeIterator: a
 * binary min-heap holds the head of each source; the smallest key is popped together with every
 * other head equal to it, and those versions are reconciled with mergeAllPartitions. Memory is
 * one partition per source; each step costs O(log k).
 *
 *        heap of heads           output
 *   s0: (5,a) (9,c) ...      ->  (5,a) merged from s0 and s2
 *   s1: (7,b) ...                (7,b)
 *   s2: (5,a) (8,z) ...          (8,z) ...
 *
 * Each source must ascend strictly; a source that goes back (or repeats a key) is a corrupt or
 * mis-sorted file, caught by an assertion rather than written into a bad output.
 */

import { assert } from '../../lib/assert.js';
import { MinHeap } from '../../lib/min-heap.js';
import { mergeAllPartitions } from '../model/merge.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { compareDecoratedKeys } from '../model/token.js';

interface Head {
  readonly partition: PartitionUpdate;
  readonly source: number;
}

export function* mergePartitionStreams(sources: readonly Iterator<PartitionUpdate>[]): Generator<PartitionUpdate, void, undefined> {
  const heap = new MinHeap<Head>((a, b) => compareDecoratedKeys(a.partition, b.partition) || a.source - b.source);
  const pull = (source: number, previous: PartitionUpdate | null): void => {
    const next = sources[source]!.next();
    if (next.done === true) return;
    if (previous !== null) {
      assert(compareDecoratedKeys(previous, next.value) < 0, `merge source ${source} is not in ascending (token, key) order`);
    }
    heap.push({ partition: next.value, source });
  };
  for (let source = 0; source < sources.length; source++) pull(source, null);

  const versions: PartitionUpdate[] = [];
  while (heap.size > 0) {
    const first = heap.pop();
    versions.length = 0;
    versions.push(first.partition);
    pull(first.source, first.partition);
    while (heap.size > 0 && compareDecoratedKeys(heap.peek().partition, first.partition) === 0) {
      const same = heap.pop();
      versions.push(same.partition);
      pull(same.source, same.partition);
    }
    yield versions.length === 1 ? first.partition : mergeAllPartitions(versions);
  }
}
