// The flame tree builder against a plain reference: the full tree by inserting every stack into a
// trie, pruning by dropping thin subtrees afterwards, and a zoomed path as a subtree of the full tree.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FlameTree, flameTree, Profile, profileTotal } from '../../../src/core/pprof';
import { loadProfile } from '../../../src/core/pprof/node';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');

interface TrieNode {
  fn: number;
  total: number;
  self: number;
  children: Map<number, TrieNode>;
}

/** The tree pprof's flame graph shows, built the obvious way: root → leaf, children by name. */
function referenceTree(profile: Profile, sampleIndex: number, minTotal = 0): FlameTree {
  const root: TrieNode = { fn: -1, total: 0, self: 0, children: new Map() };
  for (const sample of profile.samples) {
    const value = sample.values[sampleIndex];
    if (value === 0) continue;
    let node = root;
    node.total += value;
    for (let l = sample.locations.length - 1; l >= 0; l--) {
      const frames = profile.locations[sample.locations[l]].frames;
      for (let f = frames.length - 1; f >= 0; f--) {
        const fn = profile.frames[frames[f]].functionIndex;
        let child = node.children.get(fn);
        if (!child) node.children.set(fn, (child = { fn, total: 0, self: 0, children: new Map() }));
        child.total += value;
        node = child;
      }
    }
    node.self += value;
  }
  const rows: { fn: number; depth: number; parent: number; total: number; self: number }[] = [];
  const visit = (node: TrieNode, depth: number, parent: number) => {
    const index = rows.length;
    rows.push({ fn: node.fn, depth, parent, total: node.total, self: node.self });
    const children = [...node.children.values()].filter((child) => Math.abs(child.total) >= minTotal);
    children.sort((a, b) => (profile.functions[a.fn].name < profile.functions[b.fn].name ? -1 : 1));
    for (const child of children) visit(child, depth + 1, index);
  };
  visit(root, 0, -1);
  return {
    functionIndex: Int32Array.from(rows, (row) => row.fn),
    depth: Int32Array.from(rows, (row) => row.depth),
    parent: Int32Array.from(rows, (row) => row.parent),
    total: Float64Array.from(rows, (row) => row.total),
    self: Float64Array.from(rows, (row) => row.self),
    size: rows.length,
  };
}

const profiles = ['cache_leak.heap.pb.gz', 'pool_leak.cpu.pb.gz', 'goroutine_leak.goroutine.pb.gz', 'textgen.heap.pb.gz', 'textgen.goroutine.debug2.txt'].map((name) => ({
  name,
  profile: loadProfile(fs.readFileSync(path.join(fixtures, name))),
}));

describe('flame tree builder', () => {
  it('builds the same tree as inserting every stack into a trie, for every sample type', () => {
    for (const { name, profile } of profiles) {
      for (let index = 0; index < profile.sampleTypes.length; index++) {
        assert.deepStrictEqual(flameTree(profile, index), referenceTree(profile, index), `${name} sample type ${index}`);
      }
    }
  });

  it('leaves out exactly the subtrees thinner than minTotal, keeping their value in the parent', () => {
    for (const { name, profile } of profiles) {
      const index = profile.defaultSampleIndex;
      const total = profileTotal(profile, index);
      for (const minTotal of [total / 50, total / 4, total]) {
        const pruned = flameTree(profile, index, { minTotal });
        assert.deepStrictEqual(pruned, referenceTree(profile, index, minTotal), `${name} minTotal ${minTotal}`);
      }
      assert.strictEqual(flameTree(profile, index, { minTotal: total * 2 }).size, 1, `${name}: only the root is wide enough`);
    }
  });

  it('builds the subtree under a call path at full detail, with the path above it', () => {
    const { profile } = profiles[1];
    const index = profile.defaultSampleIndex;
    const full = flameTree(profile, index);
    // The widest node at depth 3 whose ancestors have other callees or flat values of their own.
    let target = -1;
    for (let node = 0; node < full.size; node++) {
      const grandparent = full.parent[full.parent[node]];
      if (full.depth[node] === 3 && full.total[grandparent] > full.total[node] && (target < 0 || full.total[node] > full.total[target])) target = node;
    }
    assert.ok(target > 0, 'the fixture has such a node');
    const callPath: number[] = [];
    for (let node = target; node > 0; node = full.parent[node]) callPath.unshift(full.functionIndex[node]);
    const zoomed = flameTree(profile, index, { path: callPath, minTotal: full.total[target] / 1e6 });
    assert.deepStrictEqual(Array.from(zoomed.functionIndex.subarray(1, 4)), callPath);
    // The path's nodes are the target's ancestors, with their own totals and self values.
    const ancestors = [0];
    for (let node = target; node > 0; node = full.parent[node]) ancestors.splice(1, 0, node);
    assert.deepStrictEqual(Array.from(zoomed.total.subarray(0, 4)), ancestors.map((node) => full.total[node]));
    assert.deepStrictEqual(Array.from(zoomed.self.subarray(0, 4)), ancestors.map((node) => full.self[node]));
    assert.deepStrictEqual(Array.from(zoomed.parent.subarray(0, 4)), [-1, 0, 1, 2]);
    // Below the path: the full tree's subtree of target, node for node.
    let end = target + 1;
    while (end < full.size && full.depth[end] > 3) end++;
    assert.deepStrictEqual(Array.from(zoomed.functionIndex.subarray(3)), Array.from(full.functionIndex.subarray(target, end)));
    assert.deepStrictEqual(Array.from(zoomed.total.subarray(3)), Array.from(full.total.subarray(target, end)));
    assert.deepStrictEqual(Array.from(zoomed.self.subarray(3)), Array.from(full.self.subarray(target, end)));
    assert.deepStrictEqual(Array.from(zoomed.depth.subarray(3)), Array.from(full.depth.subarray(target, end)));
  });

  it('gives a path no sample follows an empty subtree', () => {
    const { profile } = profiles[0];
    const zoomed = flameTree(profile, 0, { path: [0, 0, 0, 0] });
    assert.strictEqual(zoomed.size, 5);
    assert.strictEqual(zoomed.total[4], 0);
  });
});
