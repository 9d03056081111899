// `gomem profile capture | diff | growth`: the leak hunt from a script or a CI job. Same core as the
// editor; every failure is one sentence on stderr and exit code 2.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { captureProfile } from '../core/capture/capture';
import { CAPTURE_KINDS, CaptureError, CaptureKind, isCaptureKind } from '../core/capture/captureUrl';
import { diffProfile, diffTotal, formatPercent, formatTopReport, formatValue, functionDeltas, Profile, ProfileError, profileTotal, sampleIndexByName, topReport } from '../core/pprof';
import { growthReport, inTimeOrder, leafSnapshotValues, GrowthReport, SnapshotValues } from '../core/pprof/growth';
import { DEFAULT_MAX_INFLATED_BYTES, loadLeafProfile, loadProfile } from '../core/pprof/node';

export interface CommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** A mistake in how the command was called: one sentence, exit code 2. */
export class LeakUsageError extends Error {}

const CAPTURE_USAGE = `Usage: gomem profile capture [options] URL

Fetches a profile from a program that imports net/http/pprof and prints the path of each file written.
URL is host:port (localhost:6060), a base (http://host:6060/debug/pprof/) or a full endpoint URL.

Options:
  --kind KIND           ${CAPTURE_KINDS.join(', ')} (default: heap, fetched with gc=1)
  --seconds N           length of a CPU profile (default 30)
  --every DURATION      capture a series, one profile per interval (30s, 1m, 500ms)
  --count N             how many profiles to capture (default 1; with --every, until interrupted)
  --out DIR             folder for the files (default .gomem/profiles)
  --timeout SECONDS     how long the server may take to answer (default 30, plus a CPU profile's length)
  --max-inflated-mb N   refuse profiles past N MB (default ${DEFAULT_MAX_INFLATED_BYTES >> 20})
`;

const DIFF_USAGE = `Usage: gomem profile diff [options] BASE NEW

Prints what changed from BASE to NEW, as \`go tool pprof -top -diff_base=BASE NEW\` does.

Options:
  --sample-index NAME   sample type to compare (default: the profile's default)
  --cum                 sort by cumulative change
  --node-fraction F     hide functions whose |cum| is below F of the total (default 0.005)
  --limit N             show at most N functions
  --format text|json    output format (default text)
  --max-growth N        exit 1 when the total grew by more than N: a number in the sample unit,
                        or with %, kB, MB or GB (e.g. 10%, 64MB)
  --max-inflated-mb N   refuse profiles past N MB (default ${DEFAULT_MAX_INFLATED_BYTES >> 20})
`;

const GROWTH_USAGE = `Usage: gomem profile growth [options] FILE...

Ranks the functions whose own memory (flat) grew over a series of profiles, taken in the profiles'
time order. Only functions that grew are listed.

Options:
  --sample-index NAME   sample type (default: the profiles' default, inuse_space for heap)
  --format text|json    output format (default text)
  --max-inflated-mb N   refuse profiles past N MB (default ${DEFAULT_MAX_INFLATED_BYTES >> 20})
`;

type Flags = Record<string, string | true>;

/** --name value, --name=value and bare --flag; positional arguments in order. */
function parseFlags(args: readonly string[], valued: string[], booleans: string[], command: string): { flags: Flags; positionals: string[] } | 'help' {
  const flags: Flags = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-') throw new LeakUsageError(`Unknown option ${arg} (see gomem profile ${command} --help).`);
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = (equals > 0 ? arg.slice(2, equals) : arg.slice(2));
    if (booleans.includes(name)) {
      flags[name] = true;
    } else if (valued.includes(name)) {
      if (equals > 0) flags[name] = arg.slice(equals + 1);
      else if (i + 1 < args.length) flags[name] = args[++i];
      else throw new LeakUsageError(`The option --${name} needs a value.`);
    } else {
      throw new LeakUsageError(`Unknown option --${name} (see gomem profile ${command} --help).`);
    }
  }
  return { flags, positionals };
}

function wholeNumber(flags: Flags, name: string): number | undefined {
  const text = flags[name];
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) < 1) {
    throw new LeakUsageError(`--${name} needs a positive whole number, not "${text}".`);
  }
  return Number(text);
}

function maxInflatedBytes(flags: Flags): number {
  const mb = wholeNumber(flags, 'max-inflated-mb');
  return mb === undefined ? DEFAULT_MAX_INFLATED_BYTES : mb * 1024 * 1024;
}

function format(flags: Flags): 'text' | 'json' {
  const text = flags.format ?? 'text';
  if (text !== 'text' && text !== 'json') throw new LeakUsageError(`--format must be text or json, not "${text}".`);
  return text;
}

