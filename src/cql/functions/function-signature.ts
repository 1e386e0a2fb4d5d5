/**
 * How Cassandra names native functions in messages: 'system.totimestamp' (FunctionName), and
 * a signature 'system.totimestamp : (timeuuid) -> timestamp' (AbstractFunction.toString, where
 * a name that is not a plain lower-case identifier is double-quoted: system."castAsInt").
 */

import { formatCqlType } from '../types/cql-type.js';
import type { NativeFunction } from './native-function.js';

export function qualifiedName(fn: NativeFunction): string {
  return `system.${fn.name}`;
}

export function functionSignature(fn: NativeFunction): string {
  const name = /^[a-z][a-z0-9_]*$/.test(fn.name) ? fn.name : `"${fn.name.replaceAll('"', '""')}"`;
  return `system.${name} : (${fn.argTypes.map(formatCqlType).join(', ')}) -> ${formatCqlType(fn.returnType)}`;
}
