// Format sniffing for already-inflated profile bytes. Browser-safe: gunzip lives in node.ts.
import { FlatProfile, Profile, ProfileError, sampleTableOf } from './model';
import { decodeProtobufFlatProfile, decodeProtobufProfile } from './protobuf';
import { detectTextFormat, parseTextProfile, TextKind } from './textFormats';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Leading bytes as text, for sniffing only. */
function leadingText(bytes: Uint8Array, length: number): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, length));
}

/** Parses a profile from inflated bytes: pprof protobuf or one of Go's text formats. */
export function parseProfile(bytes: Uint8Array): Profile {
  const textKind = sniff(bytes);
  if (textKind) {
    return parseTextProfile(textKind, new TextDecoder().decode(bytes));
  }
  return decodeProtobufProfile(bytes);
}

/** parseProfile with the samples as a SampleTable and without labels (see FlatProfile). */
export function parseFlatProfile(bytes: Uint8Array): FlatProfile {
  const textKind = sniff(bytes);
  if (textKind) {
    const { samples, ...rest } = parseTextProfile(textKind, new TextDecoder().decode(bytes));
    const flat: FlatProfile = { ...rest, sampleTable: sampleTableOf(samples, rest.sampleTypes.length) };
    if (samples.some((sample) => sample.goroutines)) {
      flat.sampleGoroutines = samples.map((sample) => sample.goroutines);
    }
    return flat;
  }
  return decodeProtobufFlatProfile(bytes);
}

/** The text format of the bytes, undefined for protobuf; bad input throws its one sentence. */
function sniff(bytes: Uint8Array): TextKind | undefined {
  if (bytes.length === 0) {
    throw new ProfileError('The profile is empty.');
  }
  if (isGzip(bytes)) {
    throw new ProfileError('The profile is still gzip-compressed; open it with loadProfile, which inflates it.');
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
