// Aggregation semantics on small hand-built profiles: recursion, inlining, filters, flame tree, units.
import * as assert from 'assert';
import { applyFilters, flameTree, lineTable, formatPercent, formatValue, Profile, profileTotal, sampleIndexByName, topReport, topTable } from '../../../src/core/pprof';
import { ProfileBuilder } from '../../../src/core/pprof/builder';

/** Stacks are written root first ("main;a;b") with "x+y" for y inlined into x in one location. */
function profileOf(stacks: [string, number][]): Profile {
  const builder = new ProfileBuilder();
  for (const [stack, value] of stacks) {
    const locations = stack
      .split(';')
      .reverse()
      .map((loc) => {
        const frames = loc.split('+').reverse().map((name) => ({ functionName: name, file: `/src/${name}.go`, line: 1 }));
        return builder.location(loc, frames);
      });
    builder.addSample(locations, [value, value * 10]);
  }
  return builder.build('protobuf', [
    { type: 'alloc_objects', unit: 'count' },
    { type: 'alloc_space', unit: 'bytes' },
  ]);
}

const valuesOf = (profile: Profile, sampleIndex = 0) =>
  Object.fromEntries(topTable(profile, sampleIndex).rows.map((r) => [r.function, [r.flat, r.cum]]));

describe('pprof aggregation', () => {
  it('flat goes to the leaf, cum counts a function once per sample even when recursive', () => {
    const profile = profileOf([
      ['main;walk;walk;walk;alloc', 5],
      ['main;walk', 2],
    ]);
    assert.deepStrictEqual(valuesOf(profile), { alloc: [5, 5], walk: [2, 7], main: [0, 7] });
    assert.strictEqual(topTable(profile, 0).total, 7);
  });

  it('inlined frames are expanded innermost first: flat goes to the inlined callee', () => {
    const profile = profileOf([['main;handler+decode', 3]]);
    assert.deepStrictEqual(valuesOf(profile), { decode: [3, 3], handler: [0, 3], main: [0, 3] });
    const rows = topReport(profile, { sampleIndex: 0 }).rows;
    assert.strictEqual(rows.find((r) => r.function === 'decode')!.inlineLabel, '(inline)');
    assert.strictEqual(rows.find((r) => r.function === 'handler')!.inlineLabel, '');
  });

  it('lineTable gives flat and cum per line of one function, recursion counted once', () => {
    const builder = new ProfileBuilder();
    const at = (name: string, line: number) => builder.location(`${name}:${line}`, [{ functionName: name, file: `/src/${name}.go`, line }]);
    builder.addSample([at('walk', 12), at('walk', 20), at('walk', 20), at('main', 3)], [5]);
    builder.addSample([at('walk', 20), at('main', 3)], [2]);
    const profile = builder.build('protobuf', [{ type: 'samples', unit: 'count' }]);
    const walk = profile.functions.findIndex((f) => f.name === 'walk');
    assert.deepStrictEqual(lineTable(profile, 0, walk), [
      { file: '/src/walk.go', line: 12, flat: 5, cum: 5 },
      { file: '/src/walk.go', line: 20, flat: 2, cum: 7 },
    ]);
  });

  it('the default sample type is the last unless the profile names one', () => {
    const profile = profileOf([['main', 1]]);
    assert.strictEqual(sampleIndexByName(profile), 1);
    assert.strictEqual(sampleIndexByName(profile, 'inuse_alloc_space'), 1, 'inuse_ prefix is optional');
    assert.strictEqual(sampleIndexByName(profile, '0'), 0);
  });

  describe('filters (pprof semantics)', () => {
    const profile = profileOf([
      ['main;serve;json.Marshal', 4],
      ['main;serve;bytes.Grow', 6],
      ['main;gc', 10],
    ]);
    it('focus keeps samples with a matching frame; pprof keeps the unfiltered total for percentages', () => {
      const focused = applyFilters(profile, { focus: '^serve$' });
      assert.deepStrictEqual(valuesOf(focused), { 'bytes.Grow': [6, 6], 'json.Marshal': [4, 4], serve: [0, 10], main: [0, 10] });
      assert.strictEqual(profileTotal(focused, 0), 10);
      assert.strictEqual(topTable(focused, 0, profileTotal(profile, 0)).total, 20);
    });
    it('ignore drops samples with a matching frame', () => {
      assert.deepStrictEqual(Object.keys(valuesOf(applyFilters(profile, { ignore: 'json' }))).sort(), ['bytes.Grow', 'gc', 'main', 'serve']);
    });
    it('hide removes frames, so flat moves to the caller; show keeps only matching frames', () => {
      assert.deepStrictEqual(valuesOf(applyFilters(profile, { hide: '^(json|bytes)\\.' })), { gc: [10, 10], serve: [10, 10], main: [0, 20] });
      assert.deepStrictEqual(valuesOf(applyFilters(profile, { show: 'serve|gc' })), { gc: [10, 10], serve: [10, 10] });
    });
    it('matches file names too, and (?i) makes it case-insensitive', () => {
      assert.deepStrictEqual(Object.keys(valuesOf(applyFilters(profile, { focus: '/src/gc\\.go' }))).sort(), ['gc', 'main']);
      assert.ok(valuesOf(applyFilters(profile, { focus: '(?i)JSON' }))['json.Marshal']);
    });
  });

  it('the flame tree is preorder with children by name and widths that add up', () => {
    const profile = profileOf([
      ['main;b;leaf', 3],
      ['main;a', 2],
      ['main;b', 1],
    ]);
    const tree = flameTree(profile, 0);
    const names = Array.from(tree.functionIndex, (f) => (f < 0 ? 'root' : profile.functions[f].name));
    assert.deepStrictEqual(names, ['root', 'main', 'a', 'b', 'leaf']);
    assert.deepStrictEqual(Array.from(tree.depth), [0, 1, 2, 2, 3]);
    assert.deepStrictEqual(Array.from(tree.parent), [-1, 0, 1, 1, 3]);
    assert.deepStrictEqual(Array.from(tree.total), [6, 6, 2, 4, 3]);
    assert.deepStrictEqual(Array.from(tree.self), [0, 0, 2, 1, 3]);
  });

  it('the flame tree can leave out subtrees too thin to draw', () => {
    const profile = profileOf([
      ['main;big;leaf', 98],
      ['main;tiny;deeper', 1],
      ['main;tinier', 1],
    ]);
    const tree = flameTree(profile, 0, { minTotal: 2 });
    const names = Array.from(tree.functionIndex, (f) => (f < 0 ? 'root' : profile.functions[f].name));
    assert.deepStrictEqual(names, ['root', 'main', 'big', 'leaf']);
    assert.deepStrictEqual(Array.from(tree.parent), [-1, 0, 1, 2]);
    assert.strictEqual(tree.total[1], 100, 'the pruned value stays in the parent');
  });

  it('formats values and percentages as pprof prints them', () => {
    assert.strictEqual(formatValue(1536, 'bytes'), '1.50kB');
    assert.strictEqual(formatValue(151_500_000, 'bytes'), '144.48MB');
    assert.strictEqual(formatValue(3_290_000_000, 'nanoseconds'), '3.29s');
    assert.strictEqual(formatValue(120_000_000, 'nanoseconds'), '120ms');
    assert.strictEqual(formatValue(42, 'count'), '42');
    assert.strictEqual(formatValue(0, 'bytes'), '0');
    assert.strictEqual(formatPercent(1, 8), '12.50%');
    assert.strictEqual(formatPercent(1, 200), '  0.5%');
    assert.strictEqual(formatPercent(1, 3000), '0.033%');
    assert.strictEqual(formatPercent(1, 1), '  100%');
  });
});
