/**
 * An argument as overload resolution sees it: in a selection, a selector whose result type is
 * known (a column, another function); in a term, a term whose fitness depends on the parameter
 * (a constant, a marker, a nested call). `text` is how error messages show a selector.
 */

import type { Term } from '../ast/term.js';
import type { CqlType } from '../types/cql-type.js';
import { testResultType, testTermAssignment, type AssignmentResult } from '../values/term-assignment.js';
import { termText } from '../values/term-text.js';
import type { TypeResolver } from '../values/type-resolver.js';

export type FunctionArgument = { readonly type: CqlType; readonly text: string } | { readonly term: Term };

export function testArgument(argument: FunctionArgument, parameter: CqlType, types: TypeResolver): AssignmentResult {
  return 'term' in argument ? testTermAssignment(argument.term, parameter, types) : testResultType(argument.type, parameter);
}

export function argumentText(argument: FunctionArgument): string {
  return 'term' in argument ? termText(argument.term) : argument.text;
}
