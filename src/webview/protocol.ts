// The messages between the profile viewer's extension-host side (src/client/profileViewer.ts) and
// its webview, and the compact form a profile travels in. Pure data code: imported by both sides.
import { FlameTree, flatFlameTree } from '../core/pprof/flame';
import { FlatProfile, Frame, FunctionInfo, Location, Profile, ProfileFormat, Sample, sampleTableOf, ValueType } from '../core/pprof/model';
import { flatFunctionValues, functionLines, TopTable, topTableOf } from '../core/pprof/top';
import { GoroutineReport, goroutineGroups, isGoroutineProfile } from '../core/pprof/goroutines';

/**
 * Flame trees leave out frames narrower than total / FLAME_DETAIL: on a canvas up to this many CSS
 * pixels wide they would be under a pixel, which is not drawn. Zooming into a frame narrower than
 * canvas width / FLAME_DETAIL of its tree needs that frame's subtree rebuilt at full detail.
 */
export const FLAME_DETAIL = 16384;

/**
 * What the viewer shows first, for the default sample type and no filters: computed where the
 * profile is decoded and sent ahead of the full profile, it is a few hundred kilobytes instead of
 * megabytes, so the flame graph and the table paint while the full profile is still on its way.
 */
export interface InitialView {
  format: ProfileFormat;
  sampleTypes: ValueType[];
  defaultSampleIndex: number;
  /** pprof's total (sum of absolute values) per sample type. */
  totals: number[];
  sampleCount: number;
  functionNames: string[];
  functionFiles: string[];
  /** Line to open per function (start line, else lowest sampled line). */
  functionLines: Int32Array;
  /** The default sample type's flame tree, without frames thinner than flameMinTotal. */
  flame: FlameTree;
  flameMinTotal: number;
  /** The default sample type's flat and cum per function. */
  flat: Float64Array;
  cum: Float64Array;
  /** Goroutine and goroutineleak profiles: their goroutines in groups (the Goroutines view). */
  goroutines?: GoroutineReport;
}

/** The initial view of a profile decoded without Sample objects (loadFlatProfile). */
export function initialView(profile: FlatProfile): InitialView {
  const index = profile.defaultSampleIndex;
  const typeCount = profile.sampleTypes.length;
  const values = profile.sampleTable.values;
  const totals = profile.sampleTypes.map((_, type) => {
    let total = 0;
    for (let i = type; i < values.length; i += typeCount) {
      total += Math.abs(values[i]);
    }
    return total;
  });
  const flameMinTotal = totals[index] / FLAME_DETAIL;
  const { flat, cum } = flatFunctionValues(profile, index);
  return {
    format: profile.format,
    sampleTypes: profile.sampleTypes,
    defaultSampleIndex: index,
    totals,
    sampleCount: profile.sampleTable.start.length - 1,
    functionNames: profile.functions.map((fn) => fn.name),
    functionFiles: profile.functions.map((fn) => fn.file),
    functionLines: functionLines(profile),
    flame: flatFlameTree(profile, index, { minTotal: flameMinTotal }),
    flameMinTotal,
    flat,
    cum,
    goroutines: isGoroutineProfile(profile) ? goroutineGroups(profile) : undefined,
  };
}

/** The typed arrays of an initial view, to transfer rather than copy between threads. */
export function initialViewBuffers(view: InitialView): ArrayBuffer[] {
  const { flame } = view;
  return [view.functionLines, flame.functionIndex, flame.depth, flame.parent, flame.total, flame.self, view.flat, view.cum].map((array) => array.buffer as ArrayBuffer);
}

/** The initial view's top table, row for row what topTable gives for the full profile. */
export function initialTable(view: InitialView): TopTable {
  const index = view.defaultSampleIndex;
  return topTableOf(view.sampleTypes[index], view.totals[index], view.functionNames, view.functionFiles, view.functionLines, view);
}

/**
 * A profile flattened into typed arrays plus one string table. VS Code posts typed arrays to a
 * webview as binary buffers, so a profile with 100k samples crosses over in a few megabytes
 * instead of a JSON text ten times that size. Labels and goroutine details are not sent: no view
 * of the viewer shows them.
 */
export interface WireProfile {
  format: ProfileFormat;
  sampleTypes: ValueType[];
  /** Compared with the base's before a diff, as pprof does. */
  periodType?: ValueType;
  defaultSampleIndex: number;
  mainBinary: string;
  strings: string[];
  functionName: Int32Array;
  functionFile: Int32Array;
  functionStartLine: Int32Array;
  frameFunction: Int32Array;
  frameFile: Int32Array;
  frameLine: Int32Array;
  frameInlined: Uint8Array;
  /** Location i's frames are locationFrames[locationFrameStart[i] .. locationFrameStart[i + 1]). */
  locationFrameStart: Int32Array;
  locationFrames: Int32Array;
  locationMapping: Int32Array;
  /** Sample i's locations are sampleLocations[sampleLocationStart[i] .. sampleLocationStart[i + 1]). */
  sampleLocationStart: Int32Array;
  /** 16-bit when the profile has at most 65,536 locations: it is most of the bytes sent. */
  sampleLocations: Int32Array | Uint16Array;
  /** sampleTypes.length values per sample, sample after sample. */
  sampleValues: Float64Array;
}

