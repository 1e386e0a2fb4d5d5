/**
 * A parsed JSON value as Cassandra's Jackson ObjectMapper hands it to fromJSONObject: objects
 * keep their key order (a repeated key keeps its first place and last value, like a
 * LinkedHashMap), and numbers keep their text, so a type can tell what Java class Jackson
 * would have made of it: Integer, Long or BigInteger for integers by size, Double otherwise.
 * Types word their errors with that class name and Java's toString of the value.
 */

import { javaDoubleToString } from '../values/java-number-text.js';

export class JsonNumber {
  constructor(readonly text: string) {}

  isIntegral(): boolean {
    return /^-?\d+$/.test(this.text);
  }

  /** Jackson's choice of class for this number. */
  javaClass(): 'Integer' | 'Long' | 'BigInteger' | 'Double' {
    if (!this.isIntegral()) return 'Double';
    const value = BigInt(this.text);
    if (value === BigInt.asIntN(32, value)) return 'Integer';
    return value === BigInt.asIntN(64, value) ? 'Long' : 'BigInteger';
  }

  toNumber(): number {
    return Number(this.text);
  }

  /** Java's toString of the boxed number: "123", "1.0E10", "0.5". */
  javaText(): string {
    return this.isIntegral() ? BigInt(this.text).toString() : javaDoubleToString(this.toNumber());
  }
}

export type JsonValue = null | boolean | string | JsonNumber | readonly JsonValue[] | JsonObject;
export type JsonObject = ReadonlyMap<string, JsonValue>;

/** getClass().getSimpleName() of what Jackson would have built. */
export function javaClassName(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  if (value instanceof JsonNumber) return value.javaClass();
  return Array.isArray(value) ? 'ArrayList' : 'LinkedHashMap';
}

/** Java's toString: lists as "[a, b]", maps as "{k=v}", strings unquoted. */
export function javaText(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'string') return String(value);
  if (value instanceof JsonNumber) return value.javaText();
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(javaText).join(', ')}]`;
  return `{${[...(value as JsonObject)].map(([key, element]) => `${key}=${javaText(element)}`).join(', ')}}`;
}

/**
 * A JS value as a JsonValue, for callers that already hold parsed JSON: numbers become
 * JsonNumbers (bigints exactly), plain objects and Maps become JsonObjects.
 */
export function asJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string' || value instanceof JsonNumber) return value;
  if (typeof value === 'number') return new JsonNumber(Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value));
  if (typeof value === 'bigint') return new JsonNumber(value.toString());
  if (Array.isArray(value)) return value.map(asJsonValue);
  if (value instanceof Map) return new Map([...(value as Map<unknown, unknown>)].map(([k, v]) => [String(k), asJsonValue(v)]));
  if (typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, asJsonValue(v)]));
  return String(value);
}
