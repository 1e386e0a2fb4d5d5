/**
 * The receiver's check of a streamed page, the other side of what the sender promised (STYLE
 * rule 3): every record is of the table asked for and, when the receiver knows the ranges it
 * asked for, has a token inside them, in their order. StorageEngine.writeEncodedBatch then
 * checks the rest (lengths, known table, the key's token).
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { PartitionHeaderLayout } from '../../storage/model/partition-codec.js';
import { BATCH_HEADER_BYTES, VNodeMessageType } from '../../storage/vnode/vnode-wire.js';
import { TokenRange } from '../ring/token-range.js';

export function checkStreamedBatch(batch: Uint8Array, tableId: number, ranges: readonly TokenRange[] | null, partitions: number): void {
  if (batch.length < BATCH_HEADER_BYTES || batch[0] !== VNodeMessageType.write) throw new InvalidRequestError('a streamed page is not an encoded write batch');
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const count = view.getUint32(1);
  if (count !== partitions) throw new InvalidRequestError(`a streamed page says ${partitions} partitions and holds ${count}`);
  let offset = BATCH_HEADER_BYTES;
  let rangeIndex = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 4 + PartitionHeaderLayout.key > batch.length) throw new InvalidRequestError(`a streamed page is truncated at record ${i}`);
    const length = view.getUint32(offset);
    const record = offset + 4;
    const recordTable = view.getUint32(record + PartitionHeaderLayout.tableId);
    if (recordTable !== tableId) throw new InvalidRequestError(`a streamed page of table ${tableId} holds a partition of table ${recordTable}`);
    if (ranges !== null) {
      const token = view.getBigInt64(record + PartitionHeaderLayout.token);
      // Records come in the order of the ranges: move on to the range that holds this one.
      while (rangeIndex < ranges.length && !TokenRange.contains(ranges[rangeIndex]!, token)) rangeIndex++;
      if (rangeIndex === ranges.length) throw new InvalidRequestError(`a streamed page of ${ranges.map(TokenRange.toString).join(', ')} holds token ${token}`);
    }
    offset = record + length;
  }
}
