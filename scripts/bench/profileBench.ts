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

/** Median wall time of a command in milliseconds; undefined when it cannot run. */
function wallTime(command: string, args: string[], env?: NodeJS.ProcessEnv): number | undefined {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { env: env ?? process.env, stdio: ['ignore', 'ignore', 'ignore'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
      return undefined;
    }
    times.push(elapsed);
  }
  return median(times);
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
  const pprofMs = wallTime('go', ['tool', 'pprof', '-top', LARGE_PROFILE], { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off' });
  const gomemMs = fs.existsSync(CLI) ? wallTime(process.execPath, [CLI, 'profile', 'top', LARGE_PROFILE]) : undefined;
  rows.push({ name: 'profile top: go tool pprof -top (large heap)', value: pprofMs ?? NaN, unit: 'ms', note: pprofMs === undefined ? 'go not available' : shape });
  rows.push({ name: 'profile top: gomem profile top (large heap)', value: gomemMs ?? NaN, unit: 'ms', note: gomemMs === undefined ? 'dist/cli/main.js missing: npm run build' : `median of ${RUNS} runs, node startup included` });
  if (pprofMs !== undefined && gomemMs !== undefined) {
    const ratio = gomemMs / pprofMs;
    rows.push({ name: 'profile top: gomem / pprof wall time', value: ratio, unit: 'x', note: ratio <= 0.25 ? 'goal <= 0.25 met' : 'goal <= 0.25 NOT met' });
  }
  if (figures) {
    rows.push({ name: 'profile: gunzip + decode + normalize', value: figures.parseMs, unit: 'ms', note: 'in-process' });
    rows.push({ name: 'profile: top report (aggregate + format)', value: figures.topMs, unit: 'ms', note: 'in-process' });
    rows.push({ name: 'profile: flame tree', value: figures.flameMs, unit: 'ms', note: 'in-process' });
    rows.push({ name: 'profile: peak RSS (load + top + flame)', value: figures.maxRssMb, unit: 'MB', note: 'fresh node process' });
  }
  return rows;
}
