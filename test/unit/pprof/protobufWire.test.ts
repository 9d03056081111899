// Protobuf read as pprof's parser (github.com/google/pprof/profile) reads it: unknown fields of
// every number and wire type skipped at every level, uint64 ids exact, damaged inner messages
// refused. Each crafted file is also given to `go tool pprof`, which must agree on accept/refuse.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { formatTopReport, parseProfile, ProfileError, topReport } from '../../../src/core/pprof';
import { loadFlatProfile, loadLeafProfile, loadProfile } from '../../../src/core/pprof/node';
import { GO } from '../../helpers/goToolchain';

type Bytes = number[];

function varint(value: bigint): Bytes {
  let rest = BigInt.asUintN(64, value);
  const bytes: Bytes = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest ? low | 0x80 : low);
  } while (rest);
  return bytes;
}
const tag = (field: number, wire: number) => varint((BigInt(field) << 3n) | BigInt(wire));
const number = (field: number, value: bigint | number) => [...tag(field, 0), ...varint(BigInt(value))];
const message = (field: number, content: Bytes) => [...tag(field, 2), ...varint(BigInt(content.length)), ...content];
const text = (field: number, s: string) => message(field, [...Buffer.from(s)]);
const packed = (field: number, values: (bigint | number)[]) => message(field, values.flatMap((v) => varint(BigInt(v))));

/** Unknown fields of every wire type, including field 0 and the largest field number. */
const unknownFields: Bytes = [
  ...number(99, 5),
  ...tag(100, 1), 1, 2, 3, 4, 5, 6, 7, 8, // fixed64
  ...message(101, [1, 2, 3]),
  ...tag(102, 5), 9, 8, 7, 6, // fixed32
  ...number(0, 1),
  ...number(2 ** 29 - 1, 3),
];

const STRINGS = ['', 'alloc_space', 'bytes', 'main.leak', '/src/main.go', 'main.caller', '/bin/app', 'thread', 'worker'];

interface Ids {
  leafLocation: bigint;
  callerLocation: bigint;
  leafFunction: bigint;
  callerFunction: bigint;
  mapping: bigint;
}

const smallIds: Ids = { leafLocation: 1n, callerLocation: 2n, leafFunction: 1n, callerFunction: 2n, mapping: 1n };

/** The parts of a two-function heap profile, each the content of one top-level field. */
function parts(ids: Ids = smallIds, extra: Bytes = []) {
  return {
    sampleTypes: [[...number(1, 1), ...number(2, 2), ...extra]],
    mappings: [[...number(1, ids.mapping), ...number(5, 6), ...number(7, 1), ...extra]],
    functions: [
      [...number(1, ids.leafFunction), ...number(2, 3), ...number(4, 4), ...number(5, 10), ...extra],
      [...number(1, ids.callerFunction), ...number(2, 5), ...number(4, 4), ...extra],
    ],
    locations: [
      [...number(1, ids.leafLocation), ...number(2, ids.mapping), ...number(3, 0x401000), ...message(4, [...number(1, ids.leafFunction), ...number(2, 12), ...extra]), ...extra],
      [...number(1, ids.callerLocation), ...number(2, ids.mapping), ...message(4, [...number(1, ids.callerFunction), ...number(2, 20), ...extra]), ...extra],
    ],
    samples: [
      [...packed(1, [ids.leafLocation, ids.callerLocation]), ...packed(2, [100]), ...extra],
      [...packed(1, [ids.callerLocation]), ...number(2, 7), ...message(3, [...number(1, 7), ...number(2, 8), ...extra]), ...extra],
    ],
    top: [...number(9, 1_700_000_000_000_000_000n), ...message(11, [...number(1, 1), ...number(2, 2), ...extra]), ...number(12, 524288), ...extra],
  };
}

type Parts = ReturnType<typeof parts>;

function encode(p: Parts): Uint8Array {
  return Uint8Array.from([
    ...p.sampleTypes.flatMap((c) => message(1, c)),
    ...p.samples.flatMap((c) => message(2, c)),
    ...p.mappings.flatMap((c) => message(3, c)),
    ...p.locations.flatMap((c) => message(4, c)),
    ...p.functions.flatMap((c) => message(5, c)),
    ...STRINGS.flatMap((s) => text(6, s)),
    ...p.top,
  ]);
}

