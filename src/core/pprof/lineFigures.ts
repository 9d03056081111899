// Figures per source line for the editor: flat and cum of every (file, line) the profile covers,
// for all sample types at once, with each line's callers and each function's totals (the hot
// functions). Computed once per profile off the editor's thread; what a file shows is then a
// lookup. A line's flat goes to the leaf frame's line and its cum counts once per sample, as in
// `go tool pprof -list`; a line shared by two functions (a closure on its line) counts once.
import { cleanPath } from './granularity';
import { formatValue } from './format';
import { GoroutineReport } from './goroutines';
import { FlatProfile, Profile, sampleTableOf, ValueType } from './model';
import { functionLines } from './top';

/** The lines of one recorded source file that carry a value, by line number. */
export interface FileFigures {
  /** The path the profile records (cleaned as pprof cleans it). */
  file: string;
  /** 1-based line numbers, ascending. */
  lines: Int32Array;
  /** sampleTypes.length values per line, line after line. */
  flat: Float64Array;
  cum: Float64Array;
  /** Line i's callers are callerSite/callerValue entries callerStart[i] .. callerStart[i + 1]. */
  callerStart: Int32Array;
  /** Index into LineFigures.sites. */
  callerSite: Int32Array;
  /** sampleTypes.length values per caller entry: what reached the line through that call site. */
  callerValue: Float64Array;
}

/** A call site: the calling function and the line of the call. */
export interface CallSites {
  /** Indices into LineFigures.strings. */
  function: Int32Array;
  file: Int32Array;
  line: Int32Array;
}

/** Functions with a source file, for the hot-function CodeLens. */
export interface FunctionFigures {
  /** Indices into LineFigures.strings. */
  name: Int32Array;
  file: Int32Array;
  /** The line to put the lens on: the function's start line, else its lowest sampled line. */
  line: Int32Array;
  /** sampleTypes.length values per function. */
  flat: Float64Array;
  cum: Float64Array;
}

/** Where goroutines of a goroutine profile are parked ('blocking') or were started ('creator'). */
export interface GoroutineMark {
  kind: 'blocking' | 'creator';
  file: string;
  line: number;
  count: number;
  /** The states of the groups at this line, largest first. */
  states: string[];
  /** Longest wait in minutes, null when the format records none. */
  maxWaitMinutes: number | null;
  suspect: boolean;
  /** Why the largest suspect group looks like a leak ('' when none does). */
  reason: string;
}

export interface LineFigures {
  sampleTypes: ValueType[];
  /** The sample type pprof shows by default. */
  defaultSampleIndex: number;
  /** pprof's total per sample type (for a comparison, the base's, as `-diff_base` uses). */
  totals: number[];
  /** When the profile was taken, ms since the epoch; undefined when it does not say. */
  timeMs?: number;
  /** The figures are differences: new minus base (compare mode) or last minus first (a watch). */
  delta: boolean;
  strings: string[];
  files: FileFigures[];
  sites: CallSites;
  functions: FunctionFigures;
  goroutines: GoroutineMark[];
}

/** Callers kept per line and sample type: a hover lists a few. */
export const CALLERS_PER_LINE = 3;

/**
 * The figures of every source line of a profile, for every sample type. `goroutines` adds the
 * marks of a goroutine profile's groups.
 */
