import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const POOL = `package render

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

const MAPS = `package store

type point struct{ x, y int }

func index(points []point) map[int]*point {
\tm := map[int]*point{}
\tfor i, p := range points {
\t\tm[i] = &p
\t}
\treturn m
}
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

/** The cache entry files of a cache directory. */
function entries(cacheHome: string): string[] {
  const folder = path.join(cacheHome, 'gomem', 'lint-v1');
  return fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => path.join(folder, name)) : [];
}

/**
 * Rewrites the stored messages of one folder's entry (with a valid checksum): a later run that
 * prints the rewritten message took its findings from the cache, one that does not re-linted.
 */
function tamper(cacheHome: string, folder: string, marker: string): void {
  for (const file of entries(cacheHome)) {
    const raw = fs.readFileSync(file, 'utf8');
    const entry = JSON.parse(raw.slice(raw.indexOf('\n') + 1));
    if (entry.folder !== fs.realpathSync(folder) && entry.folder !== folder) continue;
    for (const { result } of entry.results) for (const report of result.reports) for (const finding of report.findings) finding.message = `${marker} ${finding.message}`;
    const body = JSON.stringify(entry);
    fs.writeFileSync(file, `${crypto.createHash('sha256').update(body).digest('hex')}\n${body}`);
    return;
  }
  assert.fail(`no cache entry for ${folder}`);
}

