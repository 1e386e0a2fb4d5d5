/**
 * A request's values bound to a prepared statement's markers (Cassandra's QueryOptions.prepare
 * and its OptionsWithNames): positional values are taken in order; named values (QUERY flag
 * 0x40) are matched to each marker by its variable name, the marker's own `:name` or the column
 * a `?` stands for (prepare/README.md). Names match exactly, else ignoring case, since the
 * Node driver lower-cases the keys of a parameter object and unquoted CQL names are lower case.
 * Every value is then decoded with its marker's type.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { PreparedStatement } from '../../cql/prepare/prepared-statement.js';
import type { QueryParameters } from '../messages/query-parameters.js';
import { boundValues } from '../types/cell-values.js';
import type { WireValue } from '../wire/wire-value.js';

export function bindParameters(prepared: PreparedStatement, parameters: Pick<QueryParameters, 'values' | 'valueNames'>): unknown[] {
  const types = prepared.variables.map((variable) => variable.type);
  const { values, valueNames } = parameters;
  if (valueNames === null) return boundValues(types, values);
  const ordered = prepared.variables.map((variable) => valueNamed(variable.name, valueNames, values));
  return boundValues(types, ordered);
}

function valueNamed(name: string, names: readonly string[], values: readonly WireValue[]): WireValue {
  let index = names.indexOf(name);
  if (index < 0) index = names.findIndex((candidate) => candidate.toLowerCase() === name.toLowerCase());
  // Cassandra leaves a marker without a named value unbound and then refuses the count.
  if (index < 0) throw new InvalidRequestError(`Invalid amount of bind variables: no value named ${name}`);
  return values[index]!;
}
