import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { decodeInWorker } from '../../src/client/profileDecode';
import { loadProfile } from '../../src/core/pprof/node';
import { flameTree } from '../../src/core/pprof/flame';
import { profileTotal } from '../../src/core/pprof/sampleIndex';
import { functionLines, topTable } from '../../src/core/pprof/top';
import { decodeProfile, FLAME_DETAIL, initialTable, InitialView } from '../../src/webview/protocol';

const root = path.resolve(__dirname, '..', '..', '..');
const worker = path.join(root, 'dist', 'client', 'profileDecodeWorker.js');
const fixture = (name: string) => fs.readFileSync(path.join(root, 'test', 'fixtures', 'pprof', name));
const generousLimit = 64 * 1048576;

describe('profile viewer decoding worker', function () {
  before(function () {
    if (!fs.existsSync(worker)) throw new Error(`${worker} is missing: run node scripts/build.js`);
  });

  it('decodes a profile into the form the webview takes, with the same numbers', async () => {
    const bytes = fixture('pool_leak.heap.pb.gz');
    const result = await decodeInWorker(worker, { bytes: new Uint8Array(bytes), maxInflatedBytes: generousLimit });
    assert.ok(result.ok, result.ok ? '' : result.message);
    const expected = loadProfile(bytes);
    for (let index = 0; index < expected.sampleTypes.length; index++) {
      assert.deepStrictEqual(topTable(decodeProfile(result.wire), index), topTable(expected, index));
    }
  });

  it('posts the initial view first: the default sample type\'s table and thin-pruned flame tree', async () => {
    const bytes = fixture('pool_leak.heap.pb.gz');
    const views: InitialView[] = [];
    const result = await decodeInWorker(worker, { bytes: new Uint8Array(bytes), maxInflatedBytes: generousLimit }, (view) => views.push(view));
    assert.ok(result.ok);
    assert.strictEqual(views.length, 1);
    const [view] = views;
    const expected = loadProfile(bytes);
    const index = expected.defaultSampleIndex;
    assert.strictEqual(view.defaultSampleIndex, index);
    assert.deepStrictEqual(view.totals, expected.sampleTypes.map((_, i) => profileTotal(expected, i)));
    assert.deepStrictEqual(initialTable(view), topTable(expected, index));
    assert.strictEqual(view.flameMinTotal, profileTotal(expected, index) / FLAME_DETAIL);
    assert.deepStrictEqual(view.flame, flameTree(expected, index, { minTotal: view.flameMinTotal }));
    assert.deepStrictEqual(view.functionLines, functionLines(expected));
  });

  it('posts no initial view for a file it cannot read', async () => {
    let called = false;
    const result = await decodeInWorker(worker, { bytes: new Uint8Array(Buffer.from('<html></html>')), maxInflatedBytes: generousLimit }, () => (called = true));
    assert.ok(!result.ok && !result.internal);
    assert.strictEqual(called, false);
  });

  it("answers bad input with the pprof module's one sentence, not an internal error", async () => {
    const whole = fixture('cache_leak.heap.pb.gz');
    const truncated = await decodeInWorker(worker, { bytes: new Uint8Array(whole.subarray(0, whole.length >> 1)), maxInflatedBytes: generousLimit });
    assert.ok(!truncated.ok && !truncated.internal, JSON.stringify(truncated));
    assert.match(truncated.message, /truncated/);
    const tooBig = await decodeInWorker(worker, { bytes: new Uint8Array(whole), maxInflatedBytes: 1024 });
    assert.ok(!tooBig.ok && !tooBig.internal);
    assert.match(tooBig.message, /limit/);
  });

  it("leaves a caller's pooled buffer usable (only a private copy is transferred)", async () => {
    // Small Buffers share one pooled ArrayBuffer; transferring it would empty its neighbours too.
    const neighbour = Buffer.from('still here');
    const pooled = Buffer.from('heap profile: not really');
    assert.strictEqual(neighbour.buffer, pooled.buffer, 'the two small buffers share a pool');
    const result = await decodeInWorker(worker, { bytes: pooled, maxInflatedBytes: generousLimit });
    assert.ok(!result.ok);
    assert.strictEqual(neighbour.toString(), 'still here');
  });
});
