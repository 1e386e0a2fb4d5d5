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
import { mergeAllPartitions } from '../model/merge.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { compareDecoratedKeys } from '../model/token.js';

interface Head {
  readonly partition: PartitionUpdate;
  readonly source: number;
}

export function* mergePartitionStreams(sources: readonly Iterator<PartitionUpdate>[]): Generator<PartitionUpdate, void, undefined> {
  const heap: Head[] = [];
  const pull = (source: number, previous: PartitionUpdate | null): void => {
    const next = sources[source]!.next();
    if (next.done === true) return;
    if (previous !== null) {
      assert(compareDecoratedKeys(previous, next.value) < 0, `merge source ${source} is not in ascending (token, key) order`);
    }
    heapPush(heap, { partition: next.value, source });
  };
  for (let source = 0; source < sources.length; source++) pull(source, null);

  const versions: PartitionUpdate[] = [];
  while (heap.length > 0) {
    const first = heapPop(heap);
    versions.length = 0;
    versions.push(first.partition);
    pull(first.source, first.partition);
    while (heap.length > 0 && compareDecoratedKeys(heap[0]!.partition, first.partition) === 0) {
      const same = heapPop(heap);
      versions.push(same.partition);
      pull(same.source, same.partition);
    }
    yield versions.length === 1 ? first.partition : mergeAllPartitions(versions);
  }
}

function compareHeads(a: Head, b: Head): number {
  return compareDecoratedKeys(a.partition, b.partition) || a.source - b.source;
}

function heapPush(heap: Head[], head: Head): void {
  heap.push(head);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (compareHeads(heap[parent]!, heap[i]!) <= 0) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function heapPop(heap: Head[]): Head {
  assert(heap.length > 0, 'pop from an empty heap');
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && compareHeads(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && compareHeads(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === i) break;
      [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
      i = smallest;
    }
  }
  return top;
}
