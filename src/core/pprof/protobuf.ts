// Reads a pprof protobuf (already inflated) into the normalized model, the way pprof's own parser
// (github.com/google/pprof/profile) reads it: unknown fields of any number and wire type are
// skipped; a known field of the wrong wire type, a number cut off or longer than ten bytes, or a
// field running past the end of its message is refused; ids are uint64 and kept exact; every
// cross-reference pprof checks is checked. Bad input throws a ProfileError of one sentence.
// Samples are read in a second pass straight into a sink, so no per-sample record of the file is
// kept: memory grows with what the sink keeps, and that is counted against a MemoryBudget.
import { FlatProfile, FunctionInfo, Frame, Location, Profile, ProfileError, Sample, SampleTable, ValueType } from './model';
import { MemoryBudget } from './budget';
import { decodeGoString } from './goString';

// ---------------------------------------------------------------------------------------------
// Wire format

/** Outcome of reading a varint that is not a valid varint. */
const CUT_OFF = -1;
const TOO_LONG = -2;

/** The last varint read: low and high 32 bits, unsigned. Module state keeps the hot loop allocation-free. */
let varLo = 0;
let varHi = 0;

/** Reads the varint at bytes[offset] (before end) into varLo/varHi: the offset after it, or CUT_OFF / TOO_LONG. */
function readVarint(bytes: Uint8Array, offset: number, end: number): number {
  if (offset < end && bytes[offset] < 0x80) {
    varLo = bytes[offset];
    varHi = 0;
    return offset + 1;
  }
  // Ids, line numbers and most values take two to four bytes: unrolled, no shifts to pick.
  if (end - offset >= 4) {
    let value = bytes[offset] & 0x7f;
    let byte = bytes[offset + 1];
    value |= (byte & 0x7f) << 7;
    if (byte < 0x80) {
      varLo = value;
      varHi = 0;
      return offset + 2;
    }
    byte = bytes[offset + 2];
    value |= (byte & 0x7f) << 14;
    if (byte < 0x80) {
      varLo = value;
      varHi = 0;
      return offset + 3;
    }
    byte = bytes[offset + 3];
    value |= (byte & 0x7f) << 21;
    if (byte < 0x80) {
      varLo = value;
      varHi = 0;
      return offset + 4;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (offset + i >= end) return CUT_OFF;
    const byte = bytes[offset + i];
    const bits = byte & 0x7f;
    const shift = 7 * i;
    if (shift < 28) lo |= bits << shift;
    else if (shift === 28) {
      lo |= bits << 28;
      hi |= bits >>> 4;
    } else hi |= bits << (shift - 32); // past bit 63 the bits fall off, as in pprof
    if (byte < 0x80) {
      varLo = lo >>> 0;
      varHi = hi >>> 0;
      return offset + i + 1;
    }
  }
  return TOO_LONG;
}

const TWO_TO_32 = 4294967296;

/** The last varint as pprof's int64 (two's complement), rounded to the nearest double. */
function varInt64(): number {
  return (varHi | 0) * TWO_TO_32 + varLo;
}

/** A uint64 id as a Map key: a number when exact as a double, else a bigint. */
type IdKey = number | bigint;

function varIdKey(): IdKey {
  if (varHi < 0x200000) return varHi * TWO_TO_32 + varLo;
  return (BigInt(varHi) << 32n) | BigInt(varLo);
}

/** An id for a message, in decimal, exactly as pprof prints it. */
function idText(id: IdKey): string {
  return id.toString();
}

/** What part of the file a structural error is in: "sample 12", "the 3rd location". */
type Place = () => string;

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A break in the protobuf encoding itself, with where it is and what is wrong. */
class WireError extends ProfileError {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`The profile is corrupt: ${where} ${problem}, so its numbers cannot be trusted.`);
  }
}

function corrupt(place: Place, problem: string): ProfileError {
  return new WireError(place(), problem);
}

const TOP_LEVEL = 'the profile';
const CUT_OFF_PROBLEM = 'ends in the middle of a number';
const RUNS_PAST_PROBLEM = 'has a field that runs past its end';

/**
 * The fields of one message, one at a time. After next(): field, wire and either the varint
 * (varLo/varHi, wire 0) or the bytes [valueStart, valueEnd) (wire 2); fixed32/fixed64 values are
 * skipped, since no pprof field uses them.
 */
