// A profile decoded into a sample table (the viewer's worker) must give the numbers the Profile
// model gives: the same samples, flame trees, flat and cum, and the same bytes for the webview.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { flameTree, flatFlameTree } from '../../../src/core/pprof/flame';
import { Profile, Sample, sampleTableOf } from '../../../src/core/pprof/model';
import { loadFlatProfile, loadProfile } from '../../../src/core/pprof/node';
import { profileTotal } from '../../../src/core/pprof/sampleIndex';
import { flatFunctionValues, functionValues } from '../../../src/core/pprof/top';
import { encodeFlatProfile, encodeProfile } from '../../../src/webview/protocol';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const limit = { maxInflatedBytes: 1 << 26 };
const names = fs.readdirSync(fixtures).filter((name) => /\.(pb\.gz|txt)$/.test(name));

/**
 * The samples of a protobuf profile with the same stack (and the same sign of each value) as one,
 * values summed, in order of first appearance: what the flat decoder keeps.
 */
function mergedSamples(profile: Profile): Sample[] {
  if (profile.format !== 'protobuf') return profile.samples;
  const byKey = new Map<string, Sample>();
  for (const sample of profile.samples) {
    const key = `${sample.locations.join(',')}|${sample.values.map((v) => (v < 0 ? '-' : '+')).join('')}`;
    const seen = byKey.get(key);
    if (seen) sample.values.forEach((v, i) => (seen.values[i] += v));
    else byKey.set(key, { locations: sample.locations, values: [...sample.values] });
  }
  return [...byKey.values()];
}

describe('flat profile (sample table)', () => {
  it('has the samples of the Profile model, same stacks merged, for protobuf and text profiles', () => {
    assert.ok(names.length >= 10);
    let merged = 0;
    for (const name of names) {
      const bytes = fs.readFileSync(path.join(fixtures, name));
      const profile = loadProfile(bytes);
      const flat = loadFlatProfile(bytes, limit);
      const expected = mergedSamples(profile);
      merged += profile.samples.length - expected.length;
      assert.deepStrictEqual(flat.sampleTable, sampleTableOf(expected, profile.sampleTypes.length), name);
      const { samples, ...tables } = profile;
      const { sampleTable, sampleGoroutines, ...flatTables } = flat;
      assert.deepStrictEqual(flatTables, tables, name);
      // A goroutine dump keeps each sample's goroutines (for the goroutine groups), nothing else does.
      const goroutines = samples.some((s) => s.goroutines) ? samples.map((s) => s.goroutines) : undefined;
      assert.deepStrictEqual(sampleGoroutines, goroutines, name);
      assert.ok(expected.length === sampleTable.start.length - 1 && expected.length <= samples.length);
    }
    assert.ok(merged > 0, 'some fixture has samples with the same stack');
  });

  it('gives the same flame trees, flat and cum for every sample type', () => {
    for (const name of names) {
      const bytes = fs.readFileSync(path.join(fixtures, name));
      const profile = loadProfile(bytes);
      const flat = loadFlatProfile(bytes, limit);
      for (let index = 0; index < profile.sampleTypes.length; index++) {
        const minTotal = profileTotal(profile, index) / 100;
        assert.deepStrictEqual(flatFunctionValues(flat, index), functionValues(profile, index), `${name} ${index}`);
        assert.deepStrictEqual(flatFlameTree(flat, index), flameTree(profile, index), `${name} ${index}`);
        assert.deepStrictEqual(flatFlameTree(flat, index, { minTotal }), flameTree(profile, index, { minTotal }), `${name} ${index} pruned`);
      }
    }
  });

  it('goes to the webview as the same wire profile', () => {
    for (const name of names) {
      const bytes = fs.readFileSync(path.join(fixtures, name));
      const profile = loadProfile(bytes);
      assert.deepStrictEqual(encodeFlatProfile(loadFlatProfile(bytes, limit)), encodeProfile({ ...profile, samples: mergedSamples(profile) }), name);
    }
  });
});
