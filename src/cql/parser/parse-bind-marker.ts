/**
 * Bind markers: `?` and `:name` (Cassandra's `marker` and `inMarker`). Each takes the next
 * statement-wide index from the stream, so indexes follow the text across a whole BATCH.
 */

import { BindMarker } from '../ast/bind-marker.js';
import { parseName } from './parse-names.js';
import type { TokenStream } from './token-stream.js';

/** True when a bind marker starts at the current token. */
export function isBindMarkerStart(stream: TokenStream): boolean {
  return stream.is('questionMark') || stream.is('colon');
}

export function parseBindMarker(stream: TokenStream): BindMarker {
  if (stream.accept('questionMark')) return BindMarker.create({ index: stream.takeBindIndex(), name: null });
  stream.expect('colon');
  const name = parseName(stream, 'a bind marker name');
  return BindMarker.create({ index: stream.takeBindIndex(), name });
}
