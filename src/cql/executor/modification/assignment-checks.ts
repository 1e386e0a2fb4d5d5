/**
 * Whether an UPDATE's SET operation fits its column's type, checked once per statement before
 * any row is written, with the messages of Cassandra's Operation.*.prepare: they print the
 * operation as written, `l[?] = 'x'`, `s = s + {1}`, `l = [1] + l`.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { AssignmentOperation } from '../../ast/assignment-operation.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import { termText } from '../../values/term-text.js';

export function checkAssignment(column: ColumnMetadata, operation: AssignmentOperation): void {
  const type = column.type;
  const name = column.name;
  const isCollection = type.kind === 'list' || type.kind === 'set' || type.kind === 'map';
  const frozen = 'frozen' in type && type.frozen;
  const refuse = (text: string, what: string): never => {
    throw new InvalidRequestError(`Invalid operation (${text}) for ${what} ${name}`);
  };
  switch (operation.op) {
    case 'set':
      if (type.kind === 'counter') throw new InvalidRequestError(`Cannot set the value of counter column ${name} (counters can only be incremented/decremented, not set)`);
      return;
    case 'setElement': {
      const text = `${name}[${termText(operation.key)}] = ${termText(operation.value)}`;
      if (!isCollection) refuse(text, 'non collection column');
      if (frozen) refuse(text, 'frozen collection column');
      if (type.kind === 'set') refuse(text, 'set column');
      return;
    }
    case 'setField': {
      const text = `${name}.${operation.field} = ${termText(operation.value)}`;
      if (type.kind !== 'udt') return refuse(text, 'non-UDT column');
      if (type.frozen) refuse(text, 'frozen UDT column');
      if (!type.fields.some((f) => f.name === operation.field)) throw new InvalidRequestError(`UDT column ${name} does not have a field named ${operation.field}`);
      return;
    }
    case 'add':
    case 'subtract': {
      const text = `${name} = ${name} ${operation.op === 'add' ? '+' : '-'} ${termText(operation.value)}`;
      if (type.kind === 'tuple') refuse(text, 'tuple column');
      if (!isCollection && type.kind !== 'counter') refuse(text, 'non counter column');
      if (frozen) refuse(text, 'frozen collection column');
      return;
    }
    case 'prepend': {
      const text = `${name} = ${termText(operation.value)} + ${name}`;
      if (type.kind !== 'list') refuse(text, 'non list column');
      if (frozen) refuse(text, 'frozen list column');
      return;
    }
  }
}
