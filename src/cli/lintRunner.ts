import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { isActive, LintSettings } from '../core/engine';
import { BYTES_PER_MEGABYTE, DEFAULT_MAX_FILE_MEGABYTES, SkippedFileError } from '../core/fileAccess';
import { CacheContext, FolderLint, FolderResult, LintCache, lintFolderForCache, lookUpFolders, rulesFingerprint, gomemVersion } from '../core/lintCache';
import { ALL_RULES } from '../core/rules';
import { Linter } from '../core/linter';
import { Deadline, LintStoppedError, underDeadline } from '../core/timeBudget';
import type { FileReport, LintError } from './lintOutput';

/** What one lint run found; the same whether it ran on one thread or several. */
export interface LintRun {
  reports: FileReport[];
  errors: LintError[];
}

export interface LintOptions {
  only: readonly string[];
  /** Worker threads to use; 1 lints on the calling thread. */
  threads?: number;
  /** Files larger than this are skipped with an error entry (default: Linter's). */
  maxFileBytes?: number;
  /** A file whose parse and lint take longer is reported as an error (default: Linter's). */
  fileTimeBudgetSeconds?: number;
  /** The result cache to read and fill (see src/core/lintCache.ts); none lints everything. */
  cache?: LintCache;
}

/** Below this many files, starting workers costs more than it saves. */
const FILES_PER_WORKER_MINIMUM = 200;

interface WorkerTask {
  kind: 'gomem-lint-worker';
  only: string[];
  maxFileBytes?: number;
  fileTimeBudgetSeconds?: number;
  /** Set when the run keeps results: each folder comes back as a FolderLint. */
  cacheRules?: string;
}

/** Main thread → worker: the next folder's files, or none when the work is done. */
interface FolderMessage {
  files: string[] | null;
}

/**
 * Lints files on all cores. Workers take whole folders (package siblings stay together) from
 * one queue, largest first, so a core never idles while another still has a backlog: how long
 * a folder takes depends on how many of its files any rule's hint matches, not on its size.
 */
export async function lintFiles(files: readonly string[], options: LintOptions): Promise<LintRun> {
  if (options.cache) return lintFilesWithCache(files, options, options.cache);
  const threads = Math.max(1, Math.min(options.threads ?? os.availableParallelism(), Math.floor(files.length / FILES_PER_WORKER_MINIMUM)));
  if (threads <= 1) return lintOnThisThread(files, options);
  const queue = foldersLargestFirst(files);
  const runs = await Promise.all(Array.from({ length: Math.min(threads, queue.length) }, () => lintInWorker(queue, options)));
  const byFile = new Map<string, FileReport>();
  const errors: LintError[] = [];
  for (const run of runs) {
    for (const report of run.reports) byFile.set(report.file, report);
    errors.push(...run.errors);
  }
  // Reported in the order the files were given, whichever worker linted them.
  return { reports: files.flatMap((file) => byFile.get(file) ?? []), errors };
}

/**
 * Lints only the folders whose stored result does not match their files now, and stores what
 * it linted. The findings are the ones a run without the cache gives, in the same order.
 */
async function lintFilesWithCache(files: readonly string[], options: LintOptions, cache: LintCache): Promise<LintRun> {
  const context = cacheContext(options, rulesFingerprint(ALL_RULES, gomemVersion()));
  const { lookups, stored } = lookUpFolders(cache, context, files);
  const missed = lookups.filter((lookup) => !lookup.hit);
  const results = new Map<string, FolderResult>();
  for (const lookup of lookups) if (lookup.hit) results.set(lookup.folder, lookup.hit);
  const fileCount = missed.reduce((sum, lookup) => sum + lookup.targets.length, 0);
  const threads = Math.max(1, Math.min(options.threads ?? os.availableParallelism(), Math.floor(fileCount / FILES_PER_WORKER_MINIMUM)));
  let linted: FolderLint[];
  if (threads <= 1 || missed.length < 2) {
    const linter = missed.length ? await oneShotLinter(options) : undefined;
    linted = missed.map((lookup) => lintFolderForCache(linter!, context, lookup.folder, lookup.targets, linter!.fileTimeBudgetSeconds));
    linter?.clearCache();
  } else {
    // Largest folders first, as in lintFiles.
    const queue = missed.map((lookup) => lookup.targets).sort((a, b) => folderBytes(b) - folderBytes(a));
    const runs = await Promise.all(Array.from({ length: Math.min(threads, queue.length) }, () => lintInWorker(queue, options, context.rules)));
    linted = runs.flatMap((run) => run.folders);
  }
  for (const lint of linted) {
    results.set(lint.folder, lint.result);
    cache.write(lint.folder, lint.files, stored.get(lint.folder), lint.key, lint.key ? lint.result : undefined);
  }
  cache.prune();
  const reports = new Map<string, FileReport>();
  const errors = new Map<string, LintError[]>();
  for (const result of results.values()) {
    for (const report of result.reports) reports.set(report.file, report);
    for (const error of result.errors) errors.set(error.file, [...(errors.get(error.file) ?? []), error]);
  }
  return { reports: files.flatMap((file) => reports.get(file) ?? []), errors: files.flatMap((file) => errors.get(file) ?? []) };
}

function cacheContext(options: Pick<LintOptions, 'only' | 'maxFileBytes'>, rules: string): CacheContext {
  return { rules, settings: { only: new Set(options.only) }, maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_MEGABYTES * BYTES_PER_MEGABYTE };
}

function folderBytes(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
}

export async function lintOnThisThread(files: readonly string[], options: LintOptions): Promise<LintRun> {
  const linter = await oneShotLinter(options);
  const run = lintWith(linter, files, { only: new Set(options.only) });
  linter.clearCache();
  return run;
}

