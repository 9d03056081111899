// Converts a pprof protobuf (already inflated) into the normalized model, checking every
// cross-reference so a malformed file fails with one sentence instead of a crash later.
import { Profile as PprofMessage } from 'pprof-format';
import { decodeGoString } from './goString';
import { FlatProfile, FunctionInfo, Frame, Location, Profile, ProfileError, Sample, SampleTable, ValueType } from './model';

type Numeric = number | bigint;

/** pprof values are int64; pprof-format returns bigint above 28 bits and unsigned for negatives. */
function toNumber(value: Numeric): number {
  if (typeof value === 'number') {
    return value;
  }
  return Number(BigInt.asIntN(64, value));
}

/** Where the samples (field 2) lie in a pprof message, and every other top-level field. */
interface MessageLayout {
  /** [start, end) of each sample's bytes, in file order. */
  sampleRanges: number[];
  /** [start, end) of each string table entry (field 6), in file order. */
  stringRanges: number[];
  /** The message without its samples and strings: the tables, for pprof-format to decode. */
  tables: Uint8Array;
}

const SAMPLE_FIELD = 2;
const STRING_TABLE_FIELD = 6;

/**
 * Walks the top-level protobuf fields to prove the bytes are a complete message (pprof-format
 * silently shortens a length-delimited field that runs past the end, so truncation must be caught
 * here), and separates the samples from the rest: samples are over nine tenths of a large profile's
 * bytes, and decodeSamples reads them several times faster than pprof-format's generic decoder.
 */
function scanMessage(bytes: Uint8Array): MessageLayout {
  let offset = 0;
  const end = bytes.length;
  const readVarint = (): number => {
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      if (offset >= end) {
        throw new ProfileError('The profile is truncated: it ends in the middle of a protobuf field.');
      }
      const byte = bytes[offset++];
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        return result;
      }
      multiplier *= 128;
    }
    throw notProtobuf();
  };
  const sampleRanges: number[] = [];
  const stringRanges: number[] = [];
  // Runs of non-sample fields, [start, end) pairs, merged when adjacent.
  const tableRuns: number[] = [];
  let tableBytes = 0;
  while (offset < end) {
    const fieldStart = offset;
    const tag = readVarint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field < 1 || field > 15) {
      throw notProtobuf();
    }
    let valueStart: number;
    if (wireType === 0) {
      valueStart = offset;
      readVarint();
    } else if (wireType === 2) {
      const length = readVarint();
      if (offset + length > end) {
        throw new ProfileError('The profile is truncated: a protobuf field runs past the end of the file.');
      }
      valueStart = offset;
      offset += length;
    } else {
      throw notProtobuf();
    }
    if (field === SAMPLE_FIELD) {
      sampleRanges.push(valueStart, offset);
    } else if (field === STRING_TABLE_FIELD && wireType === 2) {
      // Read here rather than by pprof-format, whose TextDecoder would replace bytes that are not UTF-8.
      stringRanges.push(valueStart, offset);
    } else if (tableRuns.length > 0 && tableRuns[tableRuns.length - 1] === fieldStart) {
      tableRuns[tableRuns.length - 1] = offset;
      tableBytes += offset - fieldStart;
    } else {
      tableRuns.push(fieldStart, offset);
      tableBytes += offset - fieldStart;
    }
  }
  const tables = new Uint8Array(tableBytes);
  let position = 0;
  for (let i = 0; i < tableRuns.length; i += 2) {
    tables.set(bytes.subarray(tableRuns[i], tableRuns[i + 1]), position);
    position += tableRuns[i + 1] - tableRuns[i];
  }
  return { sampleRanges, stringRanges, tables };
}

const TWO_TO_32 = 4294967296;

/**
 * The varint of `count` bytes at bytes[start] (the last may still have its continuation bit when a
 * field ends early) as pprof-format and toNumber read it: int64, two's complement, bits past the
 * 64th dropped, rounded to the nearest double.
 */
function varintValue(bytes: Uint8Array, start: number, count: number): number {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < count; i++) {
    const bits = bytes[start + i] & 0x7f;
    const shift = 7 * i;
    if (shift < 28) {
      lo |= bits << shift;
    } else if (shift === 28) {
      lo |= bits << 28;
      hi |= bits >> 4;
    } else if (shift < 64) {
      hi |= bits << (shift - 32);
    }
  }
  return (hi | 0) * TWO_TO_32 + (lo >>> 0);
}

/** The first varint in bytes[start, end), 0 when empty (pprof-format's decodeNumber). */
function firstVarint(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  while (start + count < end && bytes[start + count++] >= 0x80);
  return varintValue(bytes, start, count);
}

/**
 * Calls visit(field, valueStart, valueEnd) for each field of an embedded message, reading tags and
 * lengths the way pprof-format does (one-byte tags, a length past the end is cut at the end).
 */
