import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseArgs } from 'util';
import { isMainThread } from 'worker_threads';
import type { Rule } from '../core/rule';
import { ALL_RULES } from '../core/rules';
import { megabytesToBytes } from '../core/fileAccess';
import { collectGoFiles } from '../core/workspace';
import { fixFiles, formatFixOutcome } from './fixFiles';
import { formatJson, formatSarif, formatText, inEditorLines, LintError } from './lintOutput';
import { lintFiles } from './lintRunner';
import { defaultCacheDirectory, LintCache } from '../core/lintCache';
import { parseBudgetSeconds } from '../core/timeBudget';
import { GCTRACE_USAGE, GcTraceUsageError, runGcTraceCommand } from './gctraceCommand';
import { runProfileCommand } from './profileCommand';
import { encodeGoString } from '../core/pprof/goString';
import { EvidenceProfileError, loadEvidenceProfiles, withEvidence } from './lintEvidence';

/** A mistake in how gomem was called: exit code 2 with the usage. */
export class UsageError extends Error {}

/** A file or folder gomem could not read: exit code 2 with one line. */
export class InputError extends Error {}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `usage:
  gomem lint [--format text|json|sarif] [--rule ID]... [--all-rules] [--profile FILE]... [--max-file-megabytes N] [--file-time-budget SECONDS] [--no-cache] <path>...
      --rule ID: only these rules (repeatable), off-by-default ones included; --all-rules: every rule, off-by-default ones too
      --no-cache: lint every package; results are otherwise kept per package in $XDG_CACHE_HOME/gomem (~/.cache/gomem)
      --profile FILE: a pprof profile (repeatable); findings it proves costly say so and come first
  gomem lint --fix [--rule ID]... [--all-rules] [--max-file-megabytes N] [--file-time-budget SECONDS] <path>...   apply every preferred fix in place
  gomem rules [--format text|json]
  gomem profile top [--sample-index NAME] [--cum] [--lines] [--limit N] [--format text|json] FILE
  gomem profile capture [--kind KIND] [--seconds N] [--every DURATION --count N] [--out DIR] URL
  gomem profile diff [--sample-index NAME] [--cum] [--max-growth N] [--format text|json] BASE NEW
  gomem profile growth [--sample-index NAME] [--format text|json] FILE...
  gomem profile goroutines [--format text|json] FILE   goroutines grouped, leak suspects marked
  ${GCTRACE_USAGE}   summarize a GODEBUG=gctrace=1 log
  gomem --version`;

const PACKAGE_ROOT = findPackageRoot(__dirname);

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await lintCommand(rest, io);
      case 'rules':
        return rulesCommand(rest, io);
      case 'profile':
        return await runProfileCommand(rest, io);
      case 'gctrace':
        return await runGcTraceCommand(rest, io);
      case '--version':
      case 'version':
        io.stdout(`${packageVersion()}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof GcTraceUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`gomem: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`gomem: ${(error as Error).message ?? String(error)}\n`);
    return 2;
  }
}

