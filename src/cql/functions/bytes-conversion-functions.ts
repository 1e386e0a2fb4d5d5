/**
 * BytesConversionFcts: <type>AsBlob(x) gives the value's bytes and blobAs<type>(b) reads bytes
 * as the type, refusing bytes that are not a valid value ("In call to function blobasint,
 * value 0x0102 is not a valid binary representation for type int"). One pair per native type
 * but blob, plus varcharAsBlob/blobAsVarchar since varchar is a second name for text.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { nativeCqlType, nativeCqlTypeKinds, type CqlType } from '../types/cql-type.js';
import { deserializeValue, serializeValue } from '../types/value-codec.js';
import { normalizeValue } from '../values/normalize-value.js';
import { unaryFunction, type ScalarFunction } from './native-function.js';

const blob = nativeCqlType('blob')!;

function toBlob(typeName: string, type: CqlType): ScalarFunction {
  return unaryFunction(`${typeName}asblob`, blob, type, (value) => Buffer.from(serializeValue(type, value)));
}

function fromBlob(typeName: string, type: CqlType): ScalarFunction {
  const name = `blobas${typeName}`;
  return unaryFunction(name, type, blob, (value) => {
    const bytes = value as Uint8Array;
    try {
      return normalizeValue(type, deserializeValue(type, bytes));
    } catch {
      throw new InvalidRequestError(
        `In call to function ${name}, value 0x${Buffer.from(bytes).toString('hex')} is not a valid binary representation for type ${typeName}`,
      );
    }
  });
}

export const bytesConversionFunctions: readonly ScalarFunction[] = Object.freeze(
  [...nativeCqlTypeKinds.filter((kind) => kind !== 'blob'), 'varchar' as const].flatMap((kind) => {
    const type = nativeCqlType(kind)!;
    return [toBlob(kind, type), fromBlob(kind, type)];
  }),
);
