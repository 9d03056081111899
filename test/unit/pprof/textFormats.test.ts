// Go's text profiles (net/http/pprof debug=1 and debug=2), recorded from test/fixtures/pprof/textgen.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Profile, profileTotal, sampleIndexByName, topTable } from '../../../src/core/pprof';
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
    assert.strictEqual(row(profile, undefined, 'main.blockOnChannel').flat, 4);
    assert.strictEqual(row(profile, undefined, 'main.blockInSelect').flat, 3);
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
      { id: 7, state: 'chan send', waitMinutes: 12, lockedToThread: true },
      { id: 9, state: 'chan send', lockedToThread: false },
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
});
