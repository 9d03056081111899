// Profile benchmarks for `npm run bench`: `gomem profile top` against `go tool pprof -top` on the
// large generated heap profile (issue 4 point 7: gomem at most 1/4 of pprof's wall time), plus
// in-process parse/aggregation times and peak memory.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { BenchRow } from './benchRow';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LARGE_PROFILE = path.join(ROOT, 'test', 'fixtures', 'pprof', 'large', 'large.heap.pb.gz');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface RunFigures {
  /** Median wall time, ms. */
  wallMs: number;
  /** Median user + system CPU time, ms (NaN without /usr/bin/time). */
  cpuMs: number;
  /** Largest peak RSS over the runs, MB (NaN without /usr/bin/time). */
  maxRssMb: number;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command RUNS times. Wall time alone swings with machine load, so CPU time and peak RSS
 * are read from GNU time too when it is installed.
 */
function measure(command: string, args: string[], env?: NodeJS.ProcessEnv): RunFigures | undefined {
  const useGnuTime = fs.existsSync(GNU_TIME);
  const walls: number[] = [];
  const cpus: number[] = [];
  let maxRssMb = useGnuTime ? 0 : NaN;
  for (let i = 0; i < RUNS; i++) {
    const [file, argv] = useGnuTime ? [GNU_TIME, ['-f', 'gomem-time %U %S %M', command, ...args]] : [command, args];
    const start = process.hrtime.bigint();
    const result = spawnSync(file, argv, { env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) {
      return undefined;
    }
    const timing = useGnuTime ? /gomem-time ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr) : null;
    if (timing) {
      cpus.push((Number(timing[1]) + Number(timing[2])) * 1000);
      maxRssMb = Math.max(maxRssMb, Number(timing[3]) / 1024);
    }
  }
  return { wallMs: median(walls), cpuMs: cpus.length ? median(cpus) : NaN, maxRssMb };
}

/** Runs load + aggregation in a fresh Node process and reports its own timings and peak RSS. */
function inProcessFigures(): { parseMs: number; topMs: number; flameMs: number; maxRssMb: number; samples: number; locations: number } | undefined {
  const pprofDir = path.join(ROOT, 'out', 'src', 'core', 'pprof');
  const script = `
    const fs = require('fs');
    const { loadProfile } = require(${JSON.stringify(path.join(pprofDir, 'node.js'))});
    const pprof = require(${JSON.stringify(path.join(pprofDir, 'index.js'))});
    const bytes = fs.readFileSync(${JSON.stringify(LARGE_PROFILE)});
    let t = performance.now();
    const profile = loadProfile(bytes, { maxInflatedBytes: 1 << 30 });
    const parseMs = performance.now() - t;
    t = performance.now();
    pprof.formatTopReport(pprof.topReport(profile, { sampleIndex: profile.defaultSampleIndex }));
    const topMs = performance.now() - t;
    t = performance.now();
    pprof.flameTree(profile, profile.defaultSampleIndex);
    const flameMs = performance.now() - t;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ parseMs, topMs, flameMs, maxRssMb, samples: profile.samples.length, locations: profile.locations.length }));
  `;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return result.status === 0 ? JSON.parse(result.stdout) : undefined;
}

export async function benchProfiles(): Promise<BenchRow[]> {
  if (!fs.existsSync(LARGE_PROFILE)) {
    return [{ name: 'profile top', value: NaN, unit: '', note: 'run node out/scripts/pprof/generateLargeProfile.js first' }];
  }
  const rows: BenchRow[] = [];
  const sizeMb = fs.statSync(LARGE_PROFILE).size / 1e6;
  const figures = inProcessFigures();
  const shape = figures ? `${figures.samples} samples, ${figures.locations} locations, ${sizeMb.toFixed(1)} MB gzipped` : `${sizeMb.toFixed(1)} MB gzipped`;
  const pprof = measure('go', ['tool', 'pprof', '-top', LARGE_PROFILE], { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off' });
  const gomem = fs.existsSync(CLI) ? measure(process.execPath, [CLI, 'profile', 'top', LARGE_PROFILE]) : undefined;
  const missing = (what: string) => [{ name: `profile top: ${what}`, value: NaN, unit: '', note: 'could not run' }];
  if (pprof) {
    rows.push({ name: 'profile top: go tool pprof -top, wall (large heap)', value: pprof.wallMs, unit: 'ms', note: shape });
    rows.push({ name: 'profile top: go tool pprof -top, CPU', value: pprof.cpuMs, unit: 'ms', note: 'user + sys' });
    rows.push({ name: 'profile top: go tool pprof -top, peak RSS', value: pprof.maxRssMb, unit: 'MB' });
  } else {
    rows.push(...missing('go tool pprof -top (is Go installed?)'));
  }
  if (gomem) {
    rows.push({ name: 'profile top: gomem profile top, wall (large heap)', value: gomem.wallMs, unit: 'ms', note: `median of ${RUNS} runs, node startup included` });
    rows.push({ name: 'profile top: gomem profile top, CPU', value: gomem.cpuMs, unit: 'ms', note: 'user + sys' });
    rows.push({ name: 'profile top: gomem profile top, peak RSS', value: gomem.maxRssMb, unit: 'MB' });
  } else {
    rows.push(...missing('gomem profile top (npm run build first)'));
  }
  if (pprof && gomem) {
    const ratio = gomem.wallMs / pprof.wallMs;
    rows.push({ name: 'profile top: gomem / pprof wall time', value: ratio, unit: 'x', note: ratio <= 0.25 ? 'goal <= 0.25 met' : 'goal <= 0.25 NOT met' });
    if (!Number.isNaN(gomem.cpuMs)) {
      rows.push({ name: 'profile top: gomem / pprof CPU time', value: gomem.cpuMs / pprof.cpuMs, unit: 'x', note: 'steadier than wall time on a busy machine' });
    }
  }
  if (figures) {
    rows.push({ name: 'profile: gunzip + decode + normalize', value: figures.parseMs, unit: 'ms', note: 'in-process' });
    rows.push({ name: 'profile: top report (aggregate + format)', value: figures.topMs, unit: 'ms', note: 'in-process' });
    rows.push({ name: 'profile: flame tree', value: figures.flameMs, unit: 'ms', note: 'in-process' });
    rows.push({ name: 'profile: peak RSS (load + top + flame)', value: figures.maxRssMb, unit: 'MB', note: 'fresh node process' });
  }
  return rows;
}
