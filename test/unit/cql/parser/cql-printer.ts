/**
 * Prints data statement ASTs back to CQL, for the parser's round-trip property test: parse(print(ast))
 * must give `ast` back. Names are quoted unless they are plain lower-case non-keywords; the
 * printer records the names of the bind markers it writes, in the order it writes them (textual
 * order), which is the order `bindMarkersOf` must report.
 */

import type { Assignment } from '../../../../src/cql/ast/assignment.js';
import type { BatchStatement } from '../../../../src/cql/ast/batch-statement.js';
import type { Condition } from '../../../../src/cql/ast/condition.js';
import type { DeleteStatement } from '../../../../src/cql/ast/delete-statement.js';
import type { DescribeStatement } from '../../../../src/cql/ast/describe-statement.js';
import type { InsertStatement } from '../../../../src/cql/ast/insert-statement.js';
import type { QualifiedName } from '../../../../src/cql/ast/qualified-name.js';
import type { Relation } from '../../../../src/cql/ast/relation.js';
import type { SelectStatement } from '../../../../src/cql/ast/select-statement.js';
import type { SelectorExpression } from '../../../../src/cql/ast/selector-expression.js';
import type { Term } from '../../../../src/cql/ast/term.js';
import type { TypeExpression } from '../../../../src/cql/ast/type-expression.js';
import type { UpdateStatement } from '../../../../src/cql/ast/update-statement.js';
import type { UsingClause } from '../../../../src/cql/ast/using-clause.js';
import { isKeyword } from '../../../../src/cql/lexer/keywords.js';

export type DataStatement = SelectStatement | InsertStatement | UpdateStatement | DeleteStatement | BatchStatement | DescribeStatement;

/** Printing choices the AST does not record (`+=` or `c = c +`, `;` between batch children). */
export interface PrintStyle {
  readonly shorthand: boolean;
  readonly semicolons: boolean;
  readonly explicitDefaultNull: boolean;
}

const NOT_NAMES = new Set(['true', 'false', 'nan', 'infinity']);

export class CqlPrinter {
  readonly markerNames: (string | null)[] = [];

  constructor(private readonly style: PrintStyle) {}

  statement(node: DataStatement): string {
    switch (node.kind) {
      case 'SelectStatement': return this.select(node);
      case 'InsertStatement': return this.insert(node);
      case 'UpdateStatement': return this.update(node);
      case 'DeleteStatement': return this.delete(node);
      case 'BatchStatement': return this.batch(node);
      case 'DescribeStatement': return describe(node);
    }
  }

  private select(node: SelectStatement): string {
    const parts = ['SELECT'];
    if (node.json) parts.push('JSON');
    if (node.distinct) parts.push('DISTINCT');
    parts.push(node.selectors === null ? '*' : node.selectors
      .map((s) => this.selector(s.expression) + (s.alias === null ? '' : ` AS ${name(s.alias)}`)).join(', '));
    parts.push('FROM', qualified(node.table));
    if (node.where.length > 0) parts.push('WHERE', this.where(node.where));
    if (node.groupBy.length > 0) parts.push('GROUP BY', node.groupBy.map(name).join(', '));
    if (node.orderBy.length > 0) parts.push('ORDER BY', node.orderBy.map((o) => `${name(o.column)} ${o.order}`).join(', '));
    if (node.perPartitionLimit !== null) parts.push('PER PARTITION LIMIT', this.term(node.perPartitionLimit));
    if (node.limit !== null) parts.push('LIMIT', this.term(node.limit));
    if (node.allowFiltering) parts.push('ALLOW FILTERING');
    return parts.join(' ');
  }

  private insert(node: InsertStatement): string {
    const parts = ['INSERT INTO', qualified(node.table)];
    if (node.json !== null) {
      parts.push('JSON', this.term(node.json));
      if (node.defaultUnset) parts.push('DEFAULT UNSET');
      else if (this.style.explicitDefaultNull) parts.push('DEFAULT NULL');
    } else {
      parts.push(`(${node.columns.map(name).join(', ')}) VALUES (${node.values.map((v) => this.term(v)).join(', ')})`);
    }
    if (node.ifNotExists) parts.push('IF NOT EXISTS');
    parts.push(this.using(node.using));
    return parts.join(' ');
  }

