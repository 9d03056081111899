// A profile decoded into a sample table (the viewer's worker) must give the numbers the Profile
// model gives: the same samples, flame trees, flat and cum, and the same bytes for the webview.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { flameTree, flatFlameTree } from '../../../src/core/pprof/flame';
import { sampleTableOf } from '../../../src/core/pprof/model';
import { loadFlatProfile, loadProfile } from '../../../src/core/pprof/node';
import { profileTotal } from '../../../src/core/pprof/sampleIndex';
import { flatFunctionValues, functionValues } from '../../../src/core/pprof/top';
import { encodeFlatProfile, encodeProfile } from '../../../src/webview/protocol';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const limit = { maxInflatedBytes: 1 << 26 };
const names = fs.readdirSync(fixtures).filter((name) => /\.(pb\.gz|txt)$/.test(name));

describe('flat profile (sample table)', () => {
  it('has the samples of the Profile model, for protobuf and text profiles', () => {
    assert.ok(names.length >= 10);
    for (const name of names) {
      const bytes = fs.readFileSync(path.join(fixtures, name));
      const profile = loadProfile(bytes);
      const flat = loadFlatProfile(bytes, limit);
      assert.deepStrictEqual(flat.sampleTable, sampleTableOf(profile.samples, profile.sampleTypes.length), name);
      const { samples, ...tables } = profile;
      const { sampleTable, sampleGoroutines, ...flatTables } = flat;
      assert.deepStrictEqual(flatTables, tables, name);
      // A goroutine dump keeps each sample's goroutines (for the goroutine groups), nothing else does.
      const goroutines = samples.some((s) => s.goroutines) ? samples.map((s) => s.goroutines) : undefined;
      assert.deepStrictEqual(sampleGoroutines, goroutines, name);
      assert.ok(samples.length === sampleTable.start.length - 1);
    }
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
      assert.deepStrictEqual(encodeFlatProfile(loadFlatProfile(bytes, limit)), encodeProfile(loadProfile(bytes)), name);
    }
  });
});
