// CQL types as [option]s: byte layouts from the spec, duration's v4/v5 forms, reading back
// what was written, what the driver reads, and hostile options refused.

import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listType, mapType, nativeCqlType, setType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { driverColumnType } from '../../../../src/api/driver-column-type.js';
import { ProtocolError } from '../../../../src/protocol/protocol-error.js';
import { readTypeOption, writeTypeOption } from '../../../../src/protocol/types/type-option.js';
import { BodyReader } from '../../../../src/protocol/wire/body-reader.js';
import { BodyWriter } from '../../../../src/protocol/wire/body-writer.js';
import { typeArbitrary } from '../../cql/values/value-arbitraries.js';

const require = createRequire(import.meta.url);

function optionHex(type: CqlType, version = 4): string {
  const writer = new BodyWriter();
  writeTypeOption(writer, type, version);
  return Buffer.from(writer.written()).toString('hex');
}

function read(hexText: string): CqlType {
  const reader = new BodyReader(Buffer.from(hexText.replace(/\s/g, ''), 'hex'));
  const type = readTypeOption(reader, 'column');
  reader.expectEnd('option');
  return type;
}

const t = (name: string): CqlType => nativeCqlType(name)!;
const ascii = (text: string): string => Buffer.from(text).toString('hex');

describe('byte layouts', () => {
  it.each([
    ['ascii', '0001'],
    ['bigint', '0002'],
    ['blob', '0003'],
    ['boolean', '0004'],
    ['counter', '0005'],
    ['decimal', '0006'],
    ['double', '0007'],
    ['float', '0008'],
    ['int', '0009'],
    ['timestamp', '000b'],
    ['uuid', '000c'],
    ['text', '000d'],
    ['varchar', '000d'],
    ['varint', '000e'],
    ['timeuuid', '000f'],
    ['inet', '0010'],
    ['date', '0011'],
    ['time', '0012'],
    ['smallint', '0013'],
    ['tinyint', '0014'],
  ])('%s is %s', (name, hex) => {
    expect(optionHex(t(name))).toBe(hex);
  });

  it('duration is the custom DurationType in v4 and 0x0015 in v5', () => {
    const className = 'org.apache.cassandra.db.marshal.DurationType';
    expect(optionHex(t('duration'), 4)).toBe('0000' + '002c' + ascii(className));
    expect(optionHex(t('duration'), 5)).toBe('0015');
    expect(read('0000 002c' + ascii(className))).toEqual(t('duration'));
  });

  it('collections carry their element options; frozen does not change them', () => {
    expect(optionHex(mapType(t('text'), listType(t('int'), true)))).toBe('0021 000d 0020 0009'.replace(/ /g, ''));
    expect(optionHex(setType(t('uuid'), true))).toBe(optionHex(setType(t('uuid'), false)));
  });

  it('a UDT: keyspace, name, field count, then each field name and type', () => {
    const address = udtType('ks', 'address', [
      { name: 'street', type: t('text') },
      { name: 'zip', type: t('int') },
    ]);
    expect(optionHex(address)).toBe(`0030 0002${ascii('ks')} 0007${ascii('address')} 0002 0006${ascii('street')} 000d 0003${ascii('zip')} 0009`.replace(/ /g, ''));
  });

  it('a tuple: component count, then each component', () => {
    expect(optionHex(tupleType([t('int'), t('text'), t('blob')]))).toBe('0031' + '0003' + '0009' + '000d' + '0003');
  });

  it("reads v1's text id 0x000A as text", () => {
    expect(read('000a')).toEqual(t('text'));
  });
});

describe('round trips', () => {
  it('reading a written option and writing it again gives the same bytes, in v4 and v5', () => {
    fc.assert(
      fc.property(typeArbitrary, fc.constantFrom(4, 5), (type, version) => {
        const written = optionHex(type, version);
        const reader = new BodyReader(Buffer.from(written, 'hex'));
        expect(optionHex(readTypeOption(reader, 'column'), version)).toBe(written);
      }),
    );
  });

  it("the driver reads each option as the embedded API describes the type (v5's duration id aside)", () => {
    const { FrameReader: DriverReader } = require('cassandra-driver/lib/readers.js') as {
      FrameReader: new (header: object, body: Buffer, offset: number) => { readType(): unknown };
    };
    fc.assert(
      fc.property(typeArbitrary, (type) => {
        const writer = new BodyWriter();
        writeTypeOption(writer, type, 5);
        const driverType = new DriverReader({ version: 5 }, Buffer.from(writer.written()), 0).readType();
        expect(withoutNulls(driverType)).toEqual(withoutNulls(driverColumnType(type)));
      }),
    );
  });
});

/** The driver's readType leaves `type: null` on every node and no `info` on natives; ours has `info: null`. */
function withoutNulls(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v === null ? undefined : v)));
}

describe('malformed options', () => {
  it.each([
    ['an unknown id', '0017', /Unknown type option id 0x0017 for column/],
    ['an unknown custom class', `0000 0003${ascii('Foo')}`, /Unsupported custom type Foo for column/],
    ['a list without its element', '0020', /column \(\[short\]\)/],
    ['a UDT with no fields', `0030 0002${ascii('ks')} 0001${ascii('u')} 0000`, /User type ks.u of column has no fields/],
    ['a tuple with no components', '0031 0000', /Tuple type of column has no components/],
    ['list<list<...>> nested 100 deep', '0020'.repeat(100) + '0009', /nests deeper than 64 levels/],
  ])('%s', (_name, hex, message) => {
    expect(() => read(hex)).toThrow(ProtocolError);
    expect(() => read(hex)).toThrow(message);
  });
});
