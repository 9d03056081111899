import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findSourceFile, normalizePath, rememberSourceFolder, SourceLookup, sourceFolderMapping } from '../../src/core/pprof/sourceMap';
import { isRegularFile } from '../../src/client/regularFile';

/** A lookup over a fixed set of existing files, as VS Code's findFiles and stat would give it. */
function lookup(existing: string[], roots: string[], options: Partial<SourceLookup> = {}): SourceLookup {
  const files = new Set(existing);
  return {
    workspaceFiles: existing.flatMap((path) => {
      const root = roots.find((candidate) => path.startsWith(`${candidate}/`));
      return root ? [{ path, root }] : [];
    }),
    workspaceFolders: roots,
    modules: [],
    goRoot: undefined,
    exists: async (path) => files.has(path),
    ...options,
  };
}

describe('profile viewer source mapping', () => {
  it('maps a build-machine path to the workspace file with the longest shared suffix', async () => {
    const files = ['/ws/profiles/cache_leak/main.go', '/ws/profiles/pool_leak/main.go', '/ws/main.go'];
    const match = await findSourceFile('/tmp/pprof-probe/out/cache_leak/main.go', lookup(files, ['/ws']));
    assert.deepStrictEqual(match, { path: '/ws/profiles/cache_leak/main.go', kind: 'workspace-suffix' });
  });

  it('accepts a one-component match only when it is the whole path inside the workspace folder', async () => {
    // The workspace is the program's own folder: main.go at its root is the file.
    const atRoot = await findSourceFile('/home/ci/build/cache_leak/main.go', lookup(['/ws/main.go'], ['/ws']));
    assert.deepStrictEqual(atRoot, { path: '/ws/main.go', kind: 'workspace-suffix' });
    // A main.go in an unrelated folder is not evidence enough.
    const elsewhere = await findSourceFile('/home/ci/build/cache_leak/main.go', lookup(['/ws/tools/gen/main.go'], ['/ws']));
    assert.strictEqual(elsewhere, undefined);
  });

  it('prefers the shorter workspace path when two files share the same suffix', async () => {
    const files = ['/ws/vendor/example.com/x/pkg/a.go', '/ws/pkg/a.go'];
    const match = await findSourceFile('/build/pkg/a.go', lookup(files, ['/ws']));
    assert.strictEqual(match?.path, '/ws/pkg/a.go');
  });

  it('maps -trimpath paths through the module path of a go.mod', async () => {
    const files = ['/ws/svc/internal/cache/cache.go'];
    const match = await findSourceFile('example.com/svc/internal/cache/cache.go', {
      ...lookup(files, ['/ws']),
      workspaceFiles: [],
      modules: [
        { modulePath: 'example.com/svc', directory: '/ws/svc' },
        { modulePath: 'example.com/svc/internal', directory: '/ws/elsewhere' },
      ],
    });
    assert.deepStrictEqual(match, { path: '/ws/svc/internal/cache/cache.go', kind: 'module' });
  });

  it('maps standard-library frames into the local Go root, absolute or -trimpath', async () => {
    const goRoot = '/usr/lib/go';
    const files = ['/usr/lib/go/src/runtime/proc.go', '/usr/lib/go/src/net/http/server.go'];
    const options = { goRoot };
    assert.deepStrictEqual(await findSourceFile('/usr/local/go/src/runtime/proc.go', lookup(files, ['/ws'], options)), {
      path: '/usr/lib/go/src/runtime/proc.go',
      kind: 'goroot',
    });
    assert.deepStrictEqual(await findSourceFile('net/http/server.go', lookup(files, ['/ws'], options)), {
      path: '/usr/lib/go/src/net/http/server.go',
      kind: 'goroot',
    });
    assert.strictEqual(await findSourceFile('/usr/local/go/src/runtime/missing.go', lookup(files, ['/ws'], options)), undefined);
  });

  it('opens the recorded path itself when the profile was taken on this machine', async () => {
    // A workspace folder holds it, but VS Code's file search left it out (files.exclude, say).
    const match = await findSourceFile('/home/me/tool/main.go', { ...lookup(['/home/me/tool/main.go'], []), workspaceFolders: ['/home/me'] });
    assert.deepStrictEqual(match, { path: '/home/me/tool/main.go', kind: 'same-path' });
  });

  describe('containment', () => {
    const everything = async () => true;

    it('never climbs out of a module folder through .. segments', async () => {
      const match = await findSourceFile('example.com/app/../../../../etc/passwd', {
        ...lookup([], ['/ws']),
        modules: [{ modulePath: 'example.com/app', directory: '/ws/app' }],
        exists: everything,
      });
      assert.notStrictEqual(match?.path, '/etc/passwd');
      assert.ok(match === undefined || match.kind === 'outside-roots', JSON.stringify(match));
    });

    it('never climbs out of the Go root or the module cache through .. segments', async () => {
      const options = { goRoot: '/usr/lib/go', goModCache: '/home/me/go/pkg/mod', exists: everything };
      for (const recorded of ['runtime/../../../../etc/passwd', 'example.com/x@v1.0.0/../../../../../etc/shadow', '/build/go/src/../../../etc/passwd']) {
        const match = await findSourceFile(recorded, lookup([], ['/ws'], options));
        assert.ok(match === undefined || match.kind === 'outside-roots', `${recorded}: ${JSON.stringify(match)}`);
        if (match) assert.ok(!match.path.includes('..'), match.path);
      }
    });

    it('asks before opening an absolute path outside the workspace, the Go root and the module cache', async () => {
      const match = await findSourceFile('/home/other/tool/main.go', lookup(['/home/other/tool/main.go'], ['/ws'], { goRoot: '/usr/lib/go' }));
      assert.deepStrictEqual(match, { path: '/home/other/tool/main.go', kind: 'outside-roots' });
      const escaped = await findSourceFile('/ws/app/../../etc/passwd', { ...lookup([], ['/ws']), exists: everything });
      assert.deepStrictEqual(escaped, { path: '/etc/passwd', kind: 'outside-roots' });
    });

    it('maps dependency frames into the module cache, absolute or -trimpath', async () => {
      const files = ['/home/me/go/pkg/mod/github.com/!burnt!sushi/toml@v1.2.0/decode.go'];
      const options = { goModCache: '/home/me/go/pkg/mod' };
      assert.deepStrictEqual(await findSourceFile('/root/go/pkg/mod/github.com/!burnt!sushi/toml@v1.2.0/decode.go', lookup(files, ['/ws'], options)), {
        path: files[0],
        kind: 'module-cache',
      });
      assert.deepStrictEqual(await findSourceFile('github.com/BurntSushi/toml@v1.2.0/decode.go', lookup(files, ['/ws'], options)), {
        path: files[0],
        kind: 'module-cache',
      });
    });

    it('normalizes paths lexically without leaving the root', () => {
      assert.strictEqual(normalizePath('/a/b/../../../../etc/./passwd'), '/etc/passwd');
      assert.strictEqual(normalizePath('a/../../b'), '../b');
      assert.strictEqual(normalizePath('C:\\x\\..\\y.go'), 'C:/y.go');
    });

    it('treats only regular files as existing: not folders, devices or FIFOs', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-source-'));
      const file = path.join(dir, 'main.go');
      fs.writeFileSync(file, 'package main\n');
      const fifo = path.join(dir, 'fifo.go');
      execFileSync('mkfifo', [fifo]);
      const device = path.join(dir, 'zero.go');
      fs.symlinkSync('/dev/zero', device);
      assert.strictEqual(await isRegularFile(file), true);
      assert.strictEqual(await isRegularFile(fifo), false);
      assert.strictEqual(await isRegularFile(device), false);
      assert.strictEqual(await isRegularFile('/dev/null'), false);
      assert.strictEqual(await isRegularFile(dir), false);
      const match = await findSourceFile(fifo, lookup([], [dir], { exists: isRegularFile }));
      assert.strictEqual(match, undefined);
      fs.rmSync(dir, { recursive: true });
    });
  });

  it('understands Windows paths recorded in the profile', async () => {
    const match = await findSourceFile('C:\\build\\cache_leak\\main.go', lookup(['/ws/cache_leak/main.go'], ['/ws']));
    assert.strictEqual(match?.path, '/ws/cache_leak/main.go');
  });

  it('finds nothing for an empty path', async () => {
    assert.strictEqual(await findSourceFile('', lookup(['/ws/main.go'], ['/ws'])), undefined);
  });

  describe('a folder the user picked', () => {
    const outside = ['/home/me/src/app/pkg/x.go', '/home/me/src/app/cmd/tool/main.go', '/home/me/src/app/go.mod'];

    it('maps the leading components the picked folder stands for, from the longest trailing match', async () => {
      const exists = async (path: string) => outside.includes(path);
      const picked = await sourceFolderMapping('/build/ci/app/pkg/x.go', '/home/me/src/app', exists);
      assert.deepStrictEqual(picked, { mapping: { recordedPrefix: '/build/ci/app', localFolder: '/home/me/src/app' }, path: '/home/me/src/app/pkg/x.go' });
      // A -trimpath path and a Windows build machine's path.
      assert.deepStrictEqual((await sourceFolderMapping('example.com/app/pkg/x.go', '/home/me/src/app', exists))?.mapping, { recordedPrefix: 'example.com/app', localFolder: '/home/me/src/app' });
      assert.deepStrictEqual((await sourceFolderMapping('C:\\build\\app\\pkg\\x.go', '/home/me/src/app/', exists))?.mapping, { recordedPrefix: 'C:/build/app', localFolder: '/home/me/src/app' });
      assert.strictEqual(await sourceFolderMapping('/build/ci/app/pkg/y.go', '/home/me/src/app', exists), undefined);
    });

    it("opens the profile's other files under the same prefix from it, before any other lookup, and never outside it", async () => {
      const sourceFolders = [{ recordedPrefix: '/build/ci/app', localFolder: '/home/me/src/app' }];
      const files = [...outside, '/ws/cmd/tool/main.go', '/home/me/secret.go'];
      const other = await findSourceFile('/build/ci/app/cmd/tool/main.go', lookup(files, ['/ws'], { sourceFolders }));
      assert.deepStrictEqual(other, { path: '/home/me/src/app/cmd/tool/main.go', kind: 'picked-folder' });
      // Another prefix is not mapped; a prefix must end at a component boundary; `..` cannot climb out.
      assert.strictEqual((await findSourceFile('/build/ci/apple/pkg/x.go', lookup(files, ['/ws'], { sourceFolders })))?.kind, undefined);
      assert.notStrictEqual((await findSourceFile('/build/ci/app/../../secret.go', lookup(files, ['/ws'], { sourceFolders })))?.path, '/home/me/secret.go');
      assert.notStrictEqual((await findSourceFile('/build/ci/app/pkg/../../../me/secret.go', lookup(files, ['/home'], { sourceFolders })))?.kind, 'picked-folder');
    });

    it('remembers the newest choice per prefix, a bounded number of them', () => {
      let remembered = rememberSourceFolder([], { recordedPrefix: '/a', localFolder: '/x' });
      remembered = rememberSourceFolder(remembered, { recordedPrefix: '/b', localFolder: '/y' });
      remembered = rememberSourceFolder(remembered, { recordedPrefix: '/a', localFolder: '/z' });
      assert.deepStrictEqual(remembered, [
        { recordedPrefix: '/a', localFolder: '/z' },
        { recordedPrefix: '/b', localFolder: '/y' },
      ]);
      for (let i = 0; i < 80; i++) remembered = rememberSourceFolder(remembered, { recordedPrefix: `/p${i}`, localFolder: '/f' });
      assert.strictEqual(remembered.length, 50);
    });
  });
});
