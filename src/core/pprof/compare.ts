// The numbers of the profile viewer's compare mode and source view, over the merged profile pprof
// builds for -diff_base (diff.ts): per function the base, the new and the change (which is what
// `go tool pprof -top -diff_base` prints), filters applied to each side, and per source line what
// `go tool pprof -list` prints, with the base's part beside the change when comparing.
import { DiffProfile } from './diff';
import { applyFilters, CompiledFilters, ProfileFilters } from './filters';
import { cleanPath } from './granularity';
import { lineTable } from './lines';
import { LIST_MARGIN } from './list';
import { Profile } from './model';
import { functionLines, functionValues, sortTopRows, TopRow } from './top';

/** The base's samples of a diff, as the (negated) values the merged profile holds. */
function side(diff: DiffProfile, from: 'new' | 'base'): Profile {
  const samples = from === 'new' ? diff.profile.samples.slice(0, diff.baseSampleStart) : diff.profile.samples.slice(diff.baseSampleStart);
  return { ...diff.profile, samples };
}

/**
 * The diff with focus, ignore and hide applied as pprof applies them to the merged profile; each
 * side is filtered on its own so that the samples past baseSampleStart are still the base's.
 */
export function filterDiff(diff: DiffProfile, filters: ProfileFilters | CompiledFilters): DiffProfile {
  const next = applyFilters(side(diff, 'new'), filters);
  const base = applyFilters(side(diff, 'base'), filters);
  if (next.locations === diff.profile.locations && base.locations === diff.profile.locations && next.samples.length + base.samples.length === diff.profile.samples.length) {
    return diff;
  }
  // Both sides map the same location table the same way, so one of them serves the merged samples.
  return { profile: { ...next, samples: next.samples.concat(base.samples) }, baseSampleStart: next.samples.length };
}

/** A row of the compare table: flat and cum are the change (NEW minus BASE), as pprof prints them. */
export interface CompareRow extends TopRow {
  baseFlat: number;
  baseCum: number;
  newFlat: number;
  newCum: number;
}

export interface CompareTable {
  /** What percentages are of: pprof's total for the diff (diffTotal of the unfiltered diff). */
  total: number;
  /** Every function with a value on either side, in pprof -top's order (|change| of flat first). */
  rows: CompareRow[];
}

/** Base, new and change per function of a (filtered) diff. */
export function compareTable(diff: DiffProfile, sampleIndex: number, total: number): CompareTable {
  const profile = diff.profile;
  const change = functionValues(profile, sampleIndex);
  const base = functionValues(side(diff, 'base'), sampleIndex);
  const lines = functionLines(profile);
  const rows: CompareRow[] = [];
  for (let i = 0; i < profile.functions.length; i++) {
    // The base's values are negated in the merged profile; `0 - x` keeps a zero from printing as -0.
    const baseFlat = 0 - base.flat[i];
    const baseCum = 0 - base.cum[i];
    if (change.flat[i] === 0 && change.cum[i] === 0 && baseFlat === 0 && baseCum === 0) continue;
    const fn = profile.functions[i];
    rows.push({
      functionIndex: i,
      function: fn.name,
      file: fn.file,
      line: lines[i],
      flat: change.flat[i],
      cum: change.cum[i],
      baseFlat,
      baseCum,
      newFlat: change.flat[i] + baseFlat,
      newCum: change.cum[i] + baseCum,
    });
  }
  return { total, rows: sortTopRows(rows, 'flat') };
}

/** One line of a function's source view: flat and cum (the change when comparing), and the base's. */
export interface SourceViewLine {
  line: number;
  flat: number;
  cum: number;
  /** Compare mode: the base's values on this line (the new ones are flat + baseFlat). */
  baseFlat?: number;
  baseCum?: number;
}

