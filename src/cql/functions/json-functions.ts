/**
 * toJson() and fromJson() (ToJsonFct, FromJsonFct): one instance per type, made on demand,
 * since toJson takes any type and fromJson returns its receiver's type. fromJson of null is
 * null, and so is fromJson('null').
 */

import { nativeCqlType, type CqlType } from '../types/cql-type.js';
import { fromJsonText } from '../../cql/json/from-json-text.js';
import { toJson } from '../../cql/json/to-json.js';
import { scalarFunction, type ScalarFunction } from './native-function.js';

const text = nativeCqlType('text')!;

export function toJsonFunction(argType: CqlType): ScalarFunction {
  // Unlike the other functions, toJson(null) is the JSON text "null", not a null.
  return scalarFunction('tojson', text, [argType], ([value]) => toJson(argType, value));
}

export function fromJsonFunction(receiverType: CqlType): ScalarFunction {
  return scalarFunction('fromjson', receiverType, [text], ([value], { clock }) =>
    value === null || value === undefined ? null : fromJsonText(receiverType, value as string, clock),
  );
}
