// What a profile attributes to each source line and to each declared function, in one pass over
// its samples: the part of evidence that needs the profile. Findings are then looked up in it
// (evidence.ts) without touching the samples again, so the language server can build it off its
// main thread and keep only these maps.
import type { FlatProfile, Profile, ValueType } from '../pprof/model';

/** What kind of profile it is, named the way a Go developer names it ("the heap profile"). */
export type ProfileKind = 'heap' | 'allocs' | 'CPU' | 'goroutine' | 'contention' | 'threadcreate' | 'other';

export interface EvidenceIndex {
  kind: ProfileKind;
  sampleType: ValueType;
  /**
   * Recorded file -> `line<TAB>declared function` -> the value of the samples with a frame on that
   * line of that function (once per sample). The function is part of the key so that a finding's
   * line only counts when the profile's code there is the same function as the finding's.
   */
  lines: Map<string, Map<string, number>>;
  /**
   * Recorded file -> declared function (package path left out, closures folded into the function
   * that declares them: `(*T).M`, `F`) -> the value of the samples with a frame in it (once per sample).
   */
  functions: Map<string, Map<string, number>>;
}

/** The kind of a profile, from its sample types (heap and allocs differ only in their default). */
export function profileKind(profile: Pick<Profile, 'sampleTypes' | 'defaultSampleIndex'>): ProfileKind {
  const types = profile.sampleTypes.map((type) => type.type);
  if (types.includes('inuse_space') || types.includes('alloc_space')) {
    const chosen = profile.sampleTypes[profile.defaultSampleIndex]?.type;
    return chosen?.startsWith('alloc_') ? 'allocs' : 'heap';
  }
  if (types.includes('cpu')) return 'CPU';
  if (types.includes('goroutine') || types.includes('goroutines')) return 'goroutine';
  if (types.includes('contentions') || types.includes('delay')) return 'contention';
  if (types.includes('threadcreate')) return 'threadcreate';
  return 'other';
}

/**
 * The function a frame's name is declared as in its file: the package path dropped
 * (`example.com/m/pkg.(*T).M` -> `(*T).M`, `gopkg.in/yaml%2ev3.F` -> `F`), generic instantiations
 * shown as `[...]` dropped, and closures, `go`/`defer` wrappers and numbered inits folded into the
 * function that declares them (`F.func1.2`, `F.gowrap1`, `init.0` -> `F`, `F`, `init`).
 */
export function declaredFunctionName(profileName: string): string {
  const slash = profileName.lastIndexOf('/');
  const dot = profileName.indexOf('.', slash + 1);
  let name = dot >= 0 ? profileName.slice(dot + 1) : profileName;
  name = name.replace(/\[[^\]]*\]/g, '');
  for (;;) {
    const folded = name.replace(/\.(func|gowrap|deferwrap)\d+(\.\d+)*$/, '');
    if (folded === name) break;
    name = folded;
  }
  return name.replace(/^init\.\d+$/, 'init');
}

/** The key of EvidenceIndex.lines for a line of a declared function. */
export function lineKeyOf(line: number, declaredFunction: string): string {
  return `${line}\t${declaredFunction}`;
}

