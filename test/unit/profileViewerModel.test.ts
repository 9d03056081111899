import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { flameTree } from '../../src/core/pprof/flame';
import { loadProfile } from '../../src/core/pprof/node';
import { topTable } from '../../src/core/pprof/top';
import { layoutFlame, matchedTotal, profileMatchedTotal, shortName } from '../../src/webview/flameGraph';
import { decodeProfile, encodeProfile } from '../../src/webview/protocol';
import { rowFilter, sortRows } from '../../src/webview/topTableView';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'pprof');
const load = (name: string) => loadProfile(fs.readFileSync(path.join(fixtures, name)));

describe('profile viewer model', () => {
  it('sends a profile to the webview without changing any number pprof would print', () => {
    for (const name of ['cache_leak.heap.pb.gz', 'pool_leak.cpu.pb.gz', 'goroutine_leak.goroutine.pb.gz', 'textgen.goroutine.debug2.txt']) {
      const original = load(name);
      const received = decodeProfile(encodeProfile(original));
      assert.deepStrictEqual(received.sampleTypes, original.sampleTypes, name);
      for (let index = 0; index < original.sampleTypes.length; index++) {
        assert.deepStrictEqual(topTable(received, index), topTable(original, index), `${name} sample type ${index}`);
        assert.deepStrictEqual(flameTree(received, index), flameTree(original, index), `${name} flame ${index}`);
      }
    }
  });

  it('keeps location ids past 65,535 intact (16-bit ids are used only below that)', () => {
    const locationCount = 70_000;
    const profile = load('cache_leak.heap.pb.gz');
    const frame = profile.locations[profile.samples[0].locations[0]].frames[0];
    const wide = {
      ...profile,
      locations: Array.from({ length: locationCount }, () => ({ frames: [frame], mappingFile: '' })),
      samples: [{ locations: [locationCount - 1, 65_536, 3], values: profile.samples[0].values }],
    };
    const wire = encodeProfile(wide);
    assert.ok(wire.sampleLocations instanceof Int32Array);
    assert.deepStrictEqual(decodeProfile(wire).samples[0].locations, [locationCount - 1, 65_536, 3]);
    assert.ok(encodeProfile(profile).sampleLocations instanceof Uint16Array);
  });

  it('lays out the icicle: children side by side inside their parent, subtrees contiguous', () => {
    const profile = load('cache_leak.heap.pb.gz');
    const tree = flameTree(profile, profile.defaultSampleIndex);
    const layout = layoutFlame(tree, profile.functions.map((fn) => fn.name), profile.functions.map((fn) => fn.file), 'bytes');
    assert.strictEqual(layout.end[0], tree.size);
    for (let node = 1; node < tree.size; node++) {
      const parent = tree.parent[node];
      assert.ok(layout.x[node] >= layout.x[parent], 'a child starts inside its parent');
      assert.ok(layout.x[node] + tree.total[node] <= layout.x[parent] + tree.total[parent] + 1e-6, 'a child ends inside its parent');
      assert.ok(node < layout.end[parent] && layout.end[node] <= layout.end[parent], 'subtrees nest');
    }
  });

  it('sums a search match once even when the function also appears below itself', () => {
    const profile = load('cache_leak.heap.pb.gz');
    const index = profile.defaultSampleIndex;
    const tree = flameTree(profile, index);
    const names = profile.functions.map((fn) => fn.name);
    const layout = layoutFlame(tree, names, names, 'bytes');
    const matches = new Uint8Array(names.length);
    // main.main is on almost every stack: its share is its cum, not cum times depth.
    matches[names.indexOf('main.main')] = 1;
    const mainRow = topTable(profile, index).rows.find((row) => row.function === 'main.main')!;
    assert.strictEqual(matchedTotal(layout, matches), mainRow.cum);
    // Matching every function covers the whole profile exactly once.
    matches.fill(1);
    assert.strictEqual(matchedTotal(layout, matches), tree.total[0]);
  });

  it('sums a search match from the samples exactly as from the complete tree, which a pruned tree cannot', () => {
    for (const name of ['cache_leak.heap.pb.gz', 'pool_leak.cpu.pb.gz', 'goroutine_leak.goroutine.pb.gz']) {
      const profile = load(name);
      const index = profile.defaultSampleIndex;
      const names = profile.functions.map((fn) => fn.name);
      const layout = layoutFlame(flameTree(profile, index), names, names, 'bytes');
      names.forEach((_, fn) => {
        const matches = new Uint8Array(names.length);
        matches[fn] = 1;
        assert.strictEqual(profileMatchedTotal(profile, index, matches), matchedTotal(layout, matches), `${name}: ${names[fn]}`);
      });
    }
  });

  it('sorts the table by any column and filters it by expression or literal text', () => {
    const rows = topTable(load('cache_leak.heap.pb.gz'), 0).rows;
    const byCum = sortRows(rows, 'cum', true);
    for (let i = 1; i < byCum.length; i++) assert.ok(Math.abs(byCum[i - 1].cum) >= Math.abs(byCum[i].cum));
    const byName = sortRows(rows, 'function', false).map((row) => row.function);
    assert.deepStrictEqual(byName, [...byName].sort());
    assert.ok(rowFilter('^main\\.')!('main.main'));
    assert.ok(!rowFilter('^main\\.')!('runtime.main'));
    assert.ok(rowFilter('(*UserCache')!('main.(*UserCache).Set'), 'an invalid expression filters literally');
    assert.strictEqual(rowFilter('  '), undefined);
  });

  it('shortens labels to the package and function', () => {
    assert.strictEqual(shortName('github.com/a/b/cache.(*LRU).Get'), 'cache.(*LRU).Get');
    assert.strictEqual(shortName('main.main'), 'main.main');
    assert.strictEqual(shortName('example.com/x.Map[go.shape.*example.com/y.T]'), 'x.Map[go.shape.*example.com/y.T]');
  });
});
