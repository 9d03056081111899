// Goroutine groups: the goroutines of a goroutine profile (protobuf, debug=1, the debug=2 dump)
// or of the goroutineleak profile (Go 1.26+), grouped by state, wait time, the frames they are
// parked in and the go statement that started them, largest groups first, with the groups that
// look like leaks marked and a sentence saying why.
import { FlatProfile, GoroutineInfo, Profile } from './model';

export interface SourcePlace {
  function: string;
  file: string;
  line: number;
}

export interface GoroutineGroup {
  count: number;
  /** The runtime's state ("chan receive", "select", "IO wait"...), from the dump or read off the stack. */
  state: string;
  /** Shortest and longest wait in minutes (debug=2 prints it from one minute on); null when the format has none. */
  waitMinutes: { min: number; max: number } | null;
  /** Where the goroutines are: the innermost frame outside the runtime and the standard library (else the outermost frame). */
  place: SourcePlace;
  /** The frames from the top of the stack down to `place`, runtime frames included: why they are parked. */
  blockingFrames: SourcePlace[];
  /** The go statement that started them (debug=2 only), else null. */
  createdBy: SourcePlace | null;
  /** The goroutineleak profile, or its "(leaked)" mark, says these can never resume. */
  leaked: boolean;
  suspect: boolean;
  /** One sentence on why the group looks like a leak; '' when it does not. */
  reason: string;
}

export interface GoroutineReport {
  total: number;
  groups: GoroutineGroup[];
  /** The format carries wait times (debug=2 dumps). */
  waitTimesKnown: boolean;
  /** The goroutineleak profile: every goroutine in it is proven stuck. */
  leakProfile: boolean;
}

/** A wait this long on a channel or lock, shared by this many goroutines, looks like a leak. */
export const SUSPECT_WAIT_MINUTES = 1;
export const SUSPECT_COUNT = 3;
/** Alone, a goroutine parked this long looks like a leak. */
export const SUSPECT_LONE_WAIT_MINUTES = 10;
/** Without wait times (protobuf, debug=1), only this many goroutines parked at one place look like a leak. */
export const SUSPECT_COUNT_WITHOUT_WAIT = 10;

/** A goroutine or goroutineleak profile: one count per goroutine stack. */
export function isGoroutineProfile(profile: Pick<Profile, 'sampleTypes' | 'format'>): boolean {
  if (profile.format === 'goroutine-dump') return true;
  return profile.sampleTypes.length === 1 && (profile.sampleTypes[0].type === 'goroutine' || profile.sampleTypes[0].type === 'goroutineleak');
}

// Top-level elements of the standard library's import paths (vendor/ holds its golang.org/x copies).
const standardRoots = new Set(
  'archive bufio builtin bytes cmp compress container context crypto database debug embed encoding errors expvar flag fmt go hash html image index internal io iter log maps math mime net os path plugin reflect regexp runtime slices sort strconv strings structs sync syscall testing text time unicode unique unsafe vendor weak'.split(
    ' ',
  ),
);

/** The import path of a Go symbol: "net/http.(*conn).serve" → "net/http", "main.f.func1" → "main". */
export function packageOf(functionName: string): string {
  const slash = functionName.lastIndexOf('/');
  const dot = functionName.indexOf('.', slash + 1);
  return dot < 0 ? functionName : functionName.slice(0, dot);
}

/** In the runtime or the standard library (or a runtime frame the text named by address). */
export function isStandardFrame(functionName: string): boolean {
  if (functionName.startsWith('runtime frame 0x')) return true;
  const root = packageOf(functionName).split('/')[0];
  return standardRoots.has(root);
}

