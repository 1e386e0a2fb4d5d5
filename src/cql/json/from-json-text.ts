/**
 * The entry points from JSON to values. `fromJson` reads one value for a receiver from parsed
 * JSON (JsonValues or plain JS values), rewording MarshalErrors as INSERT JSON does when a
 * receiver name is given ("Error decoding JSON value for v: Unable to make int from 'x'").
 * `fromJsonText` is the fromJson() function's: it parses the text first, and its failures are
 * Cassandra's FunctionExecutionException for system.fromjson (FunctionFailure, 0x1400), as
 * FromJsonFct raises them. INSERT JSON's own text is not a function argument: its failures stay
 * Invalid (insert-json.ts), as in Cassandra's Json.java.
 */

import type { Clock } from '../../lib/clock.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { FunctionFailureError } from '../functions/function-failure-error.js';
import type { CqlType } from '../types/cql-type.js';
import { MarshalError } from '../values/marshal-error.js';
import { fromJsonValue } from './from-json.js';
import { JsonParseError, parseJson } from './json-parser.js';
import { asJsonValue } from './json-value.js';

export function fromJson(type: CqlType, json: unknown, receiverName: string | null, clock: Clock): unknown {
  try {
    return fromJsonValue(type, asJsonValue(json), clock);
  } catch (error) {
    if (error instanceof MarshalError && receiverName !== null) {
      throw new InvalidRequestError(`Error decoding JSON value for ${receiverName}: ${error.message}`);
    }
    throw error;
  }
}

export function fromJsonText(type: CqlType, text: string, clock: Clock): unknown {
  const failed = (detail: string): FunctionFailureError => new FunctionFailureError('system', 'fromjson', ['text'], detail);
  let parsed;
  try {
    parsed = parseJson(text);
  } catch (error) {
    if (error instanceof JsonParseError) throw failed(`Could not decode JSON string '${text}': com.fasterxml.jackson.core.JsonParseException: ${error.message}`);
    throw error;
  }
  try {
    return fromJsonValue(type, parsed, clock);
  } catch (error) {
    if (error instanceof MarshalError) throw failed(`org.apache.cassandra.serializers.MarshalException: ${error.message}`);
    throw error;
  }
}
