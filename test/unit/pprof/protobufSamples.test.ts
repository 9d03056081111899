// Samples are read by gomem's own protobuf reader (the rest of the message by pprof-format): these
// cases pin it to what pprof-format and pprof read, byte for byte, including the unusual encodings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Function as PFunction, Label, Line, Location as PLocation, Profile as PProfile, Sample as PSample, StringTable, ValueType as PValueType } from 'pprof-format';
import { loadProfile } from '../../../src/core/pprof/node';
import { parseProfile } from '../../../src/core/pprof';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');

/** Protobuf varint of an int64 (negative numbers as their 64-bit two's complement). */
function varint(value: bigint): number[] {
  let rest = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest ? low | 0x80 : low);
  } while (rest);
  return bytes;
}

const lengthDelimited = (field: number, content: number[]) => [(field << 3) | 2, ...varint(BigInt(content.length)), ...content];
const packed = (field: number, values: bigint[]) => lengthDelimited(field, values.flatMap(varint));
const unpacked = (field: number, values: bigint[]) => values.flatMap((value) => [field << 3, ...varint(value)]);

const LOCATION_IDS = [1n, 300n, 2n ** 33n];

/** A profile with two sample types and three locations (one with a 34-bit id), and no samples yet. */
function tables(): { bytes: number[]; strings: StringTable } {
  const strings = new StringTable();
  const profile = new PProfile({
    sampleType: [new PValueType({ type: strings.dedup('objects'), unit: strings.dedup('count') }), new PValueType({ type: strings.dedup('space'), unit: strings.dedup('bytes') })],
    function: [new PFunction({ id: 1, name: strings.dedup('main.f'), filename: strings.dedup('/src/f.go') })],
    location: LOCATION_IDS.map((id) => new PLocation({ id, line: [new Line({ functionId: 1, line: 3 })] })),
    stringTable: strings,
  });
  // Labels refer to these strings; they must be in the table before it is encoded.
  strings.dedup('bytes');
  strings.dedup('thread');
  strings.dedup('worker');
  return { bytes: Array.from(profile.encode()), strings };
}

describe('pprof sample decoding', () => {
  it('reads packed and unpacked ids and values, negative and 64-bit values, and labels', () => {
    const { bytes, strings } = tables();
    const label = (key: string, content: number[]) => lengthDelimited(3, [...[8, ...varint(BigInt(strings.dedup(key)))], ...content]);
    const samples = [
      lengthDelimited(2, [...packed(1, LOCATION_IDS), ...packed(2, [5n, 4096n])]),
      lengthDelimited(2, [...unpacked(1, [300n, 1n]), ...unpacked(2, [-7n, -(2n ** 40n)])]),
      // Fields split across several entries are concatenated, as protobuf requires.
      lengthDelimited(2, [...packed(1, [1n]), ...packed(2, [2n ** 53n + 2n]), ...unpacked(1, [2n ** 33n]), ...unpacked(2, [2n ** 31n])]),
      lengthDelimited(2, [...packed(1, [1n]), ...packed(2, [1n, 2n]), ...label('bytes', [24, ...varint(512n), 32, ...varint(BigInt(strings.dedup('bytes')))]), ...label('thread', [16, ...varint(BigInt(strings.dedup('worker')))])]),
      // An unknown field is skipped.
      lengthDelimited(2, [...packed(1, [300n]), ...lengthDelimited(9, [1, 2, 3]), ...packed(2, [0n, 9n])]),
    ];
    const profile = parseProfile(Uint8Array.from([...bytes, ...samples.flat()]));
    const ids = (sample: number) => profile.samples[sample].locations.map((location) => LOCATION_IDS[location]);
    assert.deepStrictEqual(ids(0), LOCATION_IDS);
    assert.deepStrictEqual(profile.samples[0].values, [5, 4096]);
    assert.deepStrictEqual(ids(1), [300n, 1n]);
    assert.deepStrictEqual(profile.samples[1].values, [-7, -(2 ** 40)]);
    assert.deepStrictEqual(ids(2), [1n, 2n ** 33n]);
    assert.deepStrictEqual(profile.samples[2].values, [2 ** 53 + 2, 2 ** 31]);
    assert.deepStrictEqual(profile.samples[3].numLabels, { bytes: [512] });
    assert.deepStrictEqual(profile.samples[3].labels, { thread: ['worker'] });
    assert.deepStrictEqual(profile.samples[4].values, [0, 9]);
  });

  it('decodes what pprof-format encodes to the same samples, labels included', () => {
    const strings = new StringTable();
    const location = (id: number) => new PLocation({ id, line: [new Line({ functionId: 1, line: id })] });
    const encoded = new PProfile({
      sampleType: [new PValueType({ type: strings.dedup('space'), unit: strings.dedup('bytes') })],
      function: [new PFunction({ id: 1, name: strings.dedup('main.g'), filename: strings.dedup('/src/g.go') })],
      location: [location(1), location(2), location(3)],
      sample: Array.from({ length: 50 }, (_, i) => new PSample({
        locationId: [1 + (i % 3), 1 + ((i + 1) % 3)],
        value: [i * 1_000_003 - 20_000_000],
        label: i % 7 === 0 ? [new Label({ key: strings.dedup('bytes'), num: i * 64, numUnit: strings.dedup('bytes') })] : [],
      })),
      stringTable: strings,
    }).encode();
    const profile = loadProfile(zlib.gzipSync(encoded));
    assert.strictEqual(profile.samples.length, 50);
    profile.samples.forEach((sample, i) => {
      assert.deepStrictEqual(sample.locations, [i % 3, (i + 1) % 3]);
      assert.deepStrictEqual(sample.values, [i * 1_000_003 - 20_000_000]);
      assert.deepStrictEqual(sample.numLabels, i % 7 === 0 ? { bytes: [i * 64] } : undefined);
    });
  });

  it('reads every fixture to the same samples as decoding the whole message with pprof-format', () => {
    for (const name of fs.readdirSync(fixtures).filter((file) => file.endsWith('.pb.gz'))) {
      const bytes = zlib.gunzipSync(fs.readFileSync(path.join(fixtures, name)));
      const reference = PProfile.decode(bytes);
      const profile = parseProfile(new Uint8Array(bytes));
      assert.strictEqual(profile.samples.length, reference.sample.length, name);
      const locationIndex = new Map(reference.location.map((location, index) => [Number(location.id), index]));
      profile.samples.forEach((sample, s) => {
        const expected = reference.sample[s];
        assert.deepStrictEqual(sample.locations, expected.locationId.map((id) => locationIndex.get(Number(id))), `${name} sample ${s}`);
        assert.deepStrictEqual(sample.values, expected.value.map((value) => Number(BigInt.asIntN(64, BigInt(value)))), `${name} sample ${s}`);
      });
    }
  });
});
