import * as fs from 'fs';
import * as path from 'path';
import { DeclarationCache, LintResult, LintSettings, RuleEngine } from './engine';
import { GoModuleResolver } from './gomod';
import { GoLanguage, MAX_PARSE_CHARACTERS, TooLargeToParseError } from './parser';
import type { Rule, SourceFile } from './rule';
import { ALL_RULES } from './rules';
import { DEFAULT_MAX_FILE_MEGABYTES, BYTES_PER_MEGABYTE, readGoFile, tryReadGoFile } from './fileAccess';
import { lazySourceFile } from './lazySource';
import { DEFAULT_FILE_TIME_BUDGET_SECONDS } from './timeBudget';
import { LineIndex } from './text';
import { packageNameOf } from './workspace';

/** How many folders' parsed files stay cached as package siblings. */
const CACHED_FOLDERS = 16;
/**
 * The same in a one-shot run, which lints folder after folder and never comes back: keeping more
 * only keeps texts and trees alive through collections (the current folder and the one before,
 * in case files of two folders come interleaved).
 */
const CACHED_FOLDERS_ONE_SHOT = 2;

/** Source of file texts: open editor buffers win over the disk. */
export type TextProvider = (file: string) => string | undefined;

/**
 * Lints Go files: parses them, finds their module and package siblings, and runs the engine.
 * Shared by the CLI and the language server.
 */
export class Linter {
  readonly modules = new GoModuleResolver();
  private readonly siblingCache = new Map<string, { text: string; packageName: string | undefined; file: SourceFile; release: () => void }>();
  private readonly diskTexts = new Map<string, { modified: number; size: number; text: string; checkedAt: number }>();
  /** The paths each folder has in siblingCache or diskTexts, which leave with the folder. */
  private readonly cachedPathsByFolder = new Map<string, Set<string>>();

  /**
   * Set by a one-shot run (the CLI): files do not change while it lints, so texts and folder
   * listings read once are trusted without a stat per sibling per lint, which made a package
   * of n files cost n² stats.
   */
  diskIsStable = false;
  /**
   * How long (ms) a folder listing or a text read from disk is trusted without looking again,
   * when the disk is not stable. The language server sets a second: while the user types, the
   * package's other files are not listed and statted at every keystroke (60 of them cost more
   * than half a millisecond), and a change on disk is still seen within that second.
   */
  diskRecheckMs = 0;
  /** A folder's `.go` files, as paths (joined once: siblingsOf goes through them at every lint). */
  private readonly folderListings = new Map<string, { paths: string[]; checkedAt: number }>();

  /**
   * Folder listings a caller fixed (the result cache: findings must come from exactly the files
   * its key names); see pinFolderListing.
   */
  private readonly pinnedListings = new Map<string, string[]>();

  /** Uses these `.go` names as a folder's listing until unpinned (undefined). */
  pinFolderListing(directory: string, names: readonly string[] | undefined): void {
    if (names) this.pinnedListings.set(directory, names.map((name) => path.join(directory, name)));
    else this.pinnedListings.delete(directory);
  }

  /** Larger files are not read: neither linted nor used as package siblings. */
  maxFileBytes = DEFAULT_MAX_FILE_MEGABYTES * BYTES_PER_MEGABYTE;
  /** How long parsing and linting one file may take (see timeBudget.ts); its callers set the deadline. */
  fileTimeBudgetSeconds = DEFAULT_FILE_TIME_BUDGET_SECONDS;

  /** Told about each package sibling that was not read (a FIFO, a device, a file over the limit). */
  onSkippedSibling: ((file: string, reason: string) => void) | undefined;

  private constructor(readonly language: GoLanguage, readonly engine: RuleEngine) {}

  static async create(rules: readonly Rule[] = ALL_RULES): Promise<Linter> {
    const language = await GoLanguage.load();
    return new Linter(language, new RuleEngine(language, rules));
  }

