// The numbers of the profile viewer's compare mode and source view: the change per function equals
// `go tool pprof -top -diff_base` as recorded under test/fixtures/pprof/expected-diff, the base and
// new columns equal each profile's own top, the flame tree's base part equals the base's own tree,
// filters apply per side as pprof applies them to the merged profile, and the source view's lines
// equal `go tool pprof -list` (recorded), with the base's part beside the change when comparing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  applyFilters,
  compareTable,
  diffProfile,
  diffTotal,
  filterDiff,
  flameTree,
  formatPercent,
  formatValue,
  incomparableReason,
  listRoutines,
  Profile,
  sampleIndexByName,
  scaledLabel,
  sourceView,
  topReport,
  topTable,
} from '../../src/core/pprof';
import type { FlameTree } from '../../src/core/pprof/flame';
import { loadProfile } from '../../src/core/pprof/node';
import { changeStep, layoutFlame, matchedTotal, nodeChange } from '../../src/webview/flameGraph';
import { sortRows } from '../../src/webview/topTableView';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/pprof');
const expectedDir = path.join(fixtures, 'expected-diff');
const load = (name: string) => loadProfile(fs.readFileSync(path.join(fixtures, `${name}.pb.gz`)), { maxInflatedBytes: 64 << 20 });
const recorded = (suffix: string) => fs.readdirSync(expectedDir).filter((f) => f.endsWith(suffix));

interface ExpectedRow {
  flat: string;
  flatPercent: string;
  sumPercent: string;
  cum: string;
  cumPercent: string;
  name: string;
}

/** The rows and the total of a recorded `go tool pprof -top` text. */
function parseTop(text: string): { total: string; rows: ExpectedRow[] } {
  const lines = text.split('\n');
  const total = / of ([^ ]+) total$/.exec(lines.find((line) => line.startsWith('Showing nodes')) ?? '')?.[1] ?? '';
  const header = lines.findIndex((line) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(line));
  const rows = lines
    .slice(header + 1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, flat, flatPercent, sumPercent, cum, cumPercent, name] = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(line)!;
      return { flat, flatPercent, sumPercent, cum, cumPercent, name: name.replace(/ \(inline\)$/, '') };
    });
  return { total, rows };
}

/** Node totals of a tree by call path (names joined), for trees whose function tables differ. */
function byPath(tree: FlameTree, names: string[], values: Float64Array = tree.total): Map<string, number> {
  const paths: string[] = new Array(tree.size);
  const out = new Map<string, number>();
  for (let i = 0; i < tree.size; i++) {
    paths[i] = i === 0 ? '' : `${paths[tree.parent[i]]};${names[tree.functionIndex[i]]}`;
    out.set(paths[i], values[i]);
  }
  return out;
}

