import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintOnThisThread } from '../../src/cli/lintRunner';

// The module itself, not the import's read-only view of it: the test counts the files it opens.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof fs = require('fs');

/** A struct declared in one file and put by value into a pool in another: the finding needs both. */
const ITEM = 'package b\n\ntype Item struct{ n int }\n';
const PUT_ITEM = 'package b\n\nimport "sync"\n\nvar pool sync.Pool\n\nfunc put(it Item) { pool.Put(it) }\n';
const PUT_INT = 'package sub\n\nimport "sync"\n\nvar pool sync.Pool\n\nfunc put(n int) { pool.Put(n) }\n';

describe('CLI lint runs', function () {
  this.timeout(30_000);
  let root: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-runner-')));
    fs.mkdirSync(path.join(root, 'b', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'b', 'item.go'), ITEM);
    fs.writeFileSync(path.join(root, 'b', 'put.go'), PUT_ITEM);
    fs.writeFileSync(path.join(root, 'b', 'sub', 'put.go'), PUT_INT);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("reports in the order the files were given when a folder's files come between a subfolder's", async () => {
    // As a walk lists them: b's files on either side of b/sub's.
    const files = [path.join(root, 'b', 'put.go'), path.join(root, 'b', 'sub', 'put.go'), path.join(root, 'b', 'item.go')];
    const run = await lintOnThisThread(files, { only: ['pool-put-non-pointer'] });
    assert.deepStrictEqual(
      run.reports.map((report) => path.relative(root, report.file)),
      [path.join('b', 'put.go'), path.join('b', 'sub', 'put.go')],
    );
    assert.match(run.reports[0].findings[0].message, /\bItem\b/);
  });

  it('reads a file once, though no rule parses it and its sibling needs its declarations', async () => {
    const opened = new Map<string, number>();
    const openSync = nodeFs.openSync;
    nodeFs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
      opened.set(String(file), (opened.get(String(file)) ?? 0) + 1);
      return (openSync as (...args: unknown[]) => number)(file, ...rest);
    }) as typeof fs.openSync;
    try {
      // The file declaring Item comes first: read for its hints, then needed as put.go's sibling.
      const run = await lintOnThisThread([path.join(root, 'b', 'item.go'), path.join(root, 'b', 'put.go')], { only: ['pool-put-non-pointer'] });
      assert.strictEqual(run.reports.length, 1);
    } finally {
      nodeFs.openSync = openSync;
    }
    assert.strictEqual(opened.get(path.join(root, 'b', 'item.go')), 1);
    assert.strictEqual(opened.get(path.join(root, 'b', 'put.go')), 1);
  });
});