/** The numbers `go tool pprof -top` shows: flat and cum per function. */
function topNumbers(bytes: Uint8Array) {
  const profile = parseProfile(bytes);
  const report = topReport(profile, { sampleIndex: 0, nodeFraction: 0 });
  return report.rows.map((row) => ({ function: row.function, flat: row.flat, cum: row.cum }));
}

const expectedTop = [
  { function: 'main.leak', flat: 100, cum: 100 },
  { function: 'main.caller', flat: 7, cum: 107 },
];

function refusal(bytes: Uint8Array): string {
  try {
    loadProfile(bytes);
  } catch (error) {
    assert.ok(error instanceof ProfileError, `expected a ProfileError, got ${String(error)}`);
    const message = (error as Error).message;
    assert.ok(!message.includes('\n') && /^[A-Z].*\.$/.test(message), `"${message}" is one sentence`);
    // The flat decoder (the viewer's) refuses the same file with the same sentence.
    assert.throws(() => loadFlatProfile(bytes), (flatError: Error) => flatError.message === message);
    // So does the lean decoder of growth rankings and heap watches.
    assert.throws(() => loadLeafProfile(bytes, () => 0), (leafError: Error) => leafError.message === message);
    return message;
  }
  assert.fail('the profile was accepted');
}

/** go tool pprof's verdict on the bytes: its -top text, or undefined when it refuses the file. */
function pprofTop(bytes: Uint8Array): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-wire-'));
  const file = path.join(dir, 'profile.pb');
  fs.writeFileSync(file, bytes);
  const result = spawnSync('go', ['tool', 'pprof', '-top', '-symbolize=none', '-nodefraction=0', file], {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', PPROF_TMPDIR: dir, HOME: dir },
  });
  fs.rmSync(dir, { recursive: true });
  return result.status === 0 ? result.stdout : undefined;
}

const corruptCases: [string, (p: Parts) => void][] = [
  ['a packed location id cut off inside its sample', (p) => (p.samples[0] = [...message(1, [...varint(1n), 0x80]), ...packed(2, [100])])],
  ['a packed value cut off inside its sample', (p) => (p.samples[0] = [...packed(1, [1n]), ...message(2, [...varint(100n), 0xff])])],
  ['an unpacked location id cut off at the end of its sample', (p) => (p.samples[0] = [...packed(2, [100]), ...tag(1, 0), 0x81])],
  ['a sample field running past the end of the sample', (p) => (p.samples[0] = [...packed(2, [100]), ...tag(1, 2), 10, 1])],
  ['a label running past the end of its sample', (p) => (p.samples[1] = [...packed(1, [2n]), ...number(2, 7), ...tag(3, 2), 20, ...number(1, 7)])],
  ['a label number cut off', (p) => (p.samples[1] = [...packed(1, [2n]), ...number(2, 7), ...message(3, [...number(1, 7), ...tag(3, 0), 0x87])])],
  ['a value longer than ten bytes', (p) => (p.samples[0] = [...packed(1, [1n]), ...tag(2, 0), ...Array(10).fill(0xff), 0x01])],
  ['a line running past the end of its location', (p) => (p.locations[0] = [...number(1, 1), ...tag(4, 2), 30, ...number(1, 1)])],
  ['a line whose function id is cut off', (p) => (p.locations[0] = [...number(1, 1), ...message(4, [...number(2, 12), ...tag(1, 0), 0x81])])],
  ['a function whose name index is cut off', (p) => (p.functions[0] = [...number(1, 1), ...number(4, 4), ...tag(2, 0), 0x83])],
  ['a mapping with a field running past its end', (p) => (p.mappings[0] = [...number(1, 1), ...number(5, 6), ...tag(50, 2), 40, 1, 2])],
  ['a sample type cut off', (p) => (p.sampleTypes[0] = [...number(2, 2), ...tag(1, 0), 0x81])],
  ['a period type cut off', (p) => (p.top = [...message(11, [...number(1, 1), ...tag(2, 0), 0x82])])],
  ['a packed comment cut off', (p) => (p.top = [...message(13, [0x85])])],
  ['a location id stored as fixed64', (p) => (p.samples[0] = [...tag(1, 1), 1, 0, 0, 0, 0, 0, 0, 0, ...packed(2, [100])])],
  ['a function name stored as a string', (p) => (p.functions[0] = [...number(1, 1), ...text(2, 'main.leak'), ...number(4, 4)])],
  ['a group (wire type 3) inside a location', (p) => p.locations[0].push(...tag(9, 3))],
];