  private update(node: UpdateStatement): string {
    return [
      'UPDATE', qualified(node.table), this.using(node.using),
      'SET', node.assignments.map((a) => this.assignment(a)).join(', '),
      'WHERE', this.where(node.where), this.ifClause(node.ifExists, node.conditions),
    ].join(' ');
  }

  private delete(node: DeleteStatement): string {
    const targets = node.targets.map((t) => {
      if (t.elementKey !== null) return `${name(t.column)}[${this.term(t.elementKey)}]`;
      if (t.field !== null) return `${name(t.column)}.${name(t.field)}`;
      return name(t.column);
    });
    return [
      'DELETE', targets.join(', '), 'FROM', qualified(node.table), this.using(node.using),
      'WHERE', this.where(node.where), this.ifClause(node.ifExists, node.conditions),
    ].join(' ');
  }

  private batch(node: BatchStatement): string {
    const type = node.type === 'LOGGED' ? '' : node.type;
    const using = this.using(node.using); // before the children: markers are recorded in textual order
    const children = node.statements.map((s) => this.statement(s) + (this.style.semicolons ? ';' : ''));
    return ['BEGIN', type, 'BATCH', using, ...children, 'APPLY BATCH'].join(' ');
  }

  private using(node: UsingClause): string {
    const parts: string[] = [];
    if (node.ttl !== null) parts.push(`TTL ${this.term(node.ttl)}`);
    if (node.timestamp !== null) parts.push(`TIMESTAMP ${this.term(node.timestamp)}`);
    return parts.length === 0 ? '' : `USING ${parts.join(' AND ')}`;
  }

  private assignment(node: Assignment): string {
    const column = name(node.column);
    const operation = node.operation;
    switch (operation.op) {
      case 'set': return `${column} = ${this.term(operation.value)}`;
      case 'setElement': return `${column}[${this.term(operation.key)}] = ${this.term(operation.value)}`;
      case 'setField': return `${column}.${name(operation.field)} = ${this.term(operation.value)}`;
      case 'add': return this.style.shorthand ? `${column} += ${this.term(operation.value)}` : `${column} = ${column} + ${this.term(operation.value)}`;
      case 'subtract': return this.style.shorthand ? `${column} -= ${this.term(operation.value)}` : `${column} = ${column} - ${this.term(operation.value)}`;
      case 'prepend': return `${column} = ${this.term(operation.value)} + ${column}`;
    }
  }

  private ifClause(ifExists: boolean, conditions: readonly Condition[]): string {
    if (ifExists) return 'IF EXISTS';
    if (conditions.length === 0) return '';
    return `IF ${conditions.map((c) => {
      const column = name(c.column) + (c.elementKey === null ? '' : `[${this.term(c.elementKey)}]`);
      return `${column} ${c.operator} ${this.rightSide(c.value, c.inValues)}`;
    }).join(' AND ')}`;
  }

  private where(relations: readonly Relation[]): string {
    return relations.map((r) => {
      switch (r.kind) {
        case 'SingleColumnRelation': {
          const column = name(r.column) + (r.mapKey === null ? '' : `[${this.term(r.mapKey)}]`);
          return `${column} ${r.operator} ${this.rightSide(r.value, r.inValues)}`;
        }
        case 'MultiColumnRelation': {
          const columns = `(${r.columns.map(name).join(', ')})`;
          if (r.inValues === null) return `${columns} ${r.operator} ${this.term(r.value!)}`;
          const values = Array.isArray(r.inValues) ? `(${r.inValues.map((v) => this.term(v)).join(', ')})` : this.term(r.inValues as Term);
          return `${columns} IN ${values}`;
        }
        case 'TokenRelation':
          return `token(${r.columns.map(name).join(', ')}) ${r.operator} ${this.term(r.value)}`;
      }
    }).join(' AND ');
  }