describe('lint result cache', function () {
  this.timeout(60_000);
  let workspace: string;
  let cacheHome: string;
  let savedXdg: string | undefined;

  beforeEach(() => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-cache-ws-')));
    cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-cache-home-'));
    savedXdg = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome;
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/demo\n\ngo 1.21\n');
    fs.mkdirSync(path.join(workspace, 'render'));
    fs.writeFileSync(path.join(workspace, 'render', 'greet.go'), POOL);
    fs.writeFileSync(path.join(workspace, 'render', 'clean.go'), 'package render\n\nfunc ok() {}\n');
    fs.mkdirSync(path.join(workspace, 'store'));
    fs.writeFileSync(path.join(workspace, 'store', 'index.go'), MAPS);
  });
  afterEach(() => {
    if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedXdg;
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(cacheHome, { recursive: true, force: true });
  });

  it('keeps one entry per package in $XDG_CACHE_HOME/gomem and answers a warm run from it, with the cold findings', async () => {
    const cold = await cli(['lint', '--format', 'json', '.'], workspace);
    assert.strictEqual(cold.code, 1);
    assert.strictEqual(JSON.parse(cold.stdout).diagnostics.length, 2);
    assert.strictEqual(entries(cacheHome).length, 2);
    const warm = await cli(['lint', '--format', 'json', '.'], workspace);
    assert.deepStrictEqual(warm, cold);
    // The warm run read the stored findings (a rewritten entry shows through) ...
    tamper(cacheHome, path.join(workspace, 'store'), 'CACHED');
    assert.match((await cli(['lint', '.'], workspace)).stdout, /CACHED .*map-pointer-value/);
    // ... and --no-cache ignores them.
    const bypass = await cli(['lint', '--no-cache', '--format', 'json', '.'], workspace);
    assert.deepStrictEqual(bypass, cold);
  });

  it('--no-cache neither reads nor writes the cache', async () => {
    await cli(['lint', '--no-cache', '.'], workspace);
    assert.deepStrictEqual(entries(cacheHome), []);
  });

  it('re-lints exactly the package whose file changed, with the findings of a cold run', async () => {
    await cli(['lint', '.'], workspace);
    tamper(cacheHome, path.join(workspace, 'render'), 'STALE');
    tamper(cacheHome, path.join(workspace, 'store'), 'KEPT');
    // Same size, new contents: a second Put of the same shape on another line.
    fs.writeFileSync(path.join(workspace, 'render', 'greet.go'), POOL.replace('func greet(name string)', 'func hello(name string)'));
    const after = await cli(['lint', '.'], workspace);
    assert.doesNotMatch(after.stdout, /STALE/);
    assert.match(after.stdout, /KEPT .*map-pointer-value/);
    const cold = await cli(['lint', '--no-cache', 'render'], workspace);
    assert.ok(after.stdout.includes(cold.stdout), `${after.stdout} holds ${cold.stdout}`);
  });

  it('re-lints a file whose package sibling changed, even when only that file is named', async () => {
    fs.writeFileSync(path.join(workspace, 'render', 'pool.go'), 'package render\n\nimport (\n\t"bytes"\n\t"sync"\n)\n\nvar bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n');
    fs.writeFileSync(path.join(workspace, 'render', 'greet.go'), POOL.replace(/var bufPool[^\n]*\n/, '').replace('import (\n\t"bytes"\n\t"sync"\n)\n', 'import "bytes"\n'));
    const named = path.join('render', 'greet.go');
    const before = await cli(['lint', named], workspace);
    assert.strictEqual(before.code, 1);
    tamper(cacheHome, path.join(workspace, 'render'), 'STALE');
    // The pool moves out of the package: the Put is no longer of a sync.Pool gomem can see.
    fs.writeFileSync(path.join(workspace, 'render', 'pool.go'), 'package render\n\ntype pool struct{}\n\nfunc (pool) Get() any { return nil }\nfunc (pool) Put(any)   {}\n\nvar bufPool pool\n');
    const after = await cli(['lint', named], workspace);
    assert.deepStrictEqual(after, await cli(['lint', '--no-cache', named], workspace));
    assert.doesNotMatch(after.stdout, /STALE/);
  });

  it('a change of settings (--rule) or of the go.mod go line is a different key', async () => {
    await cli(['lint', '.'], workspace);
    tamper(cacheHome, path.join(workspace, 'store'), 'ALL-RULES');
    const onlyMaps = await cli(['lint', '--rule', 'map-pointer-value', '.'], workspace);
    assert.doesNotMatch(onlyMaps.stdout, /ALL-RULES/);
    assert.deepStrictEqual(onlyMaps, await cli(['lint', '--no-cache', '--rule', 'map-pointer-value', '.'], workspace));
    assert.match((await cli(['lint', '.'], workspace)).stdout, /ALL-RULES/);
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/demo\n\ngo 1.22\n');
    const newGo = await cli(['lint', '.'], workspace);
    assert.doesNotMatch(newGo.stdout, /ALL-RULES/);
    assert.deepStrictEqual(newGo, await cli(['lint', '--no-cache', '.'], workspace));
  });

  it('ignores a damaged entry with one warning, gives the cold answer and rewrites the entry', async () => {
    const cold = await cli(['lint', '--no-cache', '--format', 'json', '.'], workspace);
    await cli(['lint', '.'], workspace);
    const [first, second] = entries(cacheHome);
    fs.writeFileSync(first, fs.readFileSync(first, 'utf8').replace(/"message":"/g, '"message":"X'));
    fs.writeFileSync(second, 'not json at all');
    const damaged = await cli(['lint', '--format', 'json', '.'], workspace);
    assert.strictEqual(damaged.stdout, cold.stdout);
    assert.strictEqual(damaged.code, cold.code);
    assert.match(damaged.stderr, /^gomem: warning: a damaged lint cache entry was ignored and is rewritten \(.*\)\n$/);
    const again = await cli(['lint', '--format', 'json', '.'], workspace);
    assert.deepStrictEqual(again, cold);
  });

  it('lints without the cache, with one warning, when its folder cannot be written', async () => {
    const cold = await cli(['lint', '--no-cache', '--format', 'json', '.'], workspace);
    // A file where the cache folder should be: no permission trick that root would ignore.
    fs.writeFileSync(path.join(cacheHome, 'gomem'), 'in the way');
    const blocked = await cli(['lint', '--format', 'json', '.'], workspace);
    assert.strictEqual(blocked.stdout, cold.stdout);
    assert.strictEqual(blocked.code, cold.code);
    assert.match(blocked.stderr, /^gomem: warning: the lint cache in .* cannot be (read|written) \(.*\); linting without it\n$/);
  });
});