describe('pprof protobuf wire format', () => {
  it('reads the base profile (so every case below fails for its own reason)', () => {
    assert.deepStrictEqual(topNumbers(encode(parts())), expectedTop);
  });

  it('skips unknown fields of every number and wire type, at every level', () => {
    const withUnknown = encode(parts(smallIds, unknownFields));
    assert.deepStrictEqual(topNumbers(withUnknown), expectedTop);
    const profile = parseProfile(withUnknown);
    assert.deepStrictEqual(profile.samples[1].labels, { thread: ['worker'] });
    assert.strictEqual(profile.mainBinary, '/bin/app');
  });

  it('keeps location, function and mapping ids up to 2^64-1 exact', () => {
    // 2^63 and 2^63+1 are the same double: read as doubles, two locations would share an id.
    const ids: Ids = { leafLocation: 2n ** 63n, callerLocation: 2n ** 63n + 1n, leafFunction: 2n ** 64n - 1n, callerFunction: 2n ** 64n - 2n, mapping: 2n ** 53n + 1n };
    const bytes = encode(parts(ids));
    assert.deepStrictEqual(topNumbers(bytes), expectedTop);
    const profile = parseProfile(bytes);
    assert.strictEqual(profile.locations[0].mappingFile, '/bin/app');
    assert.deepStrictEqual(profile.samples.map((s) => s.locations), [[0, 1], [1]]);
  });

  it('names a duplicate 64-bit id exactly', () => {
    const ids: Ids = { ...smallIds, leafLocation: 2n ** 64n - 1n, callerLocation: 2n ** 64n - 1n };
    assert.match(refusal(encode(parts(ids))), /two locations share the id 18446744073709551615\./);
  });

  for (const [name, corrupt] of corruptCases) {
    it(`refuses ${name}`, () => {
      const p = parts();
      corrupt(p);
      assert.match(refusal(encode(p)), /^The profile is corrupt: .* so its numbers cannot be trusted\.$/);
    });
  }

  it('says so when the profile is gzip-compressed twice', () => {
    const twice = zlib.gzipSync(zlib.gzipSync(encode(parts())));
    assert.strictEqual(refusal(twice), 'The profile is gzip-compressed twice: gunzip it once and open the result.');
  });

  it('says so when several profiles are concatenated', () => {
    const one = encode(parts());
    assert.match(refusal(Uint8Array.from([...one, ...one])), /several profiles one after the other/);
    // Two gzip members, as `cat a.pb.gz b.pb.gz` makes.
    assert.match(refusal(Buffer.concat([zlib.gzipSync(one), zlib.gzipSync(one)])), /several profiles one after the other/);
  });

  it('refuses a line without a function, as pprof does', () => {
    const p = parts();
    p.locations[0] = [...number(1, 1), ...message(4, [...number(2, 12)])];
    assert.match(refusal(encode(p)), /location 1 has a line without a function\./);
  });

  describe('agrees with go tool pprof', function () {
    this.timeout(120_000);
    before(function () {
      if (!GO) this.skip();
    });

    it('on the accepted files, with the same -top text', () => {
      const accepted = [
        encode(parts()),
        encode(parts(smallIds, unknownFields)),
        encode(parts({ leafLocation: 2n ** 63n, callerLocation: 2n ** 63n + 1n, leafFunction: 2n ** 64n - 1n, callerFunction: 2n ** 64n - 2n, mapping: 2n ** 53n + 1n })),
      ];
      for (const bytes of accepted) {
        const expected = pprofTop(bytes);
        assert.ok(expected !== undefined, 'go tool pprof reads it');
        const ours = formatTopReport(topReport(parseProfile(bytes), { sampleIndex: 0, nodeFraction: 0 }));
        assert.strictEqual(ours, expected);
      }
    });

    it('on the refused files', () => {
      for (const [name, corrupt] of corruptCases) {
        const p = parts();
        corrupt(p);
        assert.strictEqual(pprofTop(encode(p)), undefined, `go tool pprof refuses ${name}`);
      }
      const one = encode(parts());
      assert.strictEqual(pprofTop(Uint8Array.from([...one, ...one])), undefined, 'concatenated');
      assert.strictEqual(pprofTop(zlib.gzipSync(zlib.gzipSync(one))), undefined, 'gzip-compressed twice');
    });
  });
});
