// Format sniffing for already-inflated profile bytes. Browser-safe: gunzip lives in node.ts.
import { MemoryBudget } from './budget';
import { FlatProfile, Profile, ProfileError, Sample, sampleTableOf } from './model';
import { decodeProtobufFlatProfile, decodeProtobufLeafProfile, decodeProtobufProfile, DecodeOptions, LeafProfile, ProfileHeader } from './protobuf';
import { stackTable } from './stackTable';
import { detectTextFormat, parseTextProfile, TextKind } from './textFormats';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Leading bytes as text, for sniffing only. */
function leadingText(bytes: Uint8Array, length: number): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, length));
}

/**
 * Parses a profile from inflated bytes: pprof protobuf or one of Go's text formats. With a
 * budget, decoding stops with a ProfileBudgetError once the model would take more memory.
 */
export function parseProfile(bytes: Uint8Array, options: DecodeOptions = {}): Profile {
  const textKind = sniff(bytes);
  if (textKind) {
    return parseText(textKind, bytes, options);
  }
  return decodeProtobufProfile(bytes, options);
}

/**
 * parseProfile with the samples as a SampleTable and without labels (see FlatProfile); protobuf
 * samples with the same stack are one entry with their values summed.
 */
export function parseFlatProfile(bytes: Uint8Array, options: DecodeOptions = {}): FlatProfile {
  const textKind = sniff(bytes);
  if (textKind) {
    const { samples, ...rest } = parseText(textKind, bytes, options);
    const flat: FlatProfile = { ...rest, sampleTable: sampleTableOf(samples, rest.sampleTypes.length) };
    if (samples.some((sample) => sample.goroutines)) {
      flat.sampleGoroutines = samples.map((sample) => sample.goroutines);
    }
    return flat;
  }
  return decodeProtobufFlatProfile(bytes, options);
}

/**
 * parseProfile reduced to one sample type summed by leaf location (see LeafProfile): protobuf
 * samples are summed as they are read, so no sample or stack is kept.
 */
export function parseLeafProfile(bytes: Uint8Array, pickSampleIndex: (header: ProfileHeader) => number, options: DecodeOptions = {}): LeafProfile {
  const textKind = sniff(bytes);
  if (!textKind) return decodeProtobufLeafProfile(bytes, pickSampleIndex, options);
  const { samples, ...header } = parseText(textKind, bytes, options);
  return leafProfileOf(header, samples, pickSampleIndex(header));
}

/** The LeafProfile of decoded samples. */
export function leafProfileOf(header: ProfileHeader, samples: readonly Sample[], sampleIndex: number): LeafProfile {
  const { offsets, locationFunctions } = stackTable(header);
  const flat = new Float64Array(header.functions.length);
  let total = 0;
  for (const sample of samples) {
    const value = sample.values[sampleIndex];
    total += Math.abs(value);
    if (value === 0 || sample.locations.length === 0) continue;
    // The innermost frame of the leaf location allocated it.
    const leaf = sample.locations[0];
    if (offsets[leaf] < offsets[leaf + 1]) flat[locationFunctions[offsets[leaf]]] += value;
  }
  return { header, sampleIndex, flat, total };
}

/**
 * A Profile with one Sample object per entry of the flat profile's table (no labels), for code
 * written against Sample objects; the objects are counted against the budget.
 */
export function profileOfFlat(flat: FlatProfile, budget: MemoryBudget = MemoryBudget.unlimited()): Profile {
  const { sampleTable, sampleGoroutines, ...tables } = flat;
  const { start, locations, values } = sampleTable;
  const typeCount = tables.sampleTypes.length;
  const count = start.length - 1;
  budget.charge(count * (192 + 8 * typeCount) + locations.length * 8, 'samples');
  const samples: Sample[] = new Array(count);
  for (let s = 0; s < count; s++) {
    samples[s] = { locations: Array.from(locations.subarray(start[s], start[s + 1])), values: Array.from(values.subarray(s * typeCount, (s + 1) * typeCount)) };
    const goroutines = sampleGoroutines?.[s];
    if (goroutines) samples[s].goroutines = goroutines;
  }
  return { ...tables, samples };
}

/** Text profiles become a JavaScript string and then objects: a few times their size, counted up front. */
const TEXT_MEMORY_PER_BYTE = 4;

function parseText(kind: TextKind, bytes: Uint8Array, options: DecodeOptions): Profile {
  (options.budget ?? MemoryBudget.unlimited()).charge(bytes.length * TEXT_MEMORY_PER_BYTE, 'text');
  return parseTextProfile(kind, new TextDecoder().decode(bytes));
}

/** The text format of the bytes, undefined for protobuf; bad input throws its one sentence. */
function sniff(bytes: Uint8Array): TextKind | undefined {
  if (bytes.length === 0) {
    throw new ProfileError('The profile is empty.');
  }
  if (isGzip(bytes)) {
    throw new ProfileError('The profile is still gzip-compressed: gunzip it first.');
  }
  if (isLegacyCpuProfile(bytes)) {
    throw new ProfileError('The file is a legacy binary CPU profile (written by Go before 1.9), which gomem does not read: convert it with `go tool pprof -proto BINARY FILE > cpu.pb.gz`, BINARY being the program that wrote it, and open cpu.pb.gz.');
  }
  const head = leadingText(bytes, 512).replace(/^\uFEFF/, '').trimStart();
  if (/^<(!doctype|html|\?xml|head|body)/i.test(head)) {
    throw new ProfileError('The file is an HTML page, not a profile: save the profile itself (for example /debug/pprof/heap without ?debug), not the page that links to it.');
  }
  if (/^[{[]\s*["{[\]}]/.test(head) || head === '{}' || head === '[]') {
    throw new ProfileError('The file is JSON, not a pprof profile: save the profile in pprof\'s protobuf format (.pb.gz).');
  }
  const textKind = detectTextFormat(head);
  if (textKind) {
    return textKind;
  }
  if (looksLikeText(bytes)) {
    throw new ProfileError('The file is text but not a profile: gomem reads pprof protobuf (.pb.gz) and Go\'s debug=1 and debug=2 text profiles.');
  }
  return undefined;
}

/**
 * The legacy CPU profile of Go before 1.9 (and of gperftools): machine words, the first three
 * of its header being 0, 3, 0 (header words, header length, version), in 32 or 64 bits, either
 * byte order. A protobuf cannot start with a 0 byte, so nothing else looks like it.
 */
function isLegacyCpuProfile(bytes: Uint8Array): boolean {
  for (const size of [8, 4]) {
    if (bytes.length < size * 5) {
      continue;
    }
    for (const littleEndian of [true, false]) {
      const word = (index: number): number => {
        let value = 0;
        for (let b = 0; b < size; b++) {
          const byte = bytes[index * size + (littleEndian ? size - 1 - b : b)];
          value = value * 256 + byte;
        }
        return value;
      };
      if (word(0) === 0 && word(1) === 3 && word(2) === 0 && word(3) > 0) {
        return true;
      }
    }
  }
  return false;
}

/** Protobuf profiles start with small tag and length bytes; text has no control characters. */
function looksLikeText(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, 256);
  for (let i = 0; i < length; i++) {
    const b = bytes[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) {
      return false;
    }
  }
  return true;
}
