// Every error the server can meet becomes the ERROR body a driver expects: the consistency
// errors with their replica counts, the others with their codes, bugs as Server errors.

import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../../../src/cluster/consistency/unavailable-error.js';
import { ReadTimeoutError, ReplicaReadFailureError, WriteFailureError, WriteTimeoutError } from '../../../../src/cluster/coordinator/consistency-errors.js';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { FunctionFailureError } from '../../../../src/cql/functions/function-failure-error.js';
import { AssertionError } from '../../../../src/lib/assert.js';
import {
  AlreadyExistsError,
  DataDirectoryLockedError,
  DiskFullError,
  InvalidRequestError,
  OverloadedError,
  UnauthorizedError,
} from '../../../../src/lib/errors.js';
import { errorBodyOf } from '../../../../src/protocol/messages/error-body-of.js';
import { ProtocolError } from '../../../../src/protocol/protocol-error.js';
import { UnpreparedError } from '../../../../src/protocol/unprepared-error.js';
import { ReadFailureError } from '../../../../src/storage/storage-engine.js';

describe('errorBodyOf', () => {
  it.each([
    ['ProtocolError', new ProtocolError('bad frame'), { kind: 'protocol', message: 'bad frame' }],
    ['UnavailableError', new UnavailableError('QUORUM', 2, 1), { kind: 'unavailable', consistency: 'QUORUM', required: 2, alive: 1 }],
    ['WriteTimeoutError', new WriteTimeoutError('ONE', 0, 1, 'SIMPLE'), { kind: 'writeTimeout', consistency: 'ONE', received: 0, blockFor: 1, writeType: 'SIMPLE' }],
    ['ReadTimeoutError', new ReadTimeoutError('ALL', 1, 2, true), { kind: 'readTimeout', consistency: 'ALL', received: 1, blockFor: 2, dataPresent: true }],
    [
      'WriteFailureError',
      new WriteFailureError('TWO', 1, 2, 1, 'BATCH', 'disk full'),
      { kind: 'writeFailure', consistency: 'TWO', received: 1, blockFor: 2, failures: 1, writeType: 'BATCH' },
    ],
    [
      'ReplicaReadFailureError',
      new ReplicaReadFailureError('LOCAL_ONE', 0, 1, 1, false, 'corrupt'),
      { kind: 'readFailure', consistency: 'LOCAL_ONE', received: 0, blockFor: 1, failures: 1, dataPresent: false },
    ],
    [
      'FunctionFailureError',
      new FunctionFailureError('system', 'fromjson', ['text'], 'bad json'),
      { kind: 'functionFailure', keyspace: 'system', functionName: 'fromjson', argumentTypes: ['text'], message: "execution of 'system.fromjson[text]' failed: bad json" },
    ],
    ['AlreadyExistsError', new AlreadyExistsError('exists', 'ks', ''), { kind: 'alreadyExists', keyspace: 'ks', table: '', message: 'exists' }],
    ['InvalidRequestError', new InvalidRequestError('unconfigured table t'), { kind: 'invalid', message: 'unconfigured table t' }],
    ['CqlSyntaxError', new CqlSyntaxError({ offset: 0, line: 1, column: 1 }, "no viable alternative at input 'x'"), { kind: 'syntax', message: "line 1:1 no viable alternative at input 'x'" }],
    ['OverloadedError', new OverloadedError('queue full'), { kind: 'overloaded', message: 'queue full' }],
    ['UnauthorizedError', new UnauthorizedError('system keyspace'), { kind: 'unauthorized' }],
    ['DataDirectoryLockedError', new DataDirectoryLockedError('locked'), { kind: 'config' }],
  ] as const)('%s', (_name, error, expected) => {
    expect(errorBodyOf(error)).toMatchObject(expected);
  });

  it('Unprepared carries the id, with Cassandra-like wording', () => {
    const body = errorBodyOf(new UnpreparedError(new Uint8Array([0xab, 0x01])));
    expect(body).toMatchObject({ kind: 'unprepared', id: new Uint8Array([0xab, 0x01]) });
    expect(body.message).toMatch(/^Prepared query with ID ab01 not found/);
  });

  it('a code needing fields the error lacks is a Server error, not invented replica counts', () => {
    expect(errorBodyOf(new ReadFailureError('corrupt block in nb-1-big-Data.db'))).toEqual({
      kind: 'server',
      message: 'ReadFailureError: corrupt block in nb-1-big-Data.db',
    });
    expect(errorBodyOf(new DiskFullError('/data'))).toMatchObject({ kind: 'server', message: expect.stringMatching(/^DiskFullError: disk full/) });
  });

  it('bugs are Server errors named after their class, without stacks', () => {
    expect(errorBodyOf(new AssertionError('x > 0'))).toEqual({ kind: 'server', message: 'AssertionError: x > 0' });
    expect(errorBodyOf(new TypeError('undefined is not a function'))).toEqual({ kind: 'server', message: 'TypeError: undefined is not a function' });
    expect(errorBodyOf('thrown text')).toEqual({ kind: 'server', message: 'thrown text' });
  });
});