describe('compare mode: numbers of pprof -diff_base', () => {
  const pairs = recorded('.diff.txt');

  it('is tested against at least five recorded pairs and several sample types', () => {
    assert.ok(pairs.length >= 5, pairs.join());
    assert.ok(new Set(pairs.map((f) => f.split('__')[2])).size >= 4);
  });

  for (const file of pairs) {
    const [baseName, nextName, type, variant] = file.replace(/\.diff\.txt$/, '').split('__').map((p) => p.replace('+', '/'));
    const flags = { cum: variant === 'cum', nodeFraction: variant === 'nf0' ? 0 : undefined, nodeCount: variant === 'limit5' ? 5 : undefined };

    it(`the table's change per function equals go tool pprof -top -diff_base: ${file}`, () => {
      const base = load(baseName);
      const next = load(nextName);
      const diff = diffProfile(base, next);
      const sampleIndex = sampleIndexByName(diff.profile, type);
      const unit = diff.profile.sampleTypes[sampleIndex].unit.toLowerCase();
      const table = compareTable(diff, sampleIndex, diffTotal(diff, sampleIndex));
      const expected = parseTop(fs.readFileSync(path.join(expectedDir, file), 'utf8'));
      assert.ok(expected.rows.length > 0);
      // pprof -top prints every value in one unit (chosen from the rows it shows): the same here.
      const { outputUnit } = topReport(diff.profile, { sampleIndex, total: table.total, ...flags });
      const formatValue = (value: number, _unit: string) => scaledLabel(value, unit, outputUnit);
      assert.strictEqual(formatValue(table.total, unit), expected.total);
      const byName = new Map(table.rows.map((row) => [row.function, row]));
      for (const row of expected.rows) {
        const mine = byName.get(row.name);
        assert.ok(mine, `${row.name} is missing from the compare table`);
        assert.strictEqual(formatValue(mine.flat, unit), row.flat, `${row.name} flat`);
        assert.strictEqual(formatPercent(mine.flat, table.total).trim(), row.flatPercent, `${row.name} flat%`);
        assert.strictEqual(formatValue(mine.cum, unit), row.cum, `${row.name} cum`);
        assert.strictEqual(formatPercent(mine.cum, table.total).trim(), row.cumPercent, `${row.name} cum%`);
      }
      // In pprof's order (-top sorts by |flat|), the table lists the recorded rows in the same order.
      if (variant !== 'cum') {
        const order = table.rows.map((row) => row.function).filter((name) => expected.rows.some((row) => row.name === name));
        assert.deepStrictEqual(order.slice(0, expected.rows.length), expected.rows.map((row) => row.name));
      }
      // Base and new columns are each profile's own top; change is new minus base.
      const baseTop = new Map(topTable(base, sampleIndex).rows.map((row) => [row.function, row]));
      const nextTop = new Map(topTable(next, sampleIndex).rows.map((row) => [row.function, row]));
      for (const row of table.rows) {
        assert.strictEqual(row.baseFlat, baseTop.get(row.function)?.flat ?? 0, `${row.function} base flat`);
        assert.strictEqual(row.baseCum, baseTop.get(row.function)?.cum ?? 0, `${row.function} base cum`);
        assert.strictEqual(row.newFlat, nextTop.get(row.function)?.flat ?? 0, `${row.function} new flat`);
        assert.strictEqual(row.newCum, nextTop.get(row.function)?.cum ?? 0, `${row.function} new cum`);
        assert.strictEqual(row.flat, row.newFlat - row.baseFlat);
      }
    });
  }

  it('sorting by the change puts the largest growth first, and the largest shrink when ascending', () => {
    const diff = diffProfile(load('leak_server/snapshot1.heap'), load('leak_server/snapshot5.heap'));
    const sampleIndex = sampleIndexByName(diff.profile, 'inuse_space');
    const { rows } = compareTable(diff, sampleIndex, diffTotal(diff, sampleIndex));
    const descending = sortRows(rows, 'flat', true, true);
    assert.strictEqual(descending[0].function, 'main.retainSession');
    assert.ok(descending.every((row, i) => i === 0 || row.flat <= descending[i - 1].flat));
    const ascending = sortRows(rows, 'flat', false, true);
    assert.ok(ascending[0].flat <= 0 && ascending[0].flat === Math.min(...rows.map((row) => row.flat)));
    const byNew = sortRows(rows, 'newCum', true, true);
    assert.strictEqual(byNew[0].newCum, Math.max(...rows.map((row) => row.newCum)));
  });

  it('filters apply to each side as pprof applies them to the merged profile', () => {
    const diff = diffProfile(load('cache_leak.heap'), load('pool_leak.heap'));
    const sampleIndex = sampleIndexByName(diff.profile, 'alloc_space');
    const total = diffTotal(diff, sampleIndex);
    for (const filters of [{ focus: 'main\\.' }, { ignore: 'runtime' }, { hide: 'main\\.main' }, { focus: 'main', hide: 'bytes' }]) {
      const filtered = filterDiff(diff, filters);
      const table = compareTable(filtered, sampleIndex, total);
      const report = topReport(applyFilters(diff.profile, filters), { sampleIndex, total, nodeFraction: 0 });
      const byName = new Map(table.rows.map((row) => [row.function, row]));
      for (const row of report.rows) {
        assert.strictEqual(byName.get(row.function.replace(/ \(inline\)$/, ''))?.flat, row.flat, `${JSON.stringify(filters)} ${row.function}`);
      }
      // The base's samples are still the base's: its side alone, filtered, gives the base column.
      const baseOnly = topTable(applyFilters(load('cache_leak.heap'), filters), sampleIndex);
      for (const row of baseOnly.rows) assert.strictEqual(byName.get(row.function)?.baseFlat, row.flat, `${JSON.stringify(filters)} base ${row.function}`);
    }
    assert.strictEqual(filterDiff(diff, {}), diff);
  });

  it("the flame tree of a diff: widths are base + new, each node's base part is the base's own tree", () => {
    const base = load('leak_server/snapshot1.heap');
    const next = load('leak_server/snapshot5.heap');
    const diff = diffProfile(base, next);
    const sampleIndex = sampleIndexByName(diff.profile, 'inuse_space');
    const tree = flameTree(diff.profile, sampleIndex, { baseSampleStart: diff.baseSampleStart });
    assert.ok(tree.base && tree.baseSelf);
    const names = diff.profile.functions.map((fn) => fn.name);
    const baseTree = byPath(flameTree(base, sampleIndex), base.functions.map((fn) => fn.name));
    const nextTree = byPath(flameTree(next, sampleIndex), next.functions.map((fn) => fn.name));
    const diffBase = byPath(tree, names, tree.base);
    const diffWidth = byPath(tree, names);
    for (const [key, width] of diffWidth) {
      const expectedBase = baseTree.get(key) ?? 0;
      const expectedNew = nextTree.get(key) ?? 0;
      assert.strictEqual(diffBase.get(key), expectedBase, key);
      assert.ok(Math.abs(width - (expectedBase + expectedNew)) < 1e-6, key);
    }
    assert.strictEqual(nodeChange(tree, 0), topTable(next, sampleIndex).total - topTable(base, sampleIndex).total);
    // The leak's frame grew, and its colour is the strongest red.
    const layout = layoutFlame(tree, names, diff.profile.functions.map((fn) => fn.file), 'bytes', diffTotal(diff, sampleIndex));
    const leak = Array.from(tree.functionIndex).findIndex((fn, node) => node > 0 && names[fn] === 'main.retainSession');
    assert.ok(nodeChange(tree, leak) > 0);
    assert.strictEqual(changeStep(nodeChange(tree, leak), layout.maxChange), 8);
    assert.strictEqual(changeStep(0, layout.maxChange), 0);
    assert.strictEqual(changeStep(-layout.maxChange / 1000, layout.maxChange), 1);
    // A search's share in compare mode is the matching frames' change.
    const matches = new Uint8Array(names.length);
    matches[tree.functionIndex[leak]] = 1;
    assert.strictEqual(matchedTotal(layout, matches), nodeChange(tree, leak));
  });

  it('a pruned diff tree (minTotal, zoom path) keeps the same base parts', () => {
    const diff = diffProfile(load('cache_leak.heap'), load('goroutine_leak.heap'));
    const sampleIndex = sampleIndexByName(diff.profile, 'alloc_space');
    const names = diff.profile.functions.map((fn) => fn.name);
    const full = flameTree(diff.profile, sampleIndex, { baseSampleStart: diff.baseSampleStart });
    const fullBase = byPath(full, names, full.base);
    const pruned = flameTree(diff.profile, sampleIndex, { baseSampleStart: diff.baseSampleStart, minTotal: full.total[0] / 200 });
    assert.ok(pruned.size < full.size);
    for (const [key, value] of byPath(pruned, names, pruned.base)) assert.strictEqual(value, fullBase.get(key), key);
    const deepest = Array.from(full.depth).indexOf(Math.max(...Array.from(full.depth).slice(0, 50)));
    const path: number[] = [];
    for (let node = deepest; node > 0; node = full.parent[node]) path.unshift(full.functionIndex[node]);
    const zoomed = flameTree(diff.profile, sampleIndex, { baseSampleStart: diff.baseSampleStart, path });
    for (const [key, value] of byPath(zoomed, names, zoomed.base)) assert.strictEqual(value, fullBase.get(key), key);
  });

  it('profiles that cannot be compared get one sentence', () => {
    assert.match(incomparableReason(load('pool_leak.heap'), load('pool_leak.cpu'))!, /^These profiles cannot be compared: they have no sample type in common \(the base has .*\)\.$/);
    assert.match(incomparableReason(load('pool_leak.goroutine'), load('pool_leak.heap'))!, /^These profiles cannot be compared/);
    assert.strictEqual(incomparableReason(load('cache_leak.heap'), load('pool_leak.heap')), undefined);
    assert.throws(() => diffProfile(load('pool_leak.cpu'), load('pool_leak.heap')), /cannot be compared/);
  });
});

