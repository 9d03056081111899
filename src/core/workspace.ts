import * as fs from 'fs';
import * as path from 'path';

/** Folders a workspace lint never enters: vendored code, test inputs, hidden folders. */
export function isSkippedFolder(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name === 'node_modules' || name.startsWith('.') || name.startsWith('_');
}

/** A folder the walk could not list, with the reason. */
export interface UnreadableFolder {
  folder: string;
  message: string;
}

/**
 * Expands files and folders into the Go files below them, sorted. Folders are walked
 * recursively, skipping `isSkippedFolder`, and only regular files are taken (not symlinks,
 * FIFOs or devices); a named file is always taken, and refused later if it is not regular.
 * A folder that cannot be listed is passed to `onUnreadable` and skipped (thrown without one).
 */
export function collectGoFiles(paths: readonly string[], onUnreadable?: (unreadable: UnreadableFolder) => void): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    const stat = fs.statSync(given);
    if (stat.isDirectory()) walk(path.resolve(given), files, onUnreadable);
    else files.add(path.resolve(given));
  }
  return [...files].sort();
}

function walk(directory: string, files: Set<string>, onUnreadable: ((unreadable: UnreadableFolder) => void) | undefined): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    if (!onUnreadable) throw error;
    onUnreadable({ folder: directory, message: `cannot list the folder: ${(error as Error).message}` });
    return;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedFolder(entry.name)) walk(full, files, onUnreadable);
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