/** Go's time.ParseDuration for the units a capture interval needs (ms, s, m, h), in ms. */
export function parseDuration(text: string): number {
  const match = /^((?:\d+(?:\.\d+)?(?:ms|s|m|h))+)$/.exec(text);
  if (!match) throw new LeakUsageError(`--every needs a duration such as 30s, 1m or 500ms, not "${text}".`);
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    ms += Number(amount) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  if (ms <= 0) throw new LeakUsageError(`--every needs a duration above zero, not "${text}".`);
  return ms;
}

function readFile(file: string): Uint8Array {
  try {
    if (fs.statSync(file).isDirectory()) throw new ProfileError(`${file} is a directory, not a profile file.`);
    return fs.readFileSync(file);
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ProfileError(`${file} does not exist.`);
    if (code === 'EACCES' || code === 'EPERM') throw new ProfileError(`${file} cannot be read: permission denied.`);
    throw new ProfileError(`${file} cannot be read (${code ?? 'unknown error'}).`);
  }
}

/** Loads a profile; a bad one names its file in the sentence. */
function loadNamed<T>(file: string, load: (bytes: Uint8Array) => T): T {
  const bytes = readFile(file);
  try {
    return load(bytes);
  } catch (error) {
    if (error instanceof ProfileError) throw new ProfileError(`${file}: ${error.message}`);
    throw error;
  }
}

async function runCapture(args: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseFlags(args, ['kind', 'seconds', 'every', 'count', 'out', 'timeout', 'max-inflated-mb'], [], 'capture');
  if (parsed === 'help') {
    io.stdout(CAPTURE_USAGE);
    return 0;
  }
  const { flags, positionals } = parsed;
  if (positionals.length !== 1) throw new LeakUsageError('gomem profile capture takes one address (see gomem profile capture --help).');
  let kind: CaptureKind | undefined;
  if (flags.kind !== undefined) {
    if (typeof flags.kind !== 'string' || !isCaptureKind(flags.kind)) throw new LeakUsageError(`--kind must be one of ${CAPTURE_KINDS.join(', ')}, not "${flags.kind}".`);
    kind = flags.kind;
  }
  const seconds = wholeNumber(flags, 'seconds');
  const every = typeof flags.every === 'string' ? parseDuration(flags.every) : undefined;
  const count = wholeNumber(flags, 'count') ?? (every === undefined ? 1 : Infinity);
  if (count > 1 && every === undefined) throw new LeakUsageError('--count above 1 needs --every to say how far apart the captures are.');
  const timeoutSeconds = wholeNumber(flags, 'timeout') ?? 30;
  const outDir = typeof flags.out === 'string' ? flags.out : path.join('.gomem', 'profiles');
  const options = { kind, seconds, outDir, timeoutMs: timeoutSeconds * 1000, maxBytes: maxInflatedBytes(flags) };
  for (let n = 0; n < count; n++) {
    const started = Date.now();
    const capture = await captureProfile(positionals[0], options);
    io.stdout(capture.file + '\n');
    if (n + 1 < count) await new Promise((resolve) => setTimeout(resolve, Math.max(0, every! - (Date.now() - started))));
  }
  return 0;
}

/** --max-growth: a plain number in the sample unit, a percentage of the base total, or kB/MB/GB. */
export function parseMaxGrowth(text: string, unit: string, baseTotal: number): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%|[kKmMgG]i?B)?\s*$/.exec(text);
  if (!match) throw new LeakUsageError(`--max-growth needs a number, a percentage or a size such as 64MB, not "${text}".`);
  const amount = Number(match[1]);
  const suffix = match[2];
  if (suffix === undefined) return amount;
  if (suffix === '%') return (baseTotal * amount) / 100;
  if (unit.toLowerCase() !== 'bytes') throw new LeakUsageError(`--max-growth ${text} is a size, but this sample type counts ${unit}.`);
  // pprof's units are binary: 1kB is 1024 bytes.
  const power = { k: 1, m: 2, g: 3 }[suffix[0].toLowerCase() as 'k' | 'm' | 'g'];
  return amount * 1024 ** power;
}