export interface SourceView {
  function: string;
  functionIndex: number;
  /** The file the lines are in, as the profile records it ('' when it records none). */
  file: string;
  /** Sums over the lines, as pprof's ROUTINE header prints them. */
  flat: number;
  cum: number;
  /** Lines with a value, by line number. */
  lines: SourceViewLine[];
  /** The lines pprof -list prints: the valued ones with five lines of margin. */
  range: { start: number; end: number };
  /** Other files the function's lines are in (inlined copies elsewhere), which pprof lists as more routines. */
  otherFiles: string[];
}

interface FileLines {
  file: string;
  flat: number;
  cum: number;
  lines: Map<number, { flat: number; cum: number }>;
}

/** One function's lines grouped by file (cleaned as pprof's lines granularity names them). */
function linesByFile(profile: Profile, sampleIndex: number, functionIndex: number): Map<string, FileLines> {
  const files = new Map<string, FileLines>();
  for (const row of lineTable(profile, sampleIndex, functionIndex)) {
    if (row.flat === 0 && row.cum === 0) continue;
    const file = cleanPath(row.file);
    let entry = files.get(file);
    if (!entry) {
      entry = { file, flat: 0, cum: 0, lines: new Map() };
      files.set(file, entry);
    }
    entry.flat += row.flat;
    entry.cum += row.cum;
    const line = entry.lines.get(row.line) ?? { flat: 0, cum: 0 };
    line.flat += row.flat;
    line.cum += row.cum;
    entry.lines.set(row.line, line);
  }
  return files;
}

/**
 * What `go tool pprof -list` prints for one function (its routine in the function's own file, else
 * the routine with the most weight), from a profile or, when comparing, from a diff with the
 * base's part of each line beside it. Undefined when the function has no value in this sample
 * type. One pass over the samples that touches only this function's frames, so following the
 * selection stays quick on large profiles.
 */
export function sourceView(data: Profile | DiffProfile, sampleIndex: number, functionIndex: number): SourceView | undefined {
  const diff = 'baseSampleStart' in data ? data : undefined;
  const profile = diff ? diff.profile : (data as Profile);
  const fn = profile.functions[functionIndex];
  if (!fn) return undefined;
  const changed = linesByFile(profile, sampleIndex, functionIndex);
  const based = diff ? linesByFile(side(diff, 'base'), sampleIndex, functionIndex) : new Map<string, FileLines>();
  const files = [...new Set([...changed.keys(), ...based.keys()])];
  if (files.length === 0) return undefined;
  const weight = (file: string) => Math.abs(changed.get(file)?.cum ?? 0) + Math.abs(based.get(file)?.cum ?? 0);
  const own = cleanPath(fn.file);
  const file = files.includes(own) ? own : files.sort((a, b) => weight(b) - weight(a))[0];
  const routine = changed.get(file);
  const byLine = new Map<number, SourceViewLine>();
  for (const [line, values] of routine?.lines ?? []) byLine.set(line, diff ? { line, flat: values.flat, cum: values.cum, baseFlat: 0, baseCum: 0 } : { line, flat: values.flat, cum: values.cum });
  for (const [line, values] of based.get(file)?.lines ?? []) {
    // A line that changed by nothing is still listed when the base had a value there.
    const entry = byLine.get(line) ?? { line, flat: 0, cum: 0, baseFlat: 0, baseCum: 0 };
    // The base's values are negated in the merged profile; `0 - x` keeps a zero from printing as -0.
    entry.baseFlat = 0 - values.flat;
    entry.baseCum = 0 - values.cum;
    byLine.set(line, entry);
  }
  const lines = [...byLine.values()].sort((a, b) => a.line - b.line);
  const first = lines[0]?.line ?? 1;
  const last = lines[lines.length - 1]?.line ?? 1;
  return {
    function: fn.name,
    functionIndex,
    file,
    flat: routine?.flat ?? 0,
    cum: routine?.cum ?? 0,
    lines,
    range: { start: Math.max(1, first - LIST_MARGIN), end: last + LIST_MARGIN },
    otherFiles: files.filter((f) => f !== file && f !== ''),
  };
}