export function lineFigures(profile: Profile | FlatProfile, goroutines?: GoroutineReport): LineFigures {
  const typeCount = profile.sampleTypes.length;
  const table = 'sampleTable' in profile ? profile.sampleTable : sampleTableOf(profile.samples, typeCount);
  const strings = new StringTable();

  // Rows are (file, line); call sites are (function, file, line); both keyed once per frame.
  const rowIds = new Map<string, number>();
  const rowFile: number[] = [];
  const rowLine: number[] = [];
  const siteIds = new Map<string, number>();
  const siteFunction: number[] = [];
  const siteFile: number[] = [];
  const siteLine: number[] = [];
  const frameRow = new Int32Array(profile.frames.length).fill(-1);
  const frameSite = new Int32Array(profile.frames.length).fill(-1);
  const cleaned = new Map<string, string>();
  profile.frames.forEach((frame, id) => {
    if (frame.file === '' || frame.line <= 0) return;
    let file = cleaned.get(frame.file);
    if (file === undefined) {
      file = cleanPath(frame.file);
      cleaned.set(frame.file, file);
    }
    const fileId = strings.id(file);
    const rowKey = `${fileId}:${frame.line}`;
    let row = rowIds.get(rowKey);
    if (row === undefined) {
      row = rowFile.length;
      rowIds.set(rowKey, row);
      rowFile.push(fileId);
      rowLine.push(frame.line);
    }
    frameRow[id] = row;
    const functionId = strings.id(profile.functions[frame.functionIndex].name);
    const siteKey = `${functionId}:${rowKey}`;
    let site = siteIds.get(siteKey);
    if (site === undefined) {
      site = siteFunction.length;
      siteIds.set(siteKey, site);
      siteFunction.push(functionId);
      siteFile.push(fileId);
      siteLine.push(frame.line);
    }
    frameSite[id] = site;
  });

  // Frame ids of each location, innermost first (the walk goes leaf to root).
  const locationStart = new Int32Array(profile.locations.length + 1);
  profile.locations.forEach((location, i) => (locationStart[i + 1] = locationStart[i] + location.frames.length));
  const locationFrames = new Int32Array(locationStart[profile.locations.length]);
  profile.locations.forEach((location, i) => locationFrames.set(location.frames, locationStart[i]));
  const frameFunction = Int32Array.from(profile.frames, (frame) => frame.functionIndex);

  const rowCount = rowFile.length;
  const functionCount = profile.functions.length;
  const flat = new Float64Array(rowCount * typeCount);
  const cum = new Float64Array(rowCount * typeCount);
  const functionFlat = new Float64Array(functionCount * typeCount);
  const functionCum = new Float64Array(functionCount * typeCount);
  const lastRow = new Int32Array(rowCount).fill(-1);
  const lastFunction = new Int32Array(functionCount).fill(-1);
  const edges = new CallerEdges(typeCount);
  const innerEdge = new Int32Array(locationFrames.length).fill(-2);
  const memoCaller = new Int32Array(profile.locations.length).fill(-1);
  const memoEdge = new Int32Array(profile.locations.length);
  const totals = new Array<number>(typeCount).fill(0);

  const { start, locations, values } = table;
  for (let s = 0; s + 1 < start.length; s++) {
    const v = s * typeCount;
    let nonZero = false;
    for (let t = 0; t < typeCount; t++) {
      const value = values[v + t];
      totals[t] += Math.abs(value);
      if (value !== 0) nonZero = true;
    }
    if (!nonZero) continue;
    let leaf = true;
    let calleeLocation = -1;
    for (let l = start[s]; l < start[s + 1]; l++) {
      const location = locations[l];
      const first = locationStart[location];
      const last = locationStart[location + 1];
      // The call from this location into the previous one (its innermost frame calls the
      // previous location's outermost): memoized per callee location, as stacks repeat.
      if (calleeLocation >= 0 && last > first) {
        let edge: number;
        if (memoCaller[calleeLocation] === location) edge = memoEdge[calleeLocation];
        else {
          const calleeRow = frameRow[locationFrames[locationStart[calleeLocation + 1] - 1]];
          const site = frameSite[locationFrames[first]];
          edge = calleeRow >= 0 && site >= 0 ? edges.edgeOf(calleeRow, site) : -1;
          memoCaller[calleeLocation] = location;
          memoEdge[calleeLocation] = edge;
        }
        if (edge >= 0) edges.add(edge, s, values, v);
      }
      for (let f = first; f < last; f++) {
        const frame = locationFrames[f];
        const row = frameRow[frame];
        const fn = frameFunction[frame];
        if (leaf) {
          leaf = false;
          if (row >= 0) for (let t = 0, o = row * typeCount; t < typeCount; t++) flat[o + t] += values[v + t];
          for (let t = 0, o = fn * typeCount; t < typeCount; t++) functionFlat[o + t] += values[v + t];
        }
        if (row >= 0 && lastRow[row] !== s) {
          lastRow[row] = s;
          for (let t = 0, o = row * typeCount; t < typeCount; t++) cum[o + t] += values[v + t];
        }
        if (lastFunction[fn] !== s) {
          lastFunction[fn] = s;
          for (let t = 0, o = fn * typeCount; t < typeCount; t++) functionCum[o + t] += values[v + t];
        }
        // An inlined call inside this location: the same edge every time, found once.
        if (f > first) {
          let edge = innerEdge[f];
          if (edge === -2) {
            const calleeRow = frameRow[locationFrames[f - 1]];
            const site = frameSite[frame];
            edge = innerEdge[f] = calleeRow >= 0 && site >= 0 ? edges.edgeOf(calleeRow, site) : -1;
          }
          if (edge >= 0) edges.add(edge, s, values, v);
        }
      }
      calleeLocation = location;
    }
  }
  const { edgeRow, edgeSite, edgeValues } = edges;

  // Group rows by file, lines ascending; keep the top callers of each row per sample type.
  const edgesOfRow: number[][] = Array.from({ length: rowCount }, () => []);
  for (let e = 0; e < edgeRow.length; e++) edgesOfRow[edgeRow[e]].push(e);
  const rowsOfFile = new Map<number, number[]>();
  for (let row = 0; row < rowCount; row++) {
    if (!hasValue(cum, row, typeCount) && !hasValue(flat, row, typeCount)) continue;
    let rows = rowsOfFile.get(rowFile[row]);
    if (!rows) rowsOfFile.set(rowFile[row], (rows = []));
    rows.push(row);
  }
  const files: FileFigures[] = [];
  for (const [fileId, rows] of rowsOfFile) {
    rows.sort((a, b) => rowLine[a] - rowLine[b]);
    const kept = rows.map((row) => topCallers(edgesOfRow[row], edgeValues, typeCount));
    files.push(
      fileFigures(
        strings.text(fileId),
        rows.map((row) => rowLine[row]),
        (i, t) => flat[rows[i] * typeCount + t],
        (i, t) => cum[rows[i] * typeCount + t],
        kept.map((edges) => edges.map((edge) => ({ site: edgeSite[edge], value: (t: number) => edgeValues[edge * typeCount + t] }))),
        typeCount,
      ),
    );
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  // Functions with a file and a value, placed on their start line (else their lowest sampled line).
  const lensLines = functionLines(profile);
  const keptFunctions: number[] = [];
  for (let fn = 0; fn < functionCount; fn++) {
    if (profile.functions[fn].file !== '' && lensLines[fn] > 0 && (hasValue(functionCum, fn, typeCount) || hasValue(functionFlat, fn, typeCount))) keptFunctions.push(fn);
  }
  const functions: FunctionFigures = {
    name: Int32Array.from(keptFunctions, (fn) => strings.id(profile.functions[fn].name)),
    file: Int32Array.from(keptFunctions, (fn) => strings.id(cleanPath(profile.functions[fn].file))),
    line: Int32Array.from(keptFunctions, (fn) => lensLines[fn]),
    flat: gather(functionFlat, keptFunctions, typeCount),
    cum: gather(functionCum, keptFunctions, typeCount),
  };

  return {
    sampleTypes: profile.sampleTypes,
    defaultSampleIndex: profile.defaultSampleIndex,
    totals,
    timeMs: profile.timeNanos ? profile.timeNanos / 1e6 : undefined,
    delta: false,
    strings: strings.all(),
    files,
    sites: { function: Int32Array.from(siteFunction), file: Int32Array.from(siteFile), line: Int32Array.from(siteLine) },
    functions,
    goroutines: goroutines ? goroutineMarks(goroutines) : [],
  };
}

/**
 * Call edges (callee line, caller site) with their values, counted once per sample. Edges are
 * found through an open-addressing hash table on typed arrays: one lookup per frame of every
 * sample, so no Map and no garbage on the way.
 */
class CallerEdges {
  edgeRow: number[] = [];
  edgeSite: number[] = [];
  edgeValues: Float64Array;
  private lastSample: Int32Array;
  private slotRow: Int32Array;
  private slotSite: Int32Array;
  private slotEdge: Int32Array;
  private mask: number;

  constructor(private readonly typeCount: number) {
    this.edgeValues = new Float64Array(1024 * typeCount);
    this.lastSample = new Int32Array(1024).fill(-1);
    this.mask = 4095;
    this.slotRow = new Int32Array(4096).fill(-1);
    this.slotSite = new Int32Array(4096);
    this.slotEdge = new Int32Array(4096);
  }

  /** Adds sample `sample`'s values to an edge, once per sample. */
  add(edge: number, sample: number, values: Float64Array, valuesStart: number): void {
    if (this.lastSample[edge] === sample) return;
    this.lastSample[edge] = sample;
    const typeCount = this.typeCount;
    const target = this.edgeValues;
    for (let t = 0, o = edge * typeCount; t < typeCount; t++) target[o + t] += values[valuesStart + t];
  }

  /** The edge (callee line, caller site), made on first sight. */
  edgeOf(row: number, site: number): number {
    const mask = this.mask;
    let slot = (Math.imul(row, 0x9e3779b1) ^ Math.imul(site, 0x85ebca77)) & mask;
    for (;;) {
      const known = this.slotRow[slot];
      if (known === -1) break;
      if (known === row && this.slotSite[slot] === site) return this.slotEdge[slot];
      slot = (slot + 1) & mask;
    }
    const edge = this.edgeRow.length;
    this.edgeRow.push(row);
    this.edgeSite.push(site);
    this.slotRow[slot] = row;
    this.slotSite[slot] = site;
    this.slotEdge[slot] = edge;
    if (edge >= this.lastSample.length) {
      const values = new Float64Array(this.edgeValues.length * 2);
      values.set(this.edgeValues);
      this.edgeValues = values;
      const last = new Int32Array(this.lastSample.length * 2).fill(-1);
      last.set(this.lastSample);
      this.lastSample = last;
    }
    // Keep the table at most half full.
    if ((edge + 1) * 2 > mask) this.grow();
    return edge;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.slotRow = new Int32Array(size).fill(-1);
    this.slotSite = new Int32Array(size);
    this.slotEdge = new Int32Array(size);
    for (let edge = 0; edge < this.edgeRow.length; edge++) {
      const row = this.edgeRow[edge];
      const site = this.edgeSite[edge];
      let slot = (Math.imul(row, 0x9e3779b1) ^ Math.imul(site, 0x85ebca77)) & this.mask;
      while (this.slotRow[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slotRow[slot] = row;
      this.slotSite[slot] = site;
      this.slotEdge[slot] = edge;
    }
  }
}

function hasValue(values: Float64Array, index: number, typeCount: number): boolean {
  for (let t = 0; t < typeCount; t++) if (values[index * typeCount + t] !== 0) return true;
  return false;
}

function gather(values: Float64Array, indices: number[], typeCount: number): Float64Array {
  const out = new Float64Array(indices.length * typeCount);
  indices.forEach((index, i) => out.set(values.subarray(index * typeCount, (index + 1) * typeCount), i * typeCount));
  return out;
}

/** The edges that are among the CALLERS_PER_LINE largest for some sample type, largest first by the first type. */
function topCallers(edges: number[], edgeValues: Float64Array, typeCount: number): number[] {
  if (edges.length <= CALLERS_PER_LINE) return edges.slice().sort((a, b) => Math.abs(edgeValues[b * typeCount]) - Math.abs(edgeValues[a * typeCount]));
  const kept = new Set<number>();
  for (let t = 0; t < typeCount; t++) {
    const ranked = edges.slice().sort((a, b) => Math.abs(edgeValues[b * typeCount + t]) - Math.abs(edgeValues[a * typeCount + t]));
    for (const edge of ranked.slice(0, CALLERS_PER_LINE)) if (edgeValues[edge * typeCount + t] !== 0) kept.add(edge);
  }
  return [...kept];
}

function fileFigures(
  file: string,
  lines: number[],
  flatOf: (row: number, type: number) => number,
  cumOf: (row: number, type: number) => number,
  callers: { site: number; value: (type: number) => number }[][],
  typeCount: number,
): FileFigures {
  const count = lines.length;
  const flat = new Float64Array(count * typeCount);
  const cum = new Float64Array(count * typeCount);
  const callerStart = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < typeCount; t++) {
      flat[i * typeCount + t] = flatOf(i, t);
      cum[i * typeCount + t] = cumOf(i, t);
    }
    callerStart[i + 1] = callerStart[i] + callers[i].length;
  }
  const callerSite = new Int32Array(callerStart[count]);
  const callerValue = new Float64Array(callerStart[count] * typeCount);
  callers.flat().forEach((caller, c) => {
    callerSite[c] = caller.site;
    for (let t = 0; t < typeCount; t++) callerValue[c * typeCount + t] = caller.value(t);
  });
  return { file, lines: Int32Array.from(lines), flat, cum, callerStart, callerSite, callerValue };
}

class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
  text(id: number): string {
    return this.texts[id];
  }
  all(): string[] {
    return this.texts;
  }
}

