import { describe, expect, it } from 'vitest';
import { only, summarize } from './token-summary.js';

describe('tokenize: literals', () => {
  it('reads strings with doubled quotes, newlines and any Unicode', () => {
    expect(only("'it''s'")).toEqual({ kind: 'string', text: "it's", raw: "'it''s'" });
    expect(only("''")).toMatchObject({ kind: 'string', text: '' });
    expect(only("''''")).toMatchObject({ kind: 'string', text: "'" });
    expect(only("'a\nb\r\nc'")).toMatchObject({ text: 'a\nb\r\nc' });
    expect(only("'héllo 🌍 \"x\" -- /* not comments */'")).toMatchObject({
      text: 'héllo 🌍 "x" -- /* not comments */',
    });
    expect(only("'back\\slash'")).toMatchObject({ text: 'back\\slash' }); // no backslash escapes
  });

  it('reads $$ strings up to the first $$, without escapes', () => {
    expect(only('$$$$')).toMatchObject({ kind: 'string', text: '' });
    expect(only("$$it's ''quoted''$$")).toMatchObject({ text: "it's ''quoted''" });
    expect(only('$$a$b$$')).toMatchObject({ text: 'a$b' });
    expect(only('$$$x$$')).toMatchObject({ text: '$x' });
    expect(only('$$line\nbreak$$')).toMatchObject({ text: 'line\nbreak' });
    expect(summarize("$$a$$ 'b'")).toEqual(['string:a', 'string:b']);
  });

  it('reads integers and floats unsigned, the sign being a minus token', () => {
    expect(only('0')).toEqual({ kind: 'integer', text: '0', raw: '0' });
    expect(only('007')).toMatchObject({ kind: 'integer', text: '007' });
    expect(only('9223372036854775808')).toMatchObject({ kind: 'integer' });
    for (const float of ['1.5', '1.', '0.0', '1e10', '1E10', '2e+3', '2e-3', '1.5E-3', '3.e2']) {
      expect(only(float)).toEqual({ kind: 'float', text: float, raw: float });
    }
    expect(summarize('-1')).toEqual(['minus:-', 'integer:1']);
    expect(summarize('-1.5e3')).toEqual(['minus:-', 'float:1.5e3']);
    expect(summarize('.5')).toEqual(['dot:.', 'integer:5']);
    expect(summarize('1e')).toEqual(['integer:1', 'identifier:e']);
    expect(summarize('1e+')).toEqual(['integer:1', 'identifier:e', 'plus:+']);
    expect(summarize('1.5.2')).toEqual(['float:1.5', 'dot:.', 'integer:2']);
    expect(summarize('1..2')).toEqual(['integer:1', 'range:..', 'integer:2']);
    expect(summarize('1...2')).toEqual(['float:1.', 'range:..', 'integer:2']);
  });

  it('reads NaN and Infinity in any case as floats, never as names', () => {
    expect(only('NaN')).toEqual({ kind: 'float', text: 'NaN', raw: 'NaN' });
    expect(only('nan')).toMatchObject({ kind: 'float', text: 'NaN' });
    expect(only('INFINITY')).toEqual({ kind: 'float', text: 'Infinity', raw: 'INFINITY' });
    expect(summarize('-Infinity')).toEqual(['minus:-', 'float:Infinity']);
    expect(summarize('-NaN')).toEqual(['minus:-', 'float:NaN']);
    expect(only('nan1')).toMatchObject({ kind: 'identifier', text: 'nan1' });
    expect(only('infinite')).toMatchObject({ kind: 'identifier' });
  });

  it('reads true and false in any case as booleans', () => {
    expect(only('true')).toEqual({ kind: 'boolean', text: 'true', raw: 'true' });
    expect(only('FALSE')).toEqual({ kind: 'boolean', text: 'false', raw: 'FALSE' });
    expect(only('True_ish')).toMatchObject({ kind: 'identifier', text: 'true_ish' });
    expect(only('"true"')).toMatchObject({ kind: 'quotedIdentifier', text: 'true' });
  });

  it('reads unquoted UUIDs, lower-cased, whether they start with a digit or a letter', () => {
    const uuid = '123E4567-E89B-12D3-A456-426614174000';
    expect(only(uuid)).toEqual({ kind: 'uuid', text: uuid.toLowerCase(), raw: uuid });
    expect(only('deadbeef-dead-beef-dead-beefdeadbeef')).toMatchObject({ kind: 'uuid' });
    expect(only('00000000-0000-0000-0000-000000000000')).toMatchObject({ kind: 'uuid' });
    // One group short or one character off: no UUID, the pieces lex on their own.
    expect(summarize('deadbeef-dead-beef-dead-beefdeadbee')).toEqual([
      'identifier:deadbeef', 'minus:-', 'identifier:dead', 'minus:-', 'identifier:beef',
      'minus:-', 'identifier:dead', 'minus:-', 'identifier:beefdeadbee',
    ]);
    expect(summarize('1234567-1234-1234-1234-123456789012')[0]).toBe('integer:1234567');
    // Hex characters right after a whole UUID start the next token, as in Cassandra.
    expect(summarize('00000000-0000-0000-0000-000000000000a')).toEqual([
      'uuid:00000000-0000-0000-0000-000000000000', 'identifier:a',
    ]);
  });

  it('tells hex-looking names from blobs', () => {
    expect(only('deadbeef')).toEqual({ kind: 'identifier', text: 'deadbeef', raw: 'deadbeef' });
    expect(only('0xdeadbeef')).toEqual({ kind: 'blob', text: 'deadbeef', raw: '0xdeadbeef' });
    expect(only('0XCAFE')).toEqual({ kind: 'blob', text: 'cafe', raw: '0XCAFE' });
    expect(only('0x')).toEqual({ kind: 'blob', text: '', raw: '0x' });
    // An odd digit count lexes; the type layer rejects it.
    expect(only('0xabc')).toMatchObject({ kind: 'blob', text: 'abc' });
    expect(only('x0')).toMatchObject({ kind: 'identifier' });
    expect(summarize('0xfg')).toEqual(['blob:f', 'identifier:g']);
    expect(summarize('00x1')).toEqual(['integer:00', 'identifier:x1']);
    expect(only('e10')).toMatchObject({ kind: 'identifier', text: 'e10' });
  });

  it('reads compact durations, units in any case, longest unit first', () => {
    for (const duration of [
      '1h30m', '12mo3d', '1y2mo', '1w', '3d', '2h', '15m', '10s', '250ms', '12us', '12µs',
      '40ns', '1Y2MO3W4D5H6M7S8MS9US10NS', '1MS', '0s',
    ]) {
      expect(only(duration)).toEqual({ kind: 'duration', text: duration, raw: duration });
    }
    expect(summarize('-1h')).toEqual(['minus:-', 'duration:1h']);
    expect(summarize('1h30')).toEqual(['duration:1h', 'integer:30']);
    expect(summarize('1mos')).toEqual(['duration:1mo', 'identifier:s']);
    expect(summarize('1u')).toEqual(['integer:1', 'identifier:u']);
    expect(summarize('1.5h')).toEqual(['float:1.5', 'identifier:h']);
  });

  it('reads ISO 8601 durations with upper-case designators', () => {
    for (const duration of [
      'P1Y', 'P1Y2M', 'P1Y2M3D', 'P2M', 'P3D', 'P1Y2M3DT4H5M6S', 'P1DT2H', 'PT4H', 'PT4H5M',
      'PT5M6S', 'PT6S', 'P2W', 'P0001-02-03T04:05:06',
    ]) {
      expect(only(duration)).toEqual({ kind: 'duration', text: duration, raw: duration });
    }
    // Lower-case designators, designators out of order, or a longer name: identifiers.
    expect(only('p1d')).toMatchObject({ kind: 'identifier', text: 'p1d' });
    expect(only('P1Dx')).toMatchObject({ kind: 'identifier', text: 'p1dx' });
    expect(summarize('P1D1Y')).toEqual(['identifier:p1d1y']);
    expect(only('P')).toMatchObject({ kind: 'identifier', text: 'p' });
    expect(only('PT')).toMatchObject({ kind: 'identifier', text: 'pt' });
    expect(summarize('P1YT')).toEqual(['identifier:p1yt']);
    expect(summarize('P1YT5')).toEqual(['identifier:p1yt5']);
    expect(summarize('P0001-02-03T04:05')[0]).toBe('identifier:p0001');
    expect(summarize('-P1D')).toEqual(['minus:-', 'duration:P1D']);
  });
});

