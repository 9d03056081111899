import type { SourceFile } from '../rule';

/** Imports that only code written for tests needs: the testing package, an httptest server. */
const TEST_SUPPORT_IMPORTS: ReadonlySet<string> = new Set(['"testing"', '"net/http/httptest"']);

const testSupportByTree = new WeakMap<object, boolean>();

/**
 * Whether a node is test code: anything in a `_test.go` file (tests, benchmarks, examples and
 * their helpers), and test-support code: a file that imports `testing` or `net/http/httptest`
 * (a fake server, a test helper package such as `snapshottest`), or of a package named `e2e`.
 * Lifetime rules stay quiet there: a test ends with its test binary, so what it leaves behind
 * lasts for a moment, not for the life of a process.
 */
export function inTestFile(file: SourceFile): boolean {
  if (file.path.endsWith('_test.go')) return true;
  let support = testSupportByTree.get(file.tree);
  if (support === undefined) testSupportByTree.set(file.tree, (support = isTestSupport(file)));
  return support;
}

function isTestSupport(file: SourceFile): boolean {
  for (const child of file.tree.rootNode.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'package_clause') {
      if (child.namedChild(0)?.text === 'e2e') return true;
      continue;
    }
    // Imports come first: stop at the first declaration of anything else.
    if (child.type !== 'import_declaration') break;
    for (const literal of child.descendantsOfType('interpreted_string_literal')) {
      if (literal && TEST_SUPPORT_IMPORTS.has(literal.text)) return true;
    }
  }
  return false;
}
