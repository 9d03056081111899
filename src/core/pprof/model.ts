// The normalized profile model shared by the CLI, the extension host and the webview.
// Plain data only (arrays, numbers, strings) so it can be posted to a webview as JSON.

/** A sample type or the period type: pprof's ValueType with its strings resolved. */
export interface ValueType {
  type: string;
  unit: string;
}

/** One function as pprof's "functions" granularity sees it: functions are merged by name. */
export interface FunctionInfo {
  name: string;
  /** Source file of the first frame seen for this function (absolute path as recorded). */
  file: string;
  /** First line of the function when the profile records it, else 0. */
  startLine: number;
}

/** One source frame. A location with inlined calls yields several frames. */
export interface Frame {
  /** Index into Profile.functions (the aggregation key). */
  functionIndex: number;
  file: string;
  /** Line being executed in this frame, 0 when unknown. */
  line: number;
  /** True when this frame was inlined into its caller (the next frame of the same location). */
  inlined: boolean;
}

/** A program counter with its frames expanded, innermost (callee) first, as pprof stores them. */
export interface Location {
  frames: number[];
  /** File of the mapping (binary) the address belongs to, '' when unknown. */
  mappingFile: string;
}

/** One goroutine of a debug=2 goroutine dump, kept so the viewer can show states and waits. */
export interface GoroutineInfo {
  id: number;
  /** State as printed by the runtime, e.g. "chan receive", "select", "IO wait". */
  state: string;
  /** How long it has been blocked, when the runtime printed it ("5 minutes"), else undefined. */
  waitMinutes?: number;
  lockedToThread: boolean;
  /** The go statement that started it ("created by main.serve in goroutine 1" and its file:line). */
  createdBy?: { functionName: string; file: string; line: number };
  /** Marked "(leaked)" by the goroutineleak profile of Go 1.26+: its GC proved the goroutine can never resume. */
  leaked?: boolean;
}

export interface Sample {
  /** Location indices (into Profile.locations), leaf first. */
  locations: number[];
  /** One value per sample type, in the sample type's unit. */
  values: number[];
  /** String labels (pprof's Sample.label with a str value), e.g. pprof.Do labels. */
  labels?: Record<string, string[]>;
  /** Numeric labels (e.g. "bytes" for heap object sizes). */
  numLabels?: Record<string, number[]>;
  /** debug=2 goroutine dumps: the goroutines that share this stack. */
  goroutines?: GoroutineInfo[];
}

export type ProfileFormat = 'protobuf' | 'heap-text' | 'goroutine-text' | 'count-text' | 'goroutine-dump' | 'contention-text';

export interface Profile {
  format: ProfileFormat;
  sampleTypes: ValueType[];
  /** Index into sampleTypes that pprof shows by default (default_sample_type, else the last). */
  defaultSampleIndex: number;
  periodType?: ValueType;
  period?: number;
  timeNanos?: number;
  durationNanos?: number;
  /** Profile comments (pprof prints those not starting with '#'). */
  comments: string[];
  /** File of the first mapping (the main binary), '' when unknown: pprof's "File:" header. */
  mainBinary: string;
  buildId: string;
  functions: FunctionInfo[];
  frames: Frame[];
  locations: Location[];
  samples: Sample[];
}

/**
 * Samples as flat typed arrays instead of one object each: what the protobuf decoder reads them
 * into, and what a consumer that never needs Sample objects (the viewer's decoding worker) keeps.
 * Labels and goroutine details are not part of it.
 */
export interface SampleTable {
  /** Sample i's locations (indices into Profile.locations, leaf first) are locations[start[i] .. start[i + 1]). */
  start: Int32Array;
  locations: Int32Array;
  /** sampleTypes.length values per sample, sample after sample. */
  values: Float64Array;
}

/**
 * A Profile with its samples as a SampleTable; a goroutine dump (debug=2) also keeps the
 * goroutines of each sample, for the goroutine groups.
 */
export type FlatProfile = Omit<Profile, 'samples'> & { sampleTable: SampleTable; sampleGoroutines?: (GoroutineInfo[] | undefined)[] };

/** The SampleTable of Sample objects (typeCount values each). */
export function sampleTableOf(samples: Sample[], typeCount: number): SampleTable {
  const start = new Int32Array(samples.length + 1);
  for (let s = 0; s < samples.length; s++) {
    start[s + 1] = start[s] + samples[s].locations.length;
  }
  const locations = new Int32Array(start[samples.length]);
  const values = new Float64Array(samples.length * typeCount);
  for (let s = 0; s < samples.length; s++) {
    locations.set(samples[s].locations, start[s]);
    for (let t = 0; t < typeCount; t++) {
      values[s * typeCount + t] = samples[s].values[t];
    }
  }
  return { start, locations, values };
}

/** Bad input: the message is one sentence meant for the user, never a stack trace. */
export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}