/** A linter for one run over files that do not change meanwhile (see Linter.diskIsStable). */
async function oneShotLinter(options: Pick<LintOptions, 'only' | 'maxFileBytes' | 'fileTimeBudgetSeconds'>): Promise<Linter> {
  // Only the rules this run has on: compiling the others' queries would cost every worker time.
  const settings = { only: new Set(options.only) };
  const linter = await Linter.create(ALL_RULES.filter((rule) => isActive(rule, settings)));
  linter.diskIsStable = true;
  if (options.maxFileBytes !== undefined) linter.maxFileBytes = options.maxFileBytes;
  if (options.fileTimeBudgetSeconds !== undefined) linter.fileTimeBudgetSeconds = options.fileTimeBudgetSeconds;
  return linter;
}

/** Reads, parses and lints each file with one linter; unreadable and skipped files become errors. */
export function lintWith(linter: Linter, files: readonly string[], settings: LintSettings): LintRun {
  const reportOf: (FileReport | undefined)[] = [];
  const errorsOf: (LintError[] | undefined)[] = [];
  for (const index of indicesByFolder(files)) {
    const file = files[index];
    const addError = (message: string) => (errorsOf[index] ??= []).push({ file, message });
    let text: string;
    try {
      text = linter.readForLint(file);
    } catch (error) {
      addError(error instanceof SkippedFileError ? error.message : `cannot read: ${(error as Error).message}`);
      continue;
    }
    // A file none of the rules' hints match cannot have findings: skip its parse.
    if (!linter.couldReport(file, text, settings)) continue;
    try {
      // The budget covers the parse (and any sibling parsed for it) and every rule.
      underDeadline(new Deadline(linter.fileTimeBudgetSeconds), () => {
        const source = linter.parse(file, text);
        try {
          const result = linter.lint(source, settings);
          for (const ruleError of result.ruleErrors) addError(ruleError.message);
          if (result.findings.length) reportOf[index] = { file, findings: result.findings };
        } finally {
          source.tree.delete();
        }
      });
    } catch (error) {
      // Too slow, too costly to parse or too large for the parser: this file is an error entry, the others go on.
      if (!(error instanceof LintStoppedError || error instanceof SkippedFileError)) throw error;
      addError(error.message);
    }
  }
  // In the order the files were given, whichever order they were linted in.
  return { reports: reportOf.filter((report) => report !== undefined), errors: errorsOf.flatMap((errors) => errors ?? []) };
}

/**
 * The files' indices, each folder's together (in the order folders first appear): a linter keeps
 * package siblings for the last folders only, and a walk lists a folder's files between its
 * subfolders' files.
 */
export function indicesByFolder(files: readonly string[]): number[] {
  const byFolder = new Map<string, number[]>();
  files.forEach((file, index) => {
    const folder = path.dirname(file);
    const indices = byFolder.get(folder);
    if (indices) indices.push(index);
    else byFolder.set(folder, [index]);
  });
  return [...byFolder.values()].flat();
}

/** Files grouped by folder, the folders with the most bytes first (a big package started last would finish last alone). */
function foldersLargestFirst(files: readonly string[]): string[][] {
  const folders = new Map<string, { files: string[]; bytes: number }>();
  for (const file of files) {
    const folder = path.dirname(file);
    let group = folders.get(folder);
    if (!group) folders.set(folder, (group = { files: [], bytes: 0 }));
    group.files.push(file);
    group.bytes += fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  }
  return [...folders.values()].sort((a, b) => b.bytes - a.bytes).map((group) => group.files);
}

/** One worker lints folders taken from the shared queue until it is empty. */
function lintInWorker(queue: string[][], options: LintOptions, cacheRules?: string): Promise<LintRun & { folders: FolderLint[] }> {
  return new Promise((resolve, reject) => {
    const task: WorkerTask = { kind: 'gomem-lint-worker', only: [...options.only], maxFileBytes: options.maxFileBytes, fileTimeBudgetSeconds: options.fileTimeBudgetSeconds, cacheRules };
    const worker = new Worker(__filename, { workerData: task });
    const run: LintRun & { folders: FolderLint[] } = { reports: [], errors: [], folders: [] };
    const sendNext = () => worker.postMessage({ files: queue.shift() ?? null } satisfies FolderMessage);
    worker.on('message', (result: LintRun | FolderLint | 'ready') => {
      if (result !== 'ready' && 'folder' in result) run.folders.push(result);
      else if (result !== 'ready') {
        run.reports.push(...result.reports);
        run.errors.push(...result.errors);
      }
      sendNext();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code === 0) resolve(run);
      else reject(new Error(`a lint worker stopped with exit code ${code}`));
    });
  });
}

// The same file serves as the worker's entry point (it is bundled into dist/cli/main.js).
if (!isMainThread && (workerData as WorkerTask | undefined)?.kind === 'gomem-lint-worker') {
  const settings = { only: new Set((workerData as WorkerTask).only) };
  oneShotLinter(workerData as WorkerTask).then((linter) => {
    parentPort!.on('message', ({ files }: FolderMessage) => {
      if (!files) {
        linter.clearCache();
        parentPort!.close();
        return;
      }
      const { cacheRules } = workerData as WorkerTask;
      if (cacheRules === undefined) parentPort!.postMessage(lintWith(linter, files, settings));
      else parentPort!.postMessage(lintFolderForCache(linter, cacheContext(workerData as WorkerTask, cacheRules), path.dirname(files[0]), files, linter.fileTimeBudgetSeconds));
    });
    parentPort!.postMessage('ready');
  });
}
