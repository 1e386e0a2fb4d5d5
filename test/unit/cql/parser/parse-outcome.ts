/**
 * What the parser's property tests accept of any input: an AST, or a CqlSyntaxError with a
 * position, or an InvalidRequestError (valid CQL not built yet); nothing else, and never slowly.
 */

import { expect } from 'vitest';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import type { TextEdit } from '../../../helpers/text-edits.js';

/** One parse must take less than this, whatever the input (the parser is linear). */
const PARSE_TIME_MAX_MS = 1_000;

export function parsesOrFailsCleanly(source: string): void {
  const start = performance.now();
  try {
    parseStatement(source);
  } catch (error) {
    if (!(error instanceof CqlSyntaxError) && !(error instanceof InvalidRequestError)) throw error;
    // Plain checks, not expect(): this runs 100,000 times per suite and expect() costs more
    // than the parse itself.
    if (error instanceof CqlSyntaxError && !hasPosition(error, source)) {
      expect.fail(`no position in ${JSON.stringify(error)} for ${JSON.stringify(source)}`);
    }
  }
  const elapsedMs = performance.now() - start;
  if (elapsedMs >= PARSE_TIME_MAX_MS) expect.fail(`${elapsedMs} ms to parse ${JSON.stringify(source)}`);
}

function hasPosition(error: CqlSyntaxError, source: string): boolean {
  return error.line >= 1 && error.column >= 1 && error.offset >= 0 && error.offset <= source.length;
}

/** An edit applied to a token list (the statement re-joined with spaces afterwards). */
export function editTokens(tokens: readonly string[], edit: TextEdit): string[] {
  const at = edit.at % (tokens.length + 1);
  const copy = [...tokens];
  if (edit.op === 'insert') copy.splice(at, 0, edit.text);
  else copy.splice(at, 1, ...(edit.op === 'replace' ? [edit.text] : []));
  return copy;
}
