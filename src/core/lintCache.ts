import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LintSettings } from './engine';
import { readGoFile, SkippedFileError } from './fileAccess';
import { GoModule, GoModuleResolver } from './gomod';
import type { Linter } from './linter';
import { Deadline, LintStoppedError, LintTimeoutError, underDeadline } from './timeBudget';
import { locateWasmFiles } from './parser';
import type { Finding, Rule } from './rule';

/**
 * The result cache of workspace lints (`gomem lint`, "Lint Workspace"): one entry file per
 * folder, holding the findings of that folder's files under a key made of everything they
 * depend on: the contents of every `.go` file of the folder (package siblings included), the
 * module's path and `go` line, the settings, the rule set and gomem's own code. Rules read no
 * other package, so nothing else can change a folder's findings.
 *
 * Reading every file to hash it would cost more than a warm run may take, so each entry also
 * remembers, per file, its stat (device, inode, size, mtime and ctime) with the
 * hash of the contents it had. A stat is trusted only once the file is older than the
 * timestamp granularity of any file system (a write within the same tick could keep the
 * stat), and ctime cannot be set back by a program, so a changed file is always hashed anew.
 *
 * Entries are written to a temporary file and renamed (readers never see half an entry; two
 * runs writing at once lose one entry at worst), carry a checksum, and are pruned by age when
 * there are too many. A damaged entry or a cache that cannot be read or written is skipped
 * with one warning per run: the cache can make a lint faster, never different.
 */

/** Bumped when the entry layout changes; part of the folder name, so old layouts are never read. */
const FORMAT = 'lint-v1';
/** A stat younger than this may not reflect a write in the same timestamp tick. */
const SETTLED_MILLISECONDS = 3000;
/** Variants (settings, rule sets) kept per folder. */
const RESULTS_PER_FOLDER = 4;
/** The cache keeps at most this many folder entries and bytes; the oldest go first. */
const MAX_ENTRIES = 20_000;
const MAX_BYTES = 256 * 1024 * 1024;
/** How often a run checks the size of the cache. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** A hit refreshes its entry's time (the pruning order) at most this often. */
const TOUCH_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * `$XDG_CACHE_HOME/gomem`, else `~/.cache/gomem` (a relative XDG_CACHE_HOME is ignored, as the
 * spec says). Undefined, for no cache and no warning, when XDG_CACHE_HOME is unset and the home
 * folder is not this user's to write (a service account, or a tool run as another user with
 * HOME left behind): there is no cache of theirs to warn about.
 */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'gomem');
  const home = os.homedir();
  try {
    fs.accessSync(home, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    return undefined;
  }
  return path.join(home, '.cache', 'gomem');
}

function sha256(...parts: (string | Buffer)[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** gomem's version from its package.json (found above this module, bundled or not). */
export function gomemVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) return JSON.parse(fs.readFileSync(manifest, 'utf8')).version ?? '';
    if (path.dirname(dir) === dir) return '';
  }
}

let codeDigest: string | undefined;

/**
 * A fingerprint of the code that produces findings: gomem's version, the rules' metadata, the
 * compiled code (the bundle this module is part of, or every module of src/core when unbundled)
 * and the Go grammar. Any change to a rule or its analysis makes a new key.
 */
export function rulesFingerprint(rules: readonly Rule[], version: string): string {
  if (!codeDigest) {
    const hash = crypto.createHash('sha256');
    const unbundled = path.basename(__filename) === 'lintCache.js';
    const files = unbundled ? jsFilesBelow(__dirname) : [__filename];
    try {
      const wasm = locateWasmFiles(__dirname);
      files.push(wasm.runtime, wasm.goGrammar);
    } catch {
      // The linter cannot start without them either; the fingerprint stays code-only.
    }
    for (const file of files) hash.update(file.slice(file.lastIndexOf(path.sep))).update(fs.readFileSync(file));
    codeDigest = hash.digest('hex');
  }
  return sha256(FORMAT, version, codeDigest, JSON.stringify(rules.map((rule) => rule.meta)));
}

function jsFilesBelow(directory: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...jsFilesBelow(full));
    else if (entry.name.endsWith('.js')) found.push(full);
  }
  return found;
}