describe('tokenize: names and keywords', () => {
  it('folds unquoted names and keywords to lower case and keeps quoted ones', () => {
    expect(summarize('SeLeCt MyCol FROM "MyTable" "my""quoted""name" """"')).toEqual([
      'keyword:select', 'identifier:mycol', 'keyword:from', 'quotedIdentifier:MyTable',
      'quotedIdentifier:my"quoted"name', 'quotedIdentifier:"',
    ]);
    expect(only('"select"')).toMatchObject({ kind: 'quotedIdentifier', text: 'select' });
    expect(only('"a b -- c"')).toMatchObject({ text: 'a b -- c' });
    expect(only('"ünï"')).toMatchObject({ text: 'ünï' });
  });

  it('reads names as ASCII letters, digits and underscores after a letter', () => {
    expect(only('a1_b2')).toMatchObject({ kind: 'identifier', text: 'a1_b2' });
    expect(only('Z')).toMatchObject({ kind: 'identifier', text: 'z' });
    expect(summarize('a.b')).toEqual(['identifier:a', 'dot:.', 'identifier:b']);
  });

  it('emits unreserved keywords as keywords and keeps aliases apart', () => {
    const source = 'key ttl TEXT SCHEMA ColumnFamily TABLE Columnfamilies select_masked';
    expect(summarize(source)).toEqual([
      'keyword:key', 'keyword:ttl', 'keyword:text', 'keyword:schema', 'keyword:columnfamily',
      'keyword:table', 'keyword:columnfamilies', 'keyword:select_masked',
    ]);
  });

  it('never confuses names with Object.prototype properties', () => {
    expect(summarize('constructor toString hasOwnProperty valueOf proto__')).toEqual([
      'identifier:constructor', 'identifier:tostring', 'identifier:hasownproperty',
      'identifier:valueof', 'identifier:proto__',
    ]);
  });
});
