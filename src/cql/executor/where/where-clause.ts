/**
 * A WHERE clause sorted into what the engine can use and what must be checked row by row, as
 * Cassandra's StatementRestrictions does:
 *   partition key  every column = or IN            -> the partitions to read
 *   token(pk)      > >= < <= =                      -> a token range to scan
 *   clustering     = / IN on a prefix, then at most one slice (single or multi-column)
 *                                                    -> the clustering slices to read
 *   anything else (regular and static columns, CONTAINS, clustering columns after a gap,
 *   partial partition keys)                        -> filters, allowed only with ALLOW FILTERING
 * Values are evaluated here (bound values included), each for its column's type.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { Relation } from '../../ast/relation.js';
import type { RelationOperator } from '../../ast/relation-operator.js';
import type { Term } from '../../ast/term.js';
import { tokenOfTerm } from './token-values.js';
import { termText } from '../../values/term-text.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import type { TableLayout } from '../../rows/table-layout.js';
import { formatCqlType, listType, tupleType, type CqlType } from '../../types/cql-type.js';
import type { ExecutionContext } from '../execution-context.js';
import { serializeValue } from '../../types/value-codec.js';
import { isUnset, requiredValue, termValue, type Receiver } from '../terms.js';

export interface Bound {
  readonly values: readonly unknown[];
  readonly inclusive: boolean;
}

export interface Filter {
  readonly column: ColumnMetadata;
  readonly operator: RelationOperator;
  /** The value (or IN's values) compared to; for m[k] = v, `mapKey` is k. */
  readonly values: readonly unknown[];
  readonly mapKey: unknown;
}

export interface WhereClause {
  /** Candidate values per partition-key column; null unless every column has = or IN. */
  readonly partitionValues: ReadonlyArray<readonly unknown[]> | null;
  readonly tokenStart: { readonly token: bigint; readonly inclusive: boolean } | null;
  readonly tokenEnd: { readonly token: bigint; readonly inclusive: boolean } | null;
  /** Candidate values for each clustering column of the = / IN prefix. */
  readonly clusteringPrefix: ReadonlyArray<readonly unknown[]>;
  /** A slice after the prefix, in CQL order (start: >, >=), on the prefix's next column(s). */
  readonly sliceStart: Bound | null;
  readonly sliceEnd: Bound | null;
  readonly filters: readonly Filter[];
  /** Restrictions Cassandra runs only with ALLOW FILTERING. */
  readonly needsFiltering: boolean;
  /** Every clustering column restricted by = (one row per partition named). */
  readonly clusteringComplete: boolean;
  readonly hasClusteringRestrictions: boolean;
}

interface ColumnRestrictions {
  eq?: unknown[];
  start?: Bound;
  end?: Bound;
}

/** What the WHERE clause belongs to: a SELECT (which may filter) or a modification (which names rows). */
export interface WhereMode {
  readonly select: boolean;
  readonly allowFiltering: boolean;
}

