import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Linter } from '../../src/core/linter';
import type { Finding, Fix } from '../../src/core/rule';
import { ALL_RULES } from '../../src/core/rules';
import { applyEdits } from '../../src/core/text';
import { goFilesBelow } from '../helpers/goFiles';
import { GO, gofmtProblem, runGo } from '../helpers/goToolchain';
import { parseWantComments } from '../helpers/wantComments';

/**
 * The rule test-data harness. Every rule has Go files under test/testdata/<rule-id>/ with
 * `// want "regexp"` on each line that must be reported; all other lines must stay silent.
 * Applying every finding's first fix must give the file's `.golden` twin (for a file only its
 * siblings' fixes rewrite, the text they give), which must be gofmt-clean and, where the package
 * builds, pass `go vet`.
 * Set UPDATE_GOLDEN=1 to rewrite the golden files.
 */
const TESTDATA = path.resolve(__dirname, '..', '..', '..', 'test', 'testdata');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/**
 * Applies the first fix of each finding, skipping fixes that overlap an earlier one. Edits a fix
 * makes to other files of the package (`edit.file`) are checked against those files' goldens
 * (editsFromSiblings); test/unit/cliFix.test.ts applies everything at once as --fix does.
 */
export function applyFirstFixes(text: string, findings: readonly Finding[]): string {
  const chosen: Fix['edits'] = [];
  for (const finding of findings) {
    const fix = finding.fixes[0];
    if (!fix) continue;
    const edits = fix.edits.filter((edit) => edit.file === undefined);
    const overlapsChosen = edits.some((edit) =>
      chosen.some((taken) => !(edit.range.end.line < taken.range.start.line || taken.range.end.line < edit.range.start.line)),
    );
    if (!overlapsChosen) chosen.push(...edits);
  }
  return applyEdits(text, chosen);
}

