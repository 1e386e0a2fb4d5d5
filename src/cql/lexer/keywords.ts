/**
 * The CQL keywords and whether each is reserved, from Cassandra 5.0's Lexer.g (the K_ tokens),
 * reserved_keywords.txt (reserved) and Parser.g's `unreserved_keyword` rule (unreserved).
 *
 * A reserved keyword is never a name unless double-quoted. An unreserved keyword is a keyword
 * where the grammar wants one and a name elsewhere (`CREATE TABLE t (key int, ttl int, ...)`):
 * the lexer always emits it as a `keyword` token and the parser, where a name may stand, accepts
 * it when `isUnreservedKeyword`. Cassandra narrows some places further (native type names such as
 * `int` or `text` are not user type names; `key`, `ttl`, `count`, `writetime`, `maxwritetime`,
 * `cast`, `json`, `distinct` are column names but not function names); that is the parser's job.
 *
 * Not in this table: true and false (boolean tokens) and NaN and Infinity (float tokens), which
 * Cassandra also refuses as names. Left out as newer than 5.0: CHECK, CONSTRAINT, LENGTH, INDEXES.
 */

export type KeywordReservation = 'reserved' | 'unreserved';

export const KEYWORDS = {
  // Reserved: reserved_keywords.txt.
  add: 'reserved',
  allow: 'reserved',
  alter: 'reserved',
  and: 'reserved',
  apply: 'reserved',
  asc: 'reserved',
  authorize: 'reserved',
  batch: 'reserved',
  begin: 'reserved',
  by: 'reserved',
  columnfamily: 'reserved',
  create: 'reserved',
  delete: 'reserved',
  desc: 'reserved',
  describe: 'reserved',
  drop: 'reserved',
  entries: 'reserved',
  execute: 'reserved',
  from: 'reserved',
  full: 'reserved',
  grant: 'reserved',
  if: 'reserved',
  in: 'reserved',
  index: 'reserved',
  insert: 'reserved',
  into: 'reserved',
  is: 'reserved',
  keyspace: 'reserved',
  limit: 'reserved',
  materialized: 'reserved',
  modify: 'reserved',
  norecursive: 'reserved',
  not: 'reserved',
  null: 'reserved',
  of: 'reserved',
  on: 'reserved',
  or: 'reserved',
  order: 'reserved',
  primary: 'reserved',
  rename: 'reserved',
  revoke: 'reserved',
  schema: 'reserved',
  select: 'reserved',
  set: 'reserved',
  table: 'reserved',
  to: 'reserved',
  token: 'reserved',
  truncate: 'reserved',
  unlogged: 'reserved',
  update: 'reserved',
  use: 'reserved',
  using: 'reserved',
  view: 'reserved',
  where: 'reserved',
  with: 'reserved',

  // Unreserved: Parser.g basic_unreserved_keyword.
  access: 'unreserved',
  aggregate: 'unreserved',
  aggregates: 'unreserved',
  all: 'unreserved',
  ann: 'unreserved',
  as: 'unreserved',
  between: 'unreserved',
  called: 'unreserved',
  cidrs: 'unreserved',
  cluster: 'unreserved',
  clustering: 'unreserved',
  columnfamilies: 'unreserved',
  compact: 'unreserved',
  contains: 'unreserved',
  custom: 'unreserved',
  datacenters: 'unreserved',
  default: 'unreserved',
  exists: 'unreserved',
  filtering: 'unreserved',
  finalfunc: 'unreserved',
  frozen: 'unreserved',
  function: 'unreserved',
  functions: 'unreserved',
  generated: 'unreserved',
  group: 'unreserved',
  hashed: 'unreserved',
  identity: 'unreserved',
  initcond: 'unreserved',
  input: 'unreserved',
  internals: 'unreserved',
  keys: 'unreserved',
  keyspaces: 'unreserved',
  language: 'unreserved',
  like: 'unreserved',
  list: 'unreserved',
  login: 'unreserved',
  map: 'unreserved',
  masked: 'unreserved',
  mbean: 'unreserved',
  mbeans: 'unreserved',
  nologin: 'unreserved',
  nosuperuser: 'unreserved',
  only: 'unreserved',
  options: 'unreserved',
  partition: 'unreserved',
  password: 'unreserved',
  per: 'unreserved',
  permission: 'unreserved',
  permissions: 'unreserved',
  replace: 'unreserved',
  returns: 'unreserved',
  role: 'unreserved',
  roles: 'unreserved',
  select_masked: 'unreserved',
  sfunc: 'unreserved',
  static: 'unreserved',
  storage: 'unreserved',
  stype: 'unreserved',
  superuser: 'unreserved',
  superusers: 'unreserved',
  tables: 'unreserved',
  trigger: 'unreserved',
  tuple: 'unreserved',
  type: 'unreserved',
  types: 'unreserved',
  unmask: 'unreserved',
  unset: 'unreserved',
  user: 'unreserved',
  users: 'unreserved',
  values: 'unreserved',
  vector: 'unreserved',

  // Unreserved: Parser.g native_type (names of the native types).
  ascii: 'unreserved',
  bigint: 'unreserved',
  blob: 'unreserved',
  boolean: 'unreserved',
  counter: 'unreserved',
  date: 'unreserved',
  decimal: 'unreserved',
  double: 'unreserved',
  duration: 'unreserved',
  float: 'unreserved',
  inet: 'unreserved',
  int: 'unreserved',
  smallint: 'unreserved',
  text: 'unreserved',
  time: 'unreserved',
  timestamp: 'unreserved',
  timeuuid: 'unreserved',
  tinyint: 'unreserved',
  uuid: 'unreserved',
  varchar: 'unreserved',
  varint: 'unreserved',

  // Unreserved: Parser.g unreserved_keyword (column names, not function names).
  cast: 'unreserved',
  count: 'unreserved',
  distinct: 'unreserved',
  json: 'unreserved',
  key: 'unreserved',
  maxwritetime: 'unreserved',
  ttl: 'unreserved',
  writetime: 'unreserved',
} as const satisfies Readonly<Record<string, KeywordReservation>>;

/** A CQL keyword, lower case. */
export type Keyword = keyof typeof KEYWORDS;

// A Map, not `word in KEYWORDS`: statement text must never reach Object.prototype
// (`constructor`, `__proto__` are identifiers).
const KEYWORD_RESERVATIONS: ReadonlyMap<string, KeywordReservation> = new Map(
  Object.entries(KEYWORDS),
);

/** The reservation of `word` (lower case), or undefined when it is not a keyword. */
export function lookupKeyword(word: string): KeywordReservation | undefined {
  return KEYWORD_RESERVATIONS.get(word);
}

export function isKeyword(word: string): word is Keyword {
  return KEYWORD_RESERVATIONS.has(word);
}

export function isReservedKeyword(word: string): word is Keyword {
  return KEYWORD_RESERVATIONS.get(word) === 'reserved';
}

/** True when the keyword `word` (lower case) may also stand as a name. */
export function isUnreservedKeyword(word: string): word is Keyword {
  return KEYWORD_RESERVATIONS.get(word) === 'unreserved';
}
