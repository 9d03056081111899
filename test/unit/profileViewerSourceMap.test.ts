import * as assert from 'assert';
import { findSourceFile, SourceLookup } from '../../src/client/profileSourceMap';

/** A lookup over a fixed set of existing files, as VS Code's findFiles and stat would give it. */
function lookup(existing: string[], roots: string[], options: Partial<SourceLookup> = {}): SourceLookup {
  const files = new Set(existing);
  return {
    workspaceFiles: existing.flatMap((path) => {
      const root = roots.find((candidate) => path.startsWith(`${candidate}/`));
      return root ? [{ path, root }] : [];
    }),
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
    const match = await findSourceFile('/home/me/tool/main.go', lookup(['/home/me/tool/main.go'], []));
    assert.deepStrictEqual(match, { path: '/home/me/tool/main.go', kind: 'same-path' });
  });

  it('understands Windows paths recorded in the profile', async () => {
    const match = await findSourceFile('C:\\build\\cache_leak\\main.go', lookup(['/ws/cache_leak/main.go'], ['/ws']));
    assert.strictEqual(match?.path, '/ws/cache_leak/main.go');
  });

  it('finds nothing for an empty path', async () => {
    assert.strictEqual(await findSourceFile('', lookup(['/ws/main.go'], ['/ws'])), undefined);
  });
});
