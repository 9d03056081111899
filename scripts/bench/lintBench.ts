import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { indicesByFolder, lintOnThisThread } from '../../src/cli/lintRunner';
import { Linter } from '../../src/core/linter';
import { ALL_RULE_IDS, EVERY_RULE } from '../../src/core/rules';
import { collectGoFiles } from '../../src/core/workspace';
import { stdlibRoots } from '../stdlibCounts';
import type { BenchRow } from './benchRow';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'bin', 'gomem.js');
const SERVER = path.join(ROOT, 'dist', 'server', 'server.js');

export function goRoot(): string | undefined {
  const result = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Parse alone, then parse + every rule, on one thread over texts already in memory. */
async function parseVersusLint(files: string[]): Promise<BenchRow[]> {
  // A folder's files together, as `gomem lint` takes them: a one-shot linter keeps the siblings of the last folders only.
  const texts = indicesByFolder(files).map((index) => ({ file: files[index], text: fs.readFileSync(files[index], 'utf8') }));
  // Every rule on, the off-by-default ones too: the figures cover all that gomem can run.
  const linter = await Linter.create();
  // As `gomem lint` runs: files do not change during the run, so siblings are read once.
  linter.diskIsStable = true;
  const megabytes = texts.reduce((sum, { text }) => sum + text.length, 0) / 1e6;
  let start = process.hrtime.bigint();
  for (const { file, text } of texts) linter.parse(file, text).tree.delete();
  const parse = seconds(start);
  start = process.hrtime.bigint();
  let findings = 0;
  for (const { file, text } of texts) {
    const source = linter.parse(file, text);
    findings += linter.lint(source, EVERY_RULE).findings.length;
    source.tree.delete();
  }
  const parseAndLint = seconds(start);
  // As `gomem lint` runs on one thread: the rules' hints decide which files are parsed at all.
  start = process.hrtime.bigint();
  const asRun = await lintOnThisThread(files, { only: [...ALL_RULE_IDS] });
  const lintAsRun = seconds(start);
  const asRunFindings = asRun.reports.reduce((sum, report) => sum + report.findings.length, 0);
  return [
    { name: 'stdlib: files / MB of Go', value: texts.length, unit: 'files', note: `${megabytes.toFixed(1)} MB` },
    { name: 'stdlib: raw tree-sitter parse of every file (1 thread)', value: parse, unit: 's' },
    { name: 'stdlib: parse of every file + all rules (1 thread)', value: parseAndLint, unit: 's', note: `${findings} findings` },
    { name: 'rules over raw parse, every file parsed (goal <= 50%)', value: ((parseAndLint - parse) / parse) * 100, unit: '%' },
    { name: 'stdlib: gomem lint as it runs, 1 thread (hints, parse, rules)', value: lintAsRun, unit: 's', note: `${asRunFindings} findings, files read from disk` },
    { name: 'gomem lint (1 thread) over raw parse of every file (goal <= 50%)', value: ((lintAsRun - parse) / parse) * 100, unit: '%' },
  ];
}

function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  spawnSync(command, args, { env, stdio: 'ignore', maxBuffer: 1 << 30 });
  return seconds(start);
}

/**
 * The result cache side by side: a cold run into an empty cache (lints and stores every
 * package), then warm runs of the unchanged tree (median of 3), each a whole `gomem lint`.
 */