function forEachField(bytes: Uint8Array, start: number, end: number, visit: (field: number, valueStart: number, valueEnd: number) => void): void {
  let offset = start;
  while (offset < end) {
    const tag = bytes[offset++];
    const field = tag >> 3;
    const wireType = tag & 7;
    let valueStart = offset;
    let valueEnd: number;
    if (wireType === 0) {
      while (offset < end && bytes[offset++] >= 0x80);
      valueEnd = offset;
    } else if (wireType === 2) {
      let count = 0;
      while (offset + count < end && bytes[offset + count++] >= 0x80);
      const length = varintValue(bytes, offset, count);
      valueStart = offset + count;
      valueEnd = length < 0 || valueStart + length > end ? end : valueStart + length;
      offset = valueEnd;
    } else {
      throw notProtobuf();
    }
    visit(field, valueStart, valueEnd);
  }
}

interface RawLabel {
  key: number;
  str: number;
  num: number;
  numUnit: number;
}

function notProtobuf(): ProfileError {
  return new ProfileError('The file is not a pprof profile: it is neither gzip, pprof protobuf nor a Go text profile.');
}

/** Maps sparse protobuf ids (uint64, 0 = none) to dense indices. */
class IdIndex {
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  constructor(ids: number[], kind: string) {
    let maxId = 0;
    for (const id of ids) {
      if (id === 0) {
        throw new ProfileError(`The profile is malformed: a ${kind} has the reserved id 0.`);
      }
      maxId = Math.max(maxId, id);
    }
    if (maxId <= ids.length * 4 + 16) {
      this.dense = new Int32Array(maxId + 1).fill(-1);
      ids.forEach((id, index) => {
        if (this.dense![id] !== -1) {
          throw new ProfileError(`The profile is malformed: two ${kind}s share the id ${id}.`);
        }
        this.dense![id] = index;
      });
    } else {
      this.sparse = new Map();
      ids.forEach((id, index) => {
        if (this.sparse!.has(id)) {
          throw new ProfileError(`The profile is malformed: two ${kind}s share the id ${id}.`);
        }
        this.sparse!.set(id, index);
      });
    }
  }

  /** Dense index of id, or -1. */
  get(id: number): number {
    if (this.dense) {
      return id >= 0 && id < this.dense.length ? this.dense[id] : -1;
    }
    return this.sparse!.get(id) ?? -1;
  }
}

/** Labels of one sample, as Sample carries them. */
type SampleLabels = Pick<Sample, 'labels' | 'numLabels'>;

/** Decodes into the Profile model: one Sample object per sample. */
export function decodeProtobufProfile(bytes: Uint8Array): Profile {
  const { profile, labels } = decodeFlat(bytes, true);
  const { sampleTable: table, ...rest } = profile;
  const typeCount = profile.sampleTypes.length;
  const samples: Sample[] = new Array(table.start.length - 1);
  for (let s = 0; s < samples.length; s++) {
    const from = table.start[s];
    const stack: number[] = new Array(table.start[s + 1] - from);
    for (let i = 0; i < stack.length; i++) {
      stack[i] = table.locations[from + i];
    }
    const values: number[] = new Array(typeCount);
    for (let t = 0; t < typeCount; t++) {
      values[t] = table.values[s * typeCount + t];
    }
    const sample: Sample = { locations: stack, values };
    const sampleLabels = labels[s];
    if (sampleLabels?.labels) sample.labels = sampleLabels.labels;
    if (sampleLabels?.numLabels) sample.numLabels = sampleLabels.numLabels;
    samples[s] = sample;
  }
  return { ...rest, samples };
}

/**
 * Decodes with the samples as flat arrays and without their labels: no object per sample is
 * made (a heap profile labels nearly every sample with its object size), and the labels' string
 * references are not checked.
 */
export function decodeProtobufFlatProfile(bytes: Uint8Array): FlatProfile {
  return decodeFlat(bytes, false).profile;
}

