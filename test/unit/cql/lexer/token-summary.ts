import { tokenize } from '../../../../src/cql/lexer/lexer.js';

/** `kind:text` of each token before `end`: short enough to compare whole statements. */
export function summarize(source: string): string[] {
  const tokens = tokenize(source);
  return tokens.slice(0, -1).map((token) => `${token.kind}:${token.text}`);
}

/** The single token of `source` (which must lex to exactly one token before `end`). */
export function only(source: string): { kind: string; text: string; raw: string } {
  const tokens = tokenize(source);
  if (tokens.length !== 2) {
    throw new Error(`expected one token in ${source}, got ${tokens.length - 1}`);
  }
  const [token] = tokens;
  return { kind: token!.kind, text: token!.text, raw: token!.raw };
}
