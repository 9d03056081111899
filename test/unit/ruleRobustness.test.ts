import * as assert from 'assert';
import { EVERY_RULE } from '../../src/core/rules';
import { Linter } from '../../src/core/linter';

/**
 * Broken Go that once made a rule throw, reduced from what the fuzz tests (ruleFuzz.test.ts,
 * `npm run fuzz`) found. Each lints without a rule error, and keeps the findings that still hold.
 */
const CASES: { name: string; text: string; findings: string[] }[] = [
  {
    // A fix that needs `import "unsafe"` in a file whose package clause is being retyped: the
    // finding stands, the fix is withheld (there is nowhere to put the import).
    name: 'a header cast whose fix needs an import, in a file without a package clause',
    text: 'func D(s string) uintptr {\n\treturn (*reflect.StringHeader)(unsafe.Pointer(&s)).Data\n}\n',
    findings: ['unsafe-slice-header'],
  },
  {
    // `[]` with its element type still to be typed: the missing type name is empty, and looking
    // an empty name up in the package's texts never ended (indexOf('', n) returns the text's
    // length forever). The slice put into the pool is still a slice.
    name: 'a slice type whose element is not typed yet',
    text: 'package p\n\nimport "sync"\n\nvar lines sync.Pool\n\nfunc release(line []) {\n\tlines.Put(line)\n}\n',
    findings: ['pool-put-non-pointer'],
  },
];

describe('rules on broken Go found by fuzzing', () => {
  let linter: Linter;
  before(async () => {
    linter = await Linter.create();
  });

  for (const { name, text, findings } of CASES) {
    it(name, () => {
      const source = linter.parse('/fuzz/reproducer.go', text);
      try {
        const result = linter.lint(source, EVERY_RULE);
        assert.deepStrictEqual(result.ruleErrors.map((error) => error.message), []);
        assert.deepStrictEqual(result.findings.map((finding) => finding.ruleId), findings);
      } finally {
        source.tree.delete();
      }
    });
  }
});