export function analyzeWhere(layout: TableLayout, relations: readonly Relation[], context: ExecutionContext, mode: WhereMode): WhereClause {
  const { allowFiltering } = mode;
  const { table } = layout;
  const perColumn = new Map<string, ColumnRestrictions>();
  const filters: Filter[] = [];
  let tokenStart: WhereClause['tokenStart'] = null;
  let tokenEnd: WhereClause['tokenEnd'] = null;
  let multiSlice: { start: Bound | null; end: Bound | null; first: number } | null = null;

  const restrictionsOf = (column: ColumnMetadata): ColumnRestrictions => {
    let restrictions = perColumn.get(column.name);
    if (restrictions === undefined) {
      restrictions = {};
      perColumn.set(column.name, restrictions);
    }
    return restrictions;
  };

  for (const relation of relations) {
    switch (relation.kind) {
      case 'TokenRelation': {
        const names = table.partitionKey.map((c) => c.name);
        if (relation.columns.length !== names.length || relation.columns.some((c, i) => c !== names[i])) {
          throw new InvalidRequestError(`The token function arguments must be in the partition key order: ${names.join(', ')}`);
        }
        const token = tokenOfTerm(relation.value, layout, context);
        const op = relation.operator;
        if (op === '>' || op === '>=' || op === '=') tokenStart = { token, inclusive: op !== '>' };
        if (op === '<' || op === '<=' || op === '=') tokenEnd = { token, inclusive: op !== '<' };
        break;
      }
      case 'SingleColumnRelation': {
        const column = columnNamed(layout, relation.column);
        const isKey = column.kind === 'partition_key' || column.kind === 'clustering';
        if (relation.mapKey !== null || relation.operator === 'CONTAINS' || relation.operator === 'CONTAINS KEY' || relation.operator === '!=' || relation.operator === 'LIKE' || !isKey) {
          filters.push(filterOf(column, relation.operator, relation.value, relation.inValues, relation.mapKey, context));
          break;
        }
        const restrictions = restrictionsOf(column);
        if (relation.operator === '=' || relation.operator === 'IN') {
          if (restrictions.eq !== undefined || restrictions.start !== undefined || restrictions.end !== undefined) {
            throw new InvalidRequestError(`${column.name} cannot be restricted by more than one relation if it includes an Equal`);
          }
          restrictions.eq = relation.operator === '=' ? [conditionValue(relation.value!, column, context)] : inValues(column, relation.inValues, context);
        } else {
          // A SELECT filters partition keys by a slice (ALLOW FILTERING); a modification cannot.
          if (column.kind === 'partition_key' && !mode.select) {
            throw new InvalidRequestError('Only EQ and IN relation are supported on the partition key (unless you use the token() function)');
          }
          if (restrictions.eq !== undefined) throw new InvalidRequestError(`${column.name} cannot be restricted by more than one relation if it includes an Equal`);
          const bound = { values: [conditionValue(relation.value!, column, context)], inclusive: relation.operator.endsWith('=') };
          if (relation.operator.startsWith('>')) {
            if (restrictions.start !== undefined) throw new InvalidRequestError(`More than one restriction was found for the start bound on ${column.name}`);
            restrictions.start = bound;
          } else {
            if (restrictions.end !== undefined) throw new InvalidRequestError(`More than one restriction was found for the end bound on ${column.name}`);
            restrictions.end = bound;
          }
        }
        break;
      }
      case 'MultiColumnRelation': {
        const columns = relation.columns.map((name) => columnNamed(layout, name));
        columns.forEach((column, i) => {
          if (column.kind !== 'clustering') throw new InvalidRequestError(`Multi-column relations can only be applied to clustering columns but was applied to: ${column.name}`);
          if (column.position !== columns[0]!.position + i) {
            throw new InvalidRequestError(`Clustering columns must appear in the PRIMARY KEY order in multi-column relations: ${multiColumnText(relation)}`);
          }
        });
        const tuple = tupleType(columns.map((c) => c.type));
        const receiver = { name: `(${relation.columns.join(',')})`, type: tuple };
        const tupleValues = (term: Term): unknown[] => {
          const value = requiredValue(term, receiver, context) as { elements?: unknown[]; values?: () => unknown[] };
          return tupleElements(value);
        };
        if (relation.operator === '=') {
          tupleValues(relation.value!).forEach((value, i) => (restrictionsOf(columns[i]!).eq = [value]));
        } else if (relation.operator === 'IN') {
          const tuples = Array.isArray(relation.inValues)
            ? relation.inValues.map((t) => tupleValues(t))
            : (requiredValue(relation.inValues as Term, { name: receiver.name, type: listType(tuple) }, context) as unknown[]).map(tupleElements);
          // Each column's candidates, filtered back to the listed combinations row by row.
          columns.forEach((column, i) => (restrictionsOf(column).eq = dedupe(column.type, tuples.map((t) => t[i]))));
          filters.push({ column: columns[0]!, operator: 'IN', values: tuples, mapKey: columns });
        } else {
          const bound = { values: tupleValues(relation.value!), inclusive: relation.operator.endsWith('=') };
          multiSlice ??= { start: null, end: null, first: columns[0]!.position };
          if (relation.operator.startsWith('>')) multiSlice.start = bound;
          else multiSlice.end = bound;
        }
        break;
      }
    }
  }

  // Partition key: all = / IN, or none of it usable.
  let needsFiltering = filters.some((f) => f.mapKey === null || !Array.isArray(f.mapKey));
  const partitionRestricted = table.partitionKey.map((c) => perColumn.get(c.name)?.eq);
  let partitionValues: unknown[][] | null = null;
  if (partitionRestricted.every((v) => v !== undefined)) partitionValues = partitionRestricted as unknown[][];
  else if (table.partitionKey.some((c) => perColumn.has(c.name))) {
    needsFiltering = true;
    for (const column of table.partitionKey) {
      const restrictions = perColumn.get(column.name);
      if (restrictions !== undefined) filters.push(...restrictionFilters(column, restrictions));
    }
  }

  // Clustering: an = / IN prefix, then one slice; later restrictions only as filters.
  const clusteringPrefix: unknown[][] = [];
  let sliceStart: Bound | null = null;
  let sliceEnd: Bound | null = null;
  let stopped: ColumnMetadata | null = null;
  let stoppedBySlice = false;
  let hasClusteringRestrictions = multiSlice !== null;
  for (const column of table.clustering) {
    const restrictions = perColumn.get(column.name);
    if (restrictions !== undefined) hasClusteringRestrictions = true;
    if (stopped !== null) {
      if (restrictions !== undefined) {
        if (!allowFiltering && stoppedBySlice) {
          throw new InvalidRequestError(`Clustering column "${column.name}" cannot be restricted (preceding column "${stopped.name}" is restricted by a non-EQ relation)`);
        }
        if (!allowFiltering) {
          throw new InvalidRequestError(`PRIMARY KEY column "${column.name}" cannot be restricted as preceding column "${stopped.name}" is not restricted`);
        }
        needsFiltering = true;
        filters.push(...restrictionFilters(column, restrictions));
      }
      continue;
    }
    if (multiSlice !== null && multiSlice.first === column.position) {
      sliceStart = multiSlice.start;
      sliceEnd = multiSlice.end;
      stopped = column;
      stoppedBySlice = true;
      continue;
    }
    if (restrictions?.eq !== undefined) {
      clusteringPrefix.push(restrictions.eq);
      continue;
    }
    if (restrictions?.start !== undefined || restrictions?.end !== undefined) {
      sliceStart = restrictions.start ?? null;
      sliceEnd = restrictions.end ?? null;
      stoppedBySlice = true;
    }
    stopped = column;
  }
  if (hasClusteringRestrictions && partitionValues === null) needsFiltering = true;
  return {
    partitionValues,
    tokenStart,
    tokenEnd,
    clusteringPrefix,
    sliceStart,
    sliceEnd,
    filters,
    needsFiltering,
    clusteringComplete: clusteringPrefix.length === table.clustering.length,
    hasClusteringRestrictions,
  };
}

