/**
 * A term as Cassandra prints it in error messages (Term.Raw.getText): strings in single quotes
 * (as written, not re-escaped), other constants as written, NULL, '?' for markers, collection
 * and tuple literals with ", " between elements, function calls with their arguments, and
 * type hints as "(type)term".
 */

import { assertNever } from '../../lib/assert.js';
import type { Term } from '../ast/term.js';
import type { TypeExpression } from '../ast/type-expression.js';

export function termText(term: Term): string {
  switch (term.kind) {
    case 'Literal':
      if (term.type === 'string') return `'${term.text}'`;
      return term.type === 'null' ? 'NULL' : term.text;
    case 'BindMarker':
      return term.name === null ? '?' : `:${term.name}`;
    case 'ListLiteral':
      return `[${term.elements.map(termText).join(', ')}]`;
    case 'SetLiteral':
      return `{${term.elements.map(termText).join(', ')}}`;
    case 'MapLiteral':
      return `{${term.entries.map((entry) => `${termText(entry.key)}: ${termText(entry.value)}`).join(', ')}}`;
    case 'TupleLiteral':
      return `(${term.elements.map(termText).join(', ')})`;
    case 'UserTypeLiteral':
      return `{${term.fields.map((field) => `${field.name}: ${termText(field.value)}`).join(', ')}}`;
    case 'FunctionCall':
      return `${term.keyspace === null ? '' : `${term.keyspace}.`}${term.name}(${term.args.map(termText).join(', ')})`;
    case 'TypeHint':
      return `(${typeExpressionText(term.type)})${termText(term.value)}`;
    default:
      return assertNever(term, 'term');
  }
}

export function typeExpressionText(type: TypeExpression): string {
  switch (type.kind) {
    case 'UserTypeReference': {
      const name = `${type.keyspace === null ? '' : `${type.keyspace}.`}${type.name}`;
      return type.frozen ? `frozen<${name}>` : name;
    }
    case 'list':
    case 'set':
      return frozenText(type.frozen, `${type.kind}<${typeExpressionText(type.element)}>`);
    case 'map':
      return frozenText(type.frozen, `map<${typeExpressionText(type.key)}, ${typeExpressionText(type.value)}>`);
    case 'tuple':
      return `tuple<${type.elements.map(typeExpressionText).join(', ')}>`;
    default:
      return type.kind;
  }
}

function frozenText(frozen: boolean, text: string): string {
  return frozen ? `frozen<${text}>` : text;
}
