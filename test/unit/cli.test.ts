import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli } from '../../src/cli/main';
import { ALL_RULES } from '../../src/core/rules';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'gomem.js');

const BUGGY = `package demo

import (
\t"bytes"
\t"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// é😀 columns are counted in UTF-16 units, as LSP does.
func greet(name string) string { buf := bufPool.Get().(*bytes.Buffer); buf.WriteString("é😀"); s := buf.String(); bufPool.Put(buf); return s }
`;

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

describe('gomem CLI', function () {
  this.timeout(20_000);
  let workspace: string;

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-cli-'));
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/demo\n\ngo 1.21\n');
    fs.mkdirSync(path.join(workspace, 'pkg'));
    fs.writeFileSync(path.join(workspace, 'pkg', 'greet.go'), BUGGY);
    fs.writeFileSync(path.join(workspace, 'clean.go'), 'package demo\n\nfunc ok() {}\n');
    for (const skipped of ['vendor/v', 'testdata', '.git']) {
      fs.mkdirSync(path.join(workspace, skipped), { recursive: true });
      fs.writeFileSync(path.join(workspace, skipped, 'greet.go'), BUGGY);
    }
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('prints go vet style lines and exits 1 when something is reported', async () => {
    const { code, stdout } = await cli(['lint', '.'], workspace);
    assert.strictEqual(code, 1);
    const column = 'func greet(name string) string { buf := bufPool.Get().(*bytes.Buffer); buf.WriteString("é😀"); s := buf.String(); '.length + 1;
    assert.strictEqual(stdout, `${path.join('pkg', 'greet.go')}:11:${column}: buf goes back to bufPool without Reset(): the next Get receives its old contents, and the buffer keeps growing; call buf.Reset() before the Put. (pool-put-without-reset)\n`);
  });

  it('accepts ./... as the current tree, as Go tools do', async () => {
    const dots = await cli(['lint', './...'], workspace);
    const plain = await cli(['lint', '.'], workspace);
    assert.deepStrictEqual(dots, plain);
    assert.strictEqual(dots.code, 1);
  });

  it('exits 0 with no output when nothing is reported', async () => {
    const { code, stdout } = await cli(['lint', 'clean.go'], workspace);
    assert.deepStrictEqual([code, stdout], [0, '']);
  });

  it('writes the documented JSON shape with 1-based UTF-16 positions and fixes', async () => {
    const { code, stdout } = await cli(['lint', '--format', 'json', '.'], workspace);
    assert.strictEqual(code, 1);
    const report = JSON.parse(stdout);
    assert.deepStrictEqual(Object.keys(report), ['version', 'files', 'diagnostics', 'errors']);
    assert.strictEqual(report.version, 1);
    assert.strictEqual(report.files, 2);
    assert.deepStrictEqual(report.errors, []);
    const [diagnostic] = report.diagnostics;
    assert.deepStrictEqual(Object.keys(diagnostic), ['file', 'rule', 'severity', 'message', 'range', 'related', 'fixes']);
    assert.strictEqual(diagnostic.rule, 'pool-put-without-reset');
    assert.strictEqual(diagnostic.severity, 'warning');
    const column = 'func greet(name string) string { buf := bufPool.Get().(*bytes.Buffer); buf.WriteString("é😀"); s := buf.String(); '.length + 1;
    assert.deepStrictEqual(diagnostic.range, { start: { line: 11, column }, end: { line: 11, column: column + 'bufPool.Put(buf)'.length } });
    // The Get the Put belongs to, on the same line.
    const get = 'func greet(name string) string { buf := '.length + 1;
    assert.deepStrictEqual(diagnostic.related.map((related: { file: string; range: unknown }) => [related.file, related.range]), [
      [path.join('pkg', 'greet.go'), { start: { line: 11, column: get }, end: { line: 11, column: get + 'bufPool.Get()'.length } }],
    ]);
    assert.deepStrictEqual(diagnostic.fixes[0].edits[0], {
      file: path.join('pkg', 'greet.go'),
      range: { start: { line: 11, column }, end: { line: 11, column } },
      newText: 'buf.Reset()\n',
    });
  });

  it('writes SARIF 2.1.0 that validates against the published schema', async () => {
    const { code, stdout } = await cli(['lint', '--format', 'sarif', '.'], workspace);
    assert.strictEqual(code, 1);
    const log = JSON.parse(stdout) as { runs: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const run = log.runs[0];
    assert.deepStrictEqual(run.tool.driver.rules.map((rule: { id: string }) => rule.id), ALL_RULES.map((rule) => rule.meta.id));
    assert.strictEqual(run.results.length, 1);
    assert.strictEqual(run.results[0].fixes[0].description.text, 'Reset buf before putting it back');
    assert.strictEqual(run.results[0].fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'buf.Reset()\n');
  });

  it('runs only the rules named with --rule, and rejects unknown ones with exit 2', async () => {
    const other = ALL_RULES.find((rule) => rule.meta.id !== 'pool-put-without-reset');
    if (other) {
      const { code } = await cli(['lint', '--rule', other.meta.id, 'pkg'], workspace);
      assert.strictEqual(code, 0);
    }
    const unknown = await cli(['lint', '--rule', 'no-such-rule', '.'], workspace);
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.stderr, /unknown rule "no-such-rule"/);
  });

  it('runs the off-by-default rules only when asked: --rule names one, --all-rules runs them all', async () => {
    const defers = 'package demo\n\nimport "os"\n\nfunc ReadAll(paths []string) {\n\tfor _, p := range paths {\n\t\tf, err := os.Open(p)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n\t\tdefer f.Close()\n\t}\n}\n';
    fs.writeFileSync(path.join(workspace, 'defers.go'), defers);
    const rulesIn = (stdout: string) => [...new Set(JSON.parse(stdout).diagnostics.map((diagnostic: { rule: string }) => diagnostic.rule))].sort();
    assert.deepStrictEqual(rulesIn((await cli(['lint', '--no-cache', '--format', 'json', '.'], workspace)).stdout), ['pool-put-without-reset']);
    assert.deepStrictEqual(rulesIn((await cli(['lint', '--no-cache', '--all-rules', '--format', 'json', '.'], workspace)).stdout), ['defer-in-loop', 'pool-put-without-reset']);
    assert.deepStrictEqual(rulesIn((await cli(['lint', '--no-cache', '--rule', 'defer-in-loop', '--format', 'json', '.'], workspace)).stdout), ['defer-in-loop']);
    const both = await cli(['lint', '--all-rules', '--rule', 'defer-in-loop', '.'], workspace);
    assert.strictEqual(both.code, 2);
    assert.match(both.stderr, /--all-rules and --rule/);
  });

  it('lists the rules from their metadata', async () => {
    const text = await cli(['rules'], workspace);
    for (const rule of ALL_RULES) assert.match(text.stdout, new RegExp(`^${rule.meta.id}\\s+${rule.meta.defaultSeverity}`, 'm'));
    for (const rule of ALL_RULES.filter((candidate) => candidate.meta.offByDefault)) {
      assert.ok(text.stdout.split('\n').find((line) => line.startsWith(`${rule.meta.id} `))!.includes(`Off by default (--rule ${rule.meta.id} or --all-rules)`), rule.meta.id);
    }
    assert.match(text.stdout, /^pool-put-non-pointer .* Same check: staticcheck SA6002\.$/m);
    const json = JSON.parse((await cli(['rules', '--format', 'json'], workspace)).stdout);
    assert.deepStrictEqual(json, ALL_RULES.map((rule) => rule.meta));
  });

  it('prints the usage with exit 0 for lint --help and rules -h, and lints a path named --help after --', async () => {
    for (const args of [['lint', '--help'], ['lint', '--format', 'json', '-h'], ['rules', '-h']]) {
      const result = await cli(args, workspace);
      assert.strictEqual(result.code, 0, args.join(' '));
      assert.match(result.stdout, /^usage:\n {2}gomem lint /);
      assert.strictEqual(result.stderr, '');
    }
    const path = await cli(['lint', '--', '--help'], workspace);
    assert.strictEqual(path.code, 2);
    assert.doesNotMatch(path.stdout, /^usage:/);
  });

  it('exits 2 with one line on stderr and no stack trace for a missing path, from the real binary', () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')), 'build first');
    const result = spawnSync(process.execPath, [BIN, 'lint', 'does-not-exist'], { cwd: workspace, encoding: 'utf8' });
    assert.strictEqual(result.status, 2);
    assert.strictEqual(result.stderr, 'gomem: does-not-exist: no such file or folder\n');
    assert.strictEqual(result.stdout, '');
  });

  it('runs through a symlinked bin, as npx and npm link install it', () => {
    const link = path.join(workspace, 'gomem-link');
    fs.symlinkSync(BIN, link);
    const result = spawnSync(process.execPath, [link, 'lint', 'pkg'], { cwd: workspace, encoding: 'utf8' });
    assert.strictEqual(result.status, 1, result.stderr);
    assert.match(result.stdout, /pool-put-without-reset/);
  });

  it('stops quietly when the reader closes the pipe early, as `gomem ... | head` does', function () {
    this.timeout(60_000);
    const trace = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'gctrace', 'interleaved', 'clean.gctrace'), 'utf8');
    const big = path.join(workspace, 'big.gctrace');
    fs.writeFileSync(big, trace.repeat(60));
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" gctrace --format json "${big}" | head -c 100 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`], { cwd: workspace, encoding: 'utf8' });
    assert.doesNotMatch(result.stderr, /EPIPE|\n\s+at /, result.stderr);
    assert.match(result.stderr, /^exit 0$/m);
  });

  it('exits 2 and prints the usage for a bad flag', () => {
    const result = spawnSync(process.execPath, [BIN, 'lint', '--frobnicate', '.'], { cwd: workspace, encoding: 'utf8' });
    assert.strictEqual(result.status, 2);
    assert.match(result.stderr, /^gomem: Unknown option '--frobnicate'/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