function runDiff(args: readonly string[], io: CommandIO): number {
  const parsed = parseFlags(args, ['sample-index', 'node-fraction', 'limit', 'format', 'max-growth', 'max-inflated-mb'], ['cum'], 'diff');
  if (parsed === 'help') {
    io.stdout(DIFF_USAGE);
    return 0;
  }
  const { flags, positionals } = parsed;
  if (positionals.length !== 2) throw new LeakUsageError('gomem profile diff takes two profiles, BASE and NEW (see gomem profile diff --help).');
  let nodeFraction: number | undefined;
  if (flags['node-fraction'] !== undefined) {
    const text = String(flags['node-fraction']);
    nodeFraction = Number(text);
    if (text.trim() === '' || !(nodeFraction >= 0 && nodeFraction <= 1)) throw new LeakUsageError(`--node-fraction needs a number between 0 and 1, not "${text}".`);
  }
  const outputFormat = format(flags);
  const limit = wholeNumber(flags, 'limit');
  const maxBytes = maxInflatedBytes(flags);
  const [baseFile, newFile] = positionals;
  const base = loadNamed(baseFile, (b) => loadProfile(b, { maxInflatedBytes: maxBytes }));
  const next = loadNamed(newFile, (b) => loadProfile(b, { maxInflatedBytes: maxBytes }));
  const diff = diffProfile(base, next);
  const sampleIndex = sampleIndexByName(diff.profile, typeof flags['sample-index'] === 'string' ? flags['sample-index'] : undefined);
  const report = topReport(diff.profile, { sampleIndex, total: diffTotal(diff, sampleIndex), cum: flags.cum === true, nodeFraction, nodeCount: limit });
  if (outputFormat === 'json') {
    const json = {
      sampleType: report.sampleType.type,
      unit: report.sampleType.unit,
      total: report.total,
      rows: report.rows.map((row) => ({ function: row.function, flat: row.flat, cum: row.cum })),
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    io.stdout(formatTopReport(report));
  }
  if (typeof flags['max-growth'] === 'string') {
    const unit = report.sampleType.unit;
    const baseTotal = profileTotal(base, sampleIndex);
    const limitValue = parseMaxGrowth(flags['max-growth'], unit, baseTotal);
    const growth = profileTotal(next, sampleIndex) - baseTotal;
    if (growth > limitValue) {
      io.stderr(growthBudgetSentence(base, next, sampleIndex, growth, limitValue, flags['max-growth']) + '\n');
      return 1;
    }
  }
  return 0;
}

function growthBudgetSentence(base: Profile, next: Profile, sampleIndex: number, growth: number, limit: number, given: string): string {
  const { type, unit } = next.sampleTypes[sampleIndex];
  const top = [...functionDeltas(base, next, sampleIndex).values()]
    .filter((d) => d.flat > 0)
    .sort((a, b) => b.flat - a.flat || (a.function < b.function ? -1 : 1))
    .slice(0, 3)
    .map((d) => `${d.function} (+${formatValue(d.flat, unit)})`);
  const budget = given.trim().endsWith('%') ? `${given.trim()} (${formatValue(limit, unit)})` : formatValue(limit, unit);
  const most = top.length > 0 ? `; grew most: ${top.join(', ')}` : '';
  return `The ${type} total grew by ${formatValue(growth, unit)}, more than the budget of ${budget}${most}.`;
}

async function runGrowth(args: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseFlags(args, ['sample-index', 'format', 'max-inflated-mb'], [], 'growth');
  if (parsed === 'help') {
    io.stdout(GROWTH_USAGE);
    return 0;
  }
  const { flags, positionals } = parsed;
  if (positionals.length < 2) throw new LeakUsageError('gomem profile growth needs at least two profiles (see gomem profile growth --help).');
  const outputFormat = format(flags);
  const task: GrowthTask = {
    kind: 'gomem-growth-worker',
    files: positionals,
    sampleIndex: typeof flags['sample-index'] === 'string' ? flags['sample-index'] : undefined,
    maxBytes: maxInflatedBytes(flags),
  };
  const report = growthReport(inTimeOrder(await loadSnapshots(task)));
  io.stdout(outputFormat === 'json' ? JSON.stringify(growthJson(report), null, 2) + '\n' : formatGrowth(report));
  return 0;
}

interface GrowthTask {
  kind: 'gomem-growth-worker';
  files: string[];
  sampleIndex?: string;
  maxBytes: number;
}

type WireSnapshot = Omit<SnapshotValues, 'flatByFunction'> & { flat: [string, number][] };

function snapshotOf(file: string, task: GrowthTask): SnapshotValues {
  return loadNamed(file, (bytes) => {
    // Only the flat values of one sample type are read: no stack or sample is kept.
    const leaf = loadLeafProfile(bytes, (header) => sampleIndexByName(header, task.sampleIndex), { maxInflatedBytes: task.maxBytes });
    return leafSnapshotValues(file, leaf);
  });
}

/**
 * Decoding dominates a growth ranking (about 0.2 s of CPU per large snapshot, a quarter of it
 * gunzip), so the files are spread over threads, one per core: this thread takes one share itself
 * while worker threads take the others (each worker costs a start-up, so no more than cores).
 */
async function loadSnapshots(task: GrowthTask): Promise<SnapshotValues[]> {
  const threads = Math.min(task.files.length, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length, 8);
  if (threads <= 1) return task.files.map((file) => snapshotOf(file, task));
  const chunks: string[][] = Array.from({ length: threads }, () => []);
  task.files.forEach((file, i) => chunks[i % threads].push(file));
  const [own, ...others] = chunks;
  const fromWorkers = others.map(
    (files) =>
      new Promise<WireSnapshot[]>((resolve, reject) => {
        const worker = new Worker(__filename, { workerData: { ...task, files } satisfies GrowthTask });
        worker.once('message', (reply: { snapshots?: WireSnapshot[]; error?: string; internal?: boolean }) => {
          if (reply.snapshots) resolve(reply.snapshots);
          else reject(reply.internal ? new Error(reply.error) : new ProfileError(reply.error ?? 'A profile could not be read.'));
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`a growth worker exited with code ${code}`)));
      }),
  );
  const byFile = new Map<string, SnapshotValues>();
  let ownError: unknown;
  try {
    for (const file of own) byFile.set(file, snapshotOf(file, task));
  } catch (error) {
    ownError = error;
  }
  // Every thread is waited for, so a failure elsewhere is not left running (or unhandled).
  const results = await Promise.allSettled(fromWorkers);
  if (ownError !== undefined) throw ownError;
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  for (const result of results) for (const wire of (result as PromiseFulfilledResult<WireSnapshot[]>).value) byFile.set(wire.file, { ...wire, flatByFunction: new Map(wire.flat) });
  // Back in the order given (inTimeOrder keeps it for profiles without a time).
  return task.files.map((file) => byFile.get(file)!);
}

