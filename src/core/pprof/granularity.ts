// pprof's "lines" granularity (`-lines`): one node per function and source line instead of one per
// function. Built as a Profile whose "functions" are those nodes, so topReport, flame trees and
// diffs work on it unchanged.
import { Frame, FunctionInfo, Profile } from './model';

/** pprof's NodeInfo.PrintableName for a line node: "name file:line", "name file" or "name". */
function lineNodeName(name: string, file: string, line: number): string {
  if (line !== 0) return `${name} ${file}:${line}`;
  return file !== '' ? `${name} ${file}` : name;
}

/**
 * A copy of the profile whose functions are (function, file, line) triples named like the rows of
 * `go tool pprof -top -lines`. `lineFunction[i]` is the original function of line node i.
 */
export function byLines(profile: Profile): Profile & { lineFunction: number[] } {
  const functions: FunctionInfo[] = [];
  const lineFunction: number[] = [];
  const byKey = new Map<string, number>();
  const frames: Frame[] = profile.frames.map((frame) => {
    const fn = profile.functions[frame.functionIndex];
    // pprof names the file of the function (cleaned), which is what frames carry here.
    const file = cleanPath(frame.file);
    const name = lineNodeName(fn.name, file, frame.line);
    let index = byKey.get(name);
    if (index === undefined) {
      index = functions.length;
      functions.push({ name, file, startLine: frame.line });
      lineFunction.push(frame.functionIndex);
      byKey.set(name, index);
    }
    return { ...frame, functionIndex: index };
  });
  // A new locations array: stack tables are cached per locations array and map to functions.
  return { ...profile, functions, frames, locations: profile.locations.slice(), lineFunction };
}

/** Go's filepath.Clean for slash paths: collapses "//", "/./" and "dir/.." ('' stays ''). */
export function cleanPath(path: string): string {
  if (path === '' || !/\/\/|\/\.\/|\/\.\.(\/|$)|\/\.$|^\.\/|.\/$/.test(path)) return path;
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  return rooted ? '/' + joined : joined || '.';
}
