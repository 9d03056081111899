// Maps a source path recorded in a profile (usually an absolute path on the machine that built the
// binary) to a file on this machine. Pure logic over an injected file view so it is unit-tested
// and shared: the profile viewer supplies VS Code's workspace, the CLI and the language server
// the file system.

/** A workspace file that shares the profile path's base name. */
export interface WorkspaceFile {
  /** Absolute path with forward slashes. */
  path: string;
  /** Absolute path of the workspace folder holding it. */
  root: string;
}

/** A module of the workspace: the `module` line of a go.mod and that go.mod's directory. */
export interface WorkspaceModule {
  modulePath: string;
  directory: string;
}

export interface SourceLookup {
  /** Workspace files whose base name equals the profile path's base name. */
  workspaceFiles: WorkspaceFile[];
  /** Absolute paths of the workspace folders: a file inside one of them opens without asking. */
  workspaceFolders: string[];
  modules: WorkspaceModule[];
  /** GOROOT (`go env GOROOT`, else a usual install folder), undefined when none is known. */
  goRoot: string | undefined;
  /** GOMODCACHE (`go env GOMODCACHE`), undefined when none is known. */
  goModCache?: string;
  /** Folders the user picked for paths nothing else matched (remembered in the workspace state). */
  sourceFolders?: SourceFolderMapping[];
  /** True when a regular file is at path: never a folder, a device or a FIFO. */
  exists(path: string): Promise<boolean>;
}

/**
 * The user's answer to "pick the folder that holds the sources": recorded paths that start with
 * recordedPrefix (whole components) are looked up under localFolder, with the rest of their path.
 */
export interface SourceFolderMapping {
  /** Leading components of the recorded paths, forward slashes, no trailing slash ('' for all). */
  recordedPrefix: string;
  /** Absolute path of the folder the user picked. */
  localFolder: string;
}

/**
 * 'outside-roots': the profile's absolute path is a file here, but outside the workspace folders,
 * the Go root and the module cache; open it only after the user agrees.
 */
export type SourceMatchKind = 'picked-folder' | 'module' | 'workspace-suffix' | 'same-path' | 'goroot' | 'module-cache' | 'outside-roots';

export interface SourceMatch {
  path: string;
  kind: SourceMatchKind;
}

function components(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.');
}

function join(directory: string, relative: string): string {
  return `${directory.replace(/\/+$/, '')}/${relative}`;
}

/**
 * The path with `.` and `..` segments resolved lexically and forward slashes; `..` never climbs
 * above the root of an absolute path. A profile's paths are only text: `pkg/../../x` is not
 * allowed to reach a file the recorded name does not name.
 */
export function normalizePath(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/');
  const out: string[] = [];
  for (const part of slashed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** True when path (normalized) is root or lies under it. */
function isInside(path: string, root: string): boolean {
  const base = normalizePath(root);
  return path === base || path.startsWith(base === '/' ? '/' : `${base}/`);
}

/** The folders a profile path may open without asking: workspace folders, Go root, module cache. */
function trustedRoots(lookup: SourceLookup): string[] {
  const roots = [...lookup.workspaceFolders];
  if (lookup.goRoot) roots.push(lookup.goRoot);
  if (lookup.goModCache) roots.push(lookup.goModCache);
  return roots;
}

/** A regular file at root/relative that stays inside root once `..` is resolved. */
async function fileUnder(root: string, relative: string, lookup: SourceLookup): Promise<string | undefined> {
  const candidate = normalizePath(join(root, relative));
  if (!isInside(candidate, root)) return undefined;
  return (await lookup.exists(candidate)) ? candidate : undefined;
}

/** The module cache spells upper-case letters of module paths as `!` and the lower-case letter. */
function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (letter) => `!${letter.toLowerCase()}`);
}

/** Number of trailing path components two paths share. */
function sharedSuffixLength(a: string[], b: string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[a.length - 1 - count] === b[b.length - 1 - count]) count++;
  return count;
}

/**
 * The local file for `profilePath`, trying in order:
 * 0. a folder the user picked for paths with the same leading components (longest prefix first);
 * 1. a workspace module whose path prefixes it (binaries built with -trimpath record
 *    `example.com/mod/pkg/file.go`);
 * 2. the workspace file sharing the longest path suffix with it, when that suffix is the file's
 *    whole path inside its workspace folder or at least a directory plus the file name (a lone
 *    `main.go` elsewhere in the workspace is not evidence enough);
 * 3. the recorded path itself, when it exists here inside a workspace folder, the Go root or the
 *    module cache (profiled on this machine);
 * 4. the Go root, for standard-library frames (`/usr/local/go/src/runtime/proc.go` or `runtime/proc.go`);
 * 5. the module cache, for dependencies (`/home/ci/go/pkg/mod/example.com/x@v1.2.0/x.go`, or
 *    `example.com/x@v1.2.0/x.go` from -trimpath);
 * 6. the recorded absolute path outside those folders, as 'outside-roots' (the caller asks first).
 * No candidate leaves the folder it is built in through `..` segments.
 */