/** What a folder's findings depend on besides its files (same for every folder of a run). */
export interface CacheContext {
  /** rulesFingerprint() */
  rules: string;
  settings: LintSettings;
  maxFileBytes: number;
}

/** The settings as a stable string: which rules run and at what severity. */
function settingsText(context: CacheContext): string {
  const { settings } = context;
  return JSON.stringify([
    [...(settings.only ?? [])].sort(),
    [...(settings.disabled ?? [])].sort(),
    [...(settings.enabled ?? [])].sort(),
    [...(settings.severity ?? new Map())].sort(),
    context.maxFileBytes,
  ]);
}

/** One `.go` entry of a folder as the key sees it: its content hash, or why it is not read. */
export interface FolderFile {
  name: string;
  digest: string;
  /** The stat it was hashed under, when old enough to be trusted next time. */
  stat?: string;
  /** The text, when it was read (always, for a lint). */
  text?: string;
  /** Read failed for a reason that may pass (permissions): the folder's results are not kept. */
  transient?: boolean;
}

/** The `.go` files of a folder, hashed; with `memo`, files whose stat is unchanged are not read. */
export function readFolderFiles(folder: string, maxFileBytes: number, memo?: ReadonlyMap<string, [stat: string, digest: string]>): FolderFile[] | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((name) => name.endsWith('.go')).sort();
  } catch {
    return undefined;
  }
  const now = Date.now();
  return names.map((name) => {
    const full = path.join(folder, name);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) return { name, digest: '!missing', transient: true };
    if (!stat.isFile()) return { name, digest: `!kind ${stat.mode & fs.constants.S_IFMT}` };
    if (stat.size > maxFileBytes) return { name, digest: `!size ${stat.size}` };
    // Milliseconds with a fraction (sub-microsecond precision): writes apart in time differ.
    const stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    const settled = now - Math.max(stat.mtimeMs, stat.ctimeMs) > SETTLED_MILLISECONDS;
    const known = memo?.get(name);
    if (settled && known && known[0] === stamp) return { name, digest: known[1], stat: stamp };
    try {
      const text = readGoFile(full, maxFileBytes);
      // Stat before the read: a write during the read leaves a newer ctime, so this stat never matches again.
      return { name, digest: sha256(text), text, stat: settled ? stamp : undefined };
    } catch (error) {
      if (error instanceof SkippedFileError) return { name, digest: `!skipped ${error.message}` };
      return { name, digest: '!unreadable', transient: true };
    }
  });
}

/** The key of a folder's results: everything its findings depend on. */
export function folderKey(context: CacheContext, module: GoModule, folder: string, targets: readonly string[], files: readonly FolderFile[]): string {
  return sha256(
    JSON.stringify([
      FORMAT,
      context.rules,
      settingsText(context),
      [module.goModPath ?? '', module.modulePath ?? '', module.goVersion],
      folder,
      targets.map((file) => path.basename(file)).sort(),
      files.map((file) => [file.name, file.digest]),
    ]),
  );
}

/** A folder's lint outcome as the CLI and the server report it. */
export interface FolderResult {
  reports: { file: string; findings: Finding[] }[];
  /** `stopped` marks a file whose lint was stopped: over its time budget (`seconds`, never stored) or for its text. */
  errors: { file: string; message: string; stopped?: { reason: string; seconds?: number } }[];
}

interface FolderEntry {
  folder: string;
  /** File name → [stat, content hash]. */
  files: Record<string, [string, string]>;
  results: { key: string; usedAt: number; result: FolderResult }[];
}

/** The result cache in one directory; see the comment at the top of this file. */
export class LintCache {
  private readonly entries: string;
  private warned = false;
  private writable = true;
  private wrote = false;

  constructor(readonly directory: string, private readonly warn: (message: string) => void) {
    this.entries = path.join(directory, FORMAT);
  }

  private entryPath(folder: string): string {
    return path.join(this.entries, `${sha256(folder).slice(0, 40)}.json`);
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(message);
  }