class FieldReader {
  field = 0;
  wire = 0;
  valueStart = 0;
  valueEnd = 0;
  private offset: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly place: Place,
  ) {
    this.offset = start;
  }

  next(): boolean {
    if (this.offset >= this.end) return false;
    const { bytes, end } = this;
    let offset = this.checked(readVarint(bytes, this.offset, end));
    this.field = varHi * 0x20000000 + (varLo >>> 3);
    this.wire = varLo & 7;
    switch (this.wire) {
      case 0:
        offset = this.checked(readVarint(bytes, offset, end));
        break;
      case 1:
      case 5: {
        const size = this.wire === 1 ? 8 : 4;
        if (offset + size > end) throw this.runsPast();
        offset += size;
        break;
      }
      case 2: {
        offset = this.checked(readVarint(bytes, offset, end));
        const length = varHi * TWO_TO_32 + varLo;
        if (length > end - offset) throw this.runsPast();
        this.valueStart = offset;
        offset += length;
        this.valueEnd = offset;
        break;
      }
      default:
        throw this.error(`has a field of wire type ${this.wire}, which protobuf does not have`);
    }
    this.offset = offset;
    return true;
  }

  /** The field is known but its value is not of the kind pprof expects (a string where a number goes...). */
  mismatch(): ProfileError {
    return this.error(`stores field ${this.field} as the wrong kind of value`);
  }

  /** Requires wire type 0 and returns the value as an int64. */
  int64(): number {
    if (this.wire !== 0) throw this.mismatch();
    return varInt64();
  }

  /** Requires wire type 0 and returns the value as a uint64 id. */
  id(): IdKey {
    if (this.wire !== 0) throw this.mismatch();
    return varIdKey();
  }

  /** Requires wire type 2 (an embedded message or string). */
  requireBytes(): void {
    if (this.wire !== 2) throw this.mismatch();
  }

  /** Repeated int64, packed (wire 2) or not (wire 0), passed one by one to add; `what` names a packed list in errors. */
  int64s(add: (value: number) => void, what: Place): void {
    if (this.wire === 0) {
      add(varInt64());
      return;
    }
    if (this.wire !== 2) throw this.mismatch();
    let offset = this.valueStart;
    while (offset < this.valueEnd) {
      offset = readVarint(this.bytes, offset, this.valueEnd);
      if (offset < 0) throw sampleError(offset, what);
      add(varInt64());
    }
  }

  error(problem: string): ProfileError {
    return corrupt(this.place, problem);
  }

  private checked(offset: number): number {
    if (offset === CUT_OFF) throw this.error(CUT_OFF_PROBLEM);
    if (offset === TOO_LONG) throw this.error('has a number longer than protobuf allows');
    return offset;
  }

  private runsPast(): ProfileError {
    return this.error(RUNS_PAST_PROBLEM);
  }
}

// ---------------------------------------------------------------------------------------------
// The message as pprof's decoder leaves it: string indices and ids not yet resolved.

interface RawValueType {
  type: number;
  unit: number;
}

interface RawMapping {
  id: IdKey;
  file: number;
  buildId: number;
}

interface RawFunction {
  id: IdKey;
  name: number;
  systemName: number;
  file: number;
  startLine: number;
}

interface RawLocation {
  id: IdKey;
  mappingId: IdKey;
  /** Its lines are RawTables.lineFunctions/lineNumbers[firstLine .. firstLine + lineCount), innermost first. */
  firstLine: number;
  lineCount: number;
}

interface RawTables {
  sampleTypes: RawValueType[];
  mappings: RawMapping[];
  functions: RawFunction[];
  locations: RawLocation[];
  /** Function id and line number of every location's lines, in one list each (not an array per location: fewer objects to collect). */
  lineFunctions: IdKey[];
  lineNumbers: number[];
  strings: string[];
  sampleCount: number;
  /** Bytes of all samples together. */
  sampleBytes: number;
  timeNanos: number;
  durationNanos: number;
  periodType: RawValueType | undefined;
  period: number;
  comments: number[];
  dropFrames: number;
  keepFrames: number;
  defaultSampleType: number;
}

const SAMPLE_FIELD = 2;

/** A string table entry: names that are not UTF-8 keep their bytes (see goString.ts). */
function decodeString(bytes: Uint8Array, start: number, end: number): string {
  // Names are short and ASCII; the decoder's call costs more than the loop for them.
  if (end - start <= 64) {
    let ascii = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i];
      if (byte >= 0x80) return decodeGoString(bytes.subarray(start, end));
      ascii += String.fromCharCode(byte);
    }
    return ascii;
  }
  return decodeGoString(bytes.subarray(start, end));
}

function notProtobuf(): ProfileError {
  return new ProfileError('The file is not a pprof profile: it is neither gzip, pprof protobuf nor a Go text profile.');
}

/** Rough V8 sizes of the model's objects, for the memory budget. */
const OBJECT_BYTES = 64;
const ARRAY_SLOT_BYTES = 8;

