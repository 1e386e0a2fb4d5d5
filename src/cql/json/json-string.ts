/**
 * Jackson's JsonStringEncoder.quoteAsString, which Cassandra applies to text in JSON output:
 * '"' and '\' escaped, control characters below U+0020 as \b \t \n \f \r or \u00XX, and
 * everything else (non-ASCII included) left as it is.
 */

const shortEscapes: Readonly<Record<number, string>> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

export function quoteAsJsonString(text: string): string {
  let result = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const escape = shortEscapes[code];
    if (escape !== undefined) result += escape;
    else if (code < 0x20) result += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else result += text.charAt(i);
  }
  return result;
}

/** A JSON string literal: the quoted text in double quotes. */
export function jsonString(text: string): string {
  return `"${quoteAsJsonString(text)}"`;
}