export async function findSourceFile(profilePath: string, lookup: SourceLookup): Promise<SourceMatch | undefined> {
  const normalized = profilePath.replace(/\\/g, '/');
  const parts = components(normalized);
  if (parts.length === 0) return undefined;

  const collapsed = (normalized.startsWith('/') ? '/' : '') + parts.join('/');
  const picked = [...(lookup.sourceFolders ?? [])].sort((a, b) => b.recordedPrefix.length - a.recordedPrefix.length);
  for (const mapping of picked) {
    const rest = pathAfterPrefix(collapsed, mapping.recordedPrefix);
    if (rest === undefined) continue;
    const candidate = await fileUnder(mapping.localFolder, rest, lookup);
    if (candidate) return { path: candidate, kind: 'picked-folder' };
  }

  const modules = [...lookup.modules].sort((a, b) => b.modulePath.length - a.modulePath.length);
  for (const module of modules) {
    const prefix = `${module.modulePath}/`;
    if (normalized.startsWith(prefix)) {
      const candidate = await fileUnder(module.directory, normalized.slice(prefix.length), lookup);
      if (candidate) return { path: candidate, kind: 'module' };
    }
  }

  let best: { file: WorkspaceFile; shared: number; relativeLength: number } | undefined;
  for (const file of lookup.workspaceFiles) {
    const relative = components(file.path.slice(file.root.length));
    const shared = sharedSuffixLength(parts, relative);
    const convincing = shared === relative.length || shared >= 2;
    if (shared === 0 || !convincing) continue;
    if (!best || shared > best.shared || (shared === best.shared && relative.length < best.relativeLength)) {
      best = { file, shared, relativeLength: relative.length };
    }
  }
  if (best) return { path: best.file.path, kind: 'workspace-suffix' };

  const absolute = normalized.startsWith('/') ? normalizePath(normalized) : undefined;
  const roots = trustedRoots(lookup);
  if (absolute && roots.some((root) => isInside(absolute, root)) && (await lookup.exists(absolute))) return { path: absolute, kind: 'same-path' };

  if (lookup.goRoot) {
    // The part after a `src/` folder of the build machine's GOROOT, innermost first; a relative
    // (-trimpath) standard-library path is already relative to GOROOT/src.
    const relativeCandidates: string[] = [];
    for (let i = parts.length - 2; i >= 0; i--) {
      if (parts[i] === 'src') relativeCandidates.push(parts.slice(i + 1).join('/'));
    }
    if (!normalized.startsWith('/')) relativeCandidates.push(parts.join('/'));
    for (const relative of relativeCandidates) {
      const candidate = await fileUnder(join(lookup.goRoot, 'src'), relative, lookup);
      if (candidate) return { path: candidate, kind: 'goroot' };
    }
  }

  if (lookup.goModCache) {
    // `module@version/dir/file.go`: after the build machine's `pkg/mod/`, or the whole -trimpath path.
    const versioned = parts.findIndex((part) => /@v\d/.test(part));
    if (versioned >= 0) {
      const cacheStart = parts.findIndex((part, i) => part === 'mod' && i > 0 && parts[i - 1] === 'pkg' && i < versioned);
      const relative = parts.slice(cacheStart >= 0 ? cacheStart + 1 : 0).join('/');
      for (const spelling of new Set([relative, escapeModulePath(relative)])) {
        const candidate = await fileUnder(lookup.goModCache, spelling, lookup);
        if (candidate) return { path: candidate, kind: 'module-cache' };
      }
    }
  }

  if (absolute && (await lookup.exists(absolute))) return { path: absolute, kind: 'outside-roots' };
  return undefined;
}

/** The file name VS Code should search for to build `workspaceFiles`. */
export function baseNameOf(profilePath: string): string {
  const parts = components(profilePath);
  return parts[parts.length - 1] ?? '';
}

/** What follows `prefix` (whole leading components) in path, or undefined when path does not start with it. */
function pathAfterPrefix(path: string, prefix: string): string | undefined {
  if (prefix === '') return path;
  if (path === prefix) return undefined;
  return path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) ? path.slice(prefix.replace(/\/+$/, '').length + 1) : undefined;
}

/**
 * The mapping a folder the user picked gives for `profilePath`: the longest trailing part of the
 * recorded path that names a regular file inside the folder decides which leading components the
 * folder stands for. `/build/app/pkg/x.go` with `/home/me/app` holding `pkg/x.go` maps `/build/app`
 * to `/home/me/app`, so the profile's other files under `/build/app` open from there too.
 * Undefined when no trailing part of the path is a file in the folder.
 */
export async function sourceFolderMapping(
  profilePath: string,
  pickedFolder: string,
  exists: (path: string) => Promise<boolean>,
): Promise<{ mapping: SourceFolderMapping; path: string } | undefined> {
  const normalized = profilePath.replace(/\\/g, '/');
  const parts = components(normalized);
  const folder = normalizePath(pickedFolder);
  for (let start = 0; start < parts.length; start++) {
    if (parts.slice(start).includes('..')) continue;
    const candidate = normalizePath(join(folder, parts.slice(start).join('/')));
    if (!isInside(candidate, folder) || !(await exists(candidate))) continue;
    const leading = parts.slice(0, start).join('/');
    const recordedPrefix = normalized.startsWith('/') && leading !== '' ? `/${leading}` : leading;
    return { mapping: { recordedPrefix, localFolder: folder }, path: candidate };
  }
  return undefined;
}

/** The remembered mappings with `mapping` added (replacing one for the same recorded prefix), newest first. */
export function rememberSourceFolder(mappings: readonly SourceFolderMapping[], mapping: SourceFolderMapping, limit = 50): SourceFolderMapping[] {
  return [mapping, ...mappings.filter((known) => known.recordedPrefix !== mapping.recordedPrefix)].slice(0, limit);
}
