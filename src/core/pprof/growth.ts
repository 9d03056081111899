// What grows over a series of snapshots (a leak hunt's question): per function, the memory it
// allocated itself (flat, as `-top` counts it) in each snapshot, ranked by how much it grew.
import { FlatProfile, Profile, ProfileError, ValueType } from './model';
import type { LeafProfile } from './protobuf';
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

/** Flat per function name and the total of a profile reduced to its flat values (see loadLeafProfile). */
export function leafSnapshotValues(file: string, leaf: LeafProfile): SnapshotValues {
  const { header, flat } = leaf;
  const flatByFunction = new Map<string, number>();
  header.functions.forEach((fn, i) => {
    if (flat[i] !== 0) flatByFunction.set(fn.name, (flatByFunction.get(fn.name) ?? 0) + flat[i]);
  });
  const timeMs = header.timeNanos ? header.timeNanos / 1e6 : undefined;
  return { file, timeMs, sampleType: header.sampleTypes[leaf.sampleIndex], total: leaf.total, flatByFunction };
}

/** Flat per function name and the total of one decoded profile (either layout) for one sample type. */
export function snapshotValues(file: string, profile: Profile | FlatProfile, sampleIndex: number): SnapshotValues {
  const { offsets, locationFunctions } = stackTable(profile);
  const flat = new Float64Array(profile.functions.length);
  let total = 0;
  const add = (value: number, leafLocation: number) => {
    total += Math.abs(value);
    if (value !== 0 && leafLocation >= 0 && offsets[leafLocation] < offsets[leafLocation + 1]) flat[locationFunctions[offsets[leafLocation]]] += value;
  };
  if ('sampleTable' in profile) {
    const { start, locations, values } = profile.sampleTable;
    const typeCount = profile.sampleTypes.length;
    for (let s = 0; s + 1 < start.length; s++) add(values[s * typeCount + sampleIndex], start[s] < start[s + 1] ? locations[start[s]] : -1);
  } else {
    for (const sample of profile.samples) add(sample.values[sampleIndex], sample.locations.length > 0 ? sample.locations[0] : -1);
  }
  return leafSnapshotValues(file, { header: profile as LeafProfile['header'], sampleIndex, flat, total });
}

/** Sorts snapshots by profile time (stable: those without a time keep their given order). */
export function inTimeOrder<T extends { timeMs?: number }>(snapshots: T[]): T[] {
  if (snapshots.some((s) => s.timeMs === undefined)) return snapshots.slice();
  return snapshots.map((s, i) => ({ s, i })).sort((a, b) => a.s.timeMs! - b.s.timeMs! || a.i - b.i).map(({ s }) => s);
}

/** A snapshot as the series keeps it: function ids (interned names) and their flat values. */
interface StoredSnapshot {
  file: string;
  timeMs?: number;
  total: number;
  ids: Int32Array;
  values: Float64Array;
}

/**
 * A series of snapshots in time order that grows one snapshot at a time (a heap watch) and ranks
 * growth on demand. Names are interned and each snapshot is two typed arrays, so a long watch keeps
 * about 12 bytes per function and snapshot, and a ranking costs one pass over what is stored.
 */
export class GrowthSeries {
  private type: ValueType | undefined;
  private readonly names: string[] = [];
  private readonly idOf = new Map<string, number>();
  private readonly stored: StoredSnapshot[] = [];

  get length(): number {
    return this.stored.length;
  }

  get sampleType(): ValueType | undefined {
    return this.type;
  }

  /** Appends the next snapshot in time; one of another sample type is refused with one sentence. */
  add(snapshot: SnapshotValues): void {
    const type = this.type;
    if (type && (snapshot.sampleType.type !== type.type || snapshot.sampleType.unit !== type.unit)) {
      throw new ProfileError(`${snapshot.file} has ${snapshot.sampleType.type} in ${snapshot.sampleType.unit}, the first snapshot ${type.type} in ${type.unit}: a series needs one kind of profile.`);
    }
    this.type ??= snapshot.sampleType;
    const ids = new Int32Array(snapshot.flatByFunction.size);
    const values = new Float64Array(ids.length);
    let i = 0;
    for (const [name, value] of snapshot.flatByFunction) {
      let id = this.idOf.get(name);
      if (id === undefined) {
        id = this.names.length;
        this.names.push(name);
        this.idOf.set(name, id);
      }
      ids[i] = id;
      values[i++] = value;
    }
    this.stored.push({ file: snapshot.file, timeMs: snapshot.timeMs, total: snapshot.total, ids, values });
  }

  /** The ranking of functions that grew (first to last), the `limit` largest with their values. */
  report(limit = Infinity): GrowthReport {
    const stored = this.stored;
    if (stored.length < 2 || !this.type) {
      throw new ProfileError('A growth ranking needs at least two snapshots.');
    }
    const count = stored.length;
    const nameCount = this.names.length;
    // Growth is last minus first, so only the two ends decide which functions are listed.
    const growth = new Float64Array(nameCount);
    const first = stored[0];
    const last = stored[count - 1];
    for (let i = 0; i < first.ids.length; i++) growth[first.ids[i]] -= first.values[i];
    for (let i = 0; i < last.ids.length; i++) growth[last.ids[i]] += last.values[i];
    const growing: number[] = [];
    let growthSum = 0;
    for (let id = 0; id < nameCount; id++) {
      if (growth[id] > 0) {
        growing.push(id);
        growthSum += growth[id];
      }
    }
    const names = this.names;
    growing.sort((a, b) => growth[b] - growth[a] || (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    const listed = growing.length > limit ? growing.slice(0, limit) : growing;

    // Each listed function's value per snapshot, in one pass over what is stored.
    const rowOf = new Int32Array(nameCount).fill(-1);
    listed.forEach((id, row) => (rowOf[id] = row));
    const matrix = new Float64Array(listed.length * count);
    for (let k = 0; k < count; k++) {
      const { ids, values } = stored[k];
      for (let i = 0; i < ids.length; i++) {
        const row = rowOf[ids[i]];
        if (row >= 0) matrix[row * count + k] = values[i];
      }
    }
    const rows: GrowthRow[] = listed.map((id, row) => {
      const values = Array.from(matrix.subarray(row * count, (row + 1) * count));
      let grewEveryInterval = true;
      for (let i = 1; i < count; i++) if (!(values[i] > values[i - 1])) grewEveryInterval = false;
      return { function: names[id], values, growth: growth[id], share: growth[id] / growthSum, grewEveryInterval };
    });
    return { sampleType: this.type, snapshots: stored.map(({ file, timeMs, total }) => ({ file, timeMs, total })), rows };
  }
}

/** The growth ranking over snapshots already in time order (at least two, of one sample type). */
export function growthReport(snapshots: SnapshotValues[]): GrowthReport {
  if (snapshots.length < 2) {
    throw new ProfileError('A growth ranking needs at least two snapshots.');
  }
  const series = new GrowthSeries();
  for (const snapshot of snapshots) series.add(snapshot);
  return series.report();
}