  /** The stat memo of a folder (for readFolderFiles) and its stored results, or undefined. */
  read(folder: string): { memo: Map<string, [string, string]>; entry: FolderEntry } | undefined {
    const file = this.entryPath(folder);
    let raw: string;
    let modified: number;
    try {
      modified = fs.statSync(file).mtimeMs;
      raw = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warnOnce(`the lint cache in ${this.directory} cannot be read (${(error as Error).message}); linting without it`);
      return undefined;
    }
    const newline = raw.indexOf('\n');
    const body = raw.slice(newline + 1);
    let entry: FolderEntry | undefined;
    try {
      if (newline > 0 && raw.slice(0, newline) === sha256(body)) entry = JSON.parse(body);
    } catch {
      entry = undefined;
    }
    if (!entry || entry.folder !== folder || typeof entry.files !== 'object' || !Array.isArray(entry.results)) {
      this.warnOnce(`a damaged lint cache entry was ignored and is rewritten (${file})`);
      return undefined;
    }
    if (Date.now() - modified > TOUCH_EVERY_MS) this.touch(file);
    return { memo: new Map(Object.entries(entry.files)), entry };
  }

  /** The stored result under a key. */
  lookup(stored: { entry: FolderEntry } | undefined, key: string): FolderResult | undefined {
    return stored?.entry.results.find((result) => result.key === key)?.result;
  }

  /** Stores a folder's result (if any) and the stats its files were hashed under. */
  write(folder: string, files: readonly FolderFile[], stored: { entry: FolderEntry } | undefined, key: string | undefined, result: FolderResult | undefined): void {
    if (!this.writable) return;
    const entry: FolderEntry = { folder, files: {}, results: [] };
    for (const file of files) if (file.stat) entry.files[file.name] = [file.stat, file.digest];
    if (key && result) entry.results.push({ key, usedAt: Date.now(), result });
    for (const old of stored?.entry.results ?? []) {
      if (entry.results.length >= RESULTS_PER_FOLDER) break;
      if (old.key !== key) entry.results.push(old);
    }
    const body = JSON.stringify(entry);
    const target = this.entryPath(folder);
    const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(this.entries, { recursive: true });
      fs.writeFileSync(temporary, `${sha256(body)}\n${body}`);
      fs.renameSync(temporary, target);
      this.wrote = true;
    } catch (error) {
      this.writable = false;
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // Nothing was written there either.
      }
      this.warnOnce(`the lint cache in ${this.directory} cannot be written (${(error as Error).message}); linting without it`);
    }
  }

  private touch(file: string): void {
    try {
      const now = new Date();
      fs.utimesSync(file, now, now);
    } catch {
      // Only the pruning order suffers.
    }
  }

  /** After a run that wrote entries: at most hourly, drops the oldest entries over the bounds. */
  prune(): void {
    if (!this.wrote) return;
    const marker = path.join(this.entries, '.pruned');
    try {
      const last = fs.statSync(marker, { throwIfNoEntry: false });
      if (last && Date.now() - last.mtimeMs < PRUNE_EVERY_MS) return;
      fs.writeFileSync(marker, '');
      const now = Date.now();
      const entries: { file: string; time: number; size: number }[] = [];
      for (const name of fs.readdirSync(this.entries)) {
        if (name === '.pruned') continue;
        const file = path.join(this.entries, name);
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        if (!stat) continue;
        // A temporary file an interrupted run left behind.
        if (name.endsWith('.tmp') && now - stat.mtimeMs > PRUNE_EVERY_MS) fs.rmSync(file, { force: true });
        else if (name.endsWith('.json')) entries.push({ file, time: stat.mtimeMs, size: stat.size });
      }
      let bytes = entries.reduce((sum, entry) => sum + entry.size, 0);
      let count = entries.length;
      if (count <= MAX_ENTRIES && bytes <= MAX_BYTES) return;
      entries.sort((a, b) => a.time - b.time);
      for (const entry of entries) {
        if (count <= MAX_ENTRIES * 0.8 && bytes <= MAX_BYTES * 0.8) break;
        fs.rmSync(entry.file, { force: true });
        count--;
        bytes -= entry.size;
      }
    } catch {
      // Pruning is best effort: the next run tries again.
    }
  }
}

/** What linting one folder for the cache gave: its result, and the key to keep it under if it may be kept. */
export interface FolderLint {
  folder: string;
  result: FolderResult;
  /** Undefined when the result may not be kept: a timeout, a failed rule, a file that could not be read. */
  key?: string;
  /** The folder's files as hashed (without their texts), for the stat memo. */
  files: FolderFile[];
}

