// Evidence for a finding: the memory (or time, or goroutines) a profile attributes to the
// finding's line, else to the function around it, and the clause that says so. The profile's
// files are matched to local files the way the viewer's jump-to-source matches them.
import * as fs from 'fs';
import * as path from 'path';
import { GoModuleResolver } from '../gomod';
import { formatValue } from '../pprof/format';
import { baseNameOf, findSourceFile, SourceLookup, WorkspaceModule } from '../pprof/sourceMap';
import { EvidenceIndex, lineKeyOf, ProfileKind } from './profileIndex';

/** Where a finding is: its file, its first line, and the function declared around it. */
export interface FindingPlace {
  /** Absolute local path. */
  file: string;
  /** 1-based line the finding starts on. */
  line: number;
  /** The enclosing declaration as declaredFunctions names it (`(*T).M`), if any. */
  function?: string;
}

export interface Evidence {
  /** The profile file, as the user named it. */
  profile: string;
  kind: ProfileKind;
  sampleType: string;
  unit: string;
  /** In the sample type's unit, as the profile records it. */
  value: number;
  /** 'line' when the finding's own line carries the value, 'function' when only its function does. */
  scope: 'line' | 'function';
}

/** A decoded profile ready for evidence: its index and the local files its recorded files are. */
export interface ProfileEvidence {
  profile: string;
  index: EvidenceIndex;
  /** Local file -> the recorded files of the profile that are it. */
  localFiles: Map<string, string[]>;
}

/** What a profile's recorded paths may be matched against (see SourceLookup). */
export interface LocalFileView {
  /** Absolute paths of the folders being looked at (workspace folders, the CLI's arguments). */
  folders: string[];
  /** The local files findings can be in (the ones that matter). */
  files: string[];
  modules: WorkspaceModule[];
  exists(file: string): Promise<boolean>;
}

const slashed = (file: string) => file.replace(/\\/g, '/');

/**
 * Matches the index's recorded files to `view.files`: a recorded file maps to a local one when
 * findSourceFile, given the local files of that base name, picks it. A module path recorded by
 * -trimpath (`example.com/app/main.go`) never maps to a file of another module.
 */
export async function matchLocalFiles(index: EvidenceIndex, view: LocalFileView): Promise<Map<string, string[]>> {
  const byBaseName = new Map<string, string[]>();
  for (const file of view.files) {
    const base = path.basename(file);
    byBaseName.set(base, [...(byBaseName.get(base) ?? []), file]);
  }
  const folders = view.folders.map(slashed);
  const rootOf = (file: string) => folders.filter((folder) => file === folder || file.startsWith(folder.endsWith('/') ? folder : `${folder}/`)).sort((a, b) => b.length - a.length)[0] ?? path.posix.dirname(file);
  const recorded = new Set([...index.lines.keys(), ...index.functions.keys()]);
  const matched = new Map<string, string[]>();
  for (const file of recorded) {
    const candidates = byBaseName.get(baseNameOf(file));
    if (!candidates) continue;
    const lookup: SourceLookup = {
      workspaceFiles: candidates.map((candidate) => ({ path: slashed(candidate), root: rootOf(slashed(candidate)) })),
      workspaceFolders: folders,
      modules: view.modules,
      goRoot: undefined,
      exists: view.exists,
    };
    const match = await findSourceFile(file, lookup);
    if (!match || match.kind === 'outside-roots') continue;
    const local = candidates.find((candidate) => slashed(candidate) === match.path);
    if (!local || !sameModule(file, slashed(local), view.modules)) continue;
    matched.set(local, [...(matched.get(local) ?? []), file]);
  }
  return matched;
}

