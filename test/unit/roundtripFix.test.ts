import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GO, runGo } from '../helpers/goToolchain';

const ONE_STEP = path.resolve(__dirname, '..', '..', '..', 'test', 'testdata', 'unsafe-uintptr-roundtrip', 'onestep');

/**
 * The rule harness vets only packages that vet cleanly as written, and a round trip never does:
 * here the fixed onestep package must build with the local Go, and go vet may only complain
 * about the round trips the fix deliberately leaves (the address used twice, the pointer changed).
 */
describe('unsafe-uintptr-roundtrip one-step fix', function () {
  this.timeout(120_000);

  it('fixed code builds, and go vet finds no unsafe.Pointer misuse left where the fix applied', function () {
    if (!GO) this.skip();
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-onestep-'));
    try {
      fs.writeFileSync(path.join(copy, 'go.mod'), 'module example.com/onestep\n\ngo 1.19\n');
      const golden = fs.readFileSync(path.join(ONE_STEP, 'onestep.go.golden'), 'utf8');
      fs.writeFileSync(path.join(copy, 'onestep.go'), golden);
      const build = runGo(['build', './...'], copy);
      assert.ok(build.ok, build.output);
      const vet = runGo(['vet', './...'], copy);
      const complaints = vet.output.split('\n').filter((line) => /possible misuse of unsafe\.Pointer/.test(line));
      const lines = golden.split('\n');
      const complainedAbout = complaints.map((line) => lines[Number(/onestep\.go:(\d+):/.exec(line)![1]) - 1].trim());
      assert.deepStrictEqual(complainedAbout.map((line) => line.replace(/ \/\/ want.*/, '')), [
        'return (*byte)(unsafe.Pointer(base + 1))',
        'return (*byte)(unsafe.Pointer(base + 2))',
      ]);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