function restrictionFilters(column: ColumnMetadata, restrictions: ColumnRestrictions): Filter[] {
  const filters: Filter[] = [];
  if (restrictions.eq !== undefined) filters.push({ column, operator: 'IN', values: restrictions.eq, mapKey: null });
  if (restrictions.start !== undefined) filters.push({ column, operator: restrictions.start.inclusive ? '>=' : '>', values: restrictions.start.values, mapKey: null });
  if (restrictions.end !== undefined) filters.push({ column, operator: restrictions.end.inclusive ? '<=' : '<', values: restrictions.end.values, mapKey: null });
  return filters;
}

function filterOf(
  column: ColumnMetadata,
  operator: RelationOperator,
  value: Term | null,
  inList: readonly Term[] | Term | null,
  mapKey: Term | null,
  context: ExecutionContext,
): Filter {
  const type = column.type;
  checkFilterFits(column, operator, mapKey !== null);
  if (operator === 'IN') return { column, operator, values: inValues(column, inList as readonly Term[] | null, context), mapKey: null };
  if (operator === 'CONTAINS') {
    const element = type.kind === 'map' ? type.value : type.kind === 'list' || type.kind === 'set' ? type.element : null;
    if (element === null) throw new InvalidRequestError(`Cannot use CONTAINS on non-collection column ${column.name}`);
    return { column, operator, values: [conditionValue(value!, { name: column.name, type: element }, context)], mapKey: null };
  }
  if (operator === 'CONTAINS KEY') {
    if (type.kind !== 'map') throw new InvalidRequestError(`Cannot use CONTAINS KEY on non-map column ${column.name}`);
    return { column, operator, values: [conditionValue(value!, { name: column.name, type: type.key }, context)], mapKey: null };
  }
  if (mapKey !== null) {
    if (type.kind !== 'map') throw new InvalidRequestError(`Column ${column.name} cannot be used as a map`);
    const key = conditionValue(mapKey, { name: column.name, type: type.key }, context);
    return { column, operator, values: [conditionValue(value!, { name: column.name, type: type.value }, context)], mapKey: key };
  }
  if (operator === 'LIKE') throw new InvalidRequestError(`LIKE restriction is only supported on properly indexed columns. ${column.name} LIKE ... is not valid.`);
  return { column, operator, values: [conditionValue(value!, column, context)], mapKey: null };
}