async function lintCommand(args: string[], io: CliIo): Promise<number> {
  if (asksForHelp(args)) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true },
      'all-rules': { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      'max-file-megabytes': { type: 'string' },
      'file-time-budget': { type: 'string' },
      profile: { type: 'string', multiple: true },
      'max-inflated-mb': { type: 'string' },
      'max-memory-mb': { type: 'string' },
    },
  });
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}" (text, json or sarif)`);
  const only = new Set(values.rule ?? []);
  for (const id of only) if (!ALL_RULES.some((rule) => rule.meta.id === id)) throw new UsageError(`unknown rule "${id}" (see gomem rules)`);
  if (values['all-rules']) {
    if (only.size > 0) throw new UsageError('--all-rules and --rule pick the rules two ways: give one of them');
    for (const rule of ALL_RULES) only.add(rule.meta.id);
  }
  if (positionals.length === 0) throw new UsageError('lint needs at least one file or folder');
  const maxFileMegabytes = values['max-file-megabytes'];
  const maxFileBytes = maxFileMegabytes === undefined ? undefined : megabytesToBytes(maxFileMegabytes);
  if (maxFileMegabytes !== undefined && maxFileBytes === undefined) throw new UsageError(`--max-file-megabytes needs a positive number, not "${maxFileMegabytes}"`);
  const budget = values['file-time-budget'];
  const fileTimeBudgetSeconds = budget === undefined ? undefined : parseBudgetSeconds(budget);
  if (budget !== undefined && fileTimeBudgetSeconds === undefined) throw new UsageError(`--file-time-budget needs a positive number of seconds, not "${budget}"`);

  // `./...` is how Go tools name a tree; a folder is walked recursively anyway.
  const paths = positionals.map((given) => (given === '...' ? '.' : given.replace(/[\\/]\.\.\.$/, '') || '.'));
  for (const given of paths) {
    if (!fs.existsSync(given)) throw new InputError(`${given}: no such file or folder`);
  }
  if (values.fix && format !== 'text') throw new UsageError('--fix prints text only');
  const profileFiles = values.profile ?? [];
  if (values.fix && profileFiles.length) throw new UsageError('--profile does not apply to --fix');
  const maxInflatedMegabytes = positiveWholeNumber(values['max-inflated-mb'], '--max-inflated-mb');
  const maxMemoryMegabytes = positiveWholeNumber(values['max-memory-mb'], '--max-memory-mb');
  // Read before linting: a bad profile is one sentence now, not after the whole lint.
  let profiles: ReturnType<typeof loadEvidenceProfiles> = [];
  try {
    profiles = loadEvidenceProfiles(profileFiles, { maxInflatedBytes: maxInflatedMegabytes === undefined ? undefined : maxInflatedMegabytes * 1024 * 1024, maxMemoryMegabytes });
  } catch (error) {
    if (error instanceof EvidenceProfileError) throw new InputError(error.message);
    throw error;
  }
  // A folder that cannot be listed is one error; the rest of the tree is still linted.
  const unreadable: LintError[] = [];
  const files = collectGoFiles(paths, ({ folder, message }) => unreadable.push({ file: folder, message }));

  if (values.fix) {
    // Fixes may rewrite package siblings: only regular files inside what was given are written.
    const outcome = await fixFiles(files, { only }, { writableRoots: paths, maxFileBytes, fileTimeBudgetSeconds });
    outcome.errors.unshift(...unreadable);
    io.stdout(formatFixOutcome(outcome));
    printErrors(outcome.errors, io);
    return outcome.errors.length ? 2 : outcome.remaining.length ? 1 : 0;
  }

  // A damaged or read-only cache costs one warning, never a finding.
  const cacheDirectory = values['no-cache'] ? undefined : defaultCacheDirectory();
  const cache = cacheDirectory ? new LintCache(cacheDirectory, (message) => io.stderr(`gomem: warning: ${message}\n`)) : undefined;
  const run = await lintFiles(files, { only: [...only], maxFileBytes, fileTimeBudgetSeconds, cache });
  const linted = profiles.length ? await withEvidence(run.reports, profiles, paths) : run.reports;
  // Lines and columns as editors count them: only a file with a lone \r reads differently.
  const reports = inEditorLines(linted, (file) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  });
  const errors = [...unreadable, ...run.errors];

  if (format === 'json') io.stdout(formatJson(files.length, reports, errors));
  else if (format === 'sarif') io.stdout(formatSarif(ALL_RULES, packageVersion(), reports, errors, pathToFileURL(PACKAGE_ROOT).href));
  else io.stdout(formatText(reports, []));
  if (errors.length) {
    // Every format: stdout carries the errors for machines, stderr says them to the person.
    printErrors(errors, io);
    return 2;
  }
  return reports.length ? 1 : 0;
}

function positiveWholeNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} needs a positive whole number, not "${text}"`);
  return Number(text);
}

function printErrors(errors: readonly LintError[], io: CliIo): void {
  for (const error of errors) io.stderr(`gomem: ${error.file}: ${error.message}\n`);
}

/** `--help` or `-h` before any `--`: the user wants the usage, not an "unknown option" error. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

function rulesCommand(args: string[], io: CliIo): number {
  if (asksForHelp(args)) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } } });
  if (values.format === 'json') {
    io.stdout(JSON.stringify(ALL_RULES.map((rule) => rule.meta), null, 2) + '\n');
    return 0;
  }
  if (values.format !== 'text') throw new UsageError(`unknown format "${values.format}" (text or json)`);
  io.stdout(formatRuleTable(ALL_RULES));
  return 0;
}

function formatRuleTable(rules: readonly Rule[]): string {
  const idWidth = Math.max(...rules.map((rule) => rule.meta.id.length));
  return rules
    .map(({ meta }) => {
      const fix = meta.fixable ? (meta.fixMinGoVersion ? `fix (go ${meta.fixMinGoVersion}+)` : 'fix') : 'no fix';
      const severity = meta.milderFindings ? `${meta.defaultSeverity}/${meta.milderFindings.severity}` : meta.defaultSeverity;
      const same = meta.equivalents?.length ? ` Same check: ${meta.equivalents.map((equivalent) => `${equivalent.tool} ${equivalent.check}`).join(', ')}.` : '';
      const off = meta.offByDefault ? ` Off by default (--rule ${meta.id} or --all-rules): ${meta.offByDefault}` : '';
      return `${meta.id.padEnd(idWidth)}  ${severity.padEnd(12)}  ${fix.padEnd(16)}  ${meta.description}${same}${off}`;
    })
    .join('\n') + '\n';
}

function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
}

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** Runs the command line of this process; bin/gomem.js calls it. */
export function main(): void {
  // `gomem ... | head` closes the pipe early: that is the reader's choice, not an error to crash on.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  runCli(process.argv.slice(2), {
    // Names from a profile may carry bytes that are not UTF-8: they go out raw, as pprof writes them.
    stdout: (text) => process.stdout.write(encodeGoString(text)),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}

// `node dist/cli/main.js` runs it directly; worker threads load this same bundle only to lint.
if (isMainThread && require.main === module) main();
