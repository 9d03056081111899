// Leak hunt benchmarks for `npm run bench` (issue 10 point 7): `gomem profile diff` of the large
// heap profile against a second large profile, side by side with `go tool pprof -top -diff_base`
// (goal: at most 1/4 of pprof's wall time), and `gomem profile growth` over ten large snapshots
// (goal: under 3 s). The second profile and the snapshots are derived from the committed large
// profile: same tables, sample values grown or dropped per stack, one time stamp per snapshot.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { Profile as PprofMessage } from 'pprof-format';
import type { BenchRow } from './benchRow';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LARGE_PROFILE = path.join(ROOT, 'test', 'fixtures', 'pprof', 'large', 'large.heap.pb.gz');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const RUNS = 3;
const SNAPSHOTS = 10;

/** Snapshot k of a made-up leak: stacks whose leaf location id is a multiple of 7 grow 5% a snapshot, a few others come and go. */
export function writeVariants(dir: string): string[] {
  const original = PprofMessage.decode(zlib.gunzipSync(fs.readFileSync(LARGE_PROFILE)));
  const samples = original.sample;
  const baseTime = Number(original.timeNanos);
  const files: string[] = [];
  for (let k = 0; k < SNAPSHOTS; k++) {
    original.sample = samples.filter((s) => !(Number(s.locationId[0]) % 11 === 0 && k % 2 === 1));
    const values = samples.map((s) => s.value.slice());
    for (const sample of original.sample) {
      if (Number(sample.locationId[0]) % 7 === 0) sample.value = sample.value.map((v) => Math.round(Number(v) * (1 + 0.05 * k)));
    }
    original.timeNanos = baseTime + k * 30e9;
    const file = path.join(dir, `snapshot${String(k).padStart(2, '0')}.heap.pb.gz`);
    fs.writeFileSync(file, zlib.gzipSync(original.encode()));
    samples.forEach((s, i) => (s.value = values[i]));
    files.push(file);
  }
  original.sample = samples;
  return files;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function wallMs(command: string, args: string[], runs = RUNS): number | undefined {
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off' }, stdio: ['ignore', 'ignore', 'ignore'] });
    if (result.status !== 0) return undefined;
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(walls);
}

export async function benchLeakHunt(): Promise<BenchRow[]> {
  if (!fs.existsSync(LARGE_PROFILE) || !fs.existsSync(CLI)) {
    return [{ name: 'profile diff', value: NaN, unit: '', note: 'needs the large profile and npm run build' }];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-bench-leak-'));
  try {
    const files = writeVariants(dir);
    const [base, next] = [LARGE_PROFILE, files[SNAPSHOTS - 1]];
    const rows: BenchRow[] = [];
    // pprof takes about a minute per run here: one run of it, the median of three of gomem.
    const pprof = wallMs('go', ['tool', 'pprof', '-top', `-diff_base=${base}`, next], 1);
    const gomem = wallMs(process.execPath, [CLI, 'profile', 'diff', base, next]);
    if (pprof !== undefined) rows.push({ name: 'profile diff: go tool pprof -top -diff_base, wall (large vs large)', value: pprof, unit: 'ms', note: 'one run' });
    if (gomem !== undefined) rows.push({ name: 'profile diff: gomem profile diff, wall (large vs large)', value: gomem, unit: 'ms', note: `median of ${RUNS} runs, node startup included` });
    if (pprof !== undefined && gomem !== undefined) {
      const ratio = gomem / pprof;
      rows.push({ name: 'profile diff: gomem / pprof wall time', value: ratio, unit: 'x', note: ratio <= 0.25 ? 'goal <= 0.25 met' : 'goal <= 0.25 NOT met' });
    }
    const growth = wallMs(process.execPath, [CLI, 'profile', 'growth', ...files]);
    if (growth !== undefined) rows.push({ name: `profile growth: ${SNAPSHOTS} large snapshots, wall`, value: growth, unit: 'ms', note: growth < 3000 ? 'goal < 3 s met' : 'goal < 3 s NOT met' });
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