describe('source view: numbers of pprof -list', () => {
  for (const file of recorded('.list.txt')) {
    const [, profileName, type] = /^(.+?)__(.+?)__(.+)\.list\.txt$/.exec(file)!;

    it(`flat and cum per line equal go tool pprof -list: ${file}`, () => {
      const profile = load(profileName);
      const sampleIndex = sampleIndexByName(profile, type);
      const unit = profile.sampleTypes[sampleIndex].unit;
      const text = fs.readFileSync(path.join(expectedDir, file), 'utf8');
      // Each ROUTINE block: its function, header sums and valued lines.
      const blocks = text.split(/^ROUTINE =+ /m).slice(1);
      assert.ok(blocks.length > 0);
      let checked = 0;
      for (const block of blocks) {
        const [title, sums, ...lines] = block.split('\n');
        const name = title.replace(/ in .*$/, '');
        const index = profile.functions.findIndex((fn) => fn.name === name);
        const view = sourceView(profile, sampleIndex, index);
        assert.ok(view, name);
        // A function listed in several files has one block per file; the view shows one of them.
        if (!title.endsWith(` in ${path.basename(view.file)}`) && !title.endsWith(view.file)) continue;
        const [flat, cum] = sums.trim().split(/\s+/);
        assert.deepStrictEqual([formatValue(view.flat, unit), formatValue(view.cum, unit)], [flat, cum], name);
        const valued = lines.map((line) => /^\s*(\S+)\s+(\S+)\s+(\d+):/.exec(line)).filter((m): m is RegExpExecArray => m !== null);
        assert.strictEqual(view.range.start, Number(valued[0][3]), `${name} first listed line`);
        assert.strictEqual(view.range.end, Number(valued[valued.length - 1][3]), `${name} last listed line`);
        const byLine = new Map(view.lines.map((line) => [line.line, line]));
        for (const [, lineFlat, lineCum, line] of valued) {
          const mine = byLine.get(Number(line));
          const show = (v: number | undefined) => (v ? formatValue(v, unit) : '.');
          assert.deepStrictEqual([show(mine?.flat), show(mine?.cum)], [lineFlat, lineCum], `${name}:${line}`);
        }
        checked++;
      }
      assert.ok(checked > 0);
    });
  }

  it('compare mode: the change per line, with the base per line beside it', () => {
    const base = load('leak_server/snapshot1.heap');
    const next = load('leak_server/snapshot5.heap');
    const diff = diffProfile(base, next);
    const sampleIndex = sampleIndexByName(diff.profile, 'inuse_space');
    const fn = diff.profile.functions.findIndex((f) => f.name === 'main.retainSession');
    const view = sourceView(diff, sampleIndex, fn)!;
    const lines = (profile: Profile) => new Map(listRoutines(profile, sampleIndex, /^main\.retainSession$/)[0].lines.map((l) => [l.line, l]));
    const newLines = lines(next);
    const baseLines = lines(base);
    assert.ok(view.lines.length > 0);
    for (const line of view.lines) {
      assert.strictEqual(line.baseFlat, baseLines.get(line.line)?.flat ?? 0, `base flat ${line.line}`);
      assert.strictEqual(line.baseCum, baseLines.get(line.line)?.cum ?? 0, `base cum ${line.line}`);
      assert.strictEqual(line.flat + line.baseFlat!, newLines.get(line.line)?.flat ?? 0, `new flat ${line.line}`);
      assert.strictEqual(line.cum + line.baseCum!, newLines.get(line.line)?.cum ?? 0, `new cum ${line.line}`);
    }
    assert.ok(view.lines.some((line) => line.flat > 0), 'the leaking line grew');
    // A function with no value in this sample type has no view.
    const inuse = sampleIndexByName(next, 'inuse_space');
    const valued = new Set(topTable(next, inuse).rows.map((row) => row.functionIndex));
    const without = next.functions.findIndex((_, i) => !valued.has(i));
    assert.ok(without >= 0);
    assert.strictEqual(sourceView(next, inuse, without), undefined);
  });
});
