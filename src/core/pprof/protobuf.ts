// Converts a pprof protobuf (already inflated) into the normalized model, checking every
// cross-reference so a malformed file fails with one sentence instead of a crash later.
import { Profile as PprofMessage } from 'pprof-format';
import { FunctionInfo, Frame, Location, Profile, ProfileError, Sample, ValueType } from './model';

type Numeric = number | bigint;

/** pprof values are int64; pprof-format returns bigint above 28 bits and unsigned for negatives. */
function toNumber(value: Numeric): number {
  if (typeof value === 'number') {
    return value;
  }
  return Number(BigInt.asIntN(64, value));
}

/**
 * Walks the top-level protobuf fields only to prove the bytes are a complete message: pprof-format
 * silently shortens a length-delimited field that runs past the end, so truncation must be caught here.
 */
function checkMessageFraming(bytes: Uint8Array): void {
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
  while (offset < end) {
    const tag = readVarint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field < 1 || field > 15) {
      throw notProtobuf();
    }
    if (wireType === 0) {
      readVarint();
    } else if (wireType === 2) {
      const length = readVarint();
      if (offset + length > end) {
        throw new ProfileError('The profile is truncated: a protobuf field runs past the end of the file.');
      }
      offset += length;
    } else {
      throw notProtobuf();
    }
  }
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
      return id < this.dense.length ? this.dense[id] : -1;
    }
    return this.sparse!.get(id) ?? -1;
  }
}

export function decodeProtobufProfile(bytes: Uint8Array): Profile {
  checkMessageFraming(bytes);
  let message: PprofMessage;
  try {
    message = PprofMessage.decode(bytes);
  } catch {
    throw notProtobuf();
  }
  const strings = message.stringTable.strings;
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
  const samples: Sample[] = new Array(message.sample.length);
  for (let s = 0; s < message.sample.length; s++) {
    const raw = message.sample[s];
    if (raw.value.length !== typeCount) {
      throw new ProfileError(`The profile is malformed: sample ${s + 1} has ${raw.value.length} values but there are ${typeCount} sample types.`);
    }
    const stack: number[] = new Array(raw.locationId.length);
    for (let i = 0; i < raw.locationId.length; i++) {
      const id = toNumber(raw.locationId[i]);
      const index = locationIndex.get(id);
      if (index < 0) {
        throw new ProfileError(`The profile is malformed: sample ${s + 1} refers to location ${id}, which does not exist.`);
      }
      stack[i] = index;
    }
    const values: number[] = new Array(typeCount);
    for (let i = 0; i < typeCount; i++) {
      values[i] = toNumber(raw.value[i]);
    }
    const sample: Sample = { locations: stack, values };
    for (const label of raw.label) {
      const key = text(label.key, 'a sample label');
      const str = toNumber(label.str);
      if (str !== 0) {
        (sample.labels ??= {})[key] ??= [];
        sample.labels[key].push(text(str, 'a sample label'));
      } else {
        text(label.numUnit, 'a sample label unit');
        (sample.numLabels ??= {})[key] ??= [];
        sample.numLabels[key].push(toNumber(label.num));
      }
    }
    samples[s] = sample;
  }

  const defaultType = text(message.defaultSampleType, 'the default sample type');
  let defaultSampleIndex = sampleTypes.length - 1;
  if (defaultType) {
    const found = sampleTypes.findIndex((t) => t.type === defaultType);
    if (found >= 0) {
      defaultSampleIndex = found;
    }
  }
  const firstMapping = message.mapping[0];
  return {
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
    samples,
  };
}

export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}
