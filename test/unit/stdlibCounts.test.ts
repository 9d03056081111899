import * as assert from 'assert';
import * as fs from 'fs';
import { COUNTS_FILE, countStdlibFindings, StdlibCounts, stdlibSource } from '../../scripts/stdlibCounts';

/**
 * Pins the number of findings per rule on Go's standard library, the real-world corpus every
 * finding of which is reviewed in test/realworld/stdlib-review.md. A rule change that finds
 * more or less there must update the review and the counts (node out/scripts/stdlibCounts.js --write).
 */
describe('findings on the Go standard library', function () {
  this.timeout(300_000);

  it('match the reviewed counts per rule', async function () {
    const pinned: StdlibCounts = JSON.parse(fs.readFileSync(COUNTS_FILE, 'utf8'));
    const src = stdlibSource();
    if (!src) {
      console.log('      (skipped: no Go standard library on this machine)');
      return this.skip();
    }
    const actual = await countStdlibFindings(src);
    if (actual.goVersion !== pinned.goVersion) {
      console.log(`      (skipped: counts were reviewed on Go ${pinned.goVersion}, this machine has Go ${actual.goVersion})`);
      return this.skip();
    }
    assert.deepStrictEqual(actual, pinned);
  });
});