/** The goroutine groups' blocking lines and go statements, one mark per line and kind. */
export function goroutineMarks(report: GoroutineReport): GoroutineMark[] {
  const marks = new Map<string, GoroutineMark & { stateCounts: Map<string, number>; suspectCount: number }>();
  const mark = (kind: GoroutineMark['kind'], file: string, line: number, group: GoroutineReport['groups'][number]) => {
    if (file === '' || line <= 0) return;
    const path = cleanPath(file);
    const key = `${kind}\n${path}\n${line}`;
    let entry = marks.get(key);
    if (!entry) {
      entry = { kind, file: path, line, count: 0, states: [], maxWaitMinutes: null, suspect: false, reason: '', stateCounts: new Map(), suspectCount: 0 };
      marks.set(key, entry);
    }
    entry.count += group.count;
    entry.stateCounts.set(group.state, (entry.stateCounts.get(group.state) ?? 0) + group.count);
    if (group.waitMinutes) entry.maxWaitMinutes = Math.max(entry.maxWaitMinutes ?? 0, group.waitMinutes.max);
    if (group.suspect) {
      entry.suspect = true;
      if (group.count > entry.suspectCount) {
        entry.suspectCount = group.count;
        entry.reason = group.reason;
      }
    }
  };
  for (const group of report.groups) {
    mark('blocking', group.place.file, group.place.line, group);
    if (group.createdBy) mark('creator', group.createdBy.file, group.createdBy.line, group);
  }
  return [...marks.values()].map(({ stateCounts, suspectCount: _suspectCount, ...entry }) => ({
    ...entry,
    states: [...stateCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([state]) => state),
  }));
}

