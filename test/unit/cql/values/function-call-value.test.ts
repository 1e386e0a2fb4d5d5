import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { listType } from '../../../../src/cql/types/cql-type.js';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { evaluateTerm } from '../../../../src/cql/values/evaluate-term.js';
import { UNSET_VALUE } from '../../../../src/cql/values/unset-value.js';
import { call, context, evaluate, expectInvalid, hint, int, lit, marker, NOW_MS, str, type } from './term-fixtures.js';

const { Long, TimeUuid, LocalDate } = cassandra.types;

describe('function calls as values (INSERT ... VALUES (now()), toTimestamp(?), intAsBlob(1))', () => {
  it('now() gives increasing time UUIDs of the clock\'s millisecond', () => {
    const ctx = context();
    const receiver = { name: 'id', type: type('timeuuid') };
    const first = evaluateTerm(call('now'), receiver, ctx) as InstanceType<typeof TimeUuid>;
    const second = evaluateTerm(call('now'), receiver, ctx) as InstanceType<typeof TimeUuid>;
    expect(first).toBeInstanceOf(TimeUuid);
    expect(first.getDate().getTime()).toBe(NOW_MS);
    expect(second.toString()).not.toBe(first.toString());
    expect(second.getDate().getTime()).toBe(NOW_MS);
  });

  it('currentTimestamp(), currentDate(), currentTime() read the clock', () => {
    expect(evaluate(call('currenttimestamp'), type('timestamp'))).toStrictEqual(new Date(NOW_MS));
    expect(evaluate(call('currentdate'), type('date'))).toStrictEqual(LocalDate.fromString('2024-01-02'));
    expect(String(evaluate(call('currenttime'), type('time')))).toBe('03:04:05.678');
  });

  it('converts between time types (toTimestamp(now()), toDate, toUnixTimestamp, dateOf)', () => {
    expect(evaluate(call('totimestamp', call('now')), type('timestamp'))).toStrictEqual(new Date(NOW_MS));
    expect(evaluate(call('totimestamp', str('2024-01-02')), type('timestamp'))).toStrictEqual(new Date(Date.UTC(2024, 0, 2)));
    expect(evaluate(call('tounixtimestamp', call('now')), type('bigint'))).toStrictEqual(Long.fromNumber(NOW_MS));
    expect(evaluate(call('dateof', call('now')), type('timestamp'))).toStrictEqual(new Date(NOW_MS));
    expect(evaluate(call('unixtimestampof', call('now')), type('bigint'))).toStrictEqual(Long.fromNumber(NOW_MS));
    expect(evaluate(call('todate', call('now')), type('date'))).toStrictEqual(LocalDate.fromString('2024-01-02'));
  });

  it('minTimeuuid and maxTimeuuid bound the millisecond', () => {
    const min = evaluate(call('mintimeuuid', str('2013-02-02 10:00+0000')), type('timeuuid')) as InstanceType<typeof TimeUuid>;
    const max = evaluate(call('maxtimeuuid', str('2013-02-02 10:00+0000')), type('timeuuid')) as InstanceType<typeof TimeUuid>;
    expect(min.toString()).toBe('4e52d000-6d1f-11e2-8080-808080808080');
    expect(max.toString()).toBe('4e52f70f-6d1f-11e2-7f7f-7f7f7f7f7f7f');
  });

  it('converts values to and from blobs', () => {
    expect(evaluate(call('intasblob', int(1)), type('blob'))).toStrictEqual(Buffer.from('00000001', 'hex'));
    expect(evaluate(call('blobasint', lit('blob', '0x00000102')), type('int'))).toBe(258);
    expect(evaluate(call('textasblob', str('a')), type('blob'))).toStrictEqual(Buffer.from('a'));
    expect(evaluate(call('varcharasblob', str('a')), type('blob'))).toStrictEqual(Buffer.from('a'));
    expectInvalid(
      () => evaluate(call('blobasint', lit('blob', '0x0102')), type('int')),
      'In call to function blobasint, value 0x0102 is not a valid binary representation for type int',
    );
  });

  it('gives uuid() random version 4 UUIDs', () => {
    const value = String(evaluate(call('uuid'), type('uuid')));
    expect(value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('assigns a value-compatible result by its bytes (a timestamp into bigint, anything into blob)', () => {
    expect(evaluate(call('currenttimestamp'), type('bigint'))).toStrictEqual(Long.fromNumber(NOW_MS));
    expect((evaluate(call('now'), type('blob')) as Buffer).length).toBe(16);
  });

  it('refuses unknown functions, bad arguments and results that do not fit', () => {
    expectInvalid(() => evaluate(call('nope'), type('int')), 'Unknown function nope called');
    expectInvalid(
      () => evaluate(call('intasblob', str('a')), type('blob')),
      "Type error: 'a' cannot be passed as argument 0 of function system.intasblob of type int",
    );
    expectInvalid(
      () => evaluate(call('intasblob', int(1), int(2)), type('blob')),
      'Invalid number of arguments in call to function system.intasblob: 1 required but 2 provided',
    );
    expectInvalid(
      () => evaluate(call('now'), type('int'), [], 'k'),
      'Type error: cannot assign result of function system.now (type timeuuid) to k (type int)',
    );
    expectInvalid(() => evaluate(call('max', int(1)), type('int')), 'Aggregation function are not supported in the where clause');
    expectInvalid(() => evaluate(call('tojson', int(1)), type('text')), 'toJson() may only be used within the selection clause of SELECT statements');
  });

  it('picks among overloads by argument, and refuses ambiguous or impossible calls', () => {
    expectInvalid(
      () => evaluate(call('totimestamp', marker(0)), type('timestamp'), [NOW_MS]),
      'Ambiguous call to function totimestamp (can be matched by following signatures: system.totimestamp : (timeuuid) -> timestamp, system.totimestamp : (date) -> timestamp): use type casts to disambiguate',
    );
    expect(evaluate(call('totimestamp', hint(type('date'), marker(0))), type('timestamp'), ['2024-01-02'])).toStrictEqual(
      new Date(Date.UTC(2024, 0, 2)),
    );
    expectInvalid(
      () => evaluate(call('totimestamp', lit('boolean', 'true')), type('timestamp')),
      'Invalid call to function totimestamp, none of its type signatures match (known type signatures: system.totimestamp : (timeuuid) -> timestamp, system.totimestamp : (date) -> timestamp)',
    );
  });

  it('refuses an unset argument, and answers null to null', () => {
    expectInvalid(() => evaluate(call('intasblob', marker(0)), type('blob'), [UNSET_VALUE]), 'Invalid unset value for argument in call to function intasblob');
    expect(evaluate(call('intasblob', marker(0)), type('blob'), [null])).toBeNull();
  });

  it('reads fromJson() for the receiver\'s type', () => {
    expect(evaluate(call('fromjson', str('[1, 2]')), listType(type('int')))).toStrictEqual([1, 2]);
    expect(evaluate(call('fromjson', marker(0)), type('int'), ['"7"'])).toBe(7);
    expect(evaluate(call('fromjson', str('null')), type('int'))).toBeNull();
    // A native function's failure is FunctionFailure (0x1400), not Invalid.
    expect(() => evaluate(call('fromjson', str('123')), type('text'))).toThrow(
      expect.objectContaining({
        code: CqlErrorCode.functionFailure,
        message: "execution of 'system.fromjson[text]' failed: org.apache.cassandra.serializers.MarshalException: Expected a UTF-8 string, but got a Integer: 123",
      }),
    );
  });
});

describe('type hints ((type) term)', () => {
  it('types a marker or a constant for overload resolution, and the receiver reads it', () => {
    expect(evaluate(hint(type('int'), marker(0)), type('int'), [5])).toBe(5);
    expect(evaluate(hint(type('ascii'), str('a')), type('text'))).toBe('a');
  });

  it('refuses a hint the term does not fit, or a hinted type the receiver does not take', () => {
    expectInvalid(() => evaluate(hint(type('int'), str('a')), type('int')), "Cannot cast value 'a' to type int");
    expectInvalid(() => evaluate(hint(type('int'), int(5)), type('bigint'), [], 'b'), 'Cannot assign value (int)5 to b of type bigint');
  });
});
