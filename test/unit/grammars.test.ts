// The TextMate grammars of syntaxes/, checked by vscode-tmgrammar-test (VS Code's own tokenizer,
// vscode-textmate with Oniguruma) against the assertions in test/grammar/, with the languages and
// grammars exactly as package.json contributes them.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNNER = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
const CASES = path.join(ROOT, 'test', 'grammar');

function runGrammarTests(files: string[]) {
  const result = spawnSync(process.execPath, [RUNNER, '--compact', '--config', path.join(ROOT, 'package.json'), ...files], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('TextMate grammars', function () {
  this.timeout(180_000);

  it('tokenize GC traces and goroutine dumps as test/grammar/ asserts', () => {
    const files = fs.readdirSync(CASES).filter((name) => /\.test\.(gctrace|goroutines)$/.test(name));
    assert.deepStrictEqual(files.sort(), ['cycle.test.gctrace', 'dump.test.goroutines', 'interleaved.test.gctrace', 'panic.test.goroutines', 'scavenger.test.gctrace']);
    const { status, output } = runGrammarTests(files.map((name) => path.join(CASES, name)));
    assert.strictEqual(status, 0, output);
    assert.strictEqual(output.match(/run successfuly/g)?.length, files.length, output);
  });

  it('fail when a token does not have the asserted scope', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-grammar-'));
    try {
      const wrong = path.join(dir, 'wrong.test.gctrace');
      const line = 'gc 1 @0.1s 1%: 0.1+1+0.1 ms clock, 0.1+0/1/0+0.1 ms cpu, 4->5->3 MB, 5 MB goal, 4 P';
      const live = line.indexOf('->3 MB') + 2;
      fs.writeFileSync(wrong, `# SYNTAX TEST "text.gctrace" "heap live is not the goal"\n${line}\n#${' '.repeat(live - 1)}^ constant.numeric.integer.heap-goal.gctrace\n`);
      const { status, output } = runGrammarTests([wrong]);
      assert.notStrictEqual(status, 0, output);
      assert.match(output, /constant\.numeric\.integer\.heap-live\.gctrace/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('open the recorded traces and goroutine dumps with the right language by their first line', () => {
    const languages: { id: string; firstLine: string; extensions: string[] }[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.languages;
    const firstLine = (id: string) => new RegExp(languages.find((language) => language.id === id)!.firstLine);
    const firstLineOf = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')[0];
    for (const trace of ['leaking/leaking.gctrace', 'churning/churning.gctrace', 'scavenging/scavenging.gctrace', 'interleaved/clean.gctrace']) {
      assert.match(firstLineOf(`test/fixtures/gctrace/${trace}`), firstLine('gctrace'), trace);
    }
    assert.match('2024-05-01T10:00:00Z stderr F gc 1 @0.012s 2%: 0.01+1.1+0.02 ms clock, ...', firstLine('gctrace'));
    assert.doesNotMatch(firstLineOf('test/fixtures/gctrace/interleaved/app.log'), firstLine('gctrace'));
    assert.match(firstLineOf('test/fixtures/pprof/textgen.goroutine.debug2.txt'), firstLine('goroutines'));
    assert.match('panic: assignment to entry in nil map', firstLine('goroutines'));
    assert.doesNotMatch('goroutine profile: total 4', firstLine('goroutines'));
    assert.deepStrictEqual(languages.find((language) => language.id === 'gctrace')!.extensions, ['.gctrace', '.gctrace.log']);
    assert.deepStrictEqual(languages.find((language) => language.id === 'goroutines')!.extensions, ['.goroutines']);
  });
});
