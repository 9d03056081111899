import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { goFilesBelow } from '../helpers/goFiles';
import { GO, runGo } from '../helpers/goToolchain';

/**
 * `gomem lint --fix` on temporary copies of rule test data: the files it rewrites must equal
 * their `.golden` twins, and a second lint must find nothing left to fix.
 */
const TESTDATA = path.resolve(__dirname, '..', '..', '..', 'test', 'testdata');

async function gomem(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

function copyOf(folder: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-fix-'));
  fs.cpSync(path.join(TESTDATA, folder), copy, { recursive: true });
  return copy;
}

/**
 * Every `.go` file with a `.golden` twin must now read like it, and every file --fix changed
 * must have one (a fix reported in one file may rewrite another: the pool's New in pools.go).
 */
function assertMatchesGoldens(copy: string, original: string): string[] {
  const compared: string[] = [];
  for (const file of goFilesBelow(copy)) {
    const source = path.join(original, path.relative(copy, file));
    // `.fix.golden`: where --fix's re-lint rounds reach further than the rule harness's one
    // round of first fixes (two guards that both declare the same constant).
    const golden = fs.existsSync(source + '.fix.golden') ? source + '.fix.golden' : source + '.golden';
    if (!fs.existsSync(golden)) {
      assert.strictEqual(fs.readFileSync(file, 'utf8'), fs.readFileSync(source, 'utf8'), `--fix changed ${path.relative(copy, file)}, which has no golden file`);
      continue;
    }
    assert.strictEqual(fs.readFileSync(file, 'utf8'), fs.readFileSync(golden, 'utf8'), `${path.relative(copy, file)} differs from its golden file after --fix`);
    compared.push(path.relative(copy, file));
  }
  return compared;
}

describe('gomem lint --fix', function () {
  this.timeout(60_000);
  const copies: string[] = [];
  afterEach(() => {
    for (const copy of copies.splice(0)) fs.rmSync(copy, { recursive: true, force: true });
  });

  it('fixes a multi-file package with every pool rule: goldens match, output names each change, nothing is left', async () => {
    const copy = copyOf('pool-cli-fix');
    copies.push(copy);
    const poolRules = ['pool-put-without-reset', 'pool-put-unbounded-buffer', 'pool-put-non-pointer'].flatMap((id) => ['--rule', id]);
    const before = await gomem('lint', ...poolRules, copy);
    assert.strictEqual(before.code, 1, 'the package has findings before --fix');

    const fixed = await gomem('lint', '--fix', ...poolRules, copy);
    assert.strictEqual(fixed.stderr, '');
    assert.strictEqual(fixed.code, 0, fixed.stdout);
    const compared = assertMatchesGoldens(copy, path.join(TESTDATA, 'pool-cli-fix'));
    assert.deepStrictEqual(compared, ['cache/copy.go', 'cache/pools.go', 'cache/server.go'].map((file) => path.join(...file.split('/'))));
    // The pool switch to *[]byte was reported in copy.go but also rewrote New in pools.go.
    assert.match(fixed.stdout, /fixed .*pools\.go:\n {2}Pool \*\[\]byte instead of \[\]byte in chunkPool \(pool-put-non-pointer, from .*copy\.go\)/);
    assert.match(fixed.stdout, /fixed .*server\.go:\n(?: {2}.*\n)*? {2}Put buf back only while its capacity is at most maxPooledBufferSize \(pool-put-unbounded-buffer\)/);
    // Both capacity guards in server.go declare maxPooledBufferSize: the second waits for a
    // re-lint round, which finds the constant and only wraps its Put.
    assert.match(fixed.stdout, /gomem: applied 5 fixes in 3 files; 0 findings remain\n$/);
    assert.strictEqual(fs.readFileSync(path.join(copy, 'cache', 'server.go'), 'utf8').match(/const maxPooledBufferSize/g)?.length, 1);

    const after = await gomem('lint', ...poolRules, copy);
    assert.deepStrictEqual({ code: after.code, stdout: after.stdout }, { code: 0, stdout: '' });
    if (GO) {
      const vet = runGo(['vet', './...'], copy);
      assert.ok(vet.ok, `go vet fails on the fixed package:\n${vet.output}`);
    }
  });

  for (const ruleId of ['pool-put-without-reset', 'pool-put-unbounded-buffer', 'pool-put-non-pointer']) {
    it(`--rule ${ruleId}: the fixed test data equals its golden files and a re-lint offers no fix`, async () => {
      const copy = copyOf(ruleId);
      copies.push(copy);
      const fixed = await gomem('lint', '--fix', '--rule', ruleId, copy);
      assert.strictEqual(fixed.stderr, '');
      assert.match(fixed.stdout, /gomem: applied [1-9]\d* fix/);
      assert.ok(assertMatchesGoldens(copy, path.join(TESTDATA, ruleId)).length > 0, 'no golden file was compared');

      const after = await gomem('lint', '--format', 'json', '--rule', ruleId, copy);
      const diagnostics = JSON.parse(after.stdout).diagnostics as { fixes: unknown[]; file: string; range: { start: { line: number } } }[];
      const stillFixable = diagnostics.filter((diagnostic) => diagnostic.fixes.length > 0);
      assert.deepStrictEqual(stillFixable.map((d) => `${d.file}:${d.range.start.line}`), []);
    });
  }

  it('refuses --fix with a machine-readable format', async () => {
    const result = await gomem('lint', '--fix', '--format', 'json', path.join(TESTDATA, 'pool-cli-fix'));
    assert.strictEqual(result.code, 2);
    assert.match(result.stderr, /--fix prints text only/);
  });
});
