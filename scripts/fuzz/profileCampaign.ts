// The profile-reader campaign of `npm run fuzz`: mutated pprof files (bytes flipped, cut, fields
// dropped, duplicated, reordered, unknown fields and damage put inside messages, gzip twice,
// profiles concatenated) read by gomem and by `go tool pprof`, counted by what each said.
// `npm run fuzz -- --campaign profiles`; GOMEM_FUZZ_KEEP=folder keeps each input pprof disagrees on.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { formatTopReport, MemoryBudget, ProfileError, topReport } from '../../src/core/pprof';
import { encodeGoString } from '../../src/core/pprof/goString';
import { loadFlatProfile, loadProfile } from '../../src/core/pprof/node';
import { CampaignOptions, FuzzCampaign, OutcomeCounts } from './outcomes';
import { SeededRandom } from './random';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'pprof');
/** Over this, reading one mutated profile counts as slow (the fixtures read in well under it). */
const SLOW_MS = 5000;

// ---------------------------------------------------------------------------------------------
// Protobuf surgery, enough to mutate a profile's structure

function varint(value: bigint): number[] {
  let rest = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest ? low | 0x80 : low);
  } while (rest);
  return bytes;
}

interface Field {
  field: number;
  wire: number;
  /** The whole field, tag included. */
  bytes: Uint8Array;
  /** For wire type 2: the content. */
  content?: Uint8Array;
}

/** The fields of a well-formed message, or undefined when it does not parse. */
function fieldsOf(bytes: Uint8Array): Field[] | undefined {
  const fields: Field[] = [];
  let offset = 0;
  const readVarint = (): bigint | undefined => {
    let value = 0n;
    for (let i = 0; i < 10 && offset < bytes.length; i++) {
      const byte = bytes[offset++];
      value |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if (byte < 0x80) return value;
    }
    return undefined;
  };
  while (offset < bytes.length) {
    const start = offset;
    const tag = readVarint();
    if (tag === undefined) return undefined;
    const wire = Number(tag & 7n);
    let content: Uint8Array | undefined;
    if (wire === 0) {
      if (readVarint() === undefined) return undefined;
    } else if (wire === 1 || wire === 5) {
      offset += wire === 1 ? 8 : 4;
    } else if (wire === 2) {
      const length = readVarint();
      if (length === undefined || Number(length) > bytes.length - offset) return undefined;
      content = bytes.subarray(offset, offset + Number(length));
      offset += Number(length);
    } else return undefined;
    if (offset > bytes.length) return undefined;
    fields.push({ field: Number(tag >> 3n), wire, bytes: bytes.subarray(start, offset), content });
  }
  return fields;
}

const concat = (parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((part) => Array.from(part)));
const wrap = (field: number, content: ArrayLike<number>) => concat([varint((BigInt(field) << 3n) | 2n), varint(BigInt(content.length)), content]);

/** An unknown field of a random number and wire type. */
function unknownField(random: SeededRandom): number[] {
  const field = random.pick([0, 15, 16, 99, 1000, 2 ** 29 - 1]);
  const wire = random.pick([0, 1, 2, 5]);
  const tag = varint((BigInt(field) << 3n) | BigInt(wire));
  if (wire === 0) return [...tag, ...varint(BigInt(random.below(1 << 30)) << BigInt(random.below(34)))];
  if (wire === 1) return [...tag, ...Array.from({ length: 8 }, () => random.below(256))];
  if (wire === 5) return [...tag, ...Array.from({ length: 4 }, () => random.below(256))];
  const content = Array.from({ length: random.below(12) }, () => random.below(256));
  return [...tag, ...varint(BigInt(content.length)), ...content];
}

/** Damage inside a message's content that keeps its outer length right: the inner message breaks. */
function damageContent(content: Uint8Array, random: SeededRandom): { bytes: Uint8Array; step: string } {
  const bytes = Uint8Array.from(content);
  switch (random.below(5)) {
    case 0:
      return { bytes: bytes.subarray(0, random.below(bytes.length)), step: 'cut inside' };
    case 1: {
      if (bytes.length) bytes[random.below(bytes.length)] = random.below(256);
      return { bytes, step: 'byte changed inside' };
    }
    case 2:
      return { bytes: concat([bytes, [0x80 | random.below(128)]]), step: 'varint cut off at the end inside' };
    case 3:
      return { bytes: concat([bytes, [(random.below(20) << 3) | random.pick([3, 4, 6, 7])]]), step: 'bad wire type inside' };
    default: {
      // A varint replaced by a ten-byte (or eleven-byte) one.
      const fields = fieldsOf(bytes) ?? [];
      const varints = fields.filter((f) => f.wire === 0);
      if (!varints.length) return { bytes, step: 'unchanged' };
      const target = random.pick(varints);
      const value = (BigInt(random.below(1 << 30)) << 34n) | BigInt(random.below(1 << 30));
      const long = [...varint(BigInt(target.field) << 3n), ...varint(value | (1n << 63n))];
      if (random.below(2) === 0) long.splice(long.length - 1, 1, long[long.length - 1] | 0x80, 0x01);
      return { bytes: concat(fields.map((f) => (f === target ? long : Array.from(f.bytes)))), step: 'long varint inside' };
    }
  }
}

