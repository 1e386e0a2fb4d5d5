/**
 * The fromJson() function's failures are FunctionFailure (0x1400), worded as Cassandra's
 * FunctionExecutionException for system.fromjson: text that is not JSON, and JSON that is not a
 * value of the receiver's type. fromJson('null') is null, not a failure.
 */

import { describe, expect, it } from 'vitest';
import { FunctionFailureError } from '../../../../src/cql/functions/function-failure-error.js';
import { fromJsonText } from '../../../../src/cql/json/from-json-text.js';
import { listType, nativeCqlType, type CqlType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { CqlErrorCode } from '../../../../src/lib/errors.js';

const type = (kind: NativeCqlTypeKind): CqlType => nativeCqlType(kind)!;
const clock = new ManualClock(Date.UTC(2024, 0, 2));

function failureOf(receiver: CqlType, text: string): FunctionFailureError {
  try {
    fromJsonText(receiver, text, clock);
  } catch (error) {
    expect(error).toBeInstanceOf(FunctionFailureError);
    return error as FunctionFailureError;
  }
  throw new Error(`fromJson('${text}') did not fail`);
}

describe("fromJson(text)'s failures", () => {
  it('text that is not JSON: FunctionFailure naming system.fromjson[text] and the parser error', () => {
    const failure = failureOf(type('int'), '{"a": ');
    expect(failure.code).toBe(CqlErrorCode.functionFailure);
    expect(failure.message).toMatch(/^execution of 'system\.fromjson\[text\]' failed: Could not decode JSON string '\{"a": ': com\.fasterxml\.jackson\.core\.JsonParseException: /);
    expect({ keyspace: failure.keyspace, name: failure.functionName, argTypes: failure.argTypes }).toEqual({ keyspace: 'system', name: 'fromjson', argTypes: ['text'] });
  });

  it("JSON of the wrong shape for the receiver: FunctionFailure with the MarshalException's text", () => {
    expect(failureOf(listType(type('int')), '{"a": 1}').message).toBe(
      "execution of 'system.fromjson[text]' failed: org.apache.cassandra.serializers.MarshalException: Expected a list, but got a LinkedHashMap: {a=1}",
    );
    expect(failureOf(type('int'), '"x"').code).toBe(CqlErrorCode.functionFailure);
  });

  it('valid JSON reads as before, null included', () => {
    expect(fromJsonText(type('int'), '7', clock)).toBe(7);
    expect(fromJsonText(type('int'), 'null', clock)).toBeNull();
  });
});