  private rightSide(value: Term | null, inValues: readonly Term[] | Term | null): string {
    if (inValues === null) return this.term(value!);
    if (Array.isArray(inValues)) return `(${inValues.map((v: Term) => this.term(v)).join(', ')})`;
    return this.term(inValues as Term);
  }

  private selector(node: SelectorExpression): string {
    switch (node.kind) {
      case 'ColumnSelector': return name(node.name);
      case 'CountRowsSelector': return 'count(*)';
      case 'CastSelector': return `CAST(${this.selector(node.value)} AS ${type(node.type)})`;
      case 'TermSelector': return this.term(node.term);
      case 'FunctionSelector': {
        const bare = node.keyspace === null && ['writetime', 'maxwritetime', 'ttl', 'token', 'count'].includes(node.name);
        const callee = bare ? node.name : (node.keyspace === null ? '' : `${name(node.keyspace)}.`) + name(node.name);
        return `${callee}(${node.args.map((a) => this.selector(a)).join(', ')})`;
      }
    }
  }

  term(node: Term): string {
    switch (node.kind) {
      case 'Literal':
        switch (node.type) {
          case 'string': return `'${node.text.replaceAll("'", "''")}'`;
          default: return node.text;
        }
      case 'BindMarker':
        this.markerNames.push(node.name);
        return node.name === null ? '?' : `:${name(node.name)}`;
      case 'ListLiteral': return `[${node.elements.map((e) => this.term(e)).join(', ')}]`;
      case 'SetLiteral': return `{${node.elements.map((e) => this.term(e)).join(', ')}}`;
      case 'MapLiteral': return `{${node.entries.map((e) => `${this.term(e.key)}: ${this.term(e.value)}`).join(', ')}}`;
      case 'TupleLiteral': return `(${node.elements.map((e) => this.term(e)).join(', ')})`;
      case 'UserTypeLiteral': return `{${node.fields.map((f) => `${name(f.name)}: ${this.term(f.value)}`).join(', ')}}`;
      case 'FunctionCall': return `${node.keyspace === null ? '' : `${name(node.keyspace)}.`}${name(node.name)}(${node.args.map((a) => this.term(a)).join(', ')})`;
      case 'TypeHint': return `(${type(node.type)}) ${this.term(node.value)}`;
    }
  }
}

function describe(node: DescribeStatement): string {
  const target = node.name === null ? '' : (node.keyspace === null ? '' : `${name(node.keyspace)}.`) + name(node.name);
  switch (node.target) {
    case 'cluster': return 'DESCRIBE CLUSTER';
    case 'schema': return 'DESC SCHEMA';
    case 'full-schema': return 'DESCRIBE FULL SCHEMA';
    case 'keyspaces': return 'DESCRIBE KEYSPACES';
    case 'keyspace': return `DESCRIBE KEYSPACE ${node.keyspace === null ? '' : name(node.keyspace)}`;
    case 'tables': return 'DESCRIBE TABLES';
    case 'table': return `DESCRIBE TABLE ${target}`;
    case 'types': return 'DESCRIBE TYPES';
    case 'type': return `DESC TYPE ${target}`;
    case 'name': return `DESCRIBE ${target}`;
  }
}

export function name(text: string): string {
  if (/^[a-z][a-z0-9_]*$/.test(text) && !isKeyword(text) && !NOT_NAMES.has(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

function qualified(node: QualifiedName): string {
  return (node.keyspace === null ? '' : `${name(node.keyspace)}.`) + name(node.name);
}

export function type(node: TypeExpression): string {
  const frozen = (text: string, isFrozen: boolean) => (isFrozen ? `frozen<${text}>` : text);
  switch (node.kind) {
    case 'list':
    case 'set': return frozen(`${node.kind}<${type(node.element)}>`, node.frozen);
    case 'map': return frozen(`map<${type(node.key)}, ${type(node.value)}>`, node.frozen);
    case 'tuple': return frozen(`tuple<${node.elements.map(type).join(', ')}>`, node.frozen);
    case 'UserTypeReference': return frozen((node.keyspace === null ? '' : `${name(node.keyspace)}.`) + name(node.name), node.frozen);
    default: return node.kind;
  }
}
