import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The CLI on hostile trees: symlinked package siblings, FIFOs and devices named *.go, files over
 * the size limit, folders it cannot list. The built CLI runs in a child process with a timeout,
 * because a blocking read of a FIFO would freeze the test runner itself.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const TESTDATA = path.join(ROOT, 'test', 'testdata');

const POOL_SOURCE = `package demo

import (
\t"bytes"
\t"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func greet(name string) string {
\tbuf := bufPool.Get().(*bytes.Buffer)
\tbuf.WriteString(name)
\ts := buf.String()
\tbufPool.Put(buf)
\treturn s
}
`;

const POOL_DECLARATION = 'var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n';
const POOLS_FILE = `package demo\n\nimport (\n\t"bytes"\n\t"sync"\n)\n\n${POOL_DECLARATION}`;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gomem(args: string[], options: { cwd?: string; asNobody?: boolean } = {}): CliResult {
  const command = options.asNobody ? 'setpriv' : process.execPath;
  const argv = options.asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args] : [CLI, ...args];
  const result = spawnSync(command, argv, { cwd: options.cwd, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  if (result.error) throw result.error;
  assert.notStrictEqual(result.signal, 'SIGKILL', `gomem ${args.join(' ')} did not finish within 30 s`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonOutput {
  files: number;
  diagnostics: { file: string; rule: string }[];
  errors: { file: string; message: string }[];
}

describe('gomem lint on hostile trees', function () {
  this.timeout(90_000);
  let scratch: string;

  before(() => assert.ok(fs.existsSync(CLI), 'build the CLI first (npm run build)'));
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-hostile-'));
  });
  afterEach(() => {
    fs.chmodSync(scratch, 0o700);
    for (const entry of fs.readdirSync(scratch, { recursive: true }) as string[]) {
      const full = path.join(scratch, entry);
      if (fs.lstatSync(full, { throwIfNoEntry: false })?.isDirectory()) fs.chmodSync(full, 0o700);
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe('--fix writes only inside the tree it was given', () => {
    it('leaves a package sibling symlinked from outside the tree untouched, and says why the fix was not applied', () => {
      const outside = path.join(scratch, 'outside');
      const tree = path.join(scratch, 'tree');
      fs.mkdirSync(outside);
      fs.mkdirSync(path.join(tree, 'chunks'), { recursive: true });
      fs.copyFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'go.mod'), path.join(tree, 'go.mod'));
      const poolsText = fs.readFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', 'pools.go'), 'utf8');
      const useText = fs.readFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', 'use.go'), 'utf8');
      fs.writeFileSync(path.join(outside, 'pools.go'), poolsText);
      fs.writeFileSync(path.join(tree, 'chunks', 'use.go'), useText);
      fs.symlinkSync(path.join(outside, 'pools.go'), path.join(tree, 'chunks', 'pools.go'));

      const result = gomem(['lint', '--fix', '--rule', 'pool-put-non-pointer', tree]);
      assert.strictEqual(fs.readFileSync(path.join(outside, 'pools.go'), 'utf8'), poolsText, 'the file outside the tree was written through the symlink');
      // The fix rewrites the Puts in use.go and New in pools.go together: half of it would not build.
      assert.strictEqual(fs.readFileSync(path.join(tree, 'chunks', 'use.go'), 'utf8'), useText);
      assert.ok(fs.lstatSync(path.join(tree, 'chunks', 'pools.go')).isSymbolicLink());
      assert.match(result.stdout, /not applied: Pool \*\[\]byte instead of \[\]byte in chunkPool \(pool-put-non-pointer, from .*use\.go\) would write .*pools\.go, but it is a symbolic link\n/);
      assert.match(result.stdout, /gomem: applied 0 fixes in 0 files; \d+ findings remain\n$/);
      assert.strictEqual(result.code, 1, result.stderr);
    });

    it('does not write a sibling outside a file given alone, but fixes what lies inside it', () => {
      const folder = path.join(scratch, 'chunks');
      fs.cpSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks'), folder, { recursive: true });
      for (const golden of fs.readdirSync(folder).filter((name) => name.endsWith('.golden'))) fs.rmSync(path.join(folder, golden));
      const poolsBefore = fs.readFileSync(path.join(folder, 'pools.go'), 'utf8');
      const result = gomem(['lint', '--fix', '--rule', 'pool-put-non-pointer', path.join(folder, 'use.go')]);
      assert.strictEqual(fs.readFileSync(path.join(folder, 'pools.go'), 'utf8'), poolsBefore);
      assert.match(result.stdout, /would write .*pools\.go, but it is outside the files and folders being linted\n/);
    });
  });

  describe('only regular files are read, with a size cap', () => {
    it('finishes on a package whose siblings are a symlink to /dev/zero and a FIFO, and still reports the real file', function () {
      if (process.platform === 'win32') this.skip();
      // The pools are declared in a sibling, so pool-put-non-pointer reads every sibling of use.go.
      for (const name of ['use.go', 'pools.go']) fs.copyFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', name), path.join(scratch, name));
      fs.symlinkSync('/dev/zero', path.join(scratch, 'zero.go'));
      execFileSync('mkfifo', [path.join(scratch, 'pipe.go')]);
      const result = gomem(['lint', '--format', 'json', '--rule', 'pool-put-non-pointer', scratch]);
      const output = JSON.parse(result.stdout) as JsonOutput;
      assert.ok(output.diagnostics.length >= 2, result.stdout);
      assert.deepStrictEqual(new Set(output.diagnostics.map((d) => path.basename(d.file))), new Set(['use.go']));
      assert.deepStrictEqual(output.errors, []);
      assert.strictEqual(result.code, 1);
    });

    it('refuses a FIFO or a device named on the command line with one sentence', function () {
      if (process.platform === 'win32') this.skip();
      execFileSync('mkfifo', [path.join(scratch, 'pipe.go')]);
      fs.symlinkSync('/dev/zero', path.join(scratch, 'zero.go'));
      const result = gomem(['lint', path.join(scratch, 'pipe.go'), path.join(scratch, 'zero.go')]);
      assert.strictEqual(result.code, 2);
      assert.strictEqual(
        result.stderr,
        `gomem: ${path.join(scratch, 'pipe.go')}: skipped: it is a FIFO, not a regular file\n` +
          `gomem: ${path.join(scratch, 'zero.go')}: skipped: it is a character device, not a regular file\n`,
      );
    });

    it('skips a file over the default 10 MB limit with one sentence and keeps the other findings', () => {
      fs.writeFileSync(path.join(scratch, 'greet.go'), POOL_SOURCE);
      const line = '// ' + 'x'.repeat(97) + '\n';
      fs.writeFileSync(path.join(scratch, 'table.go'), 'package demo\n' + line.repeat(110_000));
      const result = gomem(['lint', '--format', 'json', scratch]);
      const output = JSON.parse(result.stdout) as JsonOutput;
      assert.deepStrictEqual(output.diagnostics.map((d) => path.basename(d.file)), ['greet.go']);
      const megabytes = (fs.statSync(path.join(scratch, 'table.go')).size / 1024 / 1024).toFixed(1);
      const sentence = `skipped: it is ${megabytes} MB, over the 10 MB limit for Go files (raise it with --max-file-megabytes or the gomem.lint.maxFileMegabytes setting)`;
      assert.deepStrictEqual(output.errors, [{ file: path.join(scratch, 'table.go'), message: sentence }]);
      assert.strictEqual(result.code, 2);
    });

    it('--max-file-megabytes sets the limit, for package siblings too', () => {
      // The pool is declared in a sibling of 300 KB: over a 0.25 MB limit, so greet.go sees no pool.
      fs.writeFileSync(path.join(scratch, 'greet.go'), POOL_SOURCE.replace(POOL_DECLARATION, ''));
      fs.writeFileSync(path.join(scratch, 'pools.go'), POOLS_FILE + '// padding\n'.repeat(30_000));
      const limited = gomem(['lint', '--format', 'json', '--max-file-megabytes', '0.25', scratch]);
      assert.deepStrictEqual(JSON.parse(limited.stdout).errors.map((error: { file: string }) => path.basename(error.file)), ['pools.go']);
      const raised = gomem(['lint', '--format', 'json', '--max-file-megabytes', '1', scratch]);
      assert.deepStrictEqual(JSON.parse(raised.stdout).errors, []);
      assert.strictEqual(raised.code, 1);
      assert.strictEqual(gomem(['lint', '--max-file-megabytes', 'lots', scratch]).stderr.split('\n')[0], 'gomem: --max-file-megabytes needs a positive number, not "lots"');
    });
  });

  describe('exit code 2 contract', () => {
    it('--format json with exit 2 still says why on stderr', function () {
      if (process.platform === 'win32') this.skip();
      const asNobody = process.getuid?.() === 0; // root reads any file: run as nobody instead
      fs.chmodSync(scratch, 0o755);
      fs.writeFileSync(path.join(scratch, 'greet.go'), POOL_SOURCE, { mode: 0o000 });
      fs.writeFileSync(path.join(scratch, 'other.go'), POOL_SOURCE.replace('func greet', 'func other').replace(POOL_DECLARATION, ''));
      const result = gomem(['lint', '--format', 'json', scratch], { asNobody });
      assert.strictEqual(result.code, 2);
      assert.deepStrictEqual(JSON.parse(result.stdout).errors.map((error: { file: string }) => path.basename(error.file)), ['greet.go']);
      assert.match(result.stderr, /^gomem: .*greet\.go: cannot read: EACCES: permission denied, open .*\n$/);
    });

    it('--format sarif with exit 2 says why on stderr too, and a size refusal is one sentence', () => {
      fs.writeFileSync(path.join(scratch, 'greet.go'), POOL_SOURCE);
      const result = gomem(['lint', '--format', 'sarif', '--max-file-megabytes', '0.0001', scratch]);
      assert.strictEqual(result.code, 2);
      const size = fs.statSync(path.join(scratch, 'greet.go')).size;
      assert.strictEqual(
        result.stderr,
        `gomem: ${path.join(scratch, 'greet.go')}: skipped: it is ${size} bytes, over the 104 bytes limit for Go files (raise it with --max-file-megabytes or the gomem.lint.maxFileMegabytes setting)\n`,
      );
    });

    it('reports a folder it cannot list in errors and keeps the rest of the results', function () {
      if (process.platform === 'win32') this.skip();
      const asNobody = process.getuid?.() === 0; // root reads any folder: run as nobody instead
      fs.chmodSync(scratch, 0o755);
      fs.mkdirSync(path.join(scratch, 'open'));
      fs.mkdirSync(path.join(scratch, 'locked'));
      fs.writeFileSync(path.join(scratch, 'open', 'greet.go'), POOL_SOURCE);
      fs.writeFileSync(path.join(scratch, 'locked', 'greet.go'), POOL_SOURCE);
      fs.chmodSync(path.join(scratch, 'locked'), 0o000);
      const result = gomem(['lint', '--format', 'json', scratch], { asNobody });
      const output = JSON.parse(result.stdout) as JsonOutput;
      assert.deepStrictEqual(output.diagnostics.map((d) => path.basename(path.dirname(d.file))), ['open']);
      assert.strictEqual(output.errors.length, 1);
      assert.strictEqual(output.errors[0].file, path.join(scratch, 'locked'));
      assert.match(output.errors[0].message, /^cannot list the folder: EACCES/);
      assert.match(result.stderr, /locked: cannot list the folder/);
      assert.strictEqual(result.code, 2);
    });
  });
});
