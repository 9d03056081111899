import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { lintFiles } from '../../src/cli/lintRunner';
import { GoDocument } from '../../src/core/document';
import { Linter } from '../../src/core/linter';
import { Deadline, LintTimeoutError, underDeadline } from '../../src/core/timeBudget';
import { getPutPairs, hiddenPointerStores, nestedIfs, slowToParse } from '../helpers/hostileGo';

/**
 * Hostile inputs (issue 9 point 5): shapes whose cost grew with the square of their size lint in
 * time proportional to it, and what no algorithm can make fast (tree-sitter's error recovery on
 * some malformed chains) is stopped by the per-file time budget. Times are compared with a
 * smaller copy of the same shape, not with a clock target, so a loaded machine does not fail them.
 */

/** Milliseconds to parse and lint a text with every rule, the best of `runs`. */
function lintMs(linter: Linter, text: string, runs = 2): { ms: number; findings: number } {
  let best = Infinity;
  let findings = 0;
  for (let run = 0; run < runs; run++) {
    linter.clearCache();
    const started = performance.now();
    const source = linter.parse('/hostile/p.go', text);
    try {
      const result = linter.lint(source);
      assert.deepStrictEqual(result.ruleErrors.map((error) => error.message), []);
      findings = result.findings.length;
    } finally {
      source.tree.delete();
    }
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, findings };
}

describe('hostile inputs', function () {
  this.timeout(180_000);
  let linter: Linter;
  before(async () => {
    linter = await Linter.create();
    lintMs(linter, getPutPairs(5), 1); // compile the queries outside the measurements
  });

  // Linear: 5 times the size costs about 5 times as much; the quadratic versions cost 25 times
  // (500 pairs took a minute). The bound leaves room for noise on a busy machine.
  const GROWTH = 5;
  const shapes: [string, (size: number) => string, number, number][] = [
    ['Get/Put pairs in one function', getPutPairs, 100, 2],
    ['hidden pointer stores in one file', hiddenPointerStores, 40, 1],
  ];
  for (const [name, generate, size, findingsEach] of shapes) {
    it(`${size * GROWTH} ${name} cost about ${GROWTH} times ${size}, not ${GROWTH * GROWTH} times`, () => {
      const small = lintMs(linter, generate(size));
      const large = lintMs(linter, generate(size * GROWTH));
      assert.strictEqual(small.findings, size * findingsEach);
      assert.strictEqual(large.findings, size * GROWTH * findingsEach);
      const ratio = large.ms / Math.max(small.ms, 1);
      assert.ok(ratio < GROWTH * 2.5, `${size * GROWTH}: ${large.ms.toFixed(0)} ms, ${size}: ${small.ms.toFixed(0)} ms (${ratio.toFixed(1)} times)`);
    });
  }

  it('stops a parse past the time budget, and the document parses again once the text is sane', () => {
    const document = GoDocument.open(linter.language, slowToParse(25));
    try {
      const started = performance.now();
      assert.throws(() => underDeadline(new Deadline(0.5), () => document.tree), LintTimeoutError);
      assert.ok(performance.now() - started < 10_000, 'the parse was not stopped near its budget');
      document.applyChanges([{ text: 'package p\n\nfunc F() {}\n' }]);
      assert.strictEqual(underDeadline(new Deadline(5), () => document.tree).rootNode.hasError, false);
    } finally {
      document.dispose();
    }
  });

  it('gomem lint reports a file past --file-time-budget in errors with one sentence, and still reports the others', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-hostile-'));
    try {
      fs.writeFileSync(path.join(workspace, 'slow.go'), slowToParse(25));
      fs.mkdirSync(path.join(workspace, 'pool'));
      fs.writeFileSync(path.join(workspace, 'pool', 'pairs.go'), getPutPairs(3));
      let stdout = '';
      const started = performance.now();
      const code = await runCli(['lint', '--format', 'json', '--file-time-budget', '1', workspace], { stdout: (text) => (stdout += text), stderr: () => undefined });
      const elapsed = performance.now() - started;
      const output = JSON.parse(stdout);
      assert.strictEqual(code, 2);
      assert.deepStrictEqual(
        output.errors.map((error: { file: string; message: string }) => [path.basename(error.file), error.message]),
        [['slow.go', 'stopped: linting it took longer than the 1 s budget per file (raise it with --file-time-budget or the gomem.lint.fileTimeBudgetSeconds setting)']],
      );
      assert.strictEqual(output.diagnostics.filter((diagnostic: { file: string }) => diagnostic.file.endsWith('pairs.go')).length, 6);
      // Unbudgeted, slow.go alone takes minutes.
      assert.ok(elapsed < 30_000, `took ${elapsed.toFixed(0)} ms`);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('a 50 MB Go file gets one error entry naming it, and every other file is still reported, on worker threads too', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-huge-'));
    try {
      // Past the parser's memory, tree-sitter's WebAssembly runtime aborts for good: never parsed.
      const unit = 'func F(b *bytes.Buffer) { pool.Put(b) }\n';
      fs.writeFileSync(path.join(workspace, 'huge.go'), getPutPairs(1) + unit.repeat(Math.ceil(50e6 / unit.length)));
      fs.writeFileSync(path.join(workspace, 'pairs.go'), getPutPairs(2).replace('package p', 'package q'));
      // Enough other files for the CLI to lint on two worker threads.
      for (let index = 0; index < 400; index++) fs.writeFileSync(path.join(workspace, `clean${index}.go`), 'package q\n\nfunc ok() {}\n');
      const files = fs.readdirSync(workspace).map((name) => path.join(workspace, name)).sort();
      for (const threads of [1, 2]) {
        const run = await lintFiles(files, { only: [], threads, maxFileBytes: 100 * 1024 * 1024 });
        assert.deepStrictEqual(
          run.errors.map((error) => [path.basename(error.file), error.message]),
          [['huge.go', `skipped: it is ${(fs.statSync(path.join(workspace, 'huge.go')).size / 1024 / 1024).toFixed(1)} MB, more than the 16 MB of Go the parser can hold`]],
          `${threads} thread(s)`,
        );
        assert.deepStrictEqual(run.reports.map((report) => [path.basename(report.file), report.findings.length]), [['pairs.go', 4]], `${threads} thread(s)`);
      }
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('the budget also stops rules climbing out of 5,000 nested ifs (a minute unbudgeted)', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-nested-'));
    try {
      fs.writeFileSync(path.join(workspace, 'nested.go'), nestedIfs(5000));
      let stdout = '';
      const started = performance.now();
      const code = await runCli(['lint', '--format', 'json', '--file-time-budget', '1', workspace], { stdout: (text) => (stdout += text), stderr: () => undefined });
      const elapsed = performance.now() - started;
      assert.strictEqual(code, 2);
      assert.match(JSON.parse(stdout).errors[0].message, /^stopped: linting it took longer than the 1 s budget per file/);
      assert.ok(elapsed < 20_000, `took ${elapsed.toFixed(0)} ms`);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('gomem lint refuses a --file-time-budget that is not a positive number', async () => {
    let stderr = '';
    const code = await runCli(['lint', '--file-time-budget', 'soon', '.'], { stdout: () => undefined, stderr: (text) => (stderr += text) });
    assert.strictEqual(code, 2);
    assert.match(stderr, /--file-time-budget needs a positive number of seconds, not "soon"/);
  });
});
