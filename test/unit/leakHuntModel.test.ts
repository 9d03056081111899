// The compare view's and heap watch's data (computed in the leak hunt worker) against the core's
// pprof-equal numbers: deltas per function, flame totals, per-line values and snapshot summaries.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compareModel, functionSource, watchSnapshot } from '../../src/client/leakHunt/leakHuntModel';
import { validateViewMessage } from '../../src/webview/leakHunt/leakHuntProtocol';
import { diffProfile, diffTotal, listRoutines, sampleIndexByName, topReport } from '../../src/core/pprof';
import { loadProfile } from '../../src/core/pprof/node';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/pprof');
const load = (name: string) => loadProfile(fs.readFileSync(path.join(fixtures, name)));

describe('leak hunt model', () => {
  const base = load('leak_server/snapshot1.heap.pb.gz');
  const next = load('leak_server/snapshot5.heap.pb.gz');

  it('compare rows: new minus base equals gomem profile diff (pprof -diff_base) per function', () => {
    const { model } = compareModel(base, next);
    assert.strictEqual(model.sampleType, 'inuse_space');
    const diff = diffProfile(base, next);
    const sampleIndex = sampleIndexByName(diff.profile, 'inuse_space');
    const report = topReport(diff.profile, { sampleIndex, total: diffTotal(diff, sampleIndex), nodeFraction: 0 });
    assert.strictEqual(model.total, report.total);
    const byName = new Map(model.rows.map((r) => [model.functions[r.fn].name, r]));
    for (const row of report.rows) {
      const mine = byName.get(row.function)!;
      assert.strictEqual(mine.newFlat - mine.baseFlat, row.flat, row.function);
      assert.strictEqual(mine.newCum - mine.baseCum, row.cum, row.function);
    }
    const leak = byName.get('main.retainSession')!;
    assert.ok(leak.newFlat > leak.baseFlat);
  });

  it('flame: the root holds both totals, the leaking frame grew, children never outgrow their parent', () => {
    const { model } = compareModel(base, next);
    const { fn, depth, base: b, next: n } = model.flame;
    assert.strictEqual(b[0], model.baseTotal);
    assert.strictEqual(n[0], model.newTotal);
    const leak = fn.findIndex((f, i) => i > 0 && model.functions[f].name === 'main.retainSession');
    assert.ok(leak > 0 && n[leak] > b[leak]);
    for (let i = 1; i < fn.length; i++) {
      let parent = i - 1;
      while (depth[parent] >= depth[i]) parent--;
      assert.ok(b[i] <= b[parent] && n[i] <= n[parent]);
    }
  });

  it('an incomparable pair is one sentence', () => {
    assert.throws(() => compareModel(load('pool_leak.heap.pb.gz'), load('pool_leak.cpu.pb.gz')), /^ProfileError: These profiles cannot be compared: they have no sample type in common/);
  });

  it('source lines: base and new per line, as pprof -list counts them', () => {
    const { diff } = compareModel(base, next);
    const source = functionSource(diff, 'inuse_space', 'main.retainSession')!;
    const index = sampleIndexByName(next, 'inuse_space');
    const expected = listRoutines(next, index, /^main\.retainSession$/)[0];
    assert.strictEqual(source.file, expected.file);
    for (const line of expected.lines) {
      const mine = source.lines.find((l) => l.line === line.line)!;
      assert.deepStrictEqual([mine.newFlat, mine.newCum], [line.flat, line.cum]);
    }
    const baseLines = listRoutines(base, index, /^main\.retainSession$/)[0];
    for (const line of baseLines.lines) assert.strictEqual(source.lines.find((l) => l.line === line.line)!.baseFlat, line.flat);
  });

  it('a watch snapshot keeps the in-use total and flat per function', () => {
    const snapshot = watchSnapshot('x', next, 0);
    assert.strictEqual(snapshot.total, topReport(next, { sampleIndex: sampleIndexByName(next, 'inuse_space') }).total);
    assert.ok(snapshot.timeMs > Date.UTC(2026, 0, 1));
    assert.ok(snapshot.flat.some(([name, value]) => name === 'main.retainSession' && value > 5e6));
  });

  it('messages from the page are checked before the host acts on them', () => {
    assert.deepStrictEqual(validateViewMessage({ type: 'openLine', functionName: 'main.f', line: 12 }), { type: 'openLine', functionName: 'main.f', line: 12 });
    assert.strictEqual(validateViewMessage({ type: 'openLine', functionName: 'main.f', line: -1 }), undefined);
    assert.strictEqual(validateViewMessage({ type: 'compareSnapshots', base: '0', next: 1 }), undefined);
    assert.strictEqual(validateViewMessage({ type: 'eval', code: 'x' }), undefined);
    assert.strictEqual(validateViewMessage(null), undefined);
  });
});