/** First pass: every top-level field except the samples, which are only counted. */
function readTables(bytes: Uint8Array, budget: MemoryBudget): RawTables {
  const tables: RawTables = {
    sampleTypes: [],
    mappings: [],
    functions: [],
    locations: [],
    lineFunctions: [],
    lineNumbers: [],
    strings: [],
    sampleCount: 0,
    sampleBytes: 0,
    timeNanos: 0,
    durationNanos: 0,
    periodType: undefined,
    period: 0,
    comments: [],
    dropFrames: 0,
    keepFrames: 0,
    defaultSampleType: 0,
  };
  let knownFields = 0;
  const top = new FieldReader(bytes, 0, bytes.length, () => TOP_LEVEL);
  try {
    while (top.next()) {
      const { field, valueStart, valueEnd } = top;
      switch (field) {
        case 1:
          top.requireBytes();
          tables.sampleTypes.push(readValueType(bytes, valueStart, valueEnd, () => `the ${ordinal(tables.sampleTypes.length + 1)} sample type`));
          break;
        case SAMPLE_FIELD:
          top.requireBytes();
          tables.sampleCount++;
          tables.sampleBytes += valueEnd - valueStart;
          break;
        case 3:
          top.requireBytes();
          budget.charge(OBJECT_BYTES, 'mappings');
          tables.mappings.push(readMapping(bytes, valueStart, valueEnd, tables.mappings.length + 1));
          break;
        case 4: {
          top.requireBytes();
          const location = readLocation(bytes, valueStart, valueEnd, tables.locations.length + 1, tables);
          budget.charge(2 * OBJECT_BYTES + location.lineCount * (OBJECT_BYTES + 2 * ARRAY_SLOT_BYTES), 'locations');
          tables.locations.push(location);
          break;
        }
        case 5:
          top.requireBytes();
          budget.charge(2 * OBJECT_BYTES, 'functions');
          tables.functions.push(readFunction(bytes, valueStart, valueEnd, tables.functions.length + 1));
          break;
        case 6:
          top.requireBytes();
          budget.charge(32 + 2 * (valueEnd - valueStart), 'strings');
          tables.strings.push(decodeString(bytes, valueStart, valueEnd));
          if (tables.strings[0] !== '') {
            throw new ProfileError('The profile is malformed: its string table does not start with the empty string.');
          }
          break;
        case 7:
          tables.dropFrames = top.int64();
          break;
        case 8:
          tables.keepFrames = top.int64();
          break;
        case 9:
          // pprof: a second time_nanos means several profiles were written one after the other.
          if (tables.timeNanos !== 0) throw concatenated();
          tables.timeNanos = top.int64();
          break;
        case 10:
          tables.durationNanos = top.int64();
          break;
        case 11:
          top.requireBytes();
          tables.periodType = readValueType(bytes, valueStart, valueEnd, () => 'the period type');
          break;
        case 12:
          tables.period = top.int64();
          break;
        case 13:
          top.int64s((value) => tables.comments.push(value), () => 'the list of comments');
          break;
        case 14:
          tables.defaultSampleType = top.int64();
          break;
        default:
        // Unknown fields are skipped, as pprof does: newer writers add fields.
      }
      // Counted once read: a file whose first field is already wrong is not a profile at all.
      if (field >= 1 && field <= 14) knownFields++;
    }
  } catch (error) {
    // A top level that is not protobuf at all is another kind of file; one that breaks after
    // pprof's fields were seen is a damaged profile (cut off, most often).
    if (error instanceof WireError && error.where === TOP_LEVEL) {
      if (knownFields === 0) throw notProtobuf();
      if (error.problem === CUT_OFF_PROBLEM || error.problem === RUNS_PAST_PROBLEM) {
        throw new ProfileError('The profile is truncated: it ends in the middle of a protobuf field.');
      }
      throw new ProfileError(`The profile is corrupt: it ${error.problem}.`);
    }
    throw error;
  }
  if (tables.strings.length === 0) {
    if (knownFields === 0) throw notProtobuf();
    throw new ProfileError('The profile is malformed: it has no string table.');
  }
  return tables;
}

function concatenated(): ProfileError {
  return new ProfileError('The file holds several profiles one after the other; open them one at a time, or merge them first with `go tool pprof -proto a.pb.gz b.pb.gz > merged.pb.gz`.');
}

function readValueType(bytes: Uint8Array, start: number, end: number, place: Place): RawValueType {
  const value: RawValueType = { type: 0, unit: 0 };
  const reader = new FieldReader(bytes, start, end, place);
  while (reader.next()) {
    if (reader.field === 1) value.type = reader.int64();
    else if (reader.field === 2) value.unit = reader.int64();
  }
  return value;
}

function readMapping(bytes: Uint8Array, start: number, end: number, n: number): RawMapping {
  const mapping: RawMapping = { id: 0, file: 0, buildId: 0 };
  const reader = new FieldReader(bytes, start, end, () => `the ${ordinal(n)} mapping`);
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        mapping.id = reader.id();
        break;
      case 2: // memory start, limit, file offset: not shown, but still numbers
      case 3:
      case 4:
      case 7: // has_functions ... has_inline_frames: bools
      case 8:
      case 9:
      case 10:
        reader.int64();
        break;
      case 5:
        mapping.file = reader.int64();
        break;
      case 6:
        mapping.buildId = reader.int64();
        break;
    }
  }
  return mapping;
}

function readFunction(bytes: Uint8Array, start: number, end: number, n: number): RawFunction {
  const fn: RawFunction = { id: 0, name: 0, systemName: 0, file: 0, startLine: 0 };
  const reader = new FieldReader(bytes, start, end, () => `the ${ordinal(n)} function`);
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        fn.id = reader.id();
        break;
      case 2:
        fn.name = reader.int64();
        break;
      case 3:
        fn.systemName = reader.int64();
        break;
      case 4:
        fn.file = reader.int64();
        break;
      case 5:
        fn.startLine = reader.int64();
        break;
    }
  }
  return fn;
}

