/**
 * A constant's value for its receiver (Constants.Literal.prepare): refused unless the receiver
 * can take that kind of constant ("Invalid STRING constant (abc) for "k" of type int"), then
 * read by the receiver type's fromString, whose own errors pass through ("Unable to make int
 * from '3000000000'"). NULL is null, except for a counter ("Invalid null value for counter
 * increment/decrement").
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { Literal, LiteralType } from '../ast/literal.js';
import { formatCqlType, type NativeCqlType } from '../types/cql-type.js';
import type { Clock } from '../../lib/clock.js';
import { testLiteralAssignment } from './literal-assignment.js';
import { blobFromHex, nativeFromString } from './native-from-string.js';
import type { TermReceiver } from './term-context.js';

/** Cassandra's names for the kinds of constants (Constants.Type). */
const constantTypeNames: Readonly<Record<LiteralType, string>> = {
  string: 'STRING',
  integer: 'INTEGER',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  uuid: 'UUID',
  blob: 'HEX',
  duration: 'DURATION',
  null: 'NULL',
};

export function literalValue(literal: Literal, receiver: TermReceiver, clock: Clock): unknown {
  const fit = testLiteralAssignment(literal, receiver.type);
  if (literal.type === 'null') {
    if (fit === 'no') throw new InvalidRequestError('Invalid null value for counter increment/decrement');
    return null;
  }
  if (fit === 'no') {
    throw new InvalidRequestError(
      `Invalid ${constantTypeNames[literal.type]} constant (${literal.text}) for "${receiver.name}" of type ${formatCqlType(receiver.type)}`,
    );
  }
  // Hex constants are read as bytes whatever the receiver (Constants.Literal.parsedValue).
  if (literal.type === 'blob') return blobFromHex(literal.text.replace(/^0x/i, ''));
  return nativeFromString(receiver.type as NativeCqlType, literal.text, clock);
}