/** What the host sends once the webview says it is ready: the first view, to paint at once. */
export interface InitialViewMessage {
  type: 'initialView';
  fileName: string;
  view: InitialView;
  /** Milliseconds the host spent reading and decoding, shown in the status line. */
  decodeMilliseconds: number;
  /** Wall-clock time (Date.now()) the host started opening the file, 0 when this panel is a restored one. */
  openedAt: number;
}

/** The whole profile, sent when the webview asks for it (after its first paint). */
export interface ProfileMessage {
  type: 'profile';
  fileName: string;
  profile: WireProfile;
  /** Milliseconds the host spent reading and decoding, shown in the status line. */
  decodeMilliseconds: number;
  /** Wall-clock time (Date.now()) the host started opening the file, 0 when this panel is a restored one. */
  openedAt: number;
}

/** The profile could not be read: `message` is one sentence for the user. */
export interface ErrorMessage {
  type: 'error';
  fileName: string;
  message: string;
}

/** The answer to an openSource request that found no file. */
export interface SourceNotFoundMessage {
  type: 'sourceNotFound';
  message: string;
  /** The function whose recorded path matched nothing: the panel offers to pick the folder of its sources. */
  pickFolderFor?: number;
}

/** Apply pprof's focus to one function and select it (a CodeLens in the editor asked). */
export interface FocusFunctionMessage {
  type: 'focusFunction';
  name: string;
}

/**
 * Compare mode: the viewer becomes a diff of its profile (NEW) against this base, as
 * `go tool pprof -diff_base=BASE NEW` computes it. Sent again whenever the webview reloads.
 */
export interface CompareMessage {
  type: 'compare';
  baseName: string;
  base: WireProfile;
}

/** Compare mode ended. */
export interface CompareOffMessage {
  type: 'compareOff';
}

/** Compare mode could not start (the view stays as it was): one sentence saying why. */
export interface CompareFailedMessage {
  type: 'compareFailed';
  message: string;
}

/** The text of a function's source file for the source view, or why it is shown without it. */
export interface SourceTextMessage {
  type: 'sourceText';
  functionIndex: number;
  /** The local file the text was read from. */
  path?: string;
  lines?: string[];
  /** One sentence when there is no text: the numbers are shown without the code. */
  note?: string;
}

export type HostToWebviewMessage =
  | InitialViewMessage
  | ProfileMessage
  | ErrorMessage
  | SourceNotFoundMessage
  | FocusFunctionMessage
  | CompareMessage
  | CompareOffMessage
  | CompareFailedMessage
  | SourceTextMessage;

/** The webview has loaded its script and wants the initial view. */
export interface ReadyMessage {
  type: 'ready';
}

/** The webview has painted the initial view (or cannot use it) and wants the whole profile. */
export interface LoadProfileMessage {
  type: 'loadProfile';
}

/** Open the source of a function, by its index in the profile's function table. */
export interface OpenSourceMessage {
  type: 'openSource';
  functionIndex: number;
}

/** The user wants to pick the folder that holds the source of a function no lookup found. */
export interface PickSourceFolderMessage {
  type: 'pickSourceFolder';
  functionIndex: number;
}

/** A timing the webview measured (first paint, redraws), logged by the host for benchmarks. */
export interface MeasurementMessage {
  type: 'measurement';
  name: string;
  milliseconds: number;
}

/** Open a goroutine group's blocking line, the go statement that created it, or both ('group'). */
export interface OpenGoroutineMessage {
  type: 'openGoroutine';
  groupIndex: number;
  target: 'group' | 'blocking' | 'creator';
}

/** What the viewer shows: its sample type (by name), for the active-profile service. */
export interface ViewStateMessage {
  type: 'viewState';
  sampleType: string;
}

/** The source view wants the text of a function's file. */
export interface SourceTextRequest {
  type: 'sourceText';
  functionIndex: number;
}

/** Open a line of a function's file (a click in the source view). */
export interface OpenSourceLineMessage {
  type: 'openSourceLine';
  functionIndex: number;
  line: number;
}

/** The "Compare with..." button: pick a base. */
export interface CompareWithMessage {
  type: 'compareWith';
}

/** The "Stop comparing" button. */
export interface StopCompareMessage {
  type: 'stopCompare';
}

export type WebviewToHostMessage =
  | ReadyMessage
  | LoadProfileMessage
  | OpenSourceMessage
  | PickSourceFolderMessage
  | MeasurementMessage
  | OpenGoroutineMessage
  | ViewStateMessage
  | SourceTextRequest
  | OpenSourceLineMessage
  | CompareWithMessage
  | StopCompareMessage;

