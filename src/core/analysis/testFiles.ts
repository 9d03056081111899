import * as path from 'path';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { GoModule } from '../gomod';
import { FileSummary, ImportSpec } from '../resolver/fileSummary';
import type { SourceFile } from '../rule';
import { packageNameOf } from '../workspace';

/** Imports that only code written for tests needs: the testing package, an httptest server. */
const TEST_SUPPORT_IMPORTS: ReadonlySet<string> = new Set(['testing', 'net/http/httptest']);

const testSupportByTree = new WeakMap<object, boolean>();

/** Folders of a module that hold test suites by convention: end-to-end and integration suites. */
const TEST_SUITE_FOLDERS: ReadonlySet<string> = new Set(['e2e', 'tests']);

/**
 * Whether a node is test code: anything in a `_test.go` file (tests, benchmarks, examples and
 * their helpers), and test-support code: a file that imports `testing` or `net/http/httptest`
 * (a fake server, a test helper package such as `snapshottest`), of a package named `e2e`, of
 * a test double (`<x>test` importing `<x>`: see isTestDouble), or,
 * given its module, in a folder named `e2e` or `tests` (a test suite's harness, a separate
 * `tests` module) inside it. Lifetime rules stay quiet there: a test ends with its test binary,
 * so what it leaves behind lasts for a moment, not for the life of a process.
 */
export function inTestFile(file: SourceFile, module?: GoModule): boolean {
  if (isTestFilePath(file.path) || (module && inTestSuiteFolder(file.path, module))) return true;
  let support = testSupportByTree.get(file.tree);
  if (support === undefined) testSupportByTree.set(file.tree, (support = isTestSupport(file)));
  return support;
}

/**
 * Whether a file's package path, as its module names it, has a test-suite folder: the module path
 * itself (`example.com/project/tests`) or a folder between go.mod and the file. Folders above
 * go.mod (where the checkout happens to live) do not count.
 */
function inTestSuiteFolder(filePath: string, module: GoModule): boolean {
  if (!module.goModPath) return false;
  const inside = path.relative(path.dirname(module.goModPath), path.dirname(filePath));
  if (inside.startsWith('..') || path.isAbsolute(inside)) return false;
  const segments = [...(module.modulePath?.split('/').slice(1) ?? []), ...inside.split(path.sep)];
  return segments.some((segment) => TEST_SUITE_FOLDERS.has(segment));
}

/** Whether a path is a Go test file's: what can be told before the file is parsed. */
export function isTestFilePath(path: string): boolean {
  return path.endsWith('_test.go');
}

function isTestSupport(file: SourceFile): boolean {
  const packageName = packageNameOf(file.text);
  if (packageName === 'e2e') return true;
  const imports = FileSummary.of(file).imports();
  return imports.some((spec) => TEST_SUPPORT_IMPORTS.has(spec.path)) || isTestDouble(packageName, imports);
}

/**
 * Whether a file belongs to a test double of another package: a package named `<x>test` that
 * imports a package named `<x>` (httptest and net/http, a `creditcardtest` beside `creditcard`),
 * the convention Go's own packages and style guides follow for fakes and test helpers. A package
 * that only ends in "test" (a `speedtest`) is not one.
 */
function isTestDouble(packageName: string | undefined, imports: readonly ImportSpec[]): boolean {
  if (!packageName?.endsWith('test') || packageName.length <= 'test'.length) return false;
  const subject = packageName.slice(0, -'test'.length);
  return imports.some((spec) => spec.name === subject);
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
