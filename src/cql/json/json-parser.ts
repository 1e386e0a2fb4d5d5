/**
 * JSON text to JsonValues, with the rules of Jackson's default ObjectMapper that Cassandra
 * uses: strict JSON (no comments, single quotes, NaN, leading zeros or trailing commas, no
 * raw control characters in strings), numbers kept as text, and whatever follows the first
 * complete value ignored (readValue does not look further). Errors are JsonParseErrors whose
 * message reads like Jackson's exception text, which Cassandra puts in its own messages.
 */

import { JsonNumber, type JsonValue } from './json-value.js';

export class JsonParseError extends Error {
  override readonly name = 'JsonParseError';
}

const numberText = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const escapes: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
/** Nesting deeper than this is refused rather than risking the stack (Jackson 2.15 caps at 1000). */
const depthMax = 1000;

export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  parser.skipWhitespace();
  if (parser.atEnd()) throw new JsonParseError('No content to map due to end-of-input');
  return parser.value(0);
}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  skipWhitespace(): void {
    while (!this.atEnd() && ' \t\n\r'.includes(this.text.charAt(this.at))) this.at++;
  }

  value(depth: number): JsonValue {
    if (depth > depthMax) throw this.error(`Maximum nesting depth (${depthMax}) exceeded`);
    this.skipWhitespace();
    if (this.atEnd()) throw this.error('Unexpected end-of-input: expected a value');
    const char = this.text.charAt(this.at);
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return this.string();
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        this.expectSeparator(word);
        return value;
      }
    }
    throw this.unexpected('expected a valid value (JSON String, Number, Array, Object or token \'null\', \'true\' or \'false\')');
  }

  private object(depth: number): Map<string, JsonValue> {
    const result = new Map<string, JsonValue>();
    this.at++;
    this.skipWhitespace();
    if (this.text.charAt(this.at) === '}') {
      this.at++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charAt(this.at) !== '"') throw this.unexpected('was expecting double-quote to start field name');
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charAt(this.at) !== ':') throw this.unexpected("was expecting a colon to separate field name and value");
      this.at++;
      result.set(key, this.value(depth + 1));
      this.skipWhitespace();
      const next = this.text.charAt(this.at++);
      if (next === '}') return result;
      if (next !== ',') throw this.unexpected("was expecting comma to separate Object entries", this.at - 1);
    }
  }

  private array(depth: number): JsonValue[] {
    const result: JsonValue[] = [];
    this.at++;
    this.skipWhitespace();
    if (this.text.charAt(this.at) === ']') {
      this.at++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      this.skipWhitespace();
      const next = this.text.charAt(this.at++);
      if (next === ']') return result;
      if (next !== ',') throw this.unexpected("was expecting comma to separate Array entries", this.at - 1);
    }
  }

  private string(): string {
    let result = '';
    this.at++;
    for (;;) {
      if (this.atEnd()) throw this.error('Unexpected end-of-input: was expecting closing quote for a string value');
      const char = this.text.charAt(this.at++);
      if (char === '"') return result;
      if (char < ' ') throw this.error(`Illegal unquoted character ((CTRL-CHAR, code ${char.charCodeAt(0)})): has to be escaped using backslash to be included in string value`);
      if (char !== '\\') {
        result += char;
        continue;
      }
      const escape = this.text.charAt(this.at++);
      if (escape === 'u') {
        const hex = this.text.slice(this.at, this.at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error('Unexpected character in Unicode escape: expected a hex-digit for character escape sequence');
        result += String.fromCharCode(parseInt(hex, 16));
        this.at += 4;
        continue;
      }
      const unescaped = escapes[escape];
      if (unescaped === undefined) throw this.error(`Unrecognized character escape '${escape}' (code ${escape.charCodeAt(0)})`);
      result += unescaped;
    }
  }

  private number(): JsonNumber {
    numberText.lastIndex = this.at;
    const match = numberText.exec(this.text);
    if (match === null) throw this.unexpected('expected digit (0-9) to follow minus sign, for valid numeric value');
    this.at += match[0].length;
    if (/\d/.test(this.text.charAt(this.at)) && match[0].replace('-', '') === '0') {
      throw this.error('Invalid numeric value: Leading zeroes not allowed');
    }
    this.expectSeparator(match[0]);
    return new JsonNumber(match[0]);
  }

  /** A token must end where a structural character, whitespace or the text ends. */
  private expectSeparator(token: string): void {
    const next = this.text.charAt(this.at);
    if (next !== '' && !' \t\n\r,:]}'.includes(next)) {
      throw this.error(`Unrecognized token '${token}${next}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`);
    }
  }

  private unexpected(expectation: string, at = this.at): JsonParseError {
    const char = this.text.charAt(at);
    if (char === '') return this.error(`Unexpected end-of-input: ${expectation}`, at);
    return this.error(`Unexpected character ('${char}' (code ${char.charCodeAt(0)})): ${expectation}`, at);
  }

  private error(message: string, at = this.at): JsonParseError {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return new JsonParseError(`${message}\n at [Source: (String)"${this.text}"; line: ${line}, column: ${column}]`);
  }
}
