/**
 * Random edits of statement text for the CQL property tests (lexer, parser): insert, delete or
 * replace at a position, with pieces drawn from the caller's arbitrary.
 */

import fc from 'fast-check';

export interface TextEdit {
  readonly op: 'insert' | 'delete' | 'replace';
  readonly at: number;
  readonly text: string;
}

export function textEditArbitrary(piece: fc.Arbitrary<string>): fc.Arbitrary<TextEdit> {
  return fc.record({ op: fc.constantFrom('insert', 'delete', 'replace'), at: fc.nat(), text: piece });
}

/**
 * Applies an edit to the characters of `source`: insert the text, delete as many characters as
 * it has, or replace one character by it.
 */
export function applyTextEdit(source: string, edit: TextEdit): string {
  const at = edit.at % (source.length + 1);
  switch (edit.op) {
    case 'insert':
      return source.slice(0, at) + edit.text + source.slice(at);
    case 'delete':
      return source.slice(0, at) + source.slice(at + edit.text.length);
    case 'replace':
      return source.slice(0, at) + edit.text + source.slice(at + 1);
  }
}