function readLocation(bytes: Uint8Array, start: number, end: number, n: number, lines: Pick<RawTables, 'lineFunctions' | 'lineNumbers'>): RawLocation {
  const location: RawLocation = { id: 0, mappingId: 0, firstLine: lines.lineNumbers.length, lineCount: 0 };
  const place = () => `the ${ordinal(n)} location`;
  const reader = new FieldReader(bytes, start, end, place);
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        location.id = reader.id();
        break;
      case 2:
        location.mappingId = reader.id();
        break;
      case 3: // address
      case 5: // is_folded
        reader.int64();
        break;
      case 4: {
        reader.requireBytes();
        let functionId: IdKey = 0;
        let line = 0;
        const lineReader = new FieldReader(bytes, reader.valueStart, reader.valueEnd, () => `a line of the ${ordinal(n)} location`);
        while (lineReader.next()) {
          if (lineReader.field === 1) functionId = lineReader.id();
          else if (lineReader.field === 2) line = lineReader.int64();
        }
        lines.lineFunctions.push(functionId);
        lines.lineNumbers.push(line);
        location.lineCount++;
        break;
      }
    }
  }
  return location;
}

// ---------------------------------------------------------------------------------------------
// Ids

/** Maps uint64 ids (0 is reserved) to dense indices, refusing duplicates as pprof does. */
class IdIndex {
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<IdKey, number> | undefined;

  constructor(ids: IdKey[], kind: string) {
    let maxSmall = 0;
    let allSmall = true;
    for (const id of ids) {
      if (id === 0) throw new ProfileError(`The profile is malformed: a ${kind} has the reserved id 0.`);
      if (typeof id === 'number' && id <= 0x7fffffff) maxSmall = Math.max(maxSmall, id);
      else allSmall = false;
    }
    const duplicate = (id: IdKey) => new ProfileError(`The profile is malformed: two ${kind}s share the id ${idText(id)}.`);
    if (allSmall && maxSmall <= ids.length * 4 + 16) {
      const dense = new Int32Array(maxSmall + 1).fill(-1);
      ids.forEach((id, index) => {
        if (dense[id as number] !== -1) throw duplicate(id);
        dense[id as number] = index;
      });
      this.dense = dense;
    } else {
      const sparse = new Map<IdKey, number>();
      ids.forEach((id, index) => {
        if (sparse.has(id)) throw duplicate(id);
        sparse.set(id, index);
      });
      this.sparse = sparse;
    }
  }

  /** Dense index of id, or -1. */
  get(id: IdKey): number {
    if (this.dense) {
      return typeof id === 'number' && id < this.dense.length ? this.dense[id] : -1;
    }
    return this.sparse!.get(id) ?? -1;
  }

  /** get() for an id known to be a small number (the samples' hot loop). */
  getSmall(id: number): number {
    if (this.dense) return id < this.dense.length ? this.dense[id] : -1;
    return this.sparse!.get(id) ?? -1;
  }
}

// ---------------------------------------------------------------------------------------------
// Samples

/** Where decoded samples go: one stack of location indices (leaf first) and its values at a time. */
interface SampleSink {
  /** False when the sink never looks at labels: they are then checked but not kept. */
  readonly keepsLabels: boolean;
  add(stack: Int32Array, depth: number, values: Float64Array, labels: readonly RawLabel[]): void;
}

interface RawLabel {
  key: number;
  str: number;
  num: number;
  unit: number;
}

/**
 * Second pass: each sample, checked as pprof checks it (values per sample type, existing
 * locations, label strings in range), handed to the sink.
 */
