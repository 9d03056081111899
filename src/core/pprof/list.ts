// Per-line values of functions, as `go tool pprof -list REGEX` prints them: pprof's "lines"
// granularity (a node per function, file and line; cum once per sample per node), grouped by
// function name and then by file.
import { Profile } from './model';
import { formatPercent, formatValue } from './format';
import { byLines } from './granularity';
import { functionValues } from './top';

export interface ListedLine {
  line: number;
  flat: number;
  cum: number;
}

export interface ListedRoutine {
  function: string;
  /** Function index in the profile (the first of that name). */
  functionIndex: number;
  file: string;
  /** Sums over the lines, as pprof prints them in the ROUTINE header. */
  flat: number;
  cum: number;
  /** Lines with a non-zero value, by line number. */
  lines: ListedLine[];
}

/** pprof's margin of source lines shown before the first and after the last line with a value. */
export const LIST_MARGIN = 5;

/**
 * The routines whose function name matches `pattern` (by name, then by file), each with the lines
 * that carry a value. `functionIndex` narrows to one function instead of a pattern.
 */
export function listRoutines(profile: Profile, sampleIndex: number, match: RegExp | number): ListedRoutine[] {
  const lines = byLines(profile);
  const values = functionValues(lines, sampleIndex);
  const routines = new Map<string, ListedRoutine>();
  for (let node = 0; node < lines.functions.length; node++) {
    if (values.flat[node] === 0 && values.cum[node] === 0) continue;
    const functionIndex = lines.lineFunction[node];
    const fn = profile.functions[functionIndex];
    if (typeof match === 'number' ? functionIndex !== match : !match.test(fn.name)) continue;
    const file = lines.functions[node].file;
    const key = `${fn.name}\n${file}`;
    let routine = routines.get(key);
    if (!routine) {
      routine = { function: fn.name, functionIndex, file, flat: 0, cum: 0, lines: [] };
      routines.set(key, routine);
    }
    routine.flat += values.flat[node];
    routine.cum += values.cum[node];
    routine.lines.push({ line: lines.functions[node].startLine, flat: values.flat[node], cum: values.cum[node] });
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const out = [...routines.values()].sort((a, b) => compare(a.function, b.function) || compare(a.file, b.file));
  for (const routine of out) routine.lines.sort((a, b) => a.line - b.line);
  return out;
}

/** The source lines pprof shows for a routine: its first and last valued line, widened by the margin. */
export function listedRange(routine: ListedRoutine): { start: number; end: number } {
  const first = routine.lines[0]?.line ?? 1;
  const last = routine.lines[routine.lines.length - 1]?.line ?? 1;
  return { start: Math.max(1, first - LIST_MARGIN), end: last + LIST_MARGIN };
}

/** A file's lines, or the reason it could not be read (printed as pprof's " Error: ..." line). */
export type SourceReader = (file: string) => string[] | { error: string };

/**
 * The text `go tool pprof -list` prints. A function whose lines name no file gets pprof's "No
 * source information" line. `displayFile` names a file in the ROUTINE line (pprof prints it after
 * -trim_path).
 */
export function formatListing(routines: ListedRoutine[], total: number, unit: string, readSource: SourceReader, displayFile: (file: string) => string = (f) => f): string {
  const value = (v: number) => formatValue(v, unit);
  const dot = (v: number) => (v === 0 ? '.' : value(v));
  const out: string[] = [`Total: ${value(total)}`];
  const names = [...new Set(routines.map((r) => r.function))].sort();
  for (const name of names) {
    const ofName = routines.filter((r) => r.function === name && r.file !== '');
    if (ofName.length === 0) {
      out.push(`No source information for ${name}`);
      continue;
    }
    for (const routine of ofName) {
      out.push(`ROUTINE ======================== ${name} in ${displayFile(routine.file)}`);
      out.push(`${value(routine.flat).padStart(10)} ${value(routine.cum).padStart(10)} (flat, cum) ${formatPercent(routine.cum, total)} of Total`);
      const source = readSource(routine.file);
      if (!Array.isArray(source)) {
        out.push(` Error: ${source.error}`);
        continue;
      }
      const byLine = new Map(routine.lines.map((l) => [l.line, l]));
      const { start, end } = listedRange(routine);
      for (let line = start; line <= end && line <= source.length; line++) {
        const values = byLine.get(line);
        out.push(`${dot(values?.flat ?? 0).padStart(10)} ${dot(values?.cum ?? 0).padStart(10)} ${String(line).padStart(6)}:${source[line - 1]}`);
      }
    }
  }
  return out.join('\n') + '\n';
}

/** A file's text split as pprof's line scanner does: no trailing empty line, no carriage returns. */
export function sourceLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}