/** False when `recorded` is a -trimpath module path and the local file's module is another one. */
function sameModule(recorded: string, local: string, modules: readonly WorkspaceModule[]): boolean {
  const recordedPath = slashed(recorded);
  if (recordedPath.startsWith('/') || /^[A-Za-z]:\//.test(recordedPath)) return true;
  // A relative path whose first element has a dot is a module path (`example.com/...`); others
  // (`main.go`, a standard-library `runtime/proc.go`) say nothing about their module.
  const parts = recordedPath.split('/');
  if (parts.length < 2 || !parts[0].includes('.')) return true;
  const module = modules
    .filter((candidate) => local.startsWith(`${candidate.directory.replace(/\/+$/, '')}/`))
    .sort((a, b) => b.directory.length - a.directory.length)[0];
  return !module || recordedPath.startsWith(`${module.modulePath}/`);
}

/** The profile's evidence for a finding: its line's value if any, else its function's, else undefined. */
export function evidenceFor(place: FindingPlace, profile: ProfileEvidence): Evidence | undefined {
  const recorded = profile.localFiles.get(place.file);
  if (!recorded) return undefined;
  const { index } = profile;
  const sum = (valueOf: (file: string) => number | undefined) => recorded.reduce((total, file) => total + (valueOf(file) ?? 0), 0);
  const make = (value: number, scope: Evidence['scope']): Evidence => ({ profile: profile.profile, kind: index.kind, sampleType: index.sampleType.type, unit: index.sampleType.unit, value, scope });
  const onLine = sum((file) => {
    const byLine = index.lines.get(file);
    if (!byLine) return 0;
    if (place.function !== undefined) return byLine.get(lineKeyOf(place.line, place.function));
    // Outside any declaration (a package-level initializer): whatever runs on that line.
    const prefix = lineKeyOf(place.line, '');
    let total = 0;
    for (const [key, value] of byLine) if (key.startsWith(prefix)) total += value;
    return total;
  });
  if (onLine > 0) return make(onLine, 'line');
  if (place.function) {
    const underFunction = sum((file) => index.functions.get(file)?.get(place.function!));
    if (underFunction > 0) return make(underFunction, 'function');
  }
  return undefined;
}

/** The first profile (in the order given) with evidence for the finding. */
export function firstEvidence(place: FindingPlace, profiles: readonly ProfileEvidence[]): Evidence | undefined {
  for (const profile of profiles) {
    const evidence = evidenceFor(place, profile);
    if (evidence) return evidence;
  }
  return undefined;
}

const PROFILE_NAMES: Record<ProfileKind, string> = {
  heap: 'the heap profile',
  allocs: 'the allocs profile',
  CPU: 'the CPU profile',
  goroutine: 'the goroutine profile',
  contention: 'the contention profile',
  threadcreate: 'the threadcreate profile',
  other: 'the profile',
};

function counted(value: number, one: string, many: string): string {
  const text = formatValue(value, 'count');
  return `${text} ${value === 1 ? one : many}`;
}

/** The figure with what it measures, numbers formatted as pprof prints them ("24MB in use"). */
export function evidenceQuantity(evidence: Pick<Evidence, 'sampleType' | 'unit' | 'value'>): string {
  const { value, unit } = evidence;
  switch (evidence.sampleType) {
    case 'inuse_space':
      return `${formatValue(value, unit)} in use`;
    case 'inuse_objects':
      return `${counted(value, 'object', 'objects')} in use`;
    case 'alloc_space':
      return `${formatValue(value, unit)} allocated`;
    case 'alloc_objects':
      return `${counted(value, 'object', 'objects')} allocated`;
    case 'cpu':
      return `${formatValue(value, unit)} of CPU time`;
    case 'samples':
      return counted(value, 'sample', 'samples');
    case 'goroutine':
    case 'goroutines':
      return counted(value, 'goroutine', 'goroutines');
    case 'contentions':
      return counted(value, 'contention', 'contentions');
    case 'delay':
      return `${formatValue(value, unit)} of delay`;
    case 'threadcreate':
      return counted(value, 'thread created', 'threads created');
    default:
      return `${formatValue(value, unit)} of ${evidence.sampleType}`;
  }
}

/** "the heap profile shows 24MB in use under this function". */
export function evidenceClause(evidence: Evidence): string {
  return `${PROFILE_NAMES[evidence.kind]} shows ${evidenceQuantity(evidence)} ${evidence.scope === 'line' ? 'on this line' : 'under this function'}`;
}

/** The finding's message with the evidence clause as its last clause. */
export function messageWithEvidence(message: string, evidence: Evidence): string {
  return `${message.replace(/[.\s]+$/, '')}; ${evidenceClause(evidence)}.`;
}

/** The Go modules holding `files` (nearest go.mod of each), for LocalFileView.modules. */
export function modulesOf(files: readonly string[], resolver = new GoModuleResolver()): WorkspaceModule[] {
  const modules = new Map<string, WorkspaceModule>();
  for (const file of files) {
    const module = resolver.moduleFor(file);
    if (module.goModPath && module.modulePath) modules.set(module.goModPath, { modulePath: module.modulePath, directory: slashed(path.dirname(module.goModPath)) });
  }
  return [...modules.values()];
}

/** True when a regular file is at `file` (never a folder, device or FIFO). */
export async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}