function readSamples(bytes: Uint8Array, tables: RawTables, locationIndex: IdIndex, sink: SampleSink, budget: MemoryBudget): void {
  const typeCount = tables.sampleTypes.length;
  const stringCount = tables.strings.length;
  let stack = new Int32Array(64);
  const values = new Float64Array(typeCount);
  const labels: RawLabel[] = [];
  let sampleNumber = 0;
  const place = () => `sample ${sampleNumber}`;
  const top = new FieldReader(bytes, 0, bytes.length, place);
  while (top.next()) {
    if (top.field !== SAMPLE_FIELD) continue;
    sampleNumber++;
    const end = top.valueEnd;
    let offset = top.valueStart;
    let depth = 0;
    let valueCount = 0;
    if (labels.length !== 0) labels.length = 0;
    while (offset < end) {
      // The hot loop of a large profile: tags and ids are read in place.
      offset = readVarint(bytes, offset, end);
      if (offset < 0) throw sampleError(offset, place);
      const field = varHi * 0x20000000 + (varLo >>> 3);
      const wire = varLo & 7;
      if (field === 1 || field === 2) {
        let from: number;
        let to: number;
        if (wire === 2) {
          offset = readVarint(bytes, offset, end);
          if (offset < 0) throw sampleError(offset, place);
          const length = varHi * TWO_TO_32 + varLo;
          if (length > end - offset) throw corrupt(place, RUNS_PAST_PROBLEM);
          from = offset;
          to = offset + length;
        } else if (wire === 0) {
          from = offset;
          to = end;
        } else {
          throw corrupt(place, `stores field ${field} as the wrong kind of value`);
        }
        let at = from;
        // Packed: every varint up to `to` (none when empty); unpacked: just one.
        let more = wire === 2 ? at < to : true;
        while (more) {
          at = readVarint(bytes, at, to);
          if (at < 0) throw sampleError(at, place);
          if (field === 1) {
            const index = varHi === 0 && varLo <= 0x7fffffff ? locationIndex.getSmall(varLo) : locationIndex.get(varIdKey());
            if (index < 0) {
              throw new ProfileError(`The profile is malformed: sample ${sampleNumber} refers to location ${idText(varIdKey())}, which does not exist.`);
            }
            if (depth === stack.length) {
              budget.charge(stack.length * 4, 'a stack');
              const larger = new Int32Array(stack.length * 2);
              larger.set(stack);
              stack = larger;
            }
            stack[depth++] = index;
          } else {
            if (valueCount < typeCount) values[valueCount] = varInt64();
            valueCount++;
          }
          more = wire === 2 && at < to;
        }
        offset = at;
      } else if (field === 3) {
        if (wire !== 2) throw corrupt(place, 'stores field 3 as the wrong kind of value');
        offset = readVarint(bytes, offset, end);
        if (offset < 0) throw sampleError(offset, place);
        const length = varHi * TWO_TO_32 + varLo;
        if (length > end - offset) throw corrupt(place, RUNS_PAST_PROBLEM);
        const label = readLabel(bytes, offset, offset + length, place, stringCount, sampleNumber, sink.keepsLabels ? undefined : scratchLabel);
        if (sink.keepsLabels) labels.push(label);
        offset += length;
      } else {
        offset = skipValue(bytes, offset, end, wire, place);
      }
    }
    if (valueCount !== typeCount) {
      throw new ProfileError(`The profile is malformed: sample ${sampleNumber} has ${valueCount} values but there are ${typeCount} sample types.`);
    }
    sink.add(stack, depth, values, labels);
  }
}

function sampleError(code: number, place: Place): ProfileError {
  return corrupt(place, code === CUT_OFF ? CUT_OFF_PROBLEM : 'has a number longer than protobuf allows');
}

/** Skips an unknown field's value: the offset after it. */
function skipValue(bytes: Uint8Array, offset: number, end: number, wire: number, place: Place): number {
  let next: number;
  switch (wire) {
    case 0:
      next = readVarint(bytes, offset, end);
      if (next < 0) throw sampleError(next, place);
      return next;
    case 1:
    case 5:
      next = offset + (wire === 1 ? 8 : 4);
      break;
    case 2: {
      next = readVarint(bytes, offset, end);
      if (next < 0) throw sampleError(next, place);
      const length = varHi * TWO_TO_32 + varLo;
      if (length > end - next) throw corrupt(place, RUNS_PAST_PROBLEM);
      return next + length;
    }
    default:
      throw corrupt(place, `has a field of wire type ${wire}, which protobuf does not have`);
  }
  if (next > end) throw corrupt(place, RUNS_PAST_PROBLEM);
  return next;
}

/** Made only when an error needs it: labels are read once per sample of a heap profile. */
function labelPlace(place: Place): Place {
  return () => `a label of ${place()}`;
}

/** Where labels nobody keeps are read, so checking them allocates nothing. */
const scratchLabel: RawLabel = { key: 0, str: 0, num: 0, unit: 0 };

function readLabel(bytes: Uint8Array, start: number, end: number, place: Place, stringCount: number, sampleNumber: number, into?: RawLabel): RawLabel {
  const label: RawLabel = into ?? { key: 0, str: 0, num: 0, unit: 0 };
  label.key = label.str = label.num = label.unit = 0;
  let offset = start;
  // Heap profiles label nearly every sample: read in place, like the sample loop.
  while (offset < end) {
    offset = readVarint(bytes, offset, end);
    if (offset < 0) throw sampleError(offset, labelPlace(place));
    const field = varHi * 0x20000000 + (varLo >>> 3);
    const wire = varLo & 7;
    if (field >= 1 && field <= 4) {
      if (wire !== 0) throw corrupt(labelPlace(place), `stores field ${field} as the wrong kind of value`);
      offset = readVarint(bytes, offset, end);
      if (offset < 0) throw sampleError(offset, labelPlace(place));
      const value = varInt64();
      if (field === 1) label.key = value;
      else if (field === 2) label.str = value;
      else if (field === 3) label.num = value;
      else label.unit = value;
    } else {
      offset = skipValue(bytes, offset, end, wire, labelPlace(place));
    }
  }
  // pprof checks the key always, the string and unit when set.
  const inRange = (index: number) => index >= 0 && index < stringCount;
  if (!inRange(label.key) || (label.str !== 0 && !inRange(label.str)) || (label.unit !== 0 && !inRange(label.unit))) {
    throw new ProfileError(`The profile is malformed: a label of sample ${sampleNumber} refers to a string the string table does not have.`);
  }
  return label;
}