if (!isMainThread && (workerData as GrowthTask | undefined)?.kind === 'gomem-growth-worker') {
  const task = workerData as GrowthTask;
  try {
    const snapshots: WireSnapshot[] = task.files.map((file) => {
      const { flatByFunction, ...rest } = snapshotOf(file, task);
      return { ...rest, flat: [...flatByFunction] };
    });
    parentPort!.postMessage({ snapshots });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message, internal: !(error instanceof ProfileError) });
  }
}

/** The JSON of `gomem profile growth`, as issue 10 specifies it. */
export function growthJson(report: GrowthReport) {
  return {
    sampleType: report.sampleType.type,
    unit: report.sampleType.unit,
    snapshots: report.snapshots.map((s) => ({ file: s.file, time: s.timeMs === undefined ? null : new Date(s.timeMs).toISOString(), total: s.total })),
    rows: report.rows.map((r) => ({ function: r.function, values: r.values, growth: r.growth, grewEveryInterval: r.grewEveryInterval })),
  };
}

export function formatGrowth(report: GrowthReport): string {
  const unit = report.sampleType.unit;
  const value = (v: number) => formatValue(v, unit);
  const out: string[] = [`Type: ${report.sampleType.type}`];
  report.snapshots.forEach((s, i) => {
    const time = s.timeMs === undefined ? 'no time' : new Date(s.timeMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    out.push(`Snapshot ${i + 1}: ${time}, total ${value(s.total)}  ${s.file}`);
  });
  if (report.rows.length === 0) {
    out.push('No function grew over the series.');
    return out.join('\n') + '\n';
  }
  out.push(`${'growth'.padStart(10)} ${'share'.padStart(6)} ${'steady'.padStart(6)}  function: values per snapshot`);
  for (const row of report.rows) {
    out.push(`${value(row.growth).padStart(10)} ${formatPercent(row.share, 1)} ${(row.grewEveryInterval ? 'yes' : 'no').padStart(6)}  ${row.function}: ${row.values.map(value).join(' ')}`);
  }
  return out.join('\n') + '\n';
}

/** `gomem profile capture|diff|growth ...` (args after the subcommand name). */
export async function runLeakCommand(command: 'capture' | 'diff' | 'growth', args: readonly string[], io: CommandIO): Promise<number> {
  try {
    if (command === 'capture') return await runCapture(args, io);
    if (command === 'diff') return runDiff(args, io);
    return await runGrowth(args, io);
  } catch (error) {
    if (error instanceof ProfileError || error instanceof CaptureError || error instanceof LeakUsageError) {
      io.stderr(error.message + '\n');
      return 2;
    }
    io.stderr(`gomem profile ${command} failed: ${(error as Error).message ?? String(error)}\n`);
    return 2;
  }
}
