import type { SourceFile } from '../rule';

/**
 * Whether a node is test code: anything in a `_test.go` file (tests, benchmarks, examples and
 * their helpers). Lifetime rules stay quiet there: a test ends with its test binary, so what it
 * leaves behind lasts for a moment, not for the life of a process.
 */
export function inTestFile(file: SourceFile): boolean {
  return file.path.endsWith('_test.go');
}