/** One mutation of an inflated profile, and a word on what it did. */
function mutate(seed: Uint8Array, donor: Uint8Array, random: SeededRandom): { bytes: Uint8Array; steps: string[] } {
  let bytes = seed;
  const steps: string[] = [];
  // Mostly one change, so many mutants stay readable and their numbers can be compared with pprof's.
  const rounds = random.below(4) === 0 ? 2 + random.below(2) : 1;
  for (let round = 0; round < rounds; round++) {
    const fields = fieldsOf(bytes);
    const kind = random.below(fields ? 10 : 4);
    if (kind === 0) {
      const at = random.below(bytes.length);
      bytes = Uint8Array.from(bytes);
      bytes[at] ^= 1 << random.below(8);
      steps.push(`bit flip at ${at}`);
    } else if (kind === 1) {
      const at = random.below(bytes.length + 1);
      bytes = bytes.subarray(0, at);
      steps.push(`cut at ${at}`);
    } else if (kind === 2) {
      const at = random.below(bytes.length + 1);
      bytes = concat([bytes.subarray(0, at), Array.from({ length: 1 + random.below(16) }, () => random.below(256)), bytes.subarray(at)]);
      steps.push(`random bytes inserted at ${at}`);
    } else if (kind === 3) {
      const at = random.below(bytes.length + 1);
      const length = random.below(64);
      bytes = concat([bytes.subarray(0, at), bytes.subarray(at + length)]);
      steps.push(`${length} bytes deleted at ${at}`);
    } else {
      const list = fields!.slice();
      const messages = list.filter((f) => f.wire === 2 && f.field >= 1 && f.field <= 5);
      if (kind === 4 && list.length) {
        const index = random.below(list.length);
        steps.push(`top-level field ${list[index].field} dropped`);
        list.splice(index, 1);
      } else if (kind === 5 && list.length) {
        const index = random.below(list.length);
        steps.push(`top-level field ${list[index].field} duplicated`);
        list.splice(random.below(list.length + 1), 0, list[index]);
      } else if (kind === 6 && list.length > 1) {
        const a = random.below(list.length);
        const b = random.below(list.length);
        [list[a], list[b]] = [list[b], list[a]];
        steps.push('two top-level fields swapped');
      } else if (kind === 7) {
        const at = random.below(list.length + 1);
        list.splice(at, 0, { field: -1, wire: -1, bytes: Uint8Array.from(unknownField(random)) });
        steps.push('unknown top-level field');
      } else if (kind === 8 && messages.length) {
        const target = random.pick(messages);
        const inner = fieldsOf(target.content!) ?? [];
        const at = random.below(inner.length + 1);
        const content = concat([...inner.slice(0, at).map((f) => f.bytes), unknownField(random), ...inner.slice(at).map((f) => f.bytes)]);
        list[list.indexOf(target)] = { field: target.field, wire: 2, bytes: wrap(target.field, content) };
        steps.push(`unknown field inside field ${target.field}`);
      } else if (kind === 9 && messages.length) {
        const target = random.pick(messages);
        const { bytes: damaged, step } = damageContent(target.content!, random);
        list[list.indexOf(target)] = { field: target.field, wire: 2, bytes: wrap(target.field, damaged) };
        steps.push(`${step} field ${target.field}`);
      } else {
        const donorFields = fieldsOf(donor) ?? [];
        if (donorFields.length) {
          const field = random.pick(donorFields);
          list.splice(random.below(list.length + 1), 0, field);
          steps.push(`field ${field.field} of another profile spliced in`);
        }
      }
      bytes = concat(list.map((f) => f.bytes));
    }
  }
  return { bytes, steps };
}

// ---------------------------------------------------------------------------------------------
// Reading it both ways

/** top: the -top text as bytes, as the CLI writes it (names that are not UTF-8 keep their bytes). */
type Verdict = { read: true; top: Buffer } | { read: false; message: string };

/** gomem: both decoders (Sample objects and the viewer's flat one) must agree. */
function gomemRead(file: Uint8Array): Verdict | { crash: string } {
  const options = { maxInflatedBytes: 64 << 20, budget: MemoryBudget.ofMegabytes(256) };
  let top: Buffer | undefined;
  let message: string | undefined;
  try {
    const profile = loadProfile(file, options);
    top = Buffer.from(encodeGoString(formatTopReport(topReport(profile, { sampleIndex: profile.defaultSampleIndex, nodeFraction: 0 }))));
  } catch (error) {
    if (!(error instanceof ProfileError)) return { crash: (error as Error).stack ?? String(error) };
    message = error.message;
  }
  try {
    loadFlatProfile(file, { maxInflatedBytes: 64 << 20, budget: MemoryBudget.ofMegabytes(256) });
    if (message !== undefined) return { crash: `the flat decoder read what the other refused: ${message}` };
  } catch (error) {
    if (!(error instanceof ProfileError)) return { crash: (error as Error).stack ?? String(error) };
    if (message !== error.message) return { crash: `the flat decoder refused what the other ${message === undefined ? 'read' : `refused otherwise (${message})`}: ${error.message}` };
  }
  return message === undefined ? { read: true, top: top! } : { read: false, message };
}