// Where the runtime parks a goroutine, by the functions on its stack; sync's own functions first
// (they say more than the semaphore under them), as Go 1.24+ names the states.
const stateByFunction: [RegExp, string][] = [
  [/^sync\.\(\*WaitGroup\)\.Wait$/, 'sync.WaitGroup.Wait'],
  [/^sync\.\(\*Cond\)\.Wait$/, 'sync.Cond.Wait'],
  [/^sync\.\(\*RWMutex\)\.RLock$/, 'sync.RWMutex.RLock'],
  [/^sync\.\(\*RWMutex\)\.Lock$/, 'sync.RWMutex.Lock'],
  [/^sync\.\(\*Mutex\)\.(Lock|lockSlow)$/, 'sync.Mutex.Lock'],
  [/^runtime\.chanrecv[12]?$/, 'chan receive'],
  [/^runtime\.chansend1?$/, 'chan send'],
  [/^runtime\.selectgo$/, 'select'],
  [/^runtime\.block$/, 'select (no cases)'],
  [/^(sync\.runtime_Semacquire\w*|runtime\.semacquire1?|internal\/sync\.runtime_Semacquire\w*)$/, 'semacquire'],
  [/^(internal\/poll\.runtime_pollWait|runtime\.netpollblock)$/, 'IO wait'],
  [/^time\.Sleep$/, 'sleep'],
  [/^(syscall\.(Raw)?Syscall6?|internal\/runtime\/syscall\.Syscall6|runtime\/internal\/syscall\.Syscall6|syscall\.syscall6?)$/, 'syscall'],
];

/** The state a stack shows, for formats that do not print it (protobuf, debug=1). */
export function stateOfStack(functionNames: string[]): string {
  for (const [pattern, state] of stateByFunction) {
    if (functionNames.some((name) => pattern.test(name))) return state;
  }
  const leaf = functionNames[0] ?? '';
  if (leaf === 'runtime.gopark' || leaf === 'runtime.goparkunlock') return 'waiting';
  if (leaf.startsWith('runtime frame 0x')) return 'unknown';
  return 'running';
}

/** States in which a goroutine waits for another goroutine: where leaks park. */
function waitsOnAnother(state: string): boolean {
  return /^(chan (receive|send)|select|semacquire|sync\.)/.test(state);
}

/** States that can never end: a nil channel, a select without cases. */
function waitsForever(state: string): boolean {
  return /\(nil chan\)|\(no cases\)/.test(state);
}

function waitBucket(minutes: number): number {
  return minutes < 1 ? 0 : minutes < 10 ? 1 : minutes < 60 ? 2 : 3;
}

function placeText(place: SourcePlace): string {
  const base = place.file.split(/[\\/]/).pop() ?? '';
  return base ? `${place.function} (${base}:${place.line})` : place.function;
}

function minutesText(wait: { min: number; max: number }): string {
  const unit = (n: number) => (n === 1 ? 'minute' : 'minutes');
  return wait.min === wait.max ? `${wait.max} ${unit(wait.max)}` : `${wait.min} to ${wait.max} ${unit(wait.max)}`;
}

function judge(group: Omit<GoroutineGroup, 'suspect' | 'reason'>, leakProfile: boolean): { suspect: boolean; reason: string } {
  const many = group.count === 1 ? 'One goroutine has' : `${group.count} goroutines have`;
  const where = placeText(group.place);
  if (group.leaked || leakProfile) {
    return { suspect: true, reason: `The runtime's leak detector proved ${group.count === 1 ? 'this goroutine' : `these ${group.count} goroutines`} stuck in ${group.state} at ${where}: nothing that still runs can reach what they wait for.` };
  }
  if (waitsForever(group.state)) {
    return { suspect: true, reason: `${many} been parked in ${group.state} at ${where}, which can never end.` };
  }
  // "unknown": debug=1 hides the runtime frames that say why; they may well be a channel's.
  if (!waitsOnAnother(group.state) && group.state !== 'unknown') return { suspect: false, reason: '' };
  const wait = group.waitMinutes;
  if (wait) {
    if ((wait.max >= SUSPECT_WAIT_MINUTES && group.count >= SUSPECT_COUNT) || wait.max >= SUSPECT_LONE_WAIT_MINUTES) {
      return {
        suspect: true,
        reason: `${many} been parked in ${group.state} at ${where} for ${minutesText(wait)}: goroutines that wait that long on a channel or a lock are usually waiting for something that will not come.`,
      };
    }
    return { suspect: false, reason: '' };
  }
  if (group.count >= SUSPECT_COUNT_WITHOUT_WAIT) {
    return {
      suspect: true,
      reason: `${group.count} goroutines are parked ${group.state === 'unknown' ? 'in the runtime' : `in ${group.state}`} at ${where}; this profile has no wait times, so compare it with a later one: a count that keeps growing is a leak.`,
    };
  }
  return { suspect: false, reason: '' };
}

interface Frameish {
  function: string;
  file: string;
  line: number;
}

/**
 * Groups the goroutines of a goroutine profile. The count of each sample is its value; a debug=2
 * dump adds each goroutine's state, wait and creator. Groups are sorted by count, then name.
 */