/** Which relations a column's type takes, checked as Cassandra's SingleColumnRelation.toReceivers does. */
function checkFilterFits(column: ColumnMetadata, operator: RelationOperator, onMapEntry: boolean): void {
  const type = column.type;
  const isCollection = type.kind === 'list' || type.kind === 'set' || type.kind === 'map';
  const multiCell = (isCollection || type.kind === 'udt') && !type.frozen;
  if (operator === 'CONTAINS KEY' && type.kind !== 'map') throw new InvalidRequestError(`Cannot use CONTAINS KEY on non-map column ${column.name}`);
  if (operator === 'CONTAINS' && !isCollection) throw new InvalidRequestError(`Cannot use CONTAINS on non-collection column ${column.name}`);
  if (onMapEntry) {
    if (type.kind === 'list') throw new InvalidRequestError(`Indexes on list entries (${column.name}[index] = value) are not currently supported.`);
    if (type.kind !== 'map') throw new InvalidRequestError(`Column ${column.name} cannot be used as a map`);
    if (type.frozen) throw new InvalidRequestError(`Map-entry equality predicates on frozen map column ${column.name} are not supported`);
    if (operator !== '=') throw new InvalidRequestError('Only EQ relations are supported on map entries');
    return;
  }
  if (type.kind === 'udt' && multiCell) throw new InvalidRequestError(`Non-frozen UDT column '${column.name}' (${formatCqlType(type)}) cannot be restricted by any relation`);
  if (isCollection && multiCell && operator !== 'CONTAINS' && operator !== 'CONTAINS KEY') {
    throw new InvalidRequestError(`Collection column '${column.name}' (${formatCqlType(type)}) cannot be restricted by a '${operator}' relation`);
  }
}

function inValues(column: ColumnMetadata, list: readonly Term[] | Term | null, context: ExecutionContext): unknown[] {
  if (list === null) return [];
  if (Array.isArray(list)) return dedupe(column.type, (list as readonly Term[]).map((term) => conditionValue(term, column, context)));
  const values = termValue(list as Term, { name: `in(${column.name})`, type: listType(column.type as CqlType) }, context);
  if (values === null || !Array.isArray(values)) throw new InvalidRequestError(`Invalid null value for IN restriction on ${column.name}`);
  return dedupe(column.type, values);
}

/** IN values without repeats, compared by their bytes (a blob's text form could make two differ-by-bytes values alike). */
function dedupe(type: CqlType, values: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value === null || value === undefined ? String(value) : Buffer.from(serializeValue(type, value)).toString('latin1');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tupleElements(value: unknown): unknown[] {
  const tuple = value as { elements?: unknown[]; values?: () => unknown[] };
  if (Array.isArray(tuple.elements)) return tuple.elements;
  if (typeof tuple.values === 'function') return tuple.values();
  if (Array.isArray(value)) return value;
  throw new InvalidRequestError('Expected a tuple value');
}

export function columnNamed(layout: TableLayout, name: string): ColumnMetadata {
  const column = layout.byName.get(name);
  if (column === undefined) throw new InvalidRequestError(`Undefined column name ${name}`);
  return column;
}

/** A value a restriction compares to: never unset or null (Cassandra's restriction messages). */
export function conditionValue(term: Term, receiver: Receiver, context: ExecutionContext): unknown {
  const value = termValue(term, receiver, context);
  if (isUnset(value)) throw new InvalidRequestError(`Invalid unset value for column ${receiver.name}`);
  if (value === null) throw new InvalidRequestError(`Invalid null value in condition for column ${receiver.name}`);
  return value;
}

/** A multi-column relation as Cassandra's MultiColumnRelation.toString prints it. */
function multiColumnText(relation: Extract<Relation, { kind: 'MultiColumnRelation' }>): string {
  const columns = `(${relation.columns.join(', ')})`;
  if (relation.operator === 'IN') return `${columns} IN ${Array.isArray(relation.inValues) ? `(${(relation.inValues as readonly Term[]).map(termText).join(', ')})` : '?'}`;
  return `${columns} ${relation.operator} ${relation.value === null ? '?' : termText(relation.value)}`;
}
