// `gomem lint --profile FILE`: each finding the profile proves costly gets its evidence, and
// those findings come first, largest first. Profiles are read before the lint, so a bad one
// stops the run with one sentence instead of after minutes of linting.
import * as fs from 'fs';
import * as path from 'path';
import { buildEvidenceIndex, declaredFunctions, Evidence, EvidenceIndex, firstEvidence, functionAtLine, isRegularFile, matchLocalFiles, modulesOf, ProfileEvidence } from '../core/evidence';
import { readGoFile } from '../core/fileAccess';
import { GoLanguage, MAX_PARSE_CHARACTERS } from '../core/parser';
import { DEFAULT_MAX_MEMORY_MEGABYTES, MemoryBudget, ProfileError } from '../core/pprof';
import { DEFAULT_MAX_INFLATED_BYTES, loadFlatProfile } from '../core/pprof/node';
import type { FileReport } from './lintOutput';
import { readProfileFile } from './profileCommand';

export interface ProfileReadLimits {
  maxInflatedBytes?: number;
  maxMemoryMegabytes?: number;
}

export interface LoadedProfile {
  /** As given on the command line. */
  file: string;
  index: EvidenceIndex;
}

/** A profile gomem could not use: exit code 2 with this one sentence. */
export class EvidenceProfileError extends Error {}

/**
 * Reads and indexes each profile for its default sample type (heap: inuse_space, allocs:
 * alloc_space), within the memory budget `gomem profile top` uses. Each profile is dropped once
 * indexed, so several large ones do not add up.
 */
export function loadEvidenceProfiles(files: readonly string[], limits: ProfileReadLimits = {}): LoadedProfile[] {
  const maxInflatedBytes = limits.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  return files.map((file) => {
    try {
      const budget = MemoryBudget.ofMegabytes(limits.maxMemoryMegabytes ?? DEFAULT_MAX_MEMORY_MEGABYTES, '--max-memory-mb');
      const bytes = readProfileFile(file, maxInflatedBytes);
      const flat = (() => {
        try {
          return loadFlatProfile(bytes, { maxInflatedBytes, inflatedHint: '--max-inflated-mb', budget });
        } catch (error) {
          // The reader's sentences name the file; the decoder's do not.
          if (error instanceof ProfileError) throw new ProfileError(`${file}: ${error.message}`);
          throw error;
        }
      })();
      return { file, index: buildEvidenceIndex(flat, flat.defaultSampleIndex) };
    } catch (error) {
      if (error instanceof ProfileError) throw new EvidenceProfileError(error.message);
      throw new EvidenceProfileError(`${file}: gomem could not read this profile (${(error as Error).message ?? String(error)}).`);
    }
  });
}

/**
 * The reports with each finding's evidence, one finding per report, in the order the CLI prints
 * them: findings with evidence first (by the profile that proved them, in the order given, then by
 * value, largest first), then the others in their usual order.
 */
export async function withEvidence(reports: readonly FileReport[], profiles: readonly LoadedProfile[], roots: readonly string[]): Promise<FileReport[]> {
  const files = reports.map((report) => report.file);
  const view = {
    folders: roots.map((root) => {
      const absolute = path.resolve(root);
      return fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? absolute : path.dirname(absolute);
    }),
    files,
    modules: modulesOf(files),
    exists: isRegularFile,
  };
  const evidenceProfiles: ProfileEvidence[] = [];
  for (const profile of profiles) evidenceProfiles.push({ profile: profile.file, index: profile.index, localFiles: await matchLocalFiles(profile.index, view) });
  const proved = new Set(evidenceProfiles.flatMap((profile) => [...profile.localFiles.keys()]));

  const language = proved.size ? await GoLanguage.load() : undefined;
  const entries: { report: FileReport; evidence?: Evidence; order: number }[] = [];
  for (const report of reports) {
    // Only files some profile covers are parsed again, for the declarations around the findings.
    const functions = language && proved.has(report.file) ? declarationsOf(language, report.file) : [];
    for (const finding of report.findings) {
      const line = finding.range.start.line + 1;
      const evidence = firstEvidence({ file: report.file, line, function: functionAtLine(functions, line)?.name }, evidenceProfiles);
      entries.push({ report: { file: report.file, findings: [finding], ...(evidence ? { evidence: [evidence] } : {}) }, evidence, order: entries.length });
    }
  }
  const profileOrder = new Map(profiles.map((profile, index) => [profile.file, index]));
  const rank = (evidence: Evidence | undefined) => (evidence ? profileOrder.get(evidence.profile)! : Infinity);
  entries.sort((a, b) => rank(a.evidence) - rank(b.evidence) || (b.evidence?.value ?? 0) - (a.evidence?.value ?? 0) || a.order - b.order);
  return entries.map((entry) => entry.report);
}

function declarationsOf(language: GoLanguage, file: string) {
  let text: string;
  try {
    // It was just linted, so it is a regular file the parser takes; read as safely all the same.
    text = readGoFile(file, MAX_PARSE_CHARACTERS * 4);
  } catch {
    return [];
  }
  const tree = language.parse(text);
  try {
    return declaredFunctions(tree);
  } finally {
    tree.delete();
  }
}