export function goroutineGroups(profile: Profile | FlatProfile): GoroutineReport {
  const leakProfile = profile.sampleTypes[0]?.type === 'goroutineleak';
  const groups = new Map<string, Omit<GoroutineGroup, 'suspect' | 'reason'>>();
  let total = 0;
  let waitTimesKnown = false;

  /** What all goroutines of one sample share: their frames, where they are and the key of that. */
  interface Stack {
    frames: Frameish[];
    blockingFrames: Frameish[];
    place: Frameish;
    key: string;
  }
  const stackOf = (frames: Frameish[]): Stack => {
    let placeIndex = frames.findIndex((frame) => !isStandardFrame(frame.function));
    if (placeIndex < 0) placeIndex = frames.length - 1;
    const blockingFrames = frames.slice(0, placeIndex + 1);
    return {
      frames,
      blockingFrames,
      place: frames[placeIndex] ?? { function: '(no stack)', file: '', line: 0 },
      key: blockingFrames.map((frame) => `${frame.function} ${frame.file}:${frame.line}`).join('|'),
    };
  };

  const add = ({ frames, blockingFrames, place, key: stackKey }: Stack, count: number, goroutine: GoroutineInfo | undefined) => {
    if (count <= 0) return;
    total += count;
    const state = goroutine ? goroutine.state : stateOfStack(frames.map((frame) => frame.function));
    const wait = goroutine ? goroutine.waitMinutes ?? 0 : undefined;
    const createdBy = goroutine?.createdBy ? { function: goroutine.createdBy.functionName, file: goroutine.createdBy.file, line: goroutine.createdBy.line } : null;
    const leaked = goroutine?.leaked === true;
    const key = [
      state,
      leaked,
      wait === undefined ? '' : waitBucket(wait),
      stackKey,
      createdBy ? `${createdBy.function} ${createdBy.file}:${createdBy.line}` : '',
    ].join('\n');
    const group = groups.get(key);
    if (group) {
      group.count += count;
      if (wait !== undefined && group.waitMinutes) {
        group.waitMinutes.min = Math.min(group.waitMinutes.min, wait);
        group.waitMinutes.max = Math.max(group.waitMinutes.max, wait);
      }
    } else {
      groups.set(key, {
        count,
        state,
        waitMinutes: wait === undefined ? null : { min: wait, max: wait },
        place: { function: place.function, file: place.file, line: place.line },
        blockingFrames: blockingFrames.map((frame) => ({ function: frame.function, file: frame.file, line: frame.line })),
        createdBy,
        leaked,
      });
    }
  };

  const framesOf = (locations: ArrayLike<number>, start: number, end: number): Frameish[] => {
    const frames: Frameish[] = [];
    for (let l = start; l < end; l++) {
      for (const frameId of profile.locations[locations[l]].frames) {
        const frame = profile.frames[frameId];
        frames.push({ function: profile.functions[frame.functionIndex].name, file: frame.file, line: frame.line });
      }
    }
    return frames;
  };

  if ('samples' in profile) {
    for (const sample of profile.samples) {
      const stack = stackOf(framesOf(sample.locations, 0, sample.locations.length));
      if (sample.goroutines && sample.goroutines.length > 0) {
        waitTimesKnown = true;
        for (const goroutine of sample.goroutines) add(stack, 1, goroutine);
      } else {
        add(stack, sample.values[0], undefined);
      }
    }
  } else {
    const { start, locations, values } = profile.sampleTable;
    const typeCount = profile.sampleTypes.length;
    for (let s = 0; s + 1 < start.length; s++) {
      const stack = stackOf(framesOf(locations, start[s], start[s + 1]));
      const goroutines = profile.sampleGoroutines?.[s];
      if (goroutines && goroutines.length > 0) {
        waitTimesKnown = true;
        for (const goroutine of goroutines) add(stack, 1, goroutine);
      } else {
        add(stack, values[s * typeCount], undefined);
      }
    }
  }

  const judged = [...groups.values()].map((group) => ({ ...group, ...judge(group, leakProfile) }));
  judged.sort((a, b) => b.count - a.count || Number(b.suspect) - Number(a.suspect) || (a.place.function < b.place.function ? -1 : a.place.function > b.place.function ? 1 : 0));
  return { total, groups: judged, waitTimesKnown, leakProfile };
}
