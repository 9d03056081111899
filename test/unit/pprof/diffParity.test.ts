// gomem's diff, `top --lines` and source listing against `go tool pprof -diff_base`, `-top -lines`
// and `-list` output recorded by scripts/pprof/makeExpectedDiff.sh: same rows, same numbers, same text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { byLines, diffProfile, diffTotal, formatListing, formatTopReport, incomparableReason, listRoutines, sampleIndexByName, sourceLines, topReport } from '../../../src/core/pprof';
import { loadProfile } from '../../../src/core/pprof/node';
import { runCli } from '../../../src/cli/main';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const expectedDir = path.join(fixtures, 'expected-diff');
const load = (name: string) => loadProfile(fs.readFileSync(path.join(fixtures, `${name}.pb.gz`)), { maxInflatedBytes: 64 << 20 });
const recorded = (suffix: string) => fs.readdirSync(expectedDir).filter((f) => f.endsWith(suffix));
const expected = (file: string) => fs.readFileSync(path.join(expectedDir, file), 'utf8');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('pprof parity: diff, -lines and -list', () => {
  it('has recorded output for at least three pairs, several sample types, lines and listings', () => {
    const pairs = recorded('.diff.txt');
    assert.ok(pairs.length >= 9, pairs.join());
    assert.ok(new Set(pairs.map((f) => f.split('__')[2])).size >= 5);
    assert.ok(recorded('.lines.txt').length >= 10);
    assert.ok(recorded('.list.txt').length >= 4);
  });

  for (const file of recorded('.diff.txt')) {
    const [base, next, type, variant] = file.replace(/\.diff\.txt$/, '').split('__').map((p) => p.replace('+', '/'));
    const flags = { cum: variant === 'cum', nodeFraction: variant === 'nf0' ? 0 : undefined, nodeCount: variant === 'limit5' ? 5 : undefined };

    it(`diff ${file}`, () => {
      const diff = diffProfile(load(base), load(next));
      const sampleIndex = sampleIndexByName(diff.profile, type);
      const report = topReport(diff.profile, { sampleIndex, total: diffTotal(diff, sampleIndex), ...flags });
      assert.strictEqual(formatTopReport(report), expected(file));
    });

    it(`gomem profile diff CLI ${file}`, async () => {
      const args = ['profile', 'diff', '--sample-index', type, path.join(fixtures, `${base}.pb.gz`), path.join(fixtures, `${next}.pb.gz`)];
      if (flags.cum) args.push('--cum');
      if (variant === 'nf0') args.push('--node-fraction', '0');
      if (variant === 'limit5') args.push('--limit', '5');
      const result = await cli(args);
      assert.deepStrictEqual(result, { code: 0, stdout: expected(file), stderr: '' });
    });
  }

  for (const file of recorded('.lines.txt')) {
    const [name, type, variant] = file.replace(/\.lines\.txt$/, '').split('__').map((p) => p.replace('+', '/'));
    it(`top --lines ${file}`, async () => {
      const args = ['profile', 'top', '--lines', '--sample-index', type, path.join(fixtures, `${name}.pb.gz`)];
      if (variant === 'nf0') args.push('--node-fraction', '0');
      const result = await cli(args);
      assert.deepStrictEqual(result, { code: 0, stdout: expected(file), stderr: '' });
    });
  }

  it('byLines keeps the function-level numbers: each function is the sum of its lines for flat', () => {
    const profile = load('pool_leak.heap');
    const sampleIndex = sampleIndexByName(profile, 'alloc_space');
    const byFunction = topReport(profile, { sampleIndex, nodeFraction: 0 });
    const lines = byLines(profile);
    const byLine = topReport(lines, { sampleIndex, nodeFraction: 0 });
    const flatOf = new Map<string, number>();
    for (const row of byLine.rows) {
      const fn = profile.functions[lines.lineFunction[row.functionIndex]].name;
      flatOf.set(fn, (flatOf.get(fn) ?? 0) + row.flat);
    }
    for (const row of byFunction.rows) assert.strictEqual(flatOf.get(row.function) ?? 0, row.flat, row.function);
  });

  for (const file of recorded('.list.txt')) {
    const [, profileName, type, pattern] = /^(.+?)__(.+?)__(.+)\.list\.txt$/.exec(file)!;
    const program = profileName.split('.')[0];
    it(`list ${file}`, () => {
      const profile = load(profileName);
      const sampleIndex = sampleIndexByName(profile, type);
      // The recorded regexes: "^main\." and one function name (file names keep only [A-Za-z0-9_]).
      const regex = pattern.startsWith('_main') ? /^main\./ : new RegExp(pattern);
      const trim = `/tmp/pprof-probe/out/${program}/`;
      const text = formatListing(
        listRoutines(profile, sampleIndex, regex),
        topReport(profile, { sampleIndex }).total,
        profile.sampleTypes[sampleIndex].unit,
        (file) => sourceLines(fs.readFileSync(path.join(fixtures, program, file.replace(trim, '')), 'utf8')),
        (file) => file.replace(trim, ''),
      );
      assert.strictEqual(text, expected(file));
    });
  }

  it('a CPU profile cannot be compared with a heap profile: one sentence, from the core and the CLI', async () => {
    const reason = incomparableReason(load('pool_leak.heap'), load('pool_leak.cpu'));
    assert.match(reason ?? '', /^These profiles cannot be compared: they have no sample type in common \(.*\)\.$/);
    const result = await cli(['profile', 'diff', path.join(fixtures, 'pool_leak.heap.pb.gz'), path.join(fixtures, 'pool_leak.cpu.pb.gz')]);
    assert.strictEqual(result.code, 2);
    assert.strictEqual(result.stdout, '');
    assert.strictEqual(result.stderr, reason + '\n');
  });
});
