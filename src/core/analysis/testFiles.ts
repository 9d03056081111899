import type { Node as SyntaxNode } from 'web-tree-sitter';
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
  if (isTestFilePath(file.path)) return true;
  let support = testSupportByTree.get(file.tree);
  if (support === undefined) testSupportByTree.set(file.tree, (support = isTestSupport(file)));
  return support;
}

/** Whether a path is a Go test file's: what can be told before the file is parsed. */
export function isTestFilePath(path: string): boolean {
  return path.endsWith('_test.go');
}

function isTestSupport(file: SourceFile): boolean {
  // A cursor, which stops at the first declaration without making a node of every one after it.
  const cursor = file.tree.rootNode.walk();
  try {
    for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
      const type = cursor.nodeType;
      if (!cursor.nodeIsNamed || type === 'comment') continue;
      if (type === 'package_clause') {
        if (cursor.currentNode.namedChild(0)?.text === 'e2e') return true;
        continue;
      }
      // Imports come first: stop at the first declaration of anything else.
      if (type !== 'import_declaration') break;
      for (const literal of cursor.currentNode.descendantsOfType('interpreted_string_literal')) {
        if (literal && TEST_SUPPORT_IMPORTS.has(literal.text)) return true;
      }
    }
  } finally {
    cursor.delete();
  }
  return false;
}

/** `TestXxx`, `ExampleXxx` and `FuzzXxx` (Xxx not starting with a lower-case letter), as `go test` finds them. */
const RUN_ONCE_TEST_FUNCTION = /^(?:Test|Example|Fuzz)(?!\p{Ll})/u;

/**
 * Whether a node is inside a test, example or fuzz target of a `_test.go` file: code `go test`
 * runs once, where an allocation more or less is nothing. Benchmarks are not (their allocations
 * are what they measure), and neither are helpers, which benchmarks may call.
 */
export function inRunOnceTestFunction(file: SourceFile, node: SyntaxNode): boolean {
  if (!isTestFilePath(file.path)) return false;
  let declaration: SyntaxNode | null = node;
  while (declaration && declaration.type !== 'function_declaration') declaration = declaration.parent;
  const name = declaration?.childForFieldName('name')?.text;
  return !!name && RUN_ONCE_TEST_FUNCTION.test(name);
}
