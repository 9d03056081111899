// The lean decoder of growth rankings and heap watches (loadLeafProfile) reads only flat values per
// function; they must be the flat column and the total of `-top` (topReport, itself checked against
// recorded go tool pprof output) for every fixture and sample type. And the series that ranks them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { GrowthSeries, growthReport, leafSnapshotValues, SnapshotValues } from '../../../src/core/pprof/growth';
import { loadLeafProfile, loadProfile } from '../../../src/core/pprof/node';
import { topReport } from '../../../src/core/pprof/topReport';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const files = [
  ...fs.readdirSync(fixtures).filter((name) => /\.(pb\.gz|txt)$/.test(name)),
  ...fs.readdirSync(path.join(fixtures, 'leak_server')).filter((name) => name.endsWith('.pb.gz')).map((name) => path.join('leak_server', name)),
];

/** Flat per function (non-zero) and total as `-top` prints them, unrounded. */
function topFlat(file: string, sampleIndex: number): { flat: Map<string, number>; total: number } {
  const profile = loadProfile(fs.readFileSync(file));
  const report = topReport(profile, { sampleIndex, nodeFraction: 0, nodeCount: 0 });
  return { flat: new Map(report.rows.filter((row) => row.flat !== 0).map((row) => [row.function, row.flat])), total: report.total };
}

describe('leaf profile (growth and heap watch decoding)', function () {
  this.timeout(120_000);

  it('gives the flat column and total of -top for every fixture and sample type', () => {
    assert.ok(files.length >= 20);
    let checked = 0;
    for (const name of files) {
      const file = path.join(fixtures, name);
      const types = loadProfile(fs.readFileSync(file)).sampleTypes.length;
      for (let index = 0; index < types; index++) {
        const leaf = loadLeafProfile(fs.readFileSync(file), () => index);
        const values = leafSnapshotValues(name, leaf);
        const expected = topFlat(file, index);
        assert.strictEqual(values.total, expected.total, `${name} #${index} total`);
        assert.deepStrictEqual(new Map([...values.flatByFunction].sort()), new Map([...expected.flat].sort()), `${name} #${index}`);
        checked++;
      }
    }
    assert.ok(checked >= 60, `${checked} profile/sample type pairs`);
  });

  it('gives the same numbers on the large profile', () => {
    const file = path.join(fixtures, 'large', 'large.heap.pb.gz');
    const bytes = fs.readFileSync(file);
    const leaf = loadLeafProfile(bytes, (header) => header.defaultSampleIndex);
    const expected = topFlat(file, leaf.sampleIndex);
    const values = leafSnapshotValues(file, leaf);
    assert.strictEqual(values.total, expected.total);
    assert.deepStrictEqual(new Map([...values.flatByFunction].sort()), new Map([...expected.flat].sort()));
  });

  it('a sample type the profile lacks is refused as the caller words it, once the samples are checked', () => {
    const bytes = fs.readFileSync(path.join(fixtures, 'pool_leak.heap.pb.gz'));
    assert.throws(
      () =>
        loadLeafProfile(bytes, () => {
          throw new Error('no such type');
        }),
      /^Error: no such type$/,
    );
  });
});

describe('growth series', () => {
  const snapshot = (file: string, flat: [string, number][]): SnapshotValues => ({
    file,
    sampleType: { type: 'inuse_space', unit: 'bytes' },
    total: flat.reduce((sum, [, v]) => sum + Math.abs(v), 0),
    flatByFunction: new Map(flat),
  });
  const series = [
    snapshot('a', [['leak', 100], ['churn', 50], ['gone', 30], ['late', 0]]),
    snapshot('b', [['leak', 200], ['churn', 10], ['late', 5]]),
    snapshot('c', [['leak', 300], ['churn', 40], ['late', 5], ['new', 7]]),
  ];

  it('lists only functions that grew from first to last, by growth, with their values and steadiness', () => {
    const report = growthReport(series);
    assert.deepStrictEqual(
      report.rows.map((r) => [r.function, r.values, r.growth, r.grewEveryInterval]),
      [
        ['leak', [100, 200, 300], 200, true],
        ['new', [0, 0, 7], 7, false],
        ['late', [0, 5, 5], 5, false],
      ],
    );
    assert.strictEqual(report.rows[0].share, 200 / 212);
    assert.deepStrictEqual(report.snapshots.map((s) => s.total), [180, 215, 352]);
  });

  it('a limit keeps the largest rows and the shares of all', () => {
    const growing = new GrowthSeries();
    for (const s of series) growing.add(s);
    const all = growing.report();
    const top = growing.report(2);
    assert.deepStrictEqual(top.rows, all.rows.slice(0, 2));
    assert.strictEqual(top.rows[1].share, 7 / 212);
  });

  it('refuses a snapshot of another sample type in one sentence', () => {
    const growing = new GrowthSeries();
    growing.add(series[0]);
    assert.throws(() => growing.add({ ...series[1], sampleType: { type: 'alloc_objects', unit: 'count' } }), /^ProfileError: b has alloc_objects in count, the first snapshot inuse_space in bytes: a series needs one kind of profile\.$/);
    assert.throws(() => growing.report(), /at least two snapshots/);
  });
});
