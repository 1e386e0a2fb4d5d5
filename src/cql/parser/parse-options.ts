/**
 * `WITH name = value AND name = value ...` (Cassandra's `properties`): a value is a constant
 * (string, integer, float, boolean, with a folded unary minus), an unreserved keyword (taken as
 * its text) or a map literal `{'key': constant, ...}` with string keys. A property given twice
 * is an error, worded as Cassandra's `Multiple definition for property 'x'`.
 */

import { CqlSyntaxError } from '../cql-syntax-error.js';
import { isUnreservedKeyword } from '../lexer/keywords.js';
import { OptionValue, type OptionConstant, type OptionMapEntry } from '../ast/option-value.js';
import { Property } from '../ast/property.js';
import { parseName } from './parse-names.js';
import type { TokenStream } from './token-stream.js';

/**
 * Parses the properties after WITH (WITH itself already consumed). `special`, when given, may
 * consume a clause that is not `name = value` (CREATE TABLE's CLUSTERING ORDER BY) and says
 * whether it did.
 */
export function parseProperties(stream: TokenStream, special?: (stream: TokenStream) => boolean): Property[] {
  const properties: Property[] = [];
  const seen = new Set<string>();
  do {
    if (special?.(stream) === true) continue;
    const nameToken = stream.peek();
    const name = parseName(stream, 'a property name');
    if (seen.has(name)) throw new CqlSyntaxError(nameToken, `Multiple definition for property '${name}'`);
    seen.add(name);
    stream.expect('equals');
    properties.push(Property.create({ name, value: parseOptionValue(stream) }));
  } while (stream.acceptKeyword('and'));
  return properties;
}

export function parseOptionValue(stream: TokenStream): OptionValue {
  if (!stream.accept('leftBrace')) {
    const token = stream.peek();
    if (token.kind === 'keyword' && isUnreservedKeyword(token.text)) {
      stream.next();
      return OptionValue.string(token.text);
    }
    return parseConstant(stream);
  }
  const entries: OptionMapEntry[] = [];
  if (!stream.accept('rightBrace')) {
    do {
      const key = stream.expect('string').text;
      stream.expect('colon');
      entries.push({ key, value: parseConstant(stream) });
    } while (stream.accept('comma'));
    stream.expect('rightBrace');
  }
  return OptionValue.map(entries);
}

function parseConstant(stream: TokenStream): OptionConstant {
  const negative = stream.accept('minus');
  const token = stream.peek();
  switch (token.kind) {
    case 'integer':
    case 'float':
      stream.next();
      return OptionValue.number(negative ? `-${token.text}` : token.text);
    case 'string':
      if (negative) break;
      stream.next();
      return OptionValue.string(token.text);
    case 'boolean':
      if (negative) break;
      stream.next();
      return OptionValue.boolean(token.text === 'true');
    default:
      break;
  }
  throw stream.mismatched(negative ? 'a number' : 'a constant');
}
