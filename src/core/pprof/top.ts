// Flat and cumulative values per function, computed the way pprof's graph.newGraph does.
import { FlatProfile, Profile, ValueType } from './model';
import { profileTotal } from './sampleIndex';
import { stackTable } from './stackTable';

export interface TopRow {
  functionIndex: number;
  function: string;
  /** Source file and line to open for this function (first line of the function when known). */
  file: string;
  line: number;
  flat: number;
  cum: number;
}

export interface TopTable {
  sampleType: ValueType;
  /** pprof's total: the sum of absolute sample values. */
  total: number;
  /** Every function with a non-zero flat or cum, sorted like `pprof -top` (see sortTopRows). */
  rows: TopRow[];
}

export interface FunctionValues {
  flat: Float64Array;
  cum: Float64Array;
}

/**
 * Flat goes to the leaf frame (innermost inlined frame of the first location) and cum to every
 * function on the stack once per sample, even under recursion. With `kept`, functions outside it
 * are skipped and a sample whose leaf is not kept adds no flat value (pprof's residual rule).
 */
export function functionValues(profile: Profile, sampleIndex: number, kept?: Uint8Array): FunctionValues {
  const functionCount = profile.functions.length;
  const flat = new Float64Array(functionCount);
  const cum = new Float64Array(functionCount);
  const lastSample = new Int32Array(functionCount).fill(-1);
  const { offsets, locationFunctions } = stackTable(profile);
  const samples = profile.samples;
  for (let s = 0; s < samples.length; s++) {
    const sample = samples[s];
    const value = sample.values[sampleIndex];
    if (value === 0) {
      continue;
    }
    const stack = sample.locations;
    let leaf = -1;
    for (let l = stack.length - 1; l >= 0; l--) {
      const location = stack[l];
      const first = offsets[location];
      for (let f = offsets[location + 1] - 1; f >= first; f--) {
        const fn = locationFunctions[f];
        if (kept !== undefined && kept[fn] === 0) {
          leaf = -1;
          continue;
        }
        if (lastSample[fn] !== s) {
          lastSample[fn] = s;
          cum[fn] += value;
        }
        leaf = fn;
      }
    }
    if (leaf >= 0) {
      flat[leaf] += value;
    }
  }
  return { flat, cum };
}

/**
 * functionValues of a FlatProfile (without `kept`): the same loop over the sample table, for the
 * viewer's decoding worker, which never makes Sample objects.
 */
export function flatFunctionValues(profile: FlatProfile, sampleIndex: number): FunctionValues {
  const functionCount = profile.functions.length;
  const flat = new Float64Array(functionCount);
  const cum = new Float64Array(functionCount);
  const lastSample = new Int32Array(functionCount).fill(-1);
  const { offsets, locationFunctions } = stackTable(profile);
  const { start, locations, values } = profile.sampleTable;
  const typeCount = profile.sampleTypes.length;
  for (let s = 0; s < start.length - 1; s++) {
    const value = values[s * typeCount + sampleIndex];
    if (value === 0) {
      continue;
    }
    let leaf = -1;
    for (let l = start[s + 1] - 1; l >= start[s]; l--) {
      const location = locations[l];
      const first = offsets[location];
      for (let f = offsets[location + 1] - 1; f >= first; f--) {
        const fn = locationFunctions[f];
        if (lastSample[fn] !== s) {
          lastSample[fn] = s;
          cum[fn] += value;
        }
        leaf = fn;
      }
    }
    if (leaf >= 0) {
      flat[leaf] += value;
    }
  }
  return { flat, cum };
}

/** The line to open for each function: its start line when recorded, else its lowest sampled line. */
export function functionLines(profile: Pick<Profile, 'functions' | 'frames'>): Int32Array {
  const lines = new Int32Array(profile.functions.length);
  profile.functions.forEach((f, i) => (lines[i] = f.startLine));
  for (const frame of profile.frames) {
    const current = lines[frame.functionIndex];
    if (profile.functions[frame.functionIndex].startLine === 0 && frame.line > 0 && (current === 0 || frame.line < current)) {
      lines[frame.functionIndex] = frame.line;
    }
  }
  return lines;
}

/** total: pass profileTotal(unfiltered, sampleIndex) for a filtered profile, as pprof does. */
export function topTable(profile: Profile, sampleIndex: number, total = profileTotal(profile, sampleIndex)): TopTable {
  const names = profile.functions.map((fn) => fn.name);
  const files = profile.functions.map((fn) => fn.file);
  return topTableOf(profile.sampleTypes[sampleIndex], total, names, files, functionLines(profile), functionValues(profile, sampleIndex));
}

/** The table from per-function values, for a viewer that has the values but not (yet) the profile. */
export function topTableOf(sampleType: ValueType, total: number, names: string[], files: string[], lines: Int32Array, { flat, cum }: FunctionValues): TopTable {
  const rows: TopRow[] = [];
  for (let i = 0; i < names.length; i++) {
    if (flat[i] !== 0 || cum[i] !== 0) {
      rows.push({ functionIndex: i, function: names[i], file: files[i], line: lines[i], flat: flat[i], cum: cum[i] });
    }
  }
  return { sampleType, total, rows: sortTopRows(rows, 'flat') };
}

const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** pprof's FlatNameOrder (|flat| desc, name, |cum| desc) or CumNameOrder (|cum| desc, name, |flat| desc). */
export function sortTopRows<T extends { function: string; flat: number; cum: number }>(rows: T[], order: 'flat' | 'cum'): T[] {
  const primary = order === 'flat' ? (r: T) => Math.abs(r.flat) : (r: T) => Math.abs(r.cum);
  const secondary = order === 'flat' ? (r: T) => Math.abs(r.cum) : (r: T) => Math.abs(r.flat);
  return rows.sort((a, b) => primary(b) - primary(a) || compareNames(a.function, b.function) || secondary(b) - secondary(a));
}
