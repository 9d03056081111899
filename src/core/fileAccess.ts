import * as fs from 'fs';
import * as path from 'path';

/**
 * Reading and writing Go files safely: gomem reads only regular files under a size cap (a
 * `.go` name can be a FIFO, a device or a symlink to /dev/zero, which would hang or exhaust
 * memory), and writes fixes only to regular files inside the folders it was given.
 */

/** Go files larger than this are skipped unless the user raises the limit. */
export const DEFAULT_MAX_FILE_MEGABYTES = 10;
export const BYTES_PER_MEGABYTE = 1024 * 1024;

/** A file gomem refused to read; its message is one sentence a user can act on. */
export class SkippedFileError extends Error {}

// O_NONBLOCK lets open() return on a FIFO with no writer instead of waiting for one; it is
// absent on Windows, where no such file exists.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a Go file as UTF-8 if it is a regular file (after following symlinks) of at most
 * `maxBytes`. Throws SkippedFileError for anything else, and the ordinary fs error if it cannot be
 * opened. The type and size come from the opened descriptor, so a file swapped meanwhile cannot
 * slip through.
 */
export function readGoFile(file: string, maxBytes: number): string {
  const descriptor = fs.openSync(file, OPEN_FLAGS);
  try {
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) throw new SkippedFileError(`skipped: it is ${describeKind(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw new SkippedFileError(sizeLimitSentence(stat.size, maxBytes));
    // Read at most one byte past the limit: a file growing while it is read is refused too.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = fs.readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new SkippedFileError(sizeLimitSentence(length, maxBytes));
      if (length === buffer.length) break;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Like readGoFile, but undefined for a file that is missing, refused or unreadable (package siblings). */
export function tryReadGoFile(file: string, maxBytes: number, onSkipped?: (file: string, reason: string) => void): string | undefined {
  try {
    return readGoFile(file, maxBytes);
  } catch (error) {
    if (error instanceof SkippedFileError) onSkipped?.(file, error.message);
    return undefined;
  }
}

function sizeLimitSentence(size: number, maxBytes: number): string {
  return `skipped: it is ${formatSize(size)}, over the ${formatSize(maxBytes)} limit for Go files (raise it with --max-file-megabytes or the gomem.lint.maxFileMegabytes setting)`;
}

export function formatSize(bytes: number): string {
  const megabytes = bytes / BYTES_PER_MEGABYTE;
  if (megabytes < 0.1) return `${bytes} bytes`;
  return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
}

function describeKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  return 'a special file';
}

/** Parses a megabyte limit given by a user (flag or setting); undefined if it is not a positive number. */
export function megabytesToBytes(value: unknown): number | undefined {
  const megabytes = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof megabytes !== 'number' || !Number.isFinite(megabytes) || megabytes <= 0) return undefined;
  return Math.floor(megabytes * BYTES_PER_MEGABYTE);
}

/**
 * Decides which files a fix may write: regular files (not symlinks, FIFOs or devices) whose real
 * path is one of the given roots or inside one of the given root folders. A package sibling
 * reached through a symlink is read like any sibling, but never written through.
 */
export class WriteGuard {
  private readonly roots: { real: string; isFolder: boolean }[];

  constructor(roots: readonly string[]) {
    this.roots = roots.flatMap((root) => {
      try {
        return [{ real: fs.realpathSync(root), isFolder: fs.statSync(root).isDirectory() }];
      } catch {
        return [];
      }
    });
  }

  /** Undefined if `file` may be written, otherwise why not, as the end of a sentence. */
  refusal(file: string): string | undefined {
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat) return 'it does not exist';
    if (stat.isSymbolicLink()) return 'it is a symbolic link';
    if (!stat.isFile()) return 'it is not a regular file';
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch (error) {
      return (error as Error).message;
    }
    const inside = this.roots.some((root) => real === root.real || (root.isFolder && isInside(real, root.real)));
    return inside ? undefined : 'it is outside the files and folders being linted';
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
