// gomem's top report against `go tool pprof -top` output recorded for every fixture and sample type
// (scripts/pprof/makeExpectedTop.sh): same rows, same numbers, same text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyFilters, formatTopReport, ProfileFilters, profileTotal, sampleIndexByName, topReport, topTable } from '../../../src/core/pprof';
import { decodeGoString, encodeGoString } from '../../../src/core/pprof/goString';
import { loadProfile } from '../../../src/core/pprof/node';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const expectedDir = path.join(fixtures, 'expected');

function load(name: string) {
  return loadProfile(fs.readFileSync(path.join(fixtures, `${name}.pb.gz`)), { maxInflatedBytes: 64 << 20 });
}

/** Byte for byte, as the CLI writes it (names that are not UTF-8 go out raw, like pprof's); diffs shown as text. */
function assertSameText(actual: string, expected: Buffer): void {
  assert.strictEqual(actual, decodeGoString(expected));
  assert.ok(Buffer.from(encodeGoString(actual)).equals(expected), 'same text, but not the same bytes');
}

describe('pprof parity with go tool pprof -top', () => {
  const files = fs.readdirSync(expectedDir).filter((f) => f.endsWith('.txt'));

  it('has recorded pprof output for every fixture', () => {
    assert.ok(files.length >= 60, `only ${files.length} expected files`);
  });

  for (const file of files) {
    const [name, type, variant] = file.replace(/\.txt$/, '').split('__');
    it(`${file}`, () => {
      const profile = load(name);
      const sampleIndex = sampleIndexByName(profile, type === 'default' ? undefined : type);
      const unit = profile.sampleTypes[sampleIndex].unit;
      const rawUnit = unit === 'bytes' ? 'b' : unit === 'nanoseconds' ? 'ns' : 'minimum';
      const report = topReport(profile, {
        sampleIndex,
        cum: variant === 'cum',
        nodeCount: variant === 'nodecount3' ? 3 : undefined,
        nodeFraction: variant === 'raw' ? 0 : undefined,
        outputUnit: variant === 'raw' ? rawUnit : undefined,
      });
      assertSameText(formatTopReport(report), fs.readFileSync(path.join(expectedDir, file)));
    });
  }

  it('topTable numbers equal the raw pprof values (flat, cum and total)', () => {
    const profile = load('pool_leak.heap');
    const sampleIndex = sampleIndexByName(profile, 'alloc_space');
    const table = topTable(profile, sampleIndex);
    const raw = fs.readFileSync(path.join(expectedDir, 'pool_leak.heap__alloc_space__raw.txt'), 'utf8');
    const total = Number(/of (\d+)B total/.exec(raw)![1]);
    assert.strictEqual(table.total, total);
    const rows = raw.split('\n').filter((l) => /^\s*(\d+B|0) /.test(l));
    assert.strictEqual(table.rows.length, rows.length);
    rows.forEach((line, i) => {
      const [flat, , , cum] = line.trim().split(/\s+/);
      const name = line.slice(line.lastIndexOf('%  ') + 3).replace(/ \((partial-)?inline\)$/, '');
      assert.deepStrictEqual(
        { function: table.rows[i].function, flat: table.rows[i].flat, cum: table.rows[i].cum },
        { function: name, flat: parseInt(flat, 10), cum: parseInt(cum, 10) },
      );
    });
  });

  describe('with focus / ignore / hide / show (pool_leak.heap, alloc_space)', () => {
    // Same cases as the table in scripts/pprof/makeExpectedTop.sh.
    const cases: Record<string, ProfileFilters> = {
      focus_readfrom: { focus: 'ReadFrom' },
      ignore_runtime: { ignore: 'runtime' },
      hide_nethttp: { hide: 'net/http' },
      show_bytes: { show: 'bytes' },
      focus_nomatch: { focus: 'nomatch' },
    };
    for (const [name, filters] of Object.entries(cases)) {
      it(name, () => {
        const profile = load('pool_leak.heap');
        const sampleIndex = sampleIndexByName(profile, 'alloc_space');
        const report = topReport(applyFilters(profile, filters), { sampleIndex, total: profileTotal(profile, sampleIndex), activeFilters: filters });
        const expected = fs.readFileSync(path.join(fixtures, 'expected-filters', `pool_leak.heap__${name}.txt`), 'utf8');
        assert.strictEqual(formatTopReport(report), expected);
      });
    }
  });

  describe('on the large generated profile (148k samples, inlined wrappers)', function () {
    // Decoding 9.5 MB of protobuf takes about a second, more on a busy machine.
    this.timeout(60_000);
    const largeDir = path.join(fixtures, 'large', 'expected');
    for (const file of fs.readdirSync(largeDir)) {
      const [, type, variant] = file.replace(/\.txt$/, '').split('__');
      it(file, () => {
        const profile = loadProfile(fs.readFileSync(path.join(fixtures, 'large', 'large.heap.pb.gz')), { maxInflatedBytes: 256 << 20 });
        const report = topReport(profile, { sampleIndex: sampleIndexByName(profile, type), cum: variant === 'cum' });
        assert.strictEqual(formatTopReport(report), fs.readFileSync(path.join(largeDir, file), 'utf8'));
      });
    }
  });
});
