import * as assert from 'assert';
import { EVERY_RULE } from '../../src/core/rules';
import * as fs from 'fs';
import { GoDocument } from '../../src/core/document';
import { DeclarationCache } from '../../src/core/engine';
import { Linter } from '../../src/core/linter';
import { LineIndex } from '../../src/core/text';
import { mutateGo, randomKeystroke, testdataGoFiles } from '../../scripts/fuzz/goMutations';
import { SeededRandom } from '../../scripts/fuzz/random';

/**
 * Rules never throw on broken Go: bounded, seeded runs of mutated rule test data through every
 * rule (each file keeps its path, so its package siblings are the real ones), once as whole files
 * (the CLI) and once typed keystroke by keystroke into an incrementally parsed document (the
 * language server). `npm run fuzz` runs the same mutations longer, through the CLI and the server.
 */
const SEED = 20261202;
const FILES = 150;
const TYPING_SESSIONS = 20;
const KEYSTROKES = 20;

describe('rules on mutated Go (seeded fuzz)', function () {
  this.timeout(120_000);
  let linter: Linter;
  let sources: { file: string; text: string }[];
  before(async () => {
    linter = await Linter.create();
    sources = testdataGoFiles().map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
  });
  after(() => linter.clearCache());

  it(`report no rule error on ${FILES} mutated test-data files`, () => {
    const random = new SeededRandom(SEED);
    const donors = sources.map((source) => source.text);
    const failures: string[] = [];
    let findings = 0;
    for (let iteration = 0; iteration < FILES; iteration++) {
      const { file, text } = random.pick(sources);
      const mutated = mutateGo(text, random, donors);
      const source = linter.parse(file, mutated.text);
      try {
        const result = linter.lint(source, EVERY_RULE);
        findings += result.findings.length;
        for (const error of result.ruleErrors) failures.push(`iteration ${iteration} (${mutated.steps.join(', ')}): ${error.message}\n${JSON.stringify(mutated.text)}`);
      } finally {
        source.tree.delete();
      }
    }
    assert.deepStrictEqual(failures.slice(0, 3), []);
    // The mutations keep most of what the rules look for: a run without findings tested nothing.
    assert.ok(findings > FILES / 2, `only ${findings} findings in ${FILES} mutated files`);
  });

  it(`report no rule error while ${TYPING_SESSIONS} files are typed into, ${KEYSTROKES} keystrokes each`, () => {
    const random = new SeededRandom(SEED + 1);
    const failures: string[] = [];
    let findings = 0;
    for (let session = 0; session < TYPING_SESSIONS; session++) {
      const { file, text } = random.pick(sources);
      const document = GoDocument.open(linter.language, text);
      const cache = new DeclarationCache();
      try {
        for (let keystroke = 0; keystroke < KEYSTROKES; keystroke++) {
          const lines = new LineIndex(document.text);
          const { start, end, text: typed } = randomKeystroke(document.text, random);
          document.applyChanges([{ range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: typed }]);
          const result = linter.lint({ path: file, text: document.text, tree: document.tree, lines: document.lineIndex }, EVERY_RULE, undefined, cache);
          findings += result.findings.length;
          for (const error of result.ruleErrors) failures.push(`session ${session}, keystroke ${keystroke}: ${error.message}\n${JSON.stringify(document.text)}`);
        }
      } finally {
        document.dispose();
      }
    }
    assert.deepStrictEqual(failures.slice(0, 3), []);
    // As above: half a finding per lint shows the rules still see what they look for; the seeded
    // picks change with every test-data file added, and negative-heavy files lint to few findings.
    assert.ok(findings > (TYPING_SESSIONS * KEYSTROKES) / 2, `only ${findings} findings in ${TYPING_SESSIONS * KEYSTROKES} lints`);
  });
});
