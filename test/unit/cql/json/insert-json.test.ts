import { describe, expect, it } from 'vitest';
import { parseInsertJson } from '../../../../src/cql/json/insert-json.js';
import { parseJson } from '../../../../src/cql/json/json-parser.js';
import type { JsonNumber } from '../../../../src/cql/json/json-value.js';
import type { ColumnMetadata } from '../../../../src/cql/schema/column-metadata.js';
import { listType, nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { CqlErrorCode, InvalidRequestError } from '../../../../src/lib/errors.js';

const clock = new ManualClock(0);

function column(name: string, kind: 'int' | 'text', position = -1): ColumnMetadata {
  return { name, type: nativeCqlType(kind)!, kind: position >= 0 ? 'partition_key' : 'regular', position, columnId: 0 };
}

const k = column('k', 'int', 0);
const v = column('v', 'int');
const foo = column('Foo', 'int');
const columns = [k, v, foo];

function insertJson(text: string): Record<string, unknown> {
  const values = parseInsertJson(text, columns, clock);
  return Object.fromEntries([...values].map(([col, value]) => [col.name, value]));
}

function expectRefused(text: string, message: string | RegExp): void {
  let caught: unknown;
  try {
    insertJson(text);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidRequestError);
  expect((caught as InvalidRequestError).code).toBe(CqlErrorCode.invalid);
  if (typeof message === 'string') expect((caught as Error).message).toBe(message);
  else expect((caught as Error).message).toMatch(message);
}

describe('INSERT INTO t JSON \'...\' (JsonTest.testInsertJsonSyntax, testCaseSensitivity)', () => {
  it('gives every column its value, null for an explicit null, undefined when not mentioned', () => {
    expect(insertJson('{"k": 0, "v": null}')).toStrictEqual({ k: 0, v: null, Foo: undefined });
    expect(insertJson('{"v": 1, "k": 0}')).toStrictEqual({ k: 0, v: 1, Foo: undefined });
  });

  it('matches keys case-insensitively, unless double-quoted inside the key', () => {
    expect(insertJson('{"K": 0, "\\"Foo\\"": 2}')).toStrictEqual({ k: 0, v: undefined, Foo: 2 });
    expect(insertJson('{"\\"k\\"": 0}')).toStrictEqual({ k: 0, v: undefined, Foo: undefined });
    expectRefused('{"k": 0, "foo": 0}', 'JSON values map contains unrecognized column: foo');
    expectRefused('{"k": 0, "\\"foo\\"": 0}', 'JSON values map contains unrecognized column: foo');
  });

  it('refuses unknown columns, values of the wrong type, and text that is not a JSON object', () => {
    expectRefused('{"k": 0, "v": 0, "zzz": 0}', 'JSON values map contains unrecognized column: zzz');
    expectRefused('{"k": 0, "v": "notanint"}', "Error decoding JSON value for v: Unable to make int from 'notanint'");
    expectRefused('null', 'Got null for INSERT JSON values');
    expectRefused('"notamap"', /^Could not decode JSON string as a map: .*\. \(String was: "notamap"\)$/s);
    expectRefused('12.34', /^Could not decode JSON string as a map: /);
    expectRefused('{"k": 0', /^Could not decode JSON string as a map: com\.fasterxml\.jackson\.core\.JsonParseException: /);
    expectRefused('', /^Could not decode JSON string as a map: .*No content to map due to end-of-input/s);
  });

  it('takes collections given as JSON strings of their JSON', () => {
    const values = parseInsertJson('{"l": "[3, 1]"}', [{ ...column('l', 'int'), type: listType(nativeCqlType('int')!) }], clock);
    expect([...values.values()]).toStrictEqual([[3, 1]]);
  });
});

describe('the JSON parser behind it (Jackson\'s defaults)', () => {
  it('keeps number text so integers stay exact', () => {
    expect((parseJson('123456789012345678901234567890') as JsonNumber).javaClass()).toBe('BigInteger');
    expect((parseJson('2147483648') as JsonNumber).javaClass()).toBe('Long');
    expect((parseJson('1.0') as JsonNumber).javaClass()).toBe('Double');
    expect((parseJson('[9007199254740993]') as readonly { text: string }[])[0]!.text).toBe('9007199254740993');
  });

  it('refuses what strict JSON refuses', () => {
    for (const text of ['{a: 1}', "{'a': 1}", '[1,]', '01', 'NaN', '{"a": 1 // c\n}', '"\u0001"']) {
      expect(() => parseJson(text), text).toThrow();
    }
  });

  it('ignores what follows a complete value, as ObjectMapper.readValue does', () => {
    expect(parseJson('{"a": 1} trailing')).toStrictEqual(new Map([['a', expect.anything()]]));
  });
});
