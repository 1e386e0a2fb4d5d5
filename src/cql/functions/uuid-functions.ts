/** UuidFcts: uuid(), a random (version 4) UUID drawn from the context's seeded random source. */

import { nativeCqlType } from '../types/cql-type.js';
import { driverTypes } from '../types/driver-values.js';
import { functionServices } from './function-context.js';
import { scalarFunction, type ScalarFunction } from './native-function.js';

export const uuidFunction: ScalarFunction = scalarFunction('uuid', nativeCqlType('uuid')!, [], (_args, context) => {
  const { random } = functionServices(context);
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) bytes[i] = random.int(256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return new driverTypes.Uuid(bytes);
});