/** Keeps every sample as a Sample object, labels included. */
class SampleObjects implements SampleSink {
  readonly keepsLabels = true;
  readonly samples: Sample[] = [];

  constructor(
    private readonly strings: string[],
    private readonly typeCount: number,
    private readonly budget: MemoryBudget,
  ) {}

  add(stack: Int32Array, depth: number, values: Float64Array, labels: readonly RawLabel[]): void {
    this.budget.charge(3 * OBJECT_BYTES + (depth + this.typeCount + 1) * ARRAY_SLOT_BYTES + labels.length * 2 * OBJECT_BYTES, 'samples');
    const locations: number[] = new Array(depth);
    for (let i = 0; i < depth; i++) locations[i] = stack[i];
    const sampleValues: number[] = new Array(this.typeCount);
    for (let t = 0; t < this.typeCount; t++) sampleValues[t] = values[t];
    const sample: Sample = { locations, values: sampleValues };
    for (const label of labels) {
      const key = this.strings[label.key];
      if (label.str !== 0) {
        ((sample.labels ??= {})[key] ??= []).push(this.strings[label.str]);
      } else if (label.num !== 0 || label.unit !== 0) {
        // pprof drops a label with neither a string nor a number.
        ((sample.numLabels ??= {})[key] ??= []).push(label.num);
      }
    }
    this.samples.push(sample);
  }
}

/**
 * Keeps one entry per distinct stack, with the values of its samples summed: what every view of
 * the viewer and `profile top` compute is a sum over samples, so merging changes no number, and a
 * profile of 30 million samples over a few thousand stacks takes the memory of a few thousand.
 * Samples whose values differ in sign (diff profiles) stay apart, so totals of absolute values hold.
 */
export class MergedSampleTable implements SampleSink {
  readonly keepsLabels = false;
  private start: Int32Array;
  private locations: Int32Array;
  private values: Float64Array;
  private hashes: Int32Array;
  /** Open addressing: entry index + 1, 0 = free. */
  private slots: Int32Array;
  private count = 0;
  private locationCount = 0;

  /**
   * Sized up front for `samples` samples of `sampleBytes` bytes (each location id takes a byte at
   * least), up to a cap: most profiles then never grow, and one of many samples over few stacks
   * does not reserve room for all of them.
   */
  constructor(
    private readonly typeCount: number,
    private readonly budget: MemoryBudget,
    samples = 0,
    sampleBytes = 0,
  ) {
    const entries = Math.min(Math.max(samples + 1, 1024), 1 << 20);
    this.start = new Int32Array(entries);
    this.hashes = new Int32Array(entries);
    this.values = new Float64Array(entries * Math.max(1, typeCount));
    this.locations = new Int32Array(Math.min(Math.max(sampleBytes >> 1, 4096), 1 << 22));
    let slots = 2048;
    while (slots < entries * 2) slots *= 2;
    this.slots = new Int32Array(slots);
    budget.charge(this.start.byteLength + this.locations.byteLength + this.values.byteLength + this.hashes.byteLength + this.slots.byteLength, 'stacks');
  }