/**
 * Lints a folder's target files from exactly the texts it hashes (the files of the folder are
 * read once, and siblings come from the same texts), so the result always matches its key.
 */
export function lintFolderForCache(linter: Linter, context: CacheContext, folder: string, targets: readonly string[], budgetSeconds: number): FolderLint {
  const files = readFolderFiles(folder, context.maxFileBytes) ?? [];
  const byName = new Map(files.map((file) => [file.name, file]));
  const result: FolderResult = { reports: [], errors: [] };
  let keep = files.length > 0 && !files.some((file) => file.transient);
  const readText = (file: string) => (path.dirname(file) === folder ? byName.get(path.basename(file))?.text : linter.readFromDisk(file));
  linter.pinFolderListing(folder, files.map((file) => file.name));
  try {
    for (const target of targets) {
      let text = byName.get(path.basename(target))?.text;
      if (text === undefined) {
        try {
          text = linter.readForLint(target);
          keep = false; // it changed since it was listed
        } catch (error) {
          const skipped = error instanceof SkippedFileError;
          if (!skipped || !byName.has(path.basename(target))) keep = false;
          result.errors.push({ file: target, message: skipped ? (error as Error).message : `cannot read: ${(error as Error).message}` });
          continue;
        }
      }
      if (!linter.couldReport(target, text, context.settings, readText)) continue;
      try {
        underDeadline(new Deadline(budgetSeconds), () => {
          const source = linter.parse(target, text!);
          try {
            const linted = linter.lint(source, context.settings, readText);
            for (const ruleError of linted.ruleErrors) result.errors.push({ file: target, message: ruleError.message });
            if (linted.ruleErrors.length) keep = false;
            if (linted.findings.length) result.reports.push({ file: target, findings: linted.findings });
          } finally {
            source.tree.delete();
          }
        });
      } catch (error) {
        if (!(error instanceof LintStoppedError || error instanceof SkippedFileError)) throw error;
        // A timeout depends on the machine's load, not on the files: never kept. (A parse stopped
        // for its work per character depends only on the text: kept.)
        if (error instanceof LintTimeoutError) keep = false;
        const stopped = error instanceof LintStoppedError ? { reason: error.reason, seconds: error instanceof LintTimeoutError ? error.seconds : undefined } : undefined;
        result.errors.push({ file: target, message: error.message, ...(stopped ? { stopped } : {}) });
      }
    }
  } finally {
    linter.pinFolderListing(folder, undefined);
  }
  const key = keep ? folderKey(context, linter.modules.moduleFor(targets[0]), folder, targets, files) : undefined;
  return { folder, result, key, files: files.map(({ text: _text, ...rest }) => rest) };
}

/** A folder whose stored result matches its files now, or what must be linted. */
export type FolderLookup = { folder: string; targets: string[]; hit: FolderResult } | { folder: string; targets: string[]; hit?: undefined };

/**
 * Looks every folder of a run up: hashes its files (through the stat memo) and finds a stored
 * result under its key. A hit whose stats changed (a file touched but not edited) refreshes them.
 */
export function lookUpFolders(cache: LintCache, context: CacheContext, files: readonly string[]): { lookups: FolderLookup[]; stored: Map<string, ReturnType<LintCache['read']>> } {
  const modules = new GoModuleResolver();
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.dirname(file);
    let targets = byFolder.get(folder);
    if (!targets) byFolder.set(folder, (targets = []));
    targets.push(file);
  }
  const lookups: FolderLookup[] = [];
  const stored = new Map<string, ReturnType<LintCache['read']>>();
  for (const [folder, targets] of byFolder) {
    const entry = cache.read(folder);
    stored.set(folder, entry);
    const folderFiles = entry ? readFolderFiles(folder, context.maxFileBytes, entry.memo) : undefined;
    const hit = folderFiles && !folderFiles.some((file) => file.transient) ? cache.lookup(entry, folderKey(context, modules.moduleFor(targets[0]), folder, targets, folderFiles)) : undefined;
    if (hit && entry && folderFiles!.some((file) => file.stat !== entry.memo.get(file.name)?.[0])) {
      cache.write(folder, folderFiles!, entry, undefined, undefined);
    }
    lookups.push(hit ? { folder, targets, hit } : { folder, targets });
  }
  return { lookups, stored };
}