/** Longest line number the source view may ask to open. */
export const MAX_SOURCE_LINE = 10_000_000;

export const MAX_MEASUREMENT_NAME_LENGTH = 100;

export function encodeProfile(profile: Profile): WireProfile {
  const { samples, ...tables } = profile;
  return encodeFlatProfile({ ...tables, sampleTable: sampleTableOf(samples, profile.sampleTypes.length) });
}

/** The wire form of a profile decoded without Sample objects: its sample table goes as it is. */
export function encodeFlatProfile(profile: FlatProfile): WireProfile {
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const intern = (text: string) => {
    let id = stringIds.get(text);
    if (id === undefined) {
      id = strings.length;
      strings.push(text);
      stringIds.set(text, id);
    }
    return id;
  };

  const { functions, frames, locations, sampleTable } = profile;
  const functionName = new Int32Array(functions.length);
  const functionFile = new Int32Array(functions.length);
  const functionStartLine = new Int32Array(functions.length);
  functions.forEach((fn, i) => {
    functionName[i] = intern(fn.name);
    functionFile[i] = intern(fn.file);
    functionStartLine[i] = fn.startLine;
  });

  const frameFunction = new Int32Array(frames.length);
  const frameFile = new Int32Array(frames.length);
  const frameLine = new Int32Array(frames.length);
  const frameInlined = new Uint8Array(frames.length);
  frames.forEach((frame, i) => {
    frameFunction[i] = frame.functionIndex;
    frameFile[i] = intern(frame.file);
    frameLine[i] = frame.line;
    frameInlined[i] = frame.inlined ? 1 : 0;
  });

  const locationFrameStart = new Int32Array(locations.length + 1);
  for (let i = 0; i < locations.length; i++) locationFrameStart[i + 1] = locationFrameStart[i] + locations[i].frames.length;
  const locationFrames = new Int32Array(locationFrameStart[locations.length]);
  const locationMapping = new Int32Array(locations.length);
  locations.forEach((location, i) => {
    locationFrames.set(location.frames, locationFrameStart[i]);
    locationMapping[i] = intern(location.mappingFile);
  });

  return {
    format: profile.format,
    sampleTypes: profile.sampleTypes,
    periodType: profile.periodType,
    defaultSampleIndex: profile.defaultSampleIndex,
    mainBinary: profile.mainBinary,
    strings,
    functionName,
    functionFile,
    functionStartLine,
    frameFunction,
    frameFile,
    frameLine,
    frameInlined,
    locationFrameStart,
    locationFrames,
    locationMapping,
    sampleLocationStart: sampleTable.start,
    sampleLocations: locations.length <= 0x10000 ? Uint16Array.from(sampleTable.locations) : sampleTable.locations,
    sampleValues: sampleTable.values,
  };
}

/** A plain array copy of part of a typed array (a loop: Array.from goes through the iterator). */
function slice(source: Int32Array | Uint16Array | Float64Array, start: number, end: number): number[] {
  const result = new Array<number>(end - start);
  for (let i = start; i < end; i++) result[i - start] = source[i];
  return result;
}

/** Rebuilds the model the pprof aggregation functions take (without labels and goroutines). */
export function decodeProfile(wire: WireProfile): Profile {
  const text = (id: number) => wire.strings[id] ?? '';
  const functions: FunctionInfo[] = new Array(wire.functionName.length);
  for (let i = 0; i < functions.length; i++) {
    functions[i] = { name: text(wire.functionName[i]), file: text(wire.functionFile[i]), startLine: wire.functionStartLine[i] };
  }
  const frames: Frame[] = new Array(wire.frameFunction.length);
  for (let i = 0; i < frames.length; i++) {
    frames[i] = { functionIndex: wire.frameFunction[i], file: text(wire.frameFile[i]), line: wire.frameLine[i], inlined: wire.frameInlined[i] === 1 };
  }
  const locations: Location[] = new Array(wire.locationMapping.length);
  for (let i = 0; i < locations.length; i++) {
    locations[i] = { frames: slice(wire.locationFrames, wire.locationFrameStart[i], wire.locationFrameStart[i + 1]), mappingFile: text(wire.locationMapping[i]) };
  }
  const typeCount = wire.sampleTypes.length;
  const samples: Sample[] = new Array(wire.sampleLocationStart.length - 1);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = {
      locations: slice(wire.sampleLocations, wire.sampleLocationStart[i], wire.sampleLocationStart[i + 1]),
      values: slice(wire.sampleValues, i * typeCount, (i + 1) * typeCount),
    };
  }
  return {
    format: wire.format,
    sampleTypes: wire.sampleTypes,
    periodType: wire.periodType,
    defaultSampleIndex: wire.defaultSampleIndex,
    comments: [],
    mainBinary: wire.mainBinary,
    buildId: '',
    functions,
    frames,
    locations,
    samples,
  };
}