function pprofRead(file: string): Verdict {
  const result = spawnSync('go', ['tool', 'pprof', '-top', '-symbolize=none', '-nodefraction=0', file], {
    timeout: 60_000,
    env: { ...process.env, GOTOOLCHAIN: 'local', PPROF_TMPDIR: path.dirname(file) },
  });
  return result.status === 0 ? { read: true, top: result.stdout } : { read: false, message: result.stderr.toString('utf8').trim().split('\n')[0] };
}

/** A refusal's kind, from the start of its sentence. */
function refusalKind(message: string): string {
  const kinds: [RegExp, string][] = [
    [/^The profile is corrupt/, 'corrupt'],
    [/^The profile is truncated|^The gzip file is truncated/, 'truncated'],
    [/^The profile is malformed/, 'malformed'],
    [/not a pprof profile|text but not a profile|legacy binary CPU/, 'not a profile'],
    [/several profiles/, 'concatenated'],
    [/gzip-compressed twice/, 'gzip twice'],
    [/no sample types/, 'no sample types'],
    [/memory than its|limit/, 'over a limit'],
  ];
  return kinds.find(([pattern]) => pattern.test(message))?.[1] ?? 'other';
}

/** The pprof fixtures, inflated: the seeds of every mutation. */
function seeds(): Uint8Array[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.pb.gz'))
    .map((name) => new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, name)))));
}

export const profileCampaign: FuzzCampaign = {
  name: 'profiles',
  description: 'a mutated pprof profile (bytes, fields, inner damage, unknown fields, gzip twice, concatenation) read by gomem and by go tool pprof',
  defaultIterations: 400,
  async run(options: CampaignOptions): Promise<OutcomeCounts> {
    const outcomes = new OutcomeCounts(new Set(['crash', 'not one sentence', `slow (over ${SLOW_MS / 1000} s)`, 'read, pprof refuses it']));
    const random = new SeededRandom(options.seed);
    const inputs = seeds();
    const file = path.join(options.workDir, 'profile.pb.gz');
    const hasGo = spawnSync('go', ['version']).status === 0;
    for (let iteration = 0; iteration < options.iterations; iteration++) {
      const seed = random.pick(inputs);
      const { bytes, steps } = mutate(seed, random.pick(inputs), random);
      let packaged: Uint8Array;
      const packaging = random.below(10);
      if (packaging === 0) {
        packaged = zlib.gzipSync(zlib.gzipSync(bytes));
        steps.push('gzip twice');
      } else if (packaging === 1) {
        packaged = Buffer.concat([zlib.gzipSync(bytes), zlib.gzipSync(random.pick(inputs))]);
        steps.push('concatenated with another profile');
      } else if (packaging < 5) {
        packaged = bytes;
        steps.push('not compressed');
      } else packaged = zlib.gzipSync(bytes);
      const example = `iteration ${iteration} (seed ${options.seed}): ${steps.join(', ')}`;
      const started = performance.now();
      const ours = gomemRead(packaged);
      const elapsed = performance.now() - started;
      if (elapsed > SLOW_MS) outcomes.add(`slow (over ${SLOW_MS / 1000} s)`, `${example}: ${Math.round(elapsed)} ms`);
      if ('crash' in ours) {
        outcomes.add('crash', `${example}: ${ours.crash}`);
        continue;
      }
      if (!ours.read && !/^[A-Z`/\d][^\n]*[.]$/.test(ours.message)) outcomes.add('not one sentence', `${example}: ${ours.message}`);
      const gomemSays = ours.read ? 'read' : `refused (${refusalKind(ours.message)})`;
      if (!hasGo) {
        outcomes.add(gomemSays, example);
        continue;
      }
      fs.writeFileSync(file, packaged);
      const theirs = pprofRead(file);
      let outcome: string;
      if (ours.read && theirs.read) outcome = ours.top.equals(theirs.top) ? 'read, same -top text as pprof' : 'read, -top text differs from pprof';
      else if (ours.read) outcome = 'read, pprof refuses it';
      else if (theirs.read) outcome = `${gomemSays}, pprof reads it`;
      else outcome = `${gomemSays}, pprof refuses it too`;
      outcomes.add(outcome, `${example}${ours.read ? '' : `: ${ours.message}`}${theirs.read ? '' : ` | pprof: ${theirs.message}`}`);
      if (process.env.GOMEM_FUZZ_KEEP && outcome !== 'read, same -top text as pprof' && !outcome.endsWith('pprof refuses it too')) {
        // Keep what disagrees with pprof, to replay it: GOMEM_FUZZ_KEEP=folder.
        fs.mkdirSync(process.env.GOMEM_FUZZ_KEEP, { recursive: true });
        fs.writeFileSync(path.join(process.env.GOMEM_FUZZ_KEEP, `${options.seed}-${iteration}.pb.gz`), packaged);
      }
      if ((iteration + 1) % 50 === 0) options.log(`profiles: ${iteration + 1}/${options.iterations}`);
    }
    return outcomes;
  },
};
