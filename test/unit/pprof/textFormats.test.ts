// Go's text profiles (net/http/pprof debug=1 and debug=2), recorded from test/fixtures/pprof/textgen.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Profile as PProfile } from 'pprof-format';
import { Profile, ProfileError, profileTotal, sampleIndexByName, topTable } from '../../../src/core/pprof';
import { loadProfile } from '../../../src/core/pprof/node';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const load = (file: string) => loadProfile(fs.readFileSync(path.join(fixtures, file)), { maxInflatedBytes: 64 << 20 });
const text = (s: string) => loadProfile(Buffer.from(s), { maxInflatedBytes: 1 << 20 });

function row(profile: Profile, type: string | undefined, name: string) {
  const found = topTable(profile, sampleIndexByName(profile, type)).rows.find((r) => r.function === name);
  assert.ok(found, `${name} is in the table`);
  return found;
}

describe('Go text profile formats', () => {
  describe('totals equal go tool pprof on the same file', () => {
    const dir = path.join(fixtures, 'expected-text');
    for (const file of fs.readdirSync(dir)) {
      const [name, type] = file.split('__');
      it(`${name} ${type}`, () => {
        const expected = /of (\d+)(?:B|ns)? total/.exec(fs.readFileSync(path.join(dir, file), 'utf8'));
        assert.ok(expected);
        const profile = load(`${name}.txt`);
        assert.strictEqual(profileTotal(profile, sampleIndexByName(profile, type)), Number(expected[1]));
      });
    }
  });

  it('heap debug=1: sample types as pprof names them, inuse_space by default, values unsampled', () => {
    const profile = load('textgen.heap.debug1.txt');
    assert.strictEqual(profile.format, 'heap-text');
    assert.deepStrictEqual(profile.sampleTypes.map((t) => t.type), ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    assert.strictEqual(profile.sampleTypes[profile.defaultSampleIndex].type, 'inuse_space');
    // main.allocateRetained keeps about 2.4 MB (300 × 8 KiB, sampled); the protobuf twin agrees.
    const fromText = row(profile, 'inuse_space', 'main.allocateRetained');
    const fromProto = row(load('textgen.heap.pb.gz'), 'inuse_space', 'main.allocateRetained');
    assert.strictEqual(fromText.flat, fromProto.flat);
    assert.ok(fromText.flat > 2_000_000, `${fromText.flat} bytes retained`);
    assert.match(fromText.file, /textgen\/main\.go$/);
    assert.strictEqual(fromText.line, 22);
  });

  it('goroutine debug=1: counts per stack with symbols from the # lines', () => {
    const profile = load('textgen.goroutine.debug1.txt');
    assert.strictEqual(profile.format, 'goroutine-text');
    assert.strictEqual(profileTotal(profile, 0), 8);
    assert.strictEqual(row(profile, undefined, 'main.blockOnChannel').cum, 4);
    assert.strictEqual(row(profile, undefined, 'main.blockInSelect').cum, 3);
  });

  it('goroutine debug=2: identical stacks grouped and counted, states kept', () => {
    const profile = load('textgen.goroutine.debug2.txt');
    assert.strictEqual(profile.format, 'goroutine-dump');
    assert.strictEqual(profileTotal(profile, 0), 8);
    const channel = profile.samples.find((s) => s.goroutines?.[0].state === 'chan receive');
    assert.ok(channel);
    assert.strictEqual(channel.values[0], 4);
    assert.strictEqual(channel.goroutines!.length, 4);
    assert.strictEqual(row(profile, undefined, 'main.blockInSelect').flat, 3);
    assert.ok(profile.samples.some((s) => s.goroutines?.every((g) => g.state === 'select')));
  });

  it('goroutine debug=2: wait minutes, locked threads, creators, elided frames and newer header forms', () => {
    const dump = [
      'goroutine 7 [chan send, 12 minutes, locked to thread]:',
      'main.produce(0xc000010000, {0x1, 0x2})',
      '\t/app/main.go:40 +0x45',
      'created by main.start in goroutine 1',
      '\t/app/main.go:30 +0x25',
      '',
      'goroutine 9 gp=0xc000007c00 m=nil [chan send]:',
      'main.produce(0xc000010008, {0x3, 0x4})',
      '\t/app/main.go:40 +0x45',
      'created by main.start in goroutine 1',
      '\t/app/main.go:30 +0x25',
      '',
      'goroutine 11 [select, 3 minutes]:',
      'main.(*Server).loop(...)',
      '\t/app/server.go:88',
      '...additional frames elided...',
      '',
    ].join('\n');
    const profile = text(dump);
    assert.strictEqual(profile.samples.length, 2);
    const produce = profile.samples.find((s) => s.values[0] === 2)!;
    assert.deepStrictEqual(produce.goroutines, [
      { id: 7, state: 'chan send', waitMinutes: 12, lockedToThread: true, createdBy: { functionName: 'main.start', file: '/app/main.go', line: 30 } },
      { id: 9, state: 'chan send', lockedToThread: false, createdBy: { functionName: 'main.start', file: '/app/main.go', line: 30 } },
    ]);
    const loop = row(profile, undefined, 'main.(*Server).loop');
    assert.deepStrictEqual([loop.file, loop.line, loop.flat], ['/app/server.go', 88, 1]);
  });

  it('mutex debug=1: delay in nanoseconds from cycles, contentions counted', () => {
    const profile = load('textgen.mutex.debug1.txt');
    assert.deepStrictEqual(profile.sampleTypes.map((t) => `${t.type}/${t.unit}`), ['contentions/count', 'delay/nanoseconds']);
    assert.ok(row(profile, 'delay', 'main.contend').cum > 0);
  });

  it('inlined frames printed under one pc form one location, innermost first', () => {
    const profile = text(
      [
        'goroutine profile: total 2',
        '2 @ 0x1001 0x2001',
        '#\t0x1000\tstrings.Repeat+0x10\t/go/src/strings/strings.go:530',
        '#\t0x1000\tmain.pad+0x10\t/app/pad.go:7',
        '#\t0x2000\tmain.main+0x20\t/app/main.go:3',
        '',
      ].join('\n'),
    );
    assert.strictEqual(profile.locations.length, 2);
    const inner = profile.locations[profile.samples[0].locations[0]];
    assert.deepStrictEqual(inner.frames.map((f) => profile.functions[profile.frames[f].functionIndex].name), ['strings.Repeat', 'main.pad']);
    assert.strictEqual(row(profile, undefined, 'strings.Repeat').flat, 2);
    assert.strictEqual(row(profile, undefined, 'main.pad').cum, 2);
  });
  describe('count profiles keep the runtime frames their protobuf keeps', () => {
    // goroutines.debug1.txt and goroutines.pb.gz were written one after the other by the same
    // process (test/fixtures/pprof/goroutines): the same parked goroutines at the same addresses.
    it('goroutine debug=1: the frames of each stack are the protobuf\'s, runtime.gopark and runtime.chanrecv1 included', () => {
      const proto = PProfile.decode(zlib.gunzipSync(fs.readFileSync(path.join(fixtures, 'goroutines.pb.gz'))));
      const strings = proto.stringTable.strings;
      const functionName = new Map(proto.function.map((f) => [Number(f.id), strings[Number(f.name)]]));
      const locationById = new Map(proto.location.map((l) => [Number(l.id), l]));
      const innermostByAddress = new Map<string, string>();
      const protoStacks = proto.sample.map((s) => {
        const names = s.locationId.flatMap((id) => {
          const location = locationById.get(Number(id))!;
          const lines = location.line.map((line) => functionName.get(Number(line.functionId))!);
          innermostByAddress.set(`0x${Number(location.address).toString(16)}`, lines[0]);
          return lines;
        });
        return { count: Number(s.value[0]), names };
      });
      const text = load('goroutines.debug1.txt');
      const textStacks = text.samples.map((s) => ({
        count: s.values[0],
        names: s.locations.flatMap((l) => text.locations[l].frames.map((f) => text.functions[text.frames[f].functionIndex].name)),
      }));
      // The text cannot name the runtime frames Go leaves out of its "#" lines (one per pc, inlined
      // ones too); the protobuf names them, one line each. Same frames, same order:
      const hidden = /^runtime frame (0x[0-9a-f]+)$/;
      const shape = (stacks: { count: number; names: string[] }[], isHidden: (name: string, index: number, names: string[]) => boolean) =>
        stacks
          .filter((s) => !s.names.includes('main.write')) // the profile writer moved between the two writes
          .map((s) => `${s.count} ${s.names.map((n, i, all) => (isHidden(n, i, all) ? 'runtime.?' : n)).join(' < ')}`)
          .sort();
      const textShape = shape(textStacks, (name) => hidden.test(name));
      const protoShape = shape(protoStacks, (name, i, all) => all.slice(0, i + 1).every((n) => n.startsWith('runtime.')));
      assert.deepStrictEqual(textShape, protoShape);
      assert.ok(textShape.includes('23 runtime.? < runtime.? < runtime.? < main.consume'), textShape.join('\n'));
      assert.ok(textShape.includes('2 runtime.? < runtime.? < runtime.? < sync.runtime_SemacquireMutex < sync.(*Mutex).lockSlow < sync.(*Mutex).Lock < main.lockShared'));
      // Where a hidden pc is a protobuf location's own address, the protobuf names a runtime function
      // there: the leaf of every parked goroutine is runtime.gopark.
      const consumers = textStacks.find((s) => s.names[s.names.length - 1] === 'main.consume')!;
      assert.strictEqual(innermostByAddress.get(hidden.exec(consumers.names[0])![1]), 'runtime.gopark');
      assert.strictEqual(innermostByAddress.get(hidden.exec(consumers.names[1])![1]), 'runtime.chanrecv');
      assert.strictEqual(row(text, undefined, 'main.consume').flat, 0, 'the flat count sits in the runtime, as in the protobuf');
    });

    it('a runtime pc hidden in one stack is named when another stack of the file prints it', () => {
      const profile = text(
        [
          'goroutine profile: total 3',
          '2 @ 0x1001 0x2001 0x9001',
          '#\t0x2000\tmain.wait+0x10\t/app/main.go:7',
          '',
          '1 @ 0x1001 0x3001 0x9001',
          '#\t0x1000\truntime.gopark+0x10\t/go/src/runtime/proc.go:363',
          '#\t0x3000\truntime.forcegchelper+0x10\t/go/src/runtime/proc.go:302',
          '',
        ].join('\n'),
      );
      assert.strictEqual(row(profile, undefined, 'runtime.gopark').flat, 3);
      assert.strictEqual(row(profile, undefined, 'main.wait').cum, 2);
      assert.ok(!profile.functions.some((f) => f.name.includes('0x9000')), 'runtime.goexit (hidden at the bottom) is dropped, as in the protobuf');
    });

    it('threadcreate debug=1: empty stacks and all-runtime stacks', () => {
      const profile = load('threadcreate.debug1.txt');
      assert.deepStrictEqual(profile.sampleTypes, [{ type: 'threadcreate', unit: 'count' }]);
      assert.strictEqual(profileTotal(profile, 0), 7);
      assert.deepStrictEqual(profile.samples.map((s) => [s.values[0], s.locations.length]), [
        [6, 0],
        [1, 4],
      ]);
      assert.strictEqual(row(profile, undefined, 'runtime.allocm').flat, 1);
    });

    it('goroutine debug=1: pprof.Do labels are kept and the stack under them is read', () => {
      const profile = text(
        ['goroutine profile: total 2', '2 @ 0x1001 0x2001', '# labels: {"handler":"/api", "tenant":"a\\"b"}', '#\t0x2000\tmain.serve+0x10\t/app/main.go:9', ''].join('\n'),
      );
      assert.deepStrictEqual(profile.samples[0].labels, { handler: ['/api'], tenant: ['a"b'] });
      assert.strictEqual(row(profile, undefined, 'main.serve').cum, 2);
    });
  });

  describe('legacy binary CPU profiles (Go before 1.9) are refused with the way to convert them', () => {
    // The legacy format: machine words; header 0, 3, 0, period in µs, 0; records count, depth, pcs; trailer 0, 1, 0.
    function legacy(wordBytes: 4 | 8, littleEndian: boolean): Buffer {
      const words = [0, 3, 0, 10000, 0, 5, 2, 0x401000, 0x402000, 0, 1, 0];
      const bytes = Buffer.alloc(words.length * wordBytes);
      words.forEach((w, i) => {
        if (wordBytes === 8) {
          littleEndian ? bytes.writeBigUInt64LE(BigInt(w), i * 8) : bytes.writeBigUInt64BE(BigInt(w), i * 8);
        } else {
          littleEndian ? bytes.writeUInt32LE(w, i * 4) : bytes.writeUInt32BE(w, i * 4);
        }
      });
      return bytes;
    }
    for (const [size, little] of [
      [8, true],
      [8, false],
      [4, true],
      [4, false],
    ] as const) {
      it(`${size * 8}-bit ${little ? 'little' : 'big'}-endian`, () => {
        for (const bytes of [legacy(size, little), zlib.gzipSync(legacy(size, little))]) {
          assert.throws(
            () => loadProfile(bytes, { maxInflatedBytes: 1 << 20 }),
            (error: unknown) =>
              error instanceof ProfileError &&
              /legacy binary CPU profile \(written by Go before 1\.9\)/.test(error.message) &&
              /go tool pprof -proto/.test(error.message) &&
              !/not a pprof profile/.test(error.message),
          );
        }
      });
    }
  });
});