/** Builds the index of a profile for one of its sample types; samples with a value of 0 or less add nothing. */
export function buildEvidenceIndex(profile: FlatProfile | Profile, sampleIndex: number): EvidenceIndex {
  // One slot per distinct (file, line) and (file, declared function): frames are few next to samples.
  const lineSlots = new Map<string, number>();
  const lineKeys: [string, string][] = [];
  const functionSlots = new Map<string, number>();
  const functionKeys: [string, string][] = [];
  const declared = profile.functions.map((fn) => declaredFunctionName(fn.name));
  const frameLine = new Int32Array(profile.frames.length).fill(-1);
  const frameFunction = new Int32Array(profile.frames.length).fill(-1);
  profile.frames.forEach((frame, id) => {
    if (!frame.file) return;
    const name = declared[frame.functionIndex];
    if (frame.line > 0) {
      const lineKey = lineKeyOf(frame.line, name);
      const key = `${frame.file}\n${lineKey}`;
      let slot = lineSlots.get(key);
      if (slot === undefined) {
        lineSlots.set(key, (slot = lineKeys.length));
        lineKeys.push([frame.file, lineKey]);
      }
      frameLine[id] = slot;
    }
    if (name) {
      const key = `${frame.file}\n${name}`;
      let slot = functionSlots.get(key);
      if (slot === undefined) {
        functionSlots.set(key, (slot = functionKeys.length));
        functionKeys.push([frame.file, name]);
      }
      frameFunction[id] = slot;
    }
  });

  // Per location, its frames' slots in flat typed arrays: the sample loop below touches nothing else.
  const locationCount = profile.locations.length;
  const lineStart = new Int32Array(locationCount + 1);
  const functionStart = new Int32Array(locationCount + 1);
  const lineSlotList: number[] = [];
  const functionSlotList: number[] = [];
  for (let location = 0; location < locationCount; location++) {
    for (const frame of profile.locations[location].frames) {
      if (frameLine[frame] >= 0) lineSlotList.push(frameLine[frame]);
      if (frameFunction[frame] >= 0) functionSlotList.push(frameFunction[frame]);
    }
    lineStart[location + 1] = lineSlotList.length;
    functionStart[location + 1] = functionSlotList.length;
  }
  const lineSlotOf = Int32Array.from(lineSlotList);
  const functionSlotOf = Int32Array.from(functionSlotList);

  const lineValues = new Float64Array(lineKeys.length);
  const lineSeen = new Int32Array(lineKeys.length).fill(-1);
  const functionValues = new Float64Array(functionKeys.length);
  const functionSeen = new Int32Array(functionKeys.length).fill(-1);
  const addStack = (sample: number, value: number, stack: ArrayLike<number>, from: number, to: number) => {
    if (!(value > 0)) return;
    for (let l = from; l < to; l++) {
      const location = stack[l];
      if (!(location >= 0 && location < locationCount)) continue;
      for (let k = lineStart[location], end = lineStart[location + 1]; k < end; k++) {
        const slot = lineSlotOf[k];
        if (lineSeen[slot] !== sample) {
          lineSeen[slot] = sample;
          lineValues[slot] += value;
        }
      }
      for (let k = functionStart[location], end = functionStart[location + 1]; k < end; k++) {
        const slot = functionSlotOf[k];
        if (functionSeen[slot] !== sample) {
          functionSeen[slot] = sample;
          functionValues[slot] += value;
        }
      }
    }
  };
  if ('sampleTable' in profile) {
    const { start, locations, values } = profile.sampleTable;
    const typeCount = profile.sampleTypes.length;
    for (let s = 0; s < start.length - 1; s++) addStack(s, values[s * typeCount + sampleIndex], locations, start[s], start[s + 1]);
  } else {
    profile.samples.forEach((sample, s) => addStack(s, sample.values[sampleIndex], sample.locations, 0, sample.locations.length));
  }

  const lines = new Map<string, Map<string, number>>();
  lineKeys.forEach(([file, line], slot) => {
    if (lineValues[slot] === 0) return;
    let byLine = lines.get(file);
    if (!byLine) lines.set(file, (byLine = new Map()));
    byLine.set(line, lineValues[slot]);
  });
  const functions = new Map<string, Map<string, number>>();
  functionKeys.forEach(([file, name], slot) => {
    if (functionValues[slot] === 0) return;
    let byName = functions.get(file);
    if (!byName) functions.set(file, (byName = new Map()));
    byName.set(name, functionValues[slot]);
  });
  return { kind: profileKind(profile), sampleType: profile.sampleTypes[sampleIndex], lines, functions };
}
