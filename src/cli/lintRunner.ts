import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { LintSettings } from '../core/engine';
import { Linter } from '../core/linter';
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
}

/** Below this many files, starting workers costs more than it saves. */
const FILES_PER_WORKER_MINIMUM = 200;

interface WorkerTask {
  kind: 'gomem-lint-worker';
  files: string[];
  only: string[];
}

/** Lints files on all cores: files are split by folder so package siblings stay together. */
export async function lintFiles(files: readonly string[], options: LintOptions): Promise<LintRun> {
  const threads = Math.max(1, Math.min(options.threads ?? os.availableParallelism(), Math.floor(files.length / FILES_PER_WORKER_MINIMUM)));
  if (threads <= 1) return lintOnThisThread(files, options.only);
  const chunks = splitByFolder(files, threads);
  const runs = await Promise.all(chunks.map((chunk) => lintInWorker(chunk, options.only)));
  const byFile = new Map<string, FileReport>();
  const errors: LintError[] = [];
  for (const run of runs) {
    for (const report of run.reports) byFile.set(report.file, report);
    errors.push(...run.errors);
  }
  return { reports: files.flatMap((file) => byFile.get(file) ?? []), errors };
}

export async function lintOnThisThread(files: readonly string[], only: readonly string[]): Promise<LintRun> {
  const linter = await Linter.create();
  const run = lintWith(linter, files, { only: new Set(only) });
  linter.clearCache();
  return run;
}

/** Reads, parses and lints each file with one linter; unreadable files become errors. */
export function lintWith(linter: Linter, files: readonly string[], settings: LintSettings): LintRun {
  const reports: FileReport[] = [];
  const errors: LintError[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      errors.push({ file, message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    // A file none of the rules' hints match cannot have findings: skip its parse.
    if (!linter.engine.couldReport(text, settings)) continue;
    const source = linter.parse(file, text);
    try {
      const result = linter.lint(source, settings);
      for (const ruleError of result.ruleErrors) errors.push({ file, message: ruleError.message });
      if (result.findings.length) reports.push({ file, findings: result.findings });
    } finally {
      source.tree.delete();
    }
  }
  return { reports, errors };
}

/** Deals whole folders to chunks, largest first, so the chunks end up about the same size in bytes (parse time follows bytes). */
function splitByFolder(files: readonly string[], count: number): string[][] {
  const folders = new Map<string, { files: string[]; bytes: number }>();
  for (const file of files) {
    const folder = path.dirname(file);
    let group = folders.get(folder);
    if (!group) folders.set(folder, (group = { files: [], bytes: 0 }));
    group.files.push(file);
    group.bytes += fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  }
  const chunks = Array.from({ length: count }, () => ({ files: [] as string[], bytes: 0 }));
  for (const group of [...folders.values()].sort((a, b) => b.bytes - a.bytes)) {
    const smallest = chunks.reduce((least, chunk) => (chunk.bytes < least.bytes ? chunk : least));
    smallest.files.push(...group.files);
    smallest.bytes += group.bytes;
  }
  return chunks.map((chunk) => chunk.files).filter((chunk) => chunk.length > 0);
}

function lintInWorker(files: string[], only: readonly string[]): Promise<LintRun> {
  return new Promise((resolve, reject) => {
    const task: WorkerTask = { kind: 'gomem-lint-worker', files, only: [...only] };
    const worker = new Worker(__filename, { workerData: task });
    worker.once('message', (run: LintRun) => resolve(run));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a lint worker stopped with exit code ${code}`));
    });
  });
}

// The same file serves as the worker's entry point (it is bundled into dist/cli/main.js).
if (!isMainThread && (workerData as WorkerTask | undefined)?.kind === 'gomem-lint-worker') {
  const task = workerData as WorkerTask;
  lintOnThisThread(task.files, task.only).then((run) => parentPort!.postMessage(run));
}