/**
 * New minus base, line by line, call site by call site, function by function: what
 * `go tool pprof -diff_base=base new -list` shows, for every line at once. Totals are the base's
 * (pprof's percentages of a diff refer to the base), else the new profile's when the base is empty.
 */
export function diffLineFigures(base: LineFigures, next: LineFigures): LineFigures {
  const typeCount = next.sampleTypes.length;
  const strings = new StringTable();
  const siteIds = new Map<string, number>();
  const siteFunction: number[] = [];
  const siteFile: number[] = [];
  const siteLine: number[] = [];
  const siteOf = (figures: LineFigures, site: number) => {
    const fn = strings.id(figures.strings[figures.sites.function[site]]);
    const file = strings.id(figures.strings[figures.sites.file[site]]);
    const line = figures.sites.line[site];
    const key = `${fn}:${file}:${line}`;
    let id = siteIds.get(key);
    if (id === undefined) {
      id = siteFunction.length;
      siteIds.set(key, id);
      siteFunction.push(fn);
      siteFile.push(file);
      siteLine.push(line);
    }
    return id;
  };

  interface Row {
    flat: Float64Array;
    cum: Float64Array;
    callers: Map<number, Float64Array>;
  }
  const byFile = new Map<string, Map<number, Row>>();
  const addFigures = (figures: LineFigures, sign: number) => {
    for (const file of figures.files) {
      let rows = byFile.get(file.file);
      if (!rows) byFile.set(file.file, (rows = new Map()));
      for (let i = 0; i < file.lines.length; i++) {
        let row = rows.get(file.lines[i]);
        if (!row) rows.set(file.lines[i], (row = { flat: new Float64Array(typeCount), cum: new Float64Array(typeCount), callers: new Map() }));
        for (let t = 0; t < typeCount; t++) {
          row.flat[t] += sign * file.flat[i * typeCount + t];
          row.cum[t] += sign * file.cum[i * typeCount + t];
        }
        for (let c = file.callerStart[i]; c < file.callerStart[i + 1]; c++) {
          const site = siteOf(figures, file.callerSite[c]);
          let value = row.callers.get(site);
          if (!value) row.callers.set(site, (value = new Float64Array(typeCount)));
          for (let t = 0; t < typeCount; t++) value[t] += sign * file.callerValue[c * typeCount + t];
        }
      }
    }
  };
  addFigures(next, 1);
  addFigures(base, -1);

  const files: FileFigures[] = [];
  for (const [file, rows] of byFile) {
    const kept = [...rows].filter(([, row]) => row.flat.some((v) => v !== 0) || row.cum.some((v) => v !== 0)).sort((a, b) => a[0] - b[0]);
    if (kept.length === 0) continue;
    files.push(
      fileFigures(
        file,
        kept.map(([line]) => line),
        (i, t) => kept[i][1].flat[t],
        (i, t) => kept[i][1].cum[t],
        kept.map(([, row]) => [...row.callers].filter(([, value]) => value.some((v) => v !== 0)).map(([site, value]) => ({ site, value: (t: number) => value[t] }))),
        typeCount,
      ),
    );
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const functions = new Map<string, { file: string; line: number; flat: Float64Array; cum: Float64Array }>();
  const addFunctions = (figures: LineFigures, sign: number) => {
    const { name, file, line, flat, cum } = figures.functions;
    for (let i = 0; i < name.length; i++) {
      const key = figures.strings[name[i]];
      let entry = functions.get(key);
      if (!entry) functions.set(key, (entry = { file: figures.strings[file[i]], line: line[i], flat: new Float64Array(typeCount), cum: new Float64Array(typeCount) }));
      for (let t = 0; t < typeCount; t++) {
        entry.flat[t] += sign * flat[i * typeCount + t];
        entry.cum[t] += sign * cum[i * typeCount + t];
      }
    }
  };
  addFunctions(next, 1);
  addFunctions(base, -1);
  const keptFunctions = [...functions].filter(([, fn]) => fn.cum.some((v) => v !== 0) || fn.flat.some((v) => v !== 0));
  const functionFlat = new Float64Array(keptFunctions.length * typeCount);
  const functionCum = new Float64Array(keptFunctions.length * typeCount);
  keptFunctions.forEach(([, fn], i) => {
    functionFlat.set(fn.flat, i * typeCount);
    functionCum.set(fn.cum, i * typeCount);
  });

  return {
    sampleTypes: next.sampleTypes,
    defaultSampleIndex: next.defaultSampleIndex,
    totals: next.totals.map((total, t) => (base.totals[t] > 0 ? base.totals[t] : total + base.totals[t])),
    timeMs: next.timeMs,
    delta: true,
    strings: strings.all(),
    files,
    sites: { function: Int32Array.from(siteFunction), file: Int32Array.from(siteFile), line: Int32Array.from(siteLine) },
    functions: {
      name: Int32Array.from(keptFunctions, ([name]) => strings.id(name)),
      file: Int32Array.from(keptFunctions, ([, fn]) => strings.id(fn.file)),
      line: Int32Array.from(keptFunctions, ([, fn]) => fn.line),
      flat: functionFlat,
      cum: functionCum,
    },
    goroutines: [],
  };
}

/** One line's figures as an editor shows them. */
export interface LineMark {
  /** 1-based line in the recorded file. */
  line: number;
  /** Index of the line in its FileFigures (for the hover). */
  row: number;
  flat: number;
  cum: number;
  /** The after-line text: "cum 48MB · flat 12MB" ("+48MB" for differences). */
  label: string;
  /** 0..3: how hot the line is (share of the total: under 1%, 1%, 5%, 20% and more). */
  heat: number;
}

/** A value as Go's tools print it, with a sign for differences ("+48MB", "-1.50MB"). */
export function formatFigure(value: number, unit: string, delta: boolean): string {
  const text = formatValue(value, unit);
  return delta && value > 0 ? `+${text}` : text;
}

/**
 * The lines of `file` whose |cum| (or |flat|) reaches `thresholdPercent` of the total for the
 * sample type, with their after-line text. A threshold of 0 shows every line with a value.
 * Lines past `lastLine` (the document's length) are left out.
 */
export function lineMarks(figures: LineFigures, file: FileFigures, sampleIndex: number, thresholdPercent: number, lastLine = Infinity): LineMark[] {
  const typeCount = figures.sampleTypes.length;
  const unit = figures.sampleTypes[sampleIndex]?.unit ?? '';
  const total = figures.totals[sampleIndex] ?? 0;
  const minimum = total > 0 ? (total * Math.max(0, thresholdPercent)) / 100 : 0;
  const marks: LineMark[] = [];
  for (let row = 0; row < file.lines.length && file.lines[row] <= lastLine; row++) {
    const flat = file.flat[row * typeCount + sampleIndex];
    const cum = file.cum[row * typeCount + sampleIndex];
    const size = Math.max(Math.abs(cum), Math.abs(flat));
    if (size === 0 || size < minimum) continue;
    const parts = [`cum ${formatFigure(cum, unit, figures.delta)}`];
    if (flat !== 0) parts.push(`flat ${formatFigure(flat, unit, figures.delta)}`);
    const share = total > 0 ? size / total : 0;
    const heat = share >= 0.2 ? 3 : share >= 0.05 ? 2 : share >= 0.01 ? 1 : 0;
    marks.push({ line: file.lines[row], row, flat, cum, label: parts.join(' · '), heat });
  }
  return marks;
}

/** One hot function for a CodeLens. */
export interface HotFunction {
  name: string;
  file: string;
  line: number;
  flat: number;
  cum: number;
  /** 1-based rank by |cum| among the profile's functions. */
  rank: number;
}

/** The `count` functions with the largest |cum| for a sample type (pprof's -cum order: ties by name). */
export function hotFunctions(figures: LineFigures, sampleIndex: number, count: number): HotFunction[] {
  const typeCount = figures.sampleTypes.length;
  const { name, file, line, flat, cum } = figures.functions;
  const order: number[] = [];
  for (let i = 0; i < name.length; i++) if (cum[i * typeCount + sampleIndex] !== 0) order.push(i);
  const nameOf = (i: number) => figures.strings[name[i]];
  order.sort(
    (a, b) =>
      Math.abs(cum[b * typeCount + sampleIndex]) - Math.abs(cum[a * typeCount + sampleIndex]) ||
      (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0),
  );
  return order.slice(0, Math.max(0, count)).map((i, rank) => ({
    name: nameOf(i),
    file: figures.strings[file[i]],
    line: line[i],
    flat: flat[i * typeCount + sampleIndex],
    cum: cum[i * typeCount + sampleIndex],
    rank: rank + 1,
  }));
}

/** A line's callers for one sample type, largest first, without those of zero value. */
export function lineCallers(figures: LineFigures, file: FileFigures, row: number, sampleIndex: number): { function: string; file: string; line: number; value: number }[] {
  const typeCount = figures.sampleTypes.length;
  const out: { function: string; file: string; line: number; value: number }[] = [];
  for (let c = file.callerStart[row]; c < file.callerStart[row + 1]; c++) {
    const value = file.callerValue[c * typeCount + sampleIndex];
    if (value === 0) continue;
    const site = file.callerSite[c];
    out.push({ function: figures.strings[figures.sites.function[site]], file: figures.strings[figures.sites.file[site]], line: figures.sites.line[site], value });
  }
  return out.sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, CALLERS_PER_LINE);
}

/** The typed arrays of a LineFigures, to transfer rather than copy between threads. */
export function lineFiguresBuffers(figures: LineFigures): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [figures.sites.function, figures.sites.file, figures.sites.line];
  const { functions } = figures;
  arrays.push(functions.name, functions.file, functions.line, functions.flat, functions.cum);
  for (const file of figures.files) arrays.push(file.lines, file.flat, file.cum, file.callerStart, file.callerSite, file.callerValue);
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}
