import * as fs from 'fs';
import * as path from 'path';

/** Folders a workspace lint never enters: vendored code, test inputs, hidden folders. */
export function isSkippedFolder(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name === 'node_modules' || name.startsWith('.') || name.startsWith('_');
}

/**
 * Expands files and folders into the Go files below them, sorted. Folders are walked
 * recursively, skipping `isSkippedFolder`; a named file is always taken.
 */
export function collectGoFiles(paths: readonly string[]): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    const stat = fs.statSync(given);
    if (stat.isFile()) files.add(path.resolve(given));
    else walk(path.resolve(given), files);
  }
  return [...files].sort();
}

function walk(directory: string, files: Set<string>): void {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedFolder(entry.name)) walk(full, files);
    } else if (entry.isFile() && entry.name.endsWith('.go')) {
      files.add(full);
    }
  }
}

/** The package name from a Go file's package clause, without parsing the file. */
export function packageNameOf(text: string): string | undefined {
  return /^\s*package\s+([A-Za-z_]\w*)/m.exec(stripLeadingComments(text))?.[1];
}

function stripLeadingComments(text: string): string {
  return text.replace(/^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*/, '');
}