  add(stack: Int32Array, depth: number, values: Float64Array): void {
    const typeCount = this.typeCount;
    let hash = depth | 0;
    for (let i = 0; i < depth; i++) hash = Math.imul(hash ^ stack[i], 0x9e3779b1) ^ (hash >>> 15);
    for (let t = 0; t < typeCount; t++) if (values[t] < 0) hash = Math.imul(hash ^ (t + 1), 0x85ebca6b);
    // Mix the high bits into the low ones the slot is taken from (murmur3's finalizer).
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) break;
      if (this.hashes[entry] === hash && this.sameStack(entry, stack, depth, values)) {
        const base = entry * typeCount;
        for (let t = 0; t < typeCount; t++) this.values[base + t] += values[t];
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.append(stack, depth, values, hash);
    this.slots[slot] = this.count;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  table(): SampleTable {
    const exact = (array: Int32Array, length: number) => (array.length === length ? array : array.slice(0, length));
    return {
      start: exact(this.start, this.count + 1),
      locations: this.locations.slice(0, this.locationCount),
      values: this.values.slice(0, this.count * this.typeCount),
    };
  }

  private sameStack(entry: number, stack: Int32Array, depth: number, values: Float64Array): boolean {
    const from = this.start[entry];
    if (this.start[entry + 1] - from !== depth) return false;
    for (let i = 0; i < depth; i++) if (this.locations[from + i] !== stack[i]) return false;
    const base = entry * this.typeCount;
    for (let t = 0; t < this.typeCount; t++) if (this.values[base + t] < 0 !== values[t] < 0) return false;
    return true;
  }

  private append(stack: Int32Array, depth: number, values: Float64Array, hash: number): void {
    const entry = this.count;
    if (entry + 2 > this.start.length) {
      const length = (entry + 2) * 2;
      this.charge(this.start, length);
      this.start = growInt32(this.start, length);
      this.charge(this.hashes, length);
      this.hashes = growInt32(this.hashes, length);
      this.charge(this.values, length * this.typeCount);
      this.values = growFloat64(this.values, length * this.typeCount);
    }
    if (this.locationCount + depth > this.locations.length) {
      const length = Math.max(this.locations.length * 2, this.locationCount + depth);
      this.charge(this.locations, length);
      this.locations = growInt32(this.locations, length);
    }
    // Loops, not set(subarray): a view object per sample is garbage in the hot path.
    const locations = this.locations;
    const from = this.locationCount;
    for (let i = 0; i < depth; i++) locations[from + i] = stack[i];
    this.locationCount += depth;
    this.start[entry + 1] = this.locationCount;
    this.hashes[entry] = hash;
    const base = entry * this.typeCount;
    for (let t = 0; t < this.typeCount; t++) this.values[base + t] = values[t];
    this.count++;
  }

  private charge(array: Int32Array | Float64Array, length: number): void {
    this.budget.charge((length - array.length) * array.BYTES_PER_ELEMENT, 'stacks');
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.budget.charge(size * 4 - this.slots.byteLength, 'stacks');
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function growInt32(array: Int32Array, length: number): Int32Array {
  const larger = new Int32Array(length);
  larger.set(array);
  return larger;
}

function growFloat64(array: Float64Array, length: number): Float64Array {
  const larger = new Float64Array(length);
  larger.set(array);
  return larger;
}

// ---------------------------------------------------------------------------------------------
// Assembly

const NO_FRAMES: number[] = [];

/**
 * The model's tables from the raw message: functions merged by name, as pprof's "functions"
 * granularity. With `leafOnly`, frames and locations are not built (the header's lists stay empty)
 * and `leafFunction` gives each location's innermost function instead; everything is checked alike.
 */
function buildTables(tables: RawTables, leafOnly = false) {
  const { strings } = tables;
  const text = (index: number, what: string): string => {
    if (!(index >= 0 && index < strings.length)) {
      throw new ProfileError(`The profile is malformed: ${what} refers to string ${index}, but the string table has ${strings.length} entries.`);
    }
    return strings[index];
  };
  const valueType = (vt: RawValueType, what: string): ValueType => ({ type: text(vt.type, what), unit: text(vt.unit, what) });
  const sampleTypes = tables.sampleTypes.map((vt) => valueType(vt, 'a sample type'));
  if (sampleTypes.length === 0) {
    throw new ProfileError('The profile has no sample types, so there are no values to show.');
  }

  const mappingIndex = new IdIndex(tables.mappings.map((m) => m.id), 'mapping');
  const mappingFiles = tables.mappings.map((m) => text(m.file, 'a mapping'));
  const mappingBuildIds = tables.mappings.map((m) => text(m.buildId, 'a mapping'));
  const functionIndex = new IdIndex(tables.functions.map((f) => f.id), 'function');

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
  // Unnamed code is keyed by its binary.
  const unnamedName = (mappingFile: string) => (mappingFile ? `[${baseName(mappingFile)}]` : '<unknown>');
  const functionFiles = tables.functions.map((f) => text(f.file, 'a function file name'));
  const functionNames = tables.functions.map((f) => {
    text(f.systemName, 'a function system name');
    return text(f.name, 'a function name');
  });
  const protoFunctionToIndex = tables.functions.map((f, i) => (functionNames[i] ? internFunction(functionNames[i], functionFiles[i], f.startLine) : -1));

  const locationIndex = new IdIndex(tables.locations.map((l) => l.id), 'location');
  const frames: Frame[] = [];
  const locations: Location[] = [];
  const leafFunction = leafOnly ? new Int32Array(tables.locations.length) : undefined;
  for (let l = 0; l < tables.locations.length; l++) {
    const loc = tables.locations[l];
    // pprof leaves a location whose mapping does not exist without a mapping.
    const m = loc.mappingId === 0 ? -1 : mappingIndex.get(loc.mappingId);
    const mappingFile = m >= 0 ? mappingFiles[m] : '';
    const locationFrames: number[] = leafFunction ? NO_FRAMES : [];
    const { firstLine, lineCount } = loc;
    if (lineCount === 0) {
      const index = internFunction(unnamedName(mappingFile), '', 0);
      if (leafFunction) leafFunction[l] = index;
      else {
        locationFrames.push(frames.length);
        frames.push({ functionIndex: index, file: '', line: 0, inlined: false });
      }
    }
    for (let i = 0; i < lineCount; i++) {
      const fid = tables.lineFunctions[firstLine + i];
      const f = fid === 0 ? -1 : functionIndex.get(fid);
      if (f < 0) {
        // pprof refuses a line without a function ("location has a line with nil function").
        const problem = fid === 0 ? 'has a line without a function' : `refers to function ${idText(fid)}, which does not exist`;
        throw new ProfileError(`The profile is malformed: location ${idText(loc.id)} ${problem}.`);
      }
      let index = protoFunctionToIndex[f];
      if (index < 0) index = internFunction(unnamedName(mappingFile), '', 0);
      if (leafFunction) {
        if (i === 0) leafFunction[l] = index;
        continue;
      }
      locationFrames.push(frames.length);
      frames.push({ functionIndex: index, file: functionFiles[f], line: tables.lineNumbers[firstLine + i], inlined: i < lineCount - 1 });
    }
    if (!leafFunction) locations.push({ frames: locationFrames, mappingFile });
  }

  text(tables.dropFrames, 'drop_frames');
  text(tables.keepFrames, 'keep_frames');
  const defaultType = text(tables.defaultSampleType, 'the default sample type');
  let defaultSampleIndex = sampleTypes.length - 1;
  if (defaultType) {
    const found = sampleTypes.findIndex((t) => t.type === defaultType);
    if (found >= 0) defaultSampleIndex = found;
  }
  const header: Omit<FlatProfile, 'sampleTable'> = {
    format: 'protobuf',
    sampleTypes,
    defaultSampleIndex,
    periodType: tables.periodType ? valueType(tables.periodType, 'the period type') : undefined,
    period: tables.period,
    timeNanos: tables.timeNanos,
    durationNanos: tables.durationNanos,
    comments: tables.comments.map((c) => text(c, 'a comment')),
    mainBinary: mappingFiles[0] ?? '',
    buildId: mappingBuildIds[0] ?? '',
    functions,
    frames,
    locations,
  };
  return { header, locationIndex, leafFunction };
}

export interface DecodeOptions {
  /** The memory the decoded profile may take; past it, decoding stops with a ProfileBudgetError. */
  budget?: MemoryBudget;
}

/** Decodes into the Profile model: one Sample object per sample, labels included. */
export function decodeProtobufProfile(bytes: Uint8Array, options: DecodeOptions = {}): Profile {
  const budget = options.budget ?? MemoryBudget.unlimited();
  const tables = readTables(bytes, budget);
  const { header, locationIndex } = buildTables(tables);
  const sink = new SampleObjects(tables.strings, tables.sampleTypes.length, budget);
  readSamples(bytes, tables, locationIndex, sink, budget);
  return { ...header, samples: sink.samples };
}

/**
 * Decodes with the samples as a SampleTable, one entry per distinct stack (see MergedSampleTable),
 * without labels (their string references are still checked).
 */
export function decodeProtobufFlatProfile(bytes: Uint8Array, options: DecodeOptions = {}): FlatProfile {
  const budget = options.budget ?? MemoryBudget.unlimited();
  const tables = readTables(bytes, budget);
  const { header, locationIndex } = buildTables(tables);
  const sink = new MergedSampleTable(tables.sampleTypes.length, budget, tables.sampleCount, tables.sampleBytes);
  readSamples(bytes, tables, locationIndex, sink, budget);
  return { ...header, sampleTable: sink.table() };
}

/** A profile's tables without its samples. */
export type ProfileHeader = Omit<Profile, 'samples'>;

/**
 * One sample type's flat values per function (what the leaf frame of each sample allocated, as
 * `-top` counts flat) and pprof's total: all that a growth ranking or a heap watch reads of a
 * profile. The header's frames and locations may be empty: the stacks are not kept.
 */
export interface LeafProfile {
  header: ProfileHeader;
  sampleIndex: number;
  /** Per index of header.functions. */
  flat: Float64Array;
  /** The sum of the absolute sample values (pprof's total). */
  total: number;
}

/** Sums one sample type by the innermost function of each sample's leaf; every sample is still checked. */
class LeafSums implements SampleSink {
  readonly keepsLabels = false;
  total = 0;

  constructor(
    readonly flat: Float64Array,
    private readonly leafFunction: Int32Array,
    private readonly sampleIndex: number,
  ) {}

  add(stack: Int32Array, depth: number, values: Float64Array): void {
    const value = values[this.sampleIndex];
    this.total += Math.abs(value);
    if (value !== 0 && depth > 0) this.flat[this.leafFunction[stack[0]]] += value;
  }
}

/**
 * Decodes only what a growth ranking needs: no frame, location or sample objects, only the flat
 * values of the sample type `pickSampleIndex` chooses. Bad input is refused with the same sentence
 * as by the other decoders.
 */
export function decodeProtobufLeafProfile(bytes: Uint8Array, pickSampleIndex: (header: ProfileHeader) => number, options: DecodeOptions = {}): LeafProfile {
  const budget = options.budget ?? MemoryBudget.unlimited();
  const tables = readTables(bytes, budget);
  const { header, locationIndex, leafFunction } = buildTables(tables, true);
  // A sample type the profile lacks is reported after the samples are checked, as when decoding whole.
  let sampleIndex = 0;
  let unknownType: unknown;
  try {
    sampleIndex = pickSampleIndex(header);
  } catch (error) {
    unknownType = error;
  }
  const sink = new LeafSums(new Float64Array(header.functions.length), leafFunction!, sampleIndex);
  readSamples(bytes, tables, locationIndex, sink, budget);
  if (unknownType !== undefined) throw unknownType;
  return { header, sampleIndex, flat: sink.flat, total: sink.total };
}

export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}
