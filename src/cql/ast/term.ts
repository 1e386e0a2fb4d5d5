import type { BindMarker } from './bind-marker.js';
import type { FunctionCall } from './function-call.js';
import type { ListLiteral } from './list-literal.js';
import type { Literal } from './literal.js';
import type { MapLiteral } from './map-literal.js';
import type { SetLiteral } from './set-literal.js';
import type { TupleLiteral } from './tuple-literal.js';
import type { TypeHint } from './type-hint.js';
import type { UserTypeLiteral } from './user-type-literal.js';

/** A value written in a statement (Cassandra's Term.Raw), typed later against its receiver. */
export type Term =
  | Literal
  | BindMarker
  | ListLiteral
  | SetLiteral
  | MapLiteral
  | TupleLiteral
  | UserTypeLiteral
  | FunctionCall
  | TypeHint;