describe('rule test data', function () {
  this.timeout(60_000);
  let linter: Linter;
  before(async () => {
    linter = await Linter.create();
  });

  it('every rule has a test-data folder and a docs page', () => {
    for (const { meta } of ALL_RULES) {
      assert.ok(fs.existsSync(path.join(TESTDATA, meta.id)), `test/testdata/${meta.id} is missing`);
      assert.ok(fs.existsSync(path.resolve(TESTDATA, '..', '..', meta.docs)), `${meta.docs} is missing`);
    }
  });

  for (const { meta } of ALL_RULES) {
    const folder = path.join(TESTDATA, meta.id);
    if (!fs.existsSync(folder)) continue;
    describe(meta.id, () => {
      const fixedPackages = new Map<string, Map<string, string>>();
      for (const file of goFilesBelow(folder)) {
        const relative = path.relative(folder, file);
        it(`${relative}: reports exactly the want lines${fs.existsSync(file + '.golden') ? ' and fixes to the golden file' : ''}`, () => {
          const text = fs.readFileSync(file, 'utf8');
          const source = linter.parse(file, text);
          let findings: Finding[];
          try {
            findings = linter.lint(source, { only: new Set([meta.id]) }).findings;
          } finally {
            source.tree.delete();
          }
          const wants = parseWantComments(text);
          const problems: string[] = [];
          const byLine = new Map<number, Finding[]>();
          for (const finding of findings) byLine.set(finding.range.start.line, [...(byLine.get(finding.range.start.line) ?? []), finding]);
          for (const [line, patterns] of wants) {
            const got = byLine.get(line) ?? [];
            for (const pattern of patterns) {
              const index = got.findIndex((finding) => pattern.test(finding.message));
              if (index < 0) problems.push(`${relative}:${line + 1}: no finding matching ${pattern} (got: ${got.map((f) => f.message).join(' | ') || 'none'})`);
              else got.splice(index, 1);
            }
            for (const extra of got) problems.push(`${relative}:${line + 1}: unexpected finding: ${extra.message}`);
            byLine.delete(line);
          }
          for (const [line, extras] of byLine) for (const extra of extras) problems.push(`${relative}:${line + 1}: unexpected finding: ${extra.message}`);
          assert.deepStrictEqual(problems, []);

          const golden = file + '.golden';
          const hasFixes = findings.some((finding) => finding.fixes.length > 0);
          const packageDir = path.dirname(file);
          if (!fixedPackages.has(packageDir)) fixedPackages.set(packageDir, new Map());
          if (!hasFixes) {
            // A file with no fixes of its own may still be rewritten by a fix reported in a sibling.
            const fromSiblings = editsFromSiblings(linter, file, meta.id);
            if (fromSiblings.length === 0) {
              assert.ok(!fs.existsSync(golden), `${relative}.golden exists but no finding offers a fix`);
              return;
            }
            const rewritten = applyEdits(text, fromSiblings);
            if (UPDATE) fs.writeFileSync(golden, rewritten);
            assert.ok(fs.existsSync(golden), `${relative}: fixes in its siblings rewrite it but ${relative}.golden is missing (UPDATE_GOLDEN=1 writes it)`);
            assert.strictEqual(rewritten, fs.readFileSync(golden, 'utf8'), `${relative}: the text its siblings' fixes give differs from the golden file`);
            if (GO) assert.strictEqual(gofmtProblem(rewritten), undefined, `${relative}.golden is not gofmt-clean`);
            fixedPackages.get(packageDir)!.set(path.basename(file), rewritten);
            return;
          }
          const fixed = applyFirstFixes(text, findings);
          if (UPDATE) fs.writeFileSync(golden, fixed);
          assert.ok(fs.existsSync(golden), `${relative}: findings offer fixes but ${relative}.golden is missing (UPDATE_GOLDEN=1 writes it)`);
          assert.strictEqual(fixed, fs.readFileSync(golden, 'utf8'), `${relative}: the fixed text differs from the golden file`);
          if (GO) assert.strictEqual(gofmtProblem(fixed), undefined, `${relative}.golden is not gofmt-clean`);
          fixedPackages.get(packageDir)!.set(path.basename(file), fixed);
        });
      }

      it('fixed packages still build and pass go vet', function () {
        if (!GO) {
          console.log('      (skipped: no go toolchain on this machine)');
          this.skip();
        }
        for (const [packageDir, fixedFiles] of fixedPackages) {
          const module = findModuleRoot(packageDir);
          if (!module || !runGo(['vet', '.'], packageDir).ok) continue; // only packages that build and vet cleanly as written
          const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-golden-'));
          fs.cpSync(module, copy, { recursive: true });
          const target = path.join(copy, path.relative(module, packageDir));
          for (const [name, text] of fixedFiles) fs.writeFileSync(path.join(target, name), text);
          const vet = runGo(['vet', '.'], target);
          fs.rmSync(copy, { recursive: true, force: true });
          assert.ok(vet.ok, `go vet failed on the fixed ${path.relative(TESTDATA, packageDir)}:\n${vet.output}`);
        }
      });
    });
  }
});

/** The edits the first fixes of the other files' findings (in the same folder) make to `file`. */
function editsFromSiblings(linter: Linter, file: string, ruleId: string): Fix['edits'] {
  const edits: Fix['edits'] = [];
  const folder = path.dirname(file);
  for (const name of fs.readdirSync(folder).filter((entry) => entry.endsWith('.go')).sort()) {
    const sibling = path.join(folder, name);
    if (sibling === file) continue;
    const source = linter.parse(sibling, fs.readFileSync(sibling, 'utf8'));
    try {
      for (const finding of linter.lint(source, { only: new Set([ruleId]) }).findings) {
        for (const edit of finding.fixes[0]?.edits ?? []) if (edit.file === file) edits.push(edit);
      }
    } finally {
      source.tree.delete();
    }
  }
  return dedupeEdits(edits);
}

/** Several findings' fixes may make the same edit to a shared declaration (the pool's New): keep it once. */
function dedupeEdits(edits: Fix['edits']): Fix['edits'] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = JSON.stringify([edit.range, edit.newText]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function findModuleRoot(directory: string): string | undefined {
  for (let dir = directory; dir.startsWith(TESTDATA); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'go.mod'))) return dir;
  }
  return undefined;
}