function cachedLint(roots: string[], uncached: number): BenchRow[] {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-bench-cache-'));
  try {
    const env = { ...process.env, XDG_CACHE_HOME: cache };
    const run = () => timeCommand(process.execPath, [CLI, 'lint', '--all-rules', '--format', 'json', ...roots], env);
    const cold = run();
    const warm = [run(), run(), run()].sort((a, b) => a - b);
    return [
      { name: 'gomem lint of the stdlib, result cache cold (empty, filled by the run)', value: cold, unit: 's', note: `--no-cache: ${uncached.toFixed(2)} s` },
      { name: 'gomem lint of the stdlib, result cache warm (median of 3, goal < 1 s)', value: warm[1], unit: 's', note: warm.map((time) => `${time.toFixed(2)} s`).join(', ') },
    ];
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

/** Cold `go vet std cmd` (the same packages): an empty build cache, as on a fresh CI machine. */
function coldGoVet(goroot: string): number {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-bench-gocache-'));
  try {
    return timeCommand('go', ['vet', 'std', 'cmd'], { ...process.env, GOCACHE: cache, GOFLAGS: '', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOROOT: goroot });
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

/**
 * Through the real server: the time from opening a file to its first diagnostics, then
 * one-character edits (didChange → publishDiagnostics), sorted.
 */
export async function serverLatency(file: string, edits = 200): Promise<{ openMs: number; editsMs: number[] }> {
  const server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const waiting = new Map<number, () => void>();
  connection.onNotification('textDocument/publishDiagnostics', (params: { version?: number }) => {
    if (params.version !== undefined) waiting.get(params.version)?.();
  });
  // Every rule on, the off-by-default ones too, as in the other rows.
  const everyRuleOn = { rules: Object.fromEntries(ALL_RULE_IDS.map((id) => [id, { enabled: true }])) };
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => everyRuleOn));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  await connection.sendNotification('initialized', {});
  const published = (version: number) => new Promise<void>((resolve) => waiting.set(version, resolve));
  let ready = published(1);
  const opened = process.hrtime.bigint();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
  await ready;
  const openMs = Number(process.hrtime.bigint() - opened) / 1e6;
  const latencies: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    // Type a space at the end of a line spread through the file, then delete it again.
    const line = Math.floor(((i >> 1) * 7919) % lines.length);
    const character = lines[line].length;
    const change = i % 2 === 0
      ? { range: { start: { line, character }, end: { line, character } }, text: ' ' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    ready = published(version);
    const start = process.hrtime.bigint();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await ready;
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  connection.dispose();
  server.kill();
  return { openMs, editsMs: latencies.sort((a, b) => a - b) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function benchLint(): Promise<BenchRow[]> {
  const goroot = goRoot();
  if (!goroot) return [{ name: 'lint benchmarks', value: NaN, unit: '', note: 'skipped: no go toolchain' }];
  const roots = stdlibRoots(path.join(goroot, 'src'));
  const files = collectGoFiles(roots);
  const rows = await parseVersusLint(files);
  // The median of three runs: one run of a few seconds swings with whatever else the machine does.
  const lintRuns = [0, 1, 2].map(() => timeCommand(process.execPath, [CLI, 'lint', '--all-rules', '--no-cache', '--format', 'json', ...roots])).sort((a, b) => a - b);
  const lintWall = lintRuns[1];
  rows.push({ name: `gomem lint of the stdlib (${os.availableParallelism()} threads, wall, median of 3)`, value: lintWall, unit: 's', note: lintRuns.map((run) => `${run.toFixed(2)} s`).join(', ') });
  rows.push(...cachedLint(roots, lintWall));
  const vet = coldGoVet(goroot);
  rows.push({ name: 'go vet std cmd, empty build cache (wall)', value: vet, unit: 's' });
  rows.push({ name: 'go vet / gomem lint (goal >= 20x)', value: vet / lintWall, unit: 'x' });
  const serverGo = path.join(goroot, 'src', 'net', 'http', 'server.go');
  if (fs.existsSync(serverGo)) {
    const { openMs } = await serverLatency(serverGo, 0);
    const kilobytes = Math.round(fs.statSync(serverGo).size / 1024);
    rows.push({ name: `open net/http/server.go (${kilobytes} KB) → diagnostics`, value: openMs, unit: 'ms', note: 'package siblings parsed too' });
  }
  const h2 = path.join(goroot, 'src', 'net', 'http', 'h2_bundle.go');
  if (fs.existsSync(h2)) {
    const latencies = (await serverLatency(h2)).editsMs;
    rows.push({ name: 'edit → diagnostics, h2_bundle.go p50', value: percentile(latencies, 50), unit: 'ms' });
    rows.push({ name: 'edit → diagnostics, h2_bundle.go p95 (goal < 20 ms)', value: percentile(latencies, 95), unit: 'ms' });
  }
  return rows;
}
