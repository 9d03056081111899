// Node-only entry: reads gzipped profiles with a bound on the inflated size, then parses them.
import { gunzipSync } from 'node:zlib';
import { MemoryBudget } from './budget';
import { FlatProfile, Profile, ProfileError } from './model';
import { isGzip, parseFlatProfile, parseLeafProfile, parseProfile } from './parse';
import type { LeafProfile, ProfileHeader } from './protobuf';

export interface LoadOptions {
  /** Refuse profiles that inflate past this many bytes (a setting; generous but finite). */
  maxInflatedBytes: number;
  /** How the user raises maxInflatedBytes ("--max-inflated-mb"), named when a file is refused. */
  inflatedHint?: string;
  /** The memory the decoded model may take (see MemoryBudget); unlimited when absent. */
  budget?: MemoryBudget;
}

export const DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function raise(options: LoadOptions): string {
  return options.inflatedHint ? `; raise it with ${options.inflatedHint} to open it` : '';
}

/** Inflates gzip (possibly several members) and refuses output past the limit. */
export function inflateProfile(bytes: Uint8Array, options: LoadOptions): Uint8Array {
  if (!isGzip(bytes)) {
    if (bytes.length > options.maxInflatedBytes) {
      throw new ProfileError(`The profile is larger than the ${formatMegabytes(options.maxInflatedBytes)} limit${raise(options)}.`);
    }
    return bytes;
  }
  try {
    // The gzip trailer records the inflated size (mod 4 GiB, of the last member): with one output
    // chunk that large, a big profile is inflated without the copy that joins many small chunks.
    const recorded = bytes.length >= 18 ? (bytes[bytes.length - 4] | (bytes[bytes.length - 3] << 8) | (bytes[bytes.length - 2] << 16) | (bytes[bytes.length - 1] << 24)) >>> 0 : 0;
    // A trailer that lies cannot reserve more than deflate's largest ratio (about 1032:1) allows.
    const chunkSize = Math.min(Math.max(recorded + 1, 64 * 1024), options.maxInflatedBytes + 1, bytes.length * 1032, 256 * 1024 * 1024);
    const inflated = gunzipSync(bytes, { maxOutputLength: options.maxInflatedBytes, chunkSize });
    // A plain Uint8Array view: the decoder slices it per field, and Buffer slices cost more.
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new ProfileError(`The profile inflates to more than the ${formatMegabytes(options.maxInflatedBytes)} limit${options.inflatedHint ? raise(options) : ', so it was not opened'}.`);
    }
    if (code === 'Z_BUF_ERROR') {
      throw new ProfileError('The gzip file is truncated: it ends before the compressed data does.');
    }
    throw new ProfileError('The file starts like gzip but its compressed data is corrupt.');
  }
}

/** Detects gzip / raw protobuf / Go text formats and returns the normalized profile. */
export function loadProfile(bytes: Uint8Array, options: LoadOptions = { maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES }): Profile {
  return parseProfile(inflatedProfileBytes(bytes, options), options);
}

/** loadProfile with the samples as a SampleTable and without labels (see FlatProfile). */
export function loadFlatProfile(bytes: Uint8Array, options: LoadOptions = { maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES }): FlatProfile {
  return parseFlatProfile(inflatedProfileBytes(bytes, options), options);
}

/** loadProfile reduced to one sample type summed by leaf location (see LeafProfile): what a growth ranking reads. */
export function loadLeafProfile(bytes: Uint8Array, pickSampleIndex: (header: ProfileHeader) => number, options: LoadOptions = { maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES }): LeafProfile {
  return parseLeafProfile(inflatedProfileBytes(bytes, options), pickSampleIndex, options);
}

function inflatedProfileBytes(bytes: Uint8Array, options: LoadOptions): Uint8Array {
  if (bytes.length === 0) {
    throw new ProfileError('The profile is empty.');
  }
  const inflated = inflateProfile(bytes, options);
  if (inflated.length === 0) {
    throw new ProfileError('The gzip file is empty: it contains no profile.');
  }
  if (isGzip(inflated)) {
    // pprof refuses it too; gunzip once to get a profile gomem and pprof read.
    throw new ProfileError('The profile is gzip-compressed twice: gunzip it once and open the result.');
  }
  return inflated;
}
