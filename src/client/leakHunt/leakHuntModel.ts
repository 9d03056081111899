// The leak hunt's heavy work, free of vscode so it runs in a worker thread (leakHuntWorker.ts)
// and in unit tests: comparing two profiles into what the compare view draws, per-line listings,
// and reducing a heap snapshot to what the watch keeps.
import { diffProfile, diffTotal, DiffProfile, listRoutines, Profile, sampleIndexByName } from '../../core/pprof';
import { functionLines } from '../../core/pprof/top';
import { snapshotValues, SnapshotValues } from '../../core/pprof/growth';
import type { ProfileHeader } from '../../core/pprof/protobuf';
import { stackTable } from '../../core/pprof/stackTable';

/** A compare view's data: plain arrays, safe to post to a webview as JSON. */
export interface CompareModel {
  sampleTypes: string[];
  sampleType: string;
  unit: string;
  /** pprof's total for the diff (the base's), which percentages refer to. */
  total: number;
  baseTotal: number;
  newTotal: number;
  functions: { name: string; file: string; line: number }[];
  /** Every function with a value on either side. */
  rows: { fn: number; baseFlat: number; newFlat: number; baseCum: number; newCum: number }[];
  /** Icicle nodes in preorder (children by name): function, depth, base and new values. Node 0 is the root. */
  flame: { fn: number[]; depth: number[]; base: number[]; next: number[] };
}

/** Nodes narrower than this share of base + new are left out of the flame graph. */
const FLAME_MIN_SHARE = 1 / 4000;

export function compareModel(base: Profile, next: Profile, sampleTypeName?: string): { model: CompareModel; diff: DiffProfile } {
  const diff = diffProfile(base, next);
  const profile = diff.profile;
  const sampleIndex = sampleIndexByName(profile, sampleTypeName);
  const { offsets, locationFunctions } = stackTable(profile);
  const functionCount = profile.functions.length;
  const baseFlat = new Float64Array(functionCount);
  const newFlat = new Float64Array(functionCount);
  const baseCum = new Float64Array(functionCount);
  const newCum = new Float64Array(functionCount);
  const lastSample = new Int32Array(functionCount).fill(-1);

  // A trie of call paths, root first, with base and new values apart.
  const childKey = new Map<number, number>();
  const nodeFn: number[] = [-1];
  const nodeParent: number[] = [-1];
  const nodeBase: number[] = [0];
  const nodeNext: number[] = [0];
  let baseTotal = 0;
  let newTotal = 0;
  const samples = profile.samples;
  for (let s = 0; s < samples.length; s++) {
    const merged = samples[s].values[sampleIndex];
    if (merged === 0) continue;
    const fromBase = s >= diff.baseSampleStart;
    const value = fromBase ? -merged : merged;
    const flat = fromBase ? baseFlat : newFlat;
    const cum = fromBase ? baseCum : newCum;
    const totals = fromBase ? nodeBase : nodeNext;
    if (fromBase) baseTotal += value;
    else newTotal += value;
    totals[0] += value;
    let node = 0;
    let leaf = -1;
    const stack = samples[s].locations;
    for (let l = stack.length - 1; l >= 0; l--) {
      const location = stack[l];
      for (let f = offsets[location + 1] - 1; f >= offsets[location]; f--) {
        const fn = locationFunctions[f];
        leaf = fn;
        if (lastSample[fn] !== s) {
          lastSample[fn] = s;
          cum[fn] += value;
        }
        const key = node * functionCount + fn;
        let child = childKey.get(key);
        if (child === undefined) {
          child = nodeFn.length;
          childKey.set(key, child);
          nodeFn.push(fn);
          nodeParent.push(node);
          nodeBase.push(0);
          nodeNext.push(0);
        }
        totals[child] += value;
        node = child;
      }
    }
    if (leaf >= 0) flat[leaf] += value;
  }

  // Preorder with children by function name, leaving out nodes too thin to draw.
  const children: number[][] = nodeFn.map(() => []);
  for (let n = 1; n < nodeFn.length; n++) children[nodeParent[n]].push(n);
  const names = profile.functions.map((f) => f.name);
  const minimum = (nodeBase[0] + nodeNext[0]) * FLAME_MIN_SHARE;
  const flame = { fn: [] as number[], depth: [] as number[], base: [] as number[], next: [] as number[] };
  const visit: [number, number][] = [[0, 0]];
  while (visit.length > 0) {
    const [n, depth] = visit.pop()!;
    flame.fn.push(nodeFn[n]);
    flame.depth.push(depth);
    flame.base.push(nodeBase[n]);
    flame.next.push(nodeNext[n]);
    const kept = children[n].filter((c) => nodeBase[c] + nodeNext[c] >= minimum && nodeBase[c] + nodeNext[c] > 0);
    kept.sort((a, b) => (names[nodeFn[a]] < names[nodeFn[b]] ? -1 : names[nodeFn[a]] > names[nodeFn[b]] ? 1 : 0));
    for (let i = kept.length - 1; i >= 0; i--) visit.push([kept[i], depth + 1]);
  }

  const lines = functionLines(profile);
  const rows: CompareModel['rows'] = [];
  for (let fn = 0; fn < functionCount; fn++) {
    if (baseFlat[fn] || newFlat[fn] || baseCum[fn] || newCum[fn]) rows.push({ fn, baseFlat: baseFlat[fn], newFlat: newFlat[fn], baseCum: baseCum[fn], newCum: newCum[fn] });
  }
  const type = profile.sampleTypes[sampleIndex];
  return {
    diff,
    model: {
      sampleTypes: profile.sampleTypes.map((t) => t.type),
      sampleType: type.type,
      unit: type.unit,
      total: diffTotal(diff, sampleIndex),
      baseTotal,
      newTotal,
      functions: profile.functions.map((f, i) => ({ name: f.name, file: f.file, line: lines[i] })),
      rows,
      flame,
    },
  };
}

