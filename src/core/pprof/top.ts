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
  const totals = new FunctionTotals(profile, kept);
  const samples = profile.samples;
  for (let s = 0; s < samples.length; s++) {
    const sample = samples[s];
    totals.addStack(s, sample.values[sampleIndex], sample.locations, 0, sample.locations.length);
  }
  return { flat: totals.flat, cum: totals.cum };
}

/**
 * functionValues of a FlatProfile (without `kept`): the same sums over the sample table, for the
 * viewer's decoding worker, which never makes Sample objects.
 */
export function flatFunctionValues(profile: FlatProfile, sampleIndex: number): FunctionValues {
  const totals = new FunctionTotals(profile);
  const { start, locations, values } = profile.sampleTable;
  const typeCount = profile.sampleTypes.length;
  for (let s = 0; s < start.length - 1; s++) totals.addStack(s, values[s * typeCount + sampleIndex], locations, start[s], start[s + 1]);
  return { flat: totals.flat, cum: totals.cum };
}

/** Flat and cum sums per function, fed one sample's stack at a time (the loop both profile layouts share). */
class FunctionTotals {
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  /** The last sample that added to each function's cum: a function counts once per sample, even under recursion. */
  private readonly lastSample: Int32Array;
  private readonly offsets: ArrayLike<number>;
  private readonly locationFunctions: ArrayLike<number>;

  constructor(profile: Pick<Profile, 'functions' | 'locations' | 'frames'>, private readonly kept?: Uint8Array) {
    const functionCount = profile.functions.length;
    this.flat = new Float64Array(functionCount);
    this.cum = new Float64Array(functionCount);
    this.lastSample = new Int32Array(functionCount).fill(-1);
    ({ offsets: this.offsets, locationFunctions: this.locationFunctions } = stackTable(profile));
  }

  /** Adds sample `s` of this value, whose stack is `stack[from..to)` (leaf first). */
  addStack(s: number, value: number, stack: ArrayLike<number>, from: number, to: number): void {
    if (value === 0) return;
    const { offsets, locationFunctions, kept, lastSample, cum } = this;
    let leaf = -1;
    for (let l = to - 1; l >= from; l--) {
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
    if (leaf >= 0) this.flat[leaf] += value;
  }
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