  /**
   * Parses a text into a SourceFile (the caller owns the tree). A file already parsed as a
   * package sibling with the same text is not parsed again: the caller gets a copy of that tree.
   */
  parse(filePath: string, text: string): SourceFile {
    const sibling = this.siblingCache.get(filePath);
    if (sibling && sibling.text === text) return { ...sibling.file, tree: sibling.file.tree.copy() };
    const parsed = { path: filePath, text, tree: this.language.parse(text), lines: new LineIndex(text) };
    // Kept for the package's other files, which may need it as a sibling.
    this.remember(parsed);
    return parsed;
  }

  /** Folders whose parsed files stay cached, least recently used first. */
  private readonly recentFolders: string[] = [];

  /** Caches a copy of a parsed file for its siblings' lints; only the last few folders' files are kept. */
  private remember(file: SourceFile): void {
    const known = this.siblingCache.get(file.path);
    if (known?.text === file.text) return;
    known?.release();
    const copy = { path: file.path, text: file.text, tree: file.tree.copy(), lines: file.lines };
    this.siblingCache.set(file.path, { text: file.text, packageName: packageNameOf(file.text), file: copy, release: () => copy.tree.delete() });
    const folder = path.dirname(file.path);
    this.noteCached(folder, file.path);
    this.touchFolder(folder);
  }

  private noteCached(folder: string, filePath: string): void {
    let paths = this.cachedPathsByFolder.get(folder);
    if (!paths) this.cachedPathsByFolder.set(folder, (paths = new Set()));
    paths.add(filePath);
  }

  /** Marks a folder's cached files as most recently used, dropping those of the least recent past the limit. */
  private touchFolder(folder: string): void {
    if (this.recentFolders[this.recentFolders.length - 1] === folder) return;
    const at = this.recentFolders.indexOf(folder);
    if (at >= 0) this.recentFolders.splice(at, 1);
    this.recentFolders.push(folder);
    while (this.recentFolders.length > (this.diskIsStable ? CACHED_FOLDERS_ONE_SHOT : CACHED_FOLDERS)) {
      const evicted = this.recentFolders.shift()!;
      for (const cachedPath of this.cachedPathsByFolder.get(evicted) ?? []) {
        this.siblingCache.get(cachedPath)?.release();
        this.siblingCache.delete(cachedPath);
        this.diskTexts.delete(cachedPath);
      }
      this.cachedPathsByFolder.delete(evicted);
      this.folderListings.delete(evicted);
    }
  }

  /**
   * A file's text for a lint: in a one-shot run, the text already read as a sibling; otherwise
   * read now. Throws if it cannot be read, or SkippedFileError if it is not a regular file or is
   * over `maxFileBytes`.
   */
  readForLint(file: string): string {
    if (this.diskIsStable) {
      const known = this.siblingCache.get(file)?.text ?? this.diskTexts.get(file)?.text;
      if (known !== undefined) return known;
      // Kept while its folder is linted: the package's other files read it as their sibling (a
      // file no rule's hint matches is never parsed, so never remembered as one).
      const text = readGoFile(file, this.maxFileBytes);
      this.keepDiskText(file, text, NaN, NaN);
      this.touchFolder(path.dirname(file));
      return text;
    }
    return readGoFile(file, this.maxFileBytes);
  }