/** One source line of a function with its values in the base and the new profile. */
export interface SourceLineValues {
  line: number;
  baseFlat: number;
  baseCum: number;
  newFlat: number;
  newCum: number;
}

export interface FunctionSource {
  function: string;
  /** The file as the profile records it. */
  file: string;
  lines: SourceLineValues[];
}

/**
 * pprof -list's per-line numbers of one function, for the base and the new profile side by side
 * (the lines of its file that carry a value in either), from the merged diff profile.
 */
export function functionSource(diff: DiffProfile, sampleTypeName: string | undefined, functionName: string): FunctionSource | undefined {
  const profile = diff.profile;
  const sampleIndex = sampleIndexByName(profile, sampleTypeName);
  const functionIndex = profile.functions.findIndex((f) => f.name === functionName);
  if (functionIndex < 0) return undefined;
  const side = (from: number, to: number, sign: number): Profile => ({
    ...profile,
    samples: profile.samples.slice(from, to).map((s) => (sign === 1 ? s : { locations: s.locations, values: s.values.map((v) => -v) })),
    locations: profile.locations.slice(),
  });
  const newRoutines = listRoutines(side(0, diff.baseSampleStart, 1), sampleIndex, functionIndex).filter((r) => r.file !== '');
  const baseRoutines = listRoutines(side(diff.baseSampleStart, profile.samples.length, -1), sampleIndex, functionIndex).filter((r) => r.file !== '');
  const file = newRoutines[0]?.file ?? baseRoutines[0]?.file;
  if (file === undefined) return { function: functionName, file: profile.functions[functionIndex].file, lines: [] };
  const byLine = new Map<number, SourceLineValues>();
  const entry = (line: number) => {
    let values = byLine.get(line);
    if (!values) {
      values = { line, baseFlat: 0, baseCum: 0, newFlat: 0, newCum: 0 };
      byLine.set(line, values);
    }
    return values;
  };
  for (const l of newRoutines.find((r) => r.file === file)?.lines ?? []) Object.assign(entry(l.line), { newFlat: l.flat, newCum: l.cum });
  for (const l of baseRoutines.find((r) => r.file === file)?.lines ?? []) Object.assign(entry(l.line), { baseFlat: l.flat, baseCum: l.cum });
  return { function: functionName, file, lines: [...byLine.values()].sort((a, b) => a.line - b.line) };
}

/** What the heap watch keeps of a snapshot: its in-use total and flat per function. */
export interface WatchSnapshot {
  file: string;
  timeMs: number;
  total: number;
  flat: [string, number][];
}

/** The sample type a heap watch follows: in-use bytes, else the profile's default. */
export function watchSampleIndex(header: ProfileHeader): number {
  return sampleIndexByName(header, header.sampleTypes.some((t) => t.type === 'inuse_space') ? 'inuse_space' : undefined);
}

export function watchSnapshotOf(values: SnapshotValues, capturedAtMs: number): WatchSnapshot {
  return { file: values.file, timeMs: values.timeMs ?? capturedAtMs, total: values.total, flat: [...values.flatByFunction] };
}

export function watchSnapshot(file: string, profile: Profile, capturedAtMs: number): WatchSnapshot {
  return watchSnapshotOf(snapshotValues(file, profile, watchSampleIndex(profile)), capturedAtMs);
}
