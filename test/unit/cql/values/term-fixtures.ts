/** Builders for terms and a term context, so tests read like the statements they stand for. */

import { expect } from 'vitest';
import { BindMarker } from '../../../../src/cql/ast/bind-marker.js';
import { FunctionCall } from '../../../../src/cql/ast/function-call.js';
import { ListLiteral } from '../../../../src/cql/ast/list-literal.js';
import { Literal, type LiteralType } from '../../../../src/cql/ast/literal.js';
import { MapLiteral } from '../../../../src/cql/ast/map-literal.js';
import { SetLiteral } from '../../../../src/cql/ast/set-literal.js';
import type { Term } from '../../../../src/cql/ast/term.js';
import { TupleLiteral } from '../../../../src/cql/ast/tuple-literal.js';
import { TypeHint } from '../../../../src/cql/ast/type-hint.js';
import type { TypeExpression } from '../../../../src/cql/ast/type-expression.js';
import { UserTypeLiteral } from '../../../../src/cql/ast/user-type-literal.js';
import { TimeUuidGenerator } from '../../../../src/cql/functions/time-uuid-generator.js';
import { nativeCqlType, type CqlType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { evaluateTerm } from '../../../../src/cql/values/evaluate-term.js';
import type { TermContext } from '../../../../src/cql/values/term-context.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { CqlErrorCode, InvalidRequestError } from '../../../../src/lib/errors.js';
import { SeededRandom } from '../../../../src/lib/random.js';

export const NOW_MS = Date.UTC(2024, 0, 2, 3, 4, 5, 678);

export function type(kind: NativeCqlTypeKind): CqlType {
  return nativeCqlType(kind)!;
}

export function lit(literalType: LiteralType, text: string): Literal {
  return Literal.create({ type: literalType, text });
}

export const str = (text: string): Literal => lit('string', text);
export const int = (text: string | number): Literal => lit('integer', String(text));
export const NULL = lit('null', 'null');
export const marker = (index: number, name: string | null = null): BindMarker => BindMarker.create({ index, name });
export const list = (...elements: Term[]): ListLiteral => ListLiteral.create({ elements });
export const set = (...elements: Term[]): SetLiteral => SetLiteral.create({ elements });
export const map = (...entries: [Term, Term][]): MapLiteral => MapLiteral.create({ entries: entries.map(([key, value]) => ({ key, value })) });
export const tuple = (...elements: Term[]): TupleLiteral => TupleLiteral.create({ elements });
export const udt = (fields: Record<string, Term>): UserTypeLiteral =>
  UserTypeLiteral.create({ fields: Object.entries(fields).map(([name, value]) => ({ name, value })) });
export const call = (name: string, ...args: Term[]): FunctionCall => FunctionCall.create({ keyspace: null, name, args });
/** `(type) value`; a CqlType without user types is also a TypeExpression. */
export const hint = (hinted: TypeExpression | CqlType, value: Term): TypeHint => TypeHint.create({ type: hinted as TypeExpression, value });

export function context(bound: readonly unknown[] = [], nowMs = NOW_MS): TermContext & { readonly clock: ManualClock } {
  const random = new SeededRandom(7);
  return { clock: new ManualClock(nowMs), random, timeUuids: new TimeUuidGenerator(random), boundValue: (index) => bound[index] };
}

/** The value of `term` written into a column `name` of `columnType`. */
export function evaluate(term: Term, columnType: CqlType, bound: readonly unknown[] = [], name = 'k'): unknown {
  return evaluateTerm(term, { name, type: columnType }, context(bound));
}

/** Expects an Invalid (0x2200) error with exactly this message. */
export function expectInvalid(action: () => unknown, message: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidRequestError);
  expect((caught as InvalidRequestError).code).toBe(CqlErrorCode.invalid);
  expect((caught as Error).message).toBe(message);
}

export function hex(columnType: CqlType, value: unknown): string {
  return Buffer.from(serializeValue(columnType, value)).toString('hex');
}