  /**
   * A file's text on disk, read again only when its size or modification time changed: package
   * siblings are looked up at every lint, and most of them never change meanwhile.
   */
  readFromDisk(file: string): string | undefined {
    const known = this.diskTexts.get(file);
    if (known && this.stillTrusted(known.checkedAt)) return known.text;
    // A one-shot run reads each file once and never looks again: no stat to compare with later.
    if (this.diskIsStable) return this.keepDiskText(file, tryReadGoFile(file, this.maxFileBytes, this.onSkippedSibling), NaN, NaN);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) {
      this.diskTexts.delete(file);
      return undefined;
    }
    if (known && known.modified === stat.mtimeMs && known.size === stat.size) {
      known.checkedAt = performance.now();
      return known.text;
    }
    return this.keepDiskText(file, tryReadGoFile(file, this.maxFileBytes, this.onSkippedSibling), stat.mtimeMs, stat.size);
  }

  private keepDiskText(file: string, text: string | undefined, modified: number, size: number): string | undefined {
    if (text === undefined) this.diskTexts.delete(file);
    else {
      this.diskTexts.set(file, { modified, size, text, checkedAt: performance.now() });
      this.noteCached(path.dirname(file), file);
    }
    return text;
  }

  /** Whether what was read from disk at `checkedAt` may be used without looking again. */
  private stillTrusted(checkedAt: number): boolean {
    return this.diskIsStable || performance.now() - checkedAt < this.diskRecheckMs;
  }

  /** Looks at the disk again at the next read of each file and folder (before a workspace lint). */
  recheckDisk(): void {
    for (const known of this.diskTexts.values()) known.checkedAt = -Infinity;
    this.folderListings.clear();
  }

  lint(file: SourceFile, settings: LintSettings = {}, readText: TextProvider = (path) => this.readFromDisk(path), cache?: DeclarationCache): LintResult {
    return this.engine.lint({
      file,
      cache,
      module: this.modules.moduleFor(file.path),
      settings,
      packageFiles: () => this.packageSiblings(file, readText),
    });
  }

  /**
   * Whether any rule could report on a file with this text (its hints, then its package hints
   * over the siblings' texts): when not, the file need not be parsed. Siblings read for it are
   * the ones its lint then uses.
   */
  couldReport(filePath: string, text: string, settings: LintSettings = {}, readText: TextProvider = (path) => this.readFromDisk(path)): boolean {
    return this.engine.couldReport(text, settings, { file: { path: filePath, text }, siblings: () => this.siblingsOf(filePath, text, readText) });
  }

  /** The other files of a file's package, parsed once per text and cached. */
  private packageSiblings(file: SourceFile, readText: TextProvider): SourceFile[] {
    // The file being linted is its siblings' sibling: keep its tree so theirs need not parse it again.
    this.remember(file);
    return this.siblingsOf(file.path, file.text, readText);
  }

  /** The other files of the package of a file with this text, each parsed on first use of its tree. */
  private siblingsOf(filePath: string, text: string, readText: TextProvider): SourceFile[] {
    const packageName = packageNameOf(text);
    const directory = path.dirname(filePath);
    // Siblings read for a file that is then not parsed must still leave the cache in turn.
    this.touchFolder(directory);
    const listing = this.folderListings.get(directory);
    let paths = this.pinnedListings.get(directory) ?? (listing && this.stillTrusted(listing.checkedAt) ? listing.paths : undefined);
    if (!paths) {
      try {
        paths = fs
          .readdirSync(directory)
          .filter((name) => name.endsWith('.go'))
          .map((name) => path.join(directory, name));
      } catch {
        return [];
      }
      if (this.diskIsStable || this.diskRecheckMs > 0) this.folderListings.set(directory, { paths, checkedAt: performance.now() });
    }
    const siblings: SourceFile[] = [];
    for (const siblingPath of paths) {
      if (siblingPath === filePath) continue;
      let cached = this.siblingCache.get(siblingPath);
      // A one-shot run trusts what it has read: no second read, no second package clause scan.
      if (!this.diskIsStable || !cached) {
        const text = readText(siblingPath);
        if (text === undefined) continue;
        if (text.length > MAX_PARSE_CHARACTERS) {
          // Never parsed, so never a sibling: its tree would not fit in the parser.
          this.onSkippedSibling?.(siblingPath, new TooLargeToParseError(text.length).message);
          continue;
        }
        if (!cached || cached.text !== text) {
          cached?.release();
          // Parsed only if a rule reads its tree (most only look for a name in its text).
          const lazy = lazySourceFile(siblingPath, text, (source) => this.language.parse(source));
          cached = { text, packageName: packageNameOf(text), ...lazy };
          this.siblingCache.set(siblingPath, cached);
          this.noteCached(directory, siblingPath);
        }
      }
      if (cached.packageName === packageName) siblings.push(cached.file);
    }
    return siblings;
  }

  /** Drops cached sibling trees (after a workspace lint, or when files change on disk). */
  clearCache(): void {
    for (const entry of this.siblingCache.values()) entry.release();
    this.siblingCache.clear();
    this.recentFolders.length = 0;
    this.diskTexts.clear();
    this.cachedPathsByFolder.clear();
    this.folderListings.clear();
    this.modules.invalidate();
  }
}
