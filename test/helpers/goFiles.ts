import * as fs from 'fs';
import * as path from 'path';

/** Every `.go` file below a folder, testdata and vendor included (unlike the CLI's walk), sorted. */
export function goFilesBelow(directory: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...goFilesBelow(full));
    else if (entry.name.endsWith('.go')) files.push(full);
  }
  return files.sort();
}
