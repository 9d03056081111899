// Maps a source path recorded in a profile (usually an absolute path on the machine that built the
// binary) to a file on this machine. Pure logic over an injected file view so it is unit-tested
// without VS Code; profileViewer.ts supplies the workspace, go.mod files and the Go root.

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
  modules: WorkspaceModule[];
  /** GOROOT (`go env GOROOT`, else a usual install folder), undefined when none is known. */
  goRoot: string | undefined;
  exists(path: string): Promise<boolean>;
}

export type SourceMatchKind = 'module' | 'workspace-suffix' | 'same-path' | 'goroot';

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

/** Number of trailing path components two paths share. */
function sharedSuffixLength(a: string[], b: string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[a.length - 1 - count] === b[b.length - 1 - count]) count++;
  return count;
}

/**
 * The local file for `profilePath`, trying in order:
 * 1. a workspace module whose path prefixes it (binaries built with -trimpath record
 *    `example.com/mod/pkg/file.go`);
 * 2. the workspace file sharing the longest path suffix with it, when that suffix is the file's
 *    whole path inside its workspace folder or at least a directory plus the file name (a lone
 *    `main.go` elsewhere in the workspace is not evidence enough);
 * 3. the recorded path itself, when it exists here (profiled on this machine);
 * 4. the Go root, for standard-library frames (`/usr/local/go/src/runtime/proc.go` or `runtime/proc.go`).
 */
export async function findSourceFile(profilePath: string, lookup: SourceLookup): Promise<SourceMatch | undefined> {
  const normalized = profilePath.replace(/\\/g, '/');
  const parts = components(normalized);
  if (parts.length === 0) return undefined;

  const modules = [...lookup.modules].sort((a, b) => b.modulePath.length - a.modulePath.length);
  for (const module of modules) {
    const prefix = `${module.modulePath}/`;
    if (normalized.startsWith(prefix)) {
      const candidate = join(module.directory, normalized.slice(prefix.length));
      if (await lookup.exists(candidate)) return { path: candidate, kind: 'module' };
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

  if (normalized.startsWith('/') && (await lookup.exists(normalized))) return { path: normalized, kind: 'same-path' };

  if (lookup.goRoot) {
    // The part after a `src/` folder of the build machine's GOROOT, innermost first; a relative
    // (-trimpath) standard-library path is already relative to GOROOT/src.
    const relativeCandidates: string[] = [];
    for (let i = parts.length - 2; i >= 0; i--) {
      if (parts[i] === 'src') relativeCandidates.push(parts.slice(i + 1).join('/'));
    }
    if (!normalized.startsWith('/')) relativeCandidates.push(parts.join('/'));
    for (const relative of relativeCandidates) {
      const candidate = join(join(lookup.goRoot, 'src'), relative);
      if (await lookup.exists(candidate)) return { path: candidate, kind: 'goroot' };
    }
  }
  return undefined;
}

/** The file name VS Code should search for to build `workspaceFiles`. */
export function baseNameOf(profilePath: string): string {
  const parts = components(profilePath);
  return parts[parts.length - 1] ?? '';
}
