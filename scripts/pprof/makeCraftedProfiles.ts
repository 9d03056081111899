// Writes small hand-built pprof profiles to test/fixtures/pprof/ for cases real programs rarely
// produce on demand: values whose %.2f or %.2g sits on (or one ulp beside) a rounding tie, and
// function and file names that are not valid UTF-8. scripts/pprof/makeExpectedTop.sh then records
// what `go tool pprof -top` prints for them, byte for byte.
// Usage: node out/scripts/pprof/makeCraftedProfiles.js
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** A minimal protobuf writer: varints and length-delimited fields are all profile.proto needs. */
class ProtoWriter {
  private readonly chunks: number[] = [];

  private varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.chunks.push(Number(v));
  }

  uint(field: number, value: number | bigint): this {
    this.varint(BigInt(field << 3));
    this.varint(BigInt(value));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.varint(BigInt((field << 3) | 2));
    this.varint(BigInt(value.length));
    this.chunks.push(...value);
    return this;
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  packed(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const value of values) {
      inner.varint(BigInt(value));
    }
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

interface CraftedFunction {
  /** Raw bytes of the name, so that invalid UTF-8 can be written. */
  name: Uint8Array;
  file: Uint8Array;
}

interface CraftedProfile {
  sampleTypes: [string, string][];
  periodType: [string, string];
  period: number;
  durationNanos: number;
  functions: CraftedFunction[];
  /** Stacks of function indexes (leaf first) with one value per sample type. */
  samples: { stack: number[]; values: number[] }[];
}

const text = (s: string) => new TextEncoder().encode(s);

function encodeProfile(profile: CraftedProfile): Uint8Array {
  const strings: Uint8Array[] = [new Uint8Array()];
  const stringIndex = new Map<string, number>();
  const intern = (bytes: Uint8Array): number => {
    const key = Buffer.from(bytes).toString('hex');
    let index = stringIndex.get(key);
    if (index === undefined) {
      index = strings.length;
      strings.push(bytes);
      stringIndex.set(key, index);
    }
    return index;
  };
  const out = new ProtoWriter();
  for (const [type, unit] of profile.sampleTypes) {
    const t = intern(text(type));
    const u = intern(text(unit));
    out.message(1, (w) => w.uint(1, t).uint(2, u));
  }
  for (const sample of profile.samples) {
    // Location i+1 holds function i+1, one line each.
    out.message(2, (w) => w.packed(1, sample.stack.map((f) => f + 1)).packed(2, sample.values.map((v) => BigInt(v))));
  }
  out.message(3, (w) => w.uint(1, 1).uint(2, 0x400000).uint(3, 0x800000).uint(5, intern(text('/usr/local/bin/crafted'))).uint(7, 1).uint(8, 1).uint(9, 1).uint(10, 1));
  profile.functions.forEach((_, i) => {
    out.message(4, (w) => w.uint(1, i + 1).uint(2, 1).uint(3, 0x401000 + i * 16).message(4, (line) => line.uint(1, i + 1).uint(2, 10 + i)));
  });
  profile.functions.forEach((fn, i) => {
    const name = intern(fn.name);
    const file = intern(fn.file);
    out.message(5, (w) => w.uint(1, i + 1).uint(2, name).uint(3, name).uint(4, file).uint(5, 1));
  });
  const period = profile.periodType.map((s) => intern(text(s)));
  for (const s of strings) {
    out.bytes(6, s);
  }
  out.uint(9, 1_700_000_000_000_000_000n);
  out.uint(10, profile.durationNanos);
  out.message(11, (w) => w.uint(1, period[0]).uint(2, period[1]));
  out.uint(12, profile.period);
  return out.finish();
}

const MS = 1_000_000;

/**
 * CPU time whose seconds and percentages fall on ties: 75 ms is 0.07499999... s, so Go prints
 * 0.07s; 107 of 4000 is 2.675% in decimal but 2.67499... in binary; 5 of 4000 is 0.125% exactly,
 * which %.2g rounds to even (0.12%).
 */
function tiesCpu(): CraftedProfile {
  const leafMillis = [75, 25, 65, 15, 85, 155, 175, 225, 107, 43, 57, 69, 5];
  const functions: CraftedFunction[] = [{ name: text('main.main'), file: text('/src/ties/main.go') }];
  const samples: CraftedProfile['samples'] = [];
  let used = 0;
  leafMillis.forEach((millis, i) => {
    functions.push({ name: text(`main.work${String(i).padStart(2, '0')}_${millis}ms`), file: text('/src/ties/work.go') });
    samples.push({ stack: [functions.length - 1, 0], values: [Math.max(1, Math.round(millis / 10)), millis * MS] });
    used += millis;
  });
  functions.push({ name: text('main.rest'), file: text('/src/ties/work.go') });
  samples.push({ stack: [functions.length - 1, 0], values: [Math.round((4000 - used) / 10), (4000 - used) * MS] });
  // 4 s of samples in 45.465 s: "Total samples = 4s ( 8.80%)", and the 45.465 of the issue as a duration.
  return { sampleTypes: [['samples', 'count'], ['cpu', 'nanoseconds']], periodType: ['cpu', 'nanoseconds'], period: 10 * MS, durationNanos: 45_465 * MS, functions, samples };
}

/** Heap sizes that are exact binary ties at two decimals (1.125MB, 2.375kB) or in percent of 100MB (0.0625%, 0.125%, 0.625%). */
function tiesHeap(): CraftedProfile {
  const sizes = [1_179_648, 2_432, 65_536, 131_072, 655_360, 3_735_552, 13_107, 26_214, 2_621_440];
  const functions: CraftedFunction[] = [{ name: text('main.main'), file: text('/src/ties/main.go') }];
  const samples: CraftedProfile['samples'] = [];
  let used = 0;
  sizes.forEach((bytes, i) => {
    functions.push({ name: text(`main.alloc${i}_${bytes}B`), file: text('/src/ties/alloc.go') });
    samples.push({ stack: [functions.length - 1, 0], values: [i + 1, bytes, i % 3, bytes >> (i % 3)] });
    used += bytes;
  });
  const total = 100 * 2 ** 20;
  functions.push({ name: text('main.rest'), file: text('/src/ties/alloc.go') });
  samples.push({ stack: [functions.length - 1, 0], values: [1000, total - used, 1000, (total - used) >> 1] });
  return {
    sampleTypes: [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']],
    periodType: ['space', 'bytes'],
    period: 524_288,
    durationNanos: 0,
    functions,
    samples,
  };
}

/** Names and files with bytes that are not UTF-8: pprof keeps them as bytes and prints them raw. */
function nonUtf8Heap(): CraftedProfile {
  const bytes = (...parts: (string | number[])[]) =>
    Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...text(p)] : p)));
  const functions: CraftedFunction[] = [
    { name: text('main.main'), file: text('/src/names/main.go') },
    { name: bytes('main.latin1_caf', [0xe9]), file: bytes('/src/names/caf', [0xe9], '.go') },
    { name: bytes('main.stray_', [0xff, 0xfe], '_bytes'), file: text('/src/names/stray.go') },
    { name: bytes('main.cut_', [0xe2, 0x82], 'x'), file: text('/src/names/cut.go') },
    { name: bytes('main.surrogate_', [0xed, 0xa0, 0x80]), file: text('/src/names/sur.go') },
    { name: text('main.valid_héllo_世界'), file: text('/src/names/valid.go') },
    { name: bytes('main.overlong_', [0xc0, 0xaf]), file: text('/src/names/overlong.go') },
  ];
  const samples = functions.slice(1).map((_, i) => ({ stack: [i + 1, 0], values: [i + 1, (i + 1) * 4096, i + 1, (i + 1) * 4096] }));
  return {
    sampleTypes: [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']],
    periodType: ['space', 'bytes'],
    period: 524_288,
    durationNanos: 0,
    functions,
    samples,
  };
}

function main(): void {
  const dir = path.resolve(__dirname, '../../../test/fixtures/pprof');
  const profiles: Record<string, CraftedProfile> = {
    'crafted_ties.cpu': tiesCpu(),
    'crafted_ties.heap': tiesHeap(),
    'crafted_nonutf8.heap': nonUtf8Heap(),
  };
  for (const [name, profile] of Object.entries(profiles)) {
    // mtime 0 in the gzip header keeps the files byte-identical across runs.
    const file = path.join(dir, `${name}.pb.gz`);
    fs.writeFileSync(file, zlib.gzipSync(encodeProfile(profile), { level: 9 }));
    console.log(file);
  }
}

main();
