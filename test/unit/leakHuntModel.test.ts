// The heap watch's data (computed in the leak hunt worker) against the core's pprof-equal numbers.
// Compare mode is the profile viewer's: test/unit/compareMode.test.ts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { watchSnapshot } from '../../src/client/leakHunt/leakHuntModel';
import { validateViewMessage } from '../../src/webview/leakHunt/leakHuntProtocol';
import { sampleIndexByName, topReport } from '../../src/core/pprof';
import { loadProfile } from '../../src/core/pprof/node';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/pprof');
const load = (name: string) => loadProfile(fs.readFileSync(path.join(fixtures, name)));

describe('leak hunt model', () => {
  const next = load('leak_server/snapshot5.heap.pb.gz');

  it('a watch snapshot keeps the in-use total and flat per function', () => {
    const snapshot = watchSnapshot('x', next, 0);
    assert.strictEqual(snapshot.total, topReport(next, { sampleIndex: sampleIndexByName(next, 'inuse_space') }).total);
    assert.ok(snapshot.timeMs > Date.UTC(2026, 0, 1));
    assert.ok(snapshot.flat.some(([name, value]) => name === 'main.retainSession' && value > 5e6));
  });

  it('messages from the page are checked before the host acts on them', () => {
    assert.deepStrictEqual(validateViewMessage({ type: 'compareSnapshots', base: 0, next: 3 }), { type: 'compareSnapshots', base: 0, next: 3 });
    assert.strictEqual(validateViewMessage({ type: 'openLine', functionName: 'main.f', line: 12 }), undefined, 'the compare panel is gone');
    assert.strictEqual(validateViewMessage({ type: 'compareSnapshots', base: '0', next: 1 }), undefined);
    assert.strictEqual(validateViewMessage({ type: 'eval', code: 'x' }), undefined);
    assert.strictEqual(validateViewMessage(null), undefined);
  });
});
