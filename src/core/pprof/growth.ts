// What grows over a series of snapshots (a leak hunt's question): per function, the memory it
// allocated itself (flat, as `-top` counts it) in each snapshot, ranked by how much it grew.
import { FlatProfile, Profile, ProfileError, ValueType } from './model';
import { stackTable } from './stackTable';

/** One snapshot reduced to what a growth ranking needs: flat per function name and the total. */
export interface SnapshotValues {
  file: string;
  /** Profile time in ms since the epoch, undefined when the profile has none. */
  timeMs?: number;
  sampleType: ValueType;
  /** pprof's total (sum of absolute values). */
  total: number;
  flatByFunction: Map<string, number>;
}

export interface GrowthRow {
  function: string;
  /** Flat value in each snapshot, in time order (0 where the function is absent). */
  values: number[];
  /** Last value minus first. */
  growth: number;
  /** Share of the summed growth of all growing functions, 0..1. */
  share: number;
  /** True when the value rose in every interval: steady growth, the leak signal. */
  grewEveryInterval: boolean;
}

export interface GrowthReport {
  sampleType: ValueType;
  snapshots: { file: string; timeMs?: number; total: number }[];
  /** Only functions that grew, by growth (largest first), then name. */
  rows: GrowthRow[];
}

/** Flat per function name and the total of one profile (either layout) for one sample type. */
export function snapshotValues(file: string, profile: Profile | FlatProfile, sampleIndex: number): SnapshotValues {
  const { offsets, locationFunctions } = stackTable(profile);
  const flat = new Float64Array(profile.functions.length);
  let total = 0;
  const add = (value: number, leafLocation: number) => {
    total += Math.abs(value);
    if (value !== 0 && leafLocation >= 0) flat[locationFunctions[offsets[leafLocation]]] += value;
  };
  if ('sampleTable' in profile) {
    const { start, locations, values } = profile.sampleTable;
    const typeCount = profile.sampleTypes.length;
    for (let s = 0; s + 1 < start.length; s++) add(values[s * typeCount + sampleIndex], start[s] < start[s + 1] ? locations[start[s]] : -1);
  } else {
    for (const sample of profile.samples) add(sample.values[sampleIndex], sample.locations.length > 0 ? sample.locations[0] : -1);
  }
  const flatByFunction = new Map<string, number>();
  profile.functions.forEach((fn, i) => {
    if (flat[i] !== 0) flatByFunction.set(fn.name, (flatByFunction.get(fn.name) ?? 0) + flat[i]);
  });
  const timeMs = profile.timeNanos ? profile.timeNanos / 1e6 : undefined;
  return { file, timeMs, sampleType: profile.sampleTypes[sampleIndex], total, flatByFunction };
}

/** Sorts snapshots by profile time (stable: those without a time keep their given order). */
export function inTimeOrder<T extends { timeMs?: number }>(snapshots: T[]): T[] {
  if (snapshots.some((s) => s.timeMs === undefined)) return snapshots.slice();
  return snapshots.map((s, i) => ({ s, i })).sort((a, b) => a.s.timeMs! - b.s.timeMs! || a.i - b.i).map(({ s }) => s);
}

/** The growth ranking over snapshots already in time order (at least two, of one sample type). */
export function growthReport(snapshots: SnapshotValues[]): GrowthReport {
  if (snapshots.length < 2) {
    throw new ProfileError('A growth ranking needs at least two snapshots.');
  }
  const sampleType = snapshots[0].sampleType;
  for (const s of snapshots) {
    if (s.sampleType.type !== sampleType.type || s.sampleType.unit !== sampleType.unit) {
      throw new ProfileError(`${s.file} has ${s.sampleType.type} in ${s.sampleType.unit}, the first snapshot ${sampleType.type} in ${sampleType.unit}: a series needs one kind of profile.`);
    }
  }
  const names = new Set<string>();
  for (const s of snapshots) for (const name of s.flatByFunction.keys()) names.add(name);
  const rows: GrowthRow[] = [];
  let growthSum = 0;
  for (const name of names) {
    const values = snapshots.map((s) => s.flatByFunction.get(name) ?? 0);
    const growth = values[values.length - 1] - values[0];
    if (!(growth > 0)) continue;
    let grewEveryInterval = true;
    for (let i = 1; i < values.length; i++) if (!(values[i] > values[i - 1])) grewEveryInterval = false;
    rows.push({ function: name, values, growth, share: 0, grewEveryInterval });
    growthSum += growth;
  }
  for (const row of rows) row.share = row.growth / growthSum;
  rows.sort((a, b) => b.growth - a.growth || (a.function < b.function ? -1 : a.function > b.function ? 1 : 0));
  return { sampleType, snapshots: snapshots.map(({ file, timeMs, total }) => ({ file, timeMs, total })), rows };
}
