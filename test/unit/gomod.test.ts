import * as assert from 'assert';
import * as path from 'path';
import { GoModuleResolver, parseGoMod } from '../../src/core/gomod';
import { goVersionAtLeast, NEWEST_KNOWN_GO, parseGoVersion } from '../../src/core/goVersion';

describe('go.mod awareness', () => {
  it('reads the module path and the go line, including go 1.21.3 style patch versions', () => {
    assert.deepStrictEqual(parseGoMod('// comment\nmodule example.com/app\n\ngo 1.21.3\n\nrequire x v1\n'), { modulePath: 'example.com/app', goVersion: [1, 21] });
    assert.deepStrictEqual(parseGoMod('module "quoted/path"\n'), { modulePath: 'quoted/path', goVersion: undefined });
  });

  it('finds the nearest go.mod above a file and defaults to the newest known Go', () => {
    const files: Record<string, string> = {
      [path.join('/w', 'go.mod')]: 'module outer\ngo 1.16\n',
      [path.join('/w', 'inner', 'go.mod')]: 'module inner\ngo 1.22\n',
      [path.join('/v', 'go.mod')]: 'module nogo\n',
    };
    const resolver = new GoModuleResolver((file) => files[file]);
    assert.deepStrictEqual(resolver.moduleFor('/w/a/b/c.go').goVersion, [1, 16]);
    assert.strictEqual(resolver.moduleFor('/w/inner/x/y.go').modulePath, 'inner');
    assert.deepStrictEqual(resolver.moduleFor('/v/z.go').goVersion, NEWEST_KNOWN_GO);
    assert.deepStrictEqual(resolver.moduleFor('/elsewhere/z.go'), { goVersion: NEWEST_KNOWN_GO });
  });

  it('compares versions numerically', () => {
    assert.ok(goVersionAtLeast([1, 20], '1.9'));
    assert.ok(!goVersionAtLeast([1, 9], '1.17'));
    assert.ok(goVersionAtLeast(parseGoVersion('go1.21')!, [1, 21]));
  });
});