function decodeFlat(bytes: Uint8Array, withLabels: boolean): { profile: FlatProfile; labels: (SampleLabels | undefined)[] } {
  const layout = scanMessage(bytes);
  let message: PprofMessage;
  try {
    message = PprofMessage.decode(layout.tables);
  } catch {
    throw notProtobuf();
  }
  const strings: string[] = [];
  for (let i = 0; i < layout.stringRanges.length; i += 2) {
    strings.push(decodeGoString(bytes.subarray(layout.stringRanges[i], layout.stringRanges[i + 1])));
  }
  if (strings.length === 0 || strings[0] !== '') {
    throw new ProfileError('The profile is malformed: its string table does not start with the empty string.');
  }
  const text = (index: Numeric, what: string): string => {
    const i = toNumber(index);
    if (i < 0 || i >= strings.length) {
      throw new ProfileError(`The profile is malformed: ${what} refers to string ${i}, but the string table has ${strings.length} entries.`);
    }
    return strings[i];
  };

  const valueType = (vt: { type: Numeric; unit: Numeric }, what: string): ValueType => ({
    type: text(vt.type, what),
    unit: text(vt.unit, what),
  });
  const sampleTypes = message.sampleType.map((vt) => valueType(vt, 'a sample type'));
  if (sampleTypes.length === 0) {
    throw new ProfileError('The profile has no sample types, so there are no values to show.');
  }

  const mappingIndex = new IdIndex(message.mapping.map((m) => toNumber(m.id)), 'mapping');
  const mappingFiles = message.mapping.map((m) => text(m.filename, 'a mapping'));
  const functionIndex = new IdIndex(message.function.map((f) => toNumber(f.id)), 'function');

  // pprof's "functions" granularity merges functions by name; unnamed code is keyed by its binary.
  const functions: FunctionInfo[] = [];
  const functionByName = new Map<string, number>();
  const internFunction = (name: string, file: string, startLine: number): number => {
    let index = functionByName.get(name);
    if (index === undefined) {
      index = functions.length;
      functions.push({ name, file, startLine });
      functionByName.set(name, index);
    }
    return index;
  };
  const unnamedName = (mappingFile: string) => (mappingFile ? `[${baseName(mappingFile)}]` : '<unknown>');
  const protoFunctionToIndex = message.function.map((f) => {
    const name = text(f.name, 'a function name');
    const file = text(f.filename, 'a function file name');
    text(f.systemName, 'a function system name');
    return name ? internFunction(name, file, toNumber(f.startLine)) : -1;
  });

  const frames: Frame[] = [];
  const locations: Location[] = [];
  for (const loc of message.location) {
    const mappingId = toNumber(loc.mappingId);
    let mappingFile = '';
    if (mappingId !== 0) {
      const m = mappingIndex.get(mappingId);
      if (m < 0) {
        throw new ProfileError(`The profile is malformed: location ${toNumber(loc.id)} refers to mapping ${mappingId}, which does not exist.`);
      }
      mappingFile = mappingFiles[m];
    }
    const locationFrames: number[] = [];
    const lines = loc.line;
    if (lines.length === 0) {
      locationFrames.push(frames.length);
      frames.push({ functionIndex: internFunction(unnamedName(mappingFile), '', 0), file: '', line: 0, inlined: false });
    }
    for (let i = 0; i < lines.length; i++) {
      const fid = toNumber(lines[i].functionId);
      let index = -1;
      let file = '';
      if (fid !== 0) {
        const f = functionIndex.get(fid);
        if (f < 0) {
          throw new ProfileError(`The profile is malformed: location ${toNumber(loc.id)} refers to function ${fid}, which does not exist.`);
        }
        index = protoFunctionToIndex[f];
        file = text(message.function[f].filename, 'a function file name');
      }
      if (index < 0) {
        index = internFunction(unnamedName(mappingFile), '', 0);
      }
      locationFrames.push(frames.length);
      frames.push({ functionIndex: index, file, line: toNumber(lines[i].line), inlined: i < lines.length - 1 });
    }
    locations.push({ frames: locationFrames, mappingFile });
  }
  const locationIndex = new IdIndex(message.location.map((l) => toNumber(l.id)), 'location');

  const typeCount = sampleTypes.length;
  const { sampleRanges } = layout;
  const sampleCount = sampleRanges.length / 2;
  const sampleStart = new Int32Array(sampleCount + 1);
  // Location ids take two or three bytes each in a large profile, and the values a few per sample:
  // half the samples' bytes is room enough to rarely grow.
  let sampleBytes = 0;
  for (let s = 0; s < sampleCount; s++) {
    sampleBytes += sampleRanges[2 * s + 1] - sampleRanges[2 * s];
  }
  let sampleLocations = new Int32Array(Math.max(16, sampleBytes >> 1));
  let locationCount = 0;
  const sampleValues = new Float64Array(sampleCount * typeCount);
  const sampleLabels: (SampleLabels | undefined)[] = [];
  const labels: RawLabel[] = [];
  const readLabel = (field: number, valueStart: number, valueEnd: number) => {
    const label = labels[labels.length - 1];
    if (field === 1) label.key = firstVarint(bytes, valueStart, valueEnd);
    else if (field === 2) label.str = firstVarint(bytes, valueStart, valueEnd);
    else if (field === 3) label.num = firstVarint(bytes, valueStart, valueEnd);
    else if (field === 4) label.numUnit = firstVarint(bytes, valueStart, valueEnd);
  };
  const readLabelMessage = (field: number, valueStart: number, valueEnd: number) => {
    if (field === 3) {
      labels.push({ key: 0, str: 0, num: 0, numUnit: 0 });
      forEachField(bytes, valueStart, valueEnd, readLabel);
    }
  };
  // The hot loop of a large profile: fields are read in place, without a callback per field or
  // an intermediate array per sample (forEachField is its slower, general form).
  const sampleValueScratch = new Float64Array(typeCount);
  for (let s = 0; s < sampleCount; s++) {
    const end = sampleRanges[2 * s + 1];
    let offset = sampleRanges[2 * s];
    let valueCount = 0;
    let unknownLocation: number | undefined;
    let hasLabels = false;
    while (offset < end) {
      const tag = bytes[offset++];
      const field = tag >> 3;
      const wireType = tag & 7;
      let valueStart = offset;
      let valueEnd: number;
      if (wireType === 0) {
        while (offset < end && bytes[offset++] >= 0x80);
        valueEnd = offset;
      } else if (wireType === 2) {
        let count = 0;
        while (offset + count < end && bytes[offset + count++] >= 0x80);
        const length = varintValue(bytes, offset, count);
        valueStart = offset + count;
        valueEnd = length < 0 || valueStart + length > end ? end : valueStart + length;
        offset = valueEnd;
      } else {
        throw notProtobuf();
      }
      if (field === 1 || field === 2) {
        // Varints; one cut off by the end of the field is dropped, as pprof-format does.
        let first = valueStart;
        let small = 0;
        for (let i = valueStart; i < valueEnd; i++) {
          const byte = bytes[i];
          const shift = 7 * (i - first);
          if (shift < 28) small |= (byte & 0x7f) << shift;
          if (byte >= 0x80) continue;
          const value = shift < 28 ? small : varintValue(bytes, first, i - first + 1);
          first = i + 1;
          small = 0;
          if (field === 1) {
            const index = locationIndex.get(value);
            if (index < 0 && unknownLocation === undefined) unknownLocation = value;
            if (locationCount === sampleLocations.length) {
              const larger = new Int32Array(sampleLocations.length * 2);
              larger.set(sampleLocations);
              sampleLocations = larger;
            }
            sampleLocations[locationCount++] = index;
          } else {
            if (valueCount < typeCount) sampleValueScratch[valueCount] = value;
            valueCount++;
          }
        }
      } else if (field === 3) {
        hasLabels = true;
      }
    }
    if (valueCount !== typeCount) {
      throw new ProfileError(`The profile is malformed: sample ${s + 1} has ${valueCount} values but there are ${typeCount} sample types.`);
    }
    if (unknownLocation !== undefined) {
      throw new ProfileError(`The profile is malformed: sample ${s + 1} refers to location ${unknownLocation}, which does not exist.`);
    }
    sampleStart[s + 1] = locationCount;
    sampleValues.set(sampleValueScratch, s * typeCount);
    if (hasLabels && withLabels) {
      labels.length = 0;
      forEachField(bytes, sampleRanges[2 * s], end, readLabelMessage);
      const decoded: SampleLabels = {};
      for (const label of labels) {
        const key = text(label.key, 'a sample label');
        if (label.str !== 0) {
          (decoded.labels ??= {})[key] ??= [];
          decoded.labels[key].push(text(label.str, 'a sample label'));
        } else {
          text(label.numUnit, 'a sample label unit');
          (decoded.numLabels ??= {})[key] ??= [];
          decoded.numLabels[key].push(label.num);
        }
      }
      sampleLabels[s] = decoded;
    }
  }
  const sampleTable: SampleTable = { start: sampleStart, locations: sampleLocations.slice(0, locationCount), values: sampleValues };

  const defaultType = text(message.defaultSampleType, 'the default sample type');
  let defaultSampleIndex = sampleTypes.length - 1;
  if (defaultType) {
    const found = sampleTypes.findIndex((t) => t.type === defaultType);
    if (found >= 0) {
      defaultSampleIndex = found;
    }
  }
  const firstMapping = message.mapping[0];
  const profile: FlatProfile = {
    format: 'protobuf',
    sampleTypes,
    defaultSampleIndex,
    periodType: message.periodType ? valueType(message.periodType, 'the period type') : undefined,
    period: toNumber(message.period),
    timeNanos: toNumber(message.timeNanos),
    durationNanos: toNumber(message.durationNanos),
    comments: message.comment.map((c) => text(c, 'a comment')),
    mainBinary: firstMapping ? text(firstMapping.filename, 'a mapping') : '',
    buildId: firstMapping ? text(firstMapping.buildId, 'a mapping') : '',
    functions,
    frames,
    locations,
    sampleTable,
  };
  return { profile, labels: sampleLabels };
}

export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}
