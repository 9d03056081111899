// The active profile's evidence in the language server: the client names the profile
// (ACTIVE_PROFILE_NOTIFICATION), a worker decodes it into an evidence index (cached per file,
// modification time and sample type), and diagnostics ask for their finding's evidence
// synchronously. A file whose match to the profile's files is not known yet gets none for now
// and is re-published once it is, so no lint ever waits for a profile.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Worker } from 'worker_threads';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { Evidence, evidenceFor, EvidenceIndex, evidenceQuantity, FindingPlace, isRegularFile, matchLocalFiles, messageWithEvidence, modulesOf } from '../core/evidence';
import type { GoModuleResolver } from '../core/gomod';
import type { ActiveProfileParams } from './protocol';
import type { EvidenceJob, EvidenceJobResult } from './evidenceWorker';

/** Indexes kept for profiles switched between (each is a few maps of the profile's lines). */
const CACHED_INDEXES = 4;

interface ActiveProfile {
  path: string;
  index: EvidenceIndex;
  /** Local file -> the profile's recorded files that are it ([] when none). */
  matches: Map<string, string[]>;
}

export interface ProfileEvidenceHost {
  workspaceFolders(): string[];
  modules: GoModuleResolver;
  /** Evidence changed for these files (all files when undefined): publish their diagnostics again. */
  republish(files?: ReadonlySet<string>): void;
  log(message: string): void;
  warn(message: string): void;
}

export class ProfileEvidence {
  private active: ActiveProfile | undefined;
  /** The latest request; a result for an older one is dropped. */
  private requested: { path: string; sampleType?: string } | undefined;
  private worker: Worker | undefined;
  private readonly indexes = new Map<string, EvidenceIndex>();
  private readonly matching = new Set<string>();

  constructor(
    private readonly host: ProfileEvidenceHost,
    private readonly workerScript = path.join(__dirname, 'evidenceWorker.js'),
  ) {}

  /** Follows the client's notification: a new active profile (decoded off this thread), or none. */
  async setActive(params: ActiveProfileParams): Promise<void> {
    const profilePath = typeof params?.path === 'string' && params.path !== '' ? path.resolve(params.path) : undefined;
    const sampleType = typeof params?.sampleType === 'string' && params.sampleType !== '' ? params.sampleType : undefined;
    if (!profilePath) {
      this.requested = undefined;
      this.stopWorker();
      if (this.active) {
        this.active = undefined;
        this.host.republish();
      }
      return;
    }
    const request = { path: profilePath, sampleType };
    this.requested = request;
    let key: string;
    try {
      const stat = await fs.promises.stat(profilePath);
      key = `${profilePath}\n${stat.mtimeMs}\n${stat.size}\n${sampleType ?? ''}`;
    } catch {
      return this.fail(request, `${profilePath} does not exist.`);
    }
    if (this.requested !== request) return;
    const cached = this.indexes.get(key);
    const index = cached ?? (await this.decode(request));
    if (!index || this.requested !== request) return;
    if (!cached) {
      this.indexes.set(key, index);
      while (this.indexes.size > CACHED_INDEXES) this.indexes.delete(this.indexes.keys().next().value!);
    }
    this.active = { path: profilePath, index, matches: new Map() };
    this.host.log(`gomem: findings now carry the evidence of ${profilePath} (${index.sampleType.type}).`);
    this.host.republish();
  }

  /** The active profile's evidence for a finding; undefined when none, or while its file is being matched. */
  evidenceFor(place: FindingPlace): Evidence | undefined {
    const active = this.active;
    if (!active) return undefined;
    const recorded = active.matches.get(place.file);
    if (!recorded) {
      this.match(active, place.file);
      return undefined;
    }
    if (recorded.length === 0) return undefined;
    return evidenceFor(place, { profile: active.path, index: active.index, localFiles: new Map([[place.file, recorded]]) });
  }

  /** The diagnostic with the evidence clause and a related location on the profile, or as it was. */
  withEvidence(diagnostic: Diagnostic, place: FindingPlace | undefined): Diagnostic {
    const evidence = place && this.evidenceFor(place);
    if (!evidence) return diagnostic;
    const where = evidence.scope === 'line' ? `on line ${place.line}` : `under ${place.function}`;
    const related: DiagnosticRelatedInformation = {
      location: { uri: pathToFileURL(evidence.profile).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      message: `${path.basename(evidence.profile)} (${evidence.sampleType}): ${evidenceQuantity(evidence)} ${where}; open it in the gomem profile viewer`,
    };
    return { ...diagnostic, message: messageWithEvidence(diagnostic.message, evidence), relatedInformation: [...(diagnostic.relatedInformation ?? []), related] };
  }

  dispose(): void {
    this.stopWorker();
  }

  private match(active: ActiveProfile, file: string): void {
    if (this.matching.has(file)) return;
    this.matching.add(file);
    const files = [file];
    matchLocalFiles(active.index, { folders: this.host.workspaceFolders(), files, modules: modulesOf(files, this.host.modules), exists: isRegularFile })
      .then(
        (matches) => {
          if (this.active !== active) return;
          const recorded = matches.get(file) ?? [];
          active.matches.set(file, recorded);
          if (recorded.length) this.host.republish(new Set([file]));
        },
        (error: Error) => this.host.warn(`gomem could not match ${file} to the profile's files: ${error?.message ?? error}`),
      )
      .finally(() => this.matching.delete(file));
  }

  private decode(request: { path: string; sampleType?: string }): Promise<EvidenceIndex | undefined> {
    this.stopWorker();
    return new Promise((resolve) => {
      const worker = new Worker(this.workerScript);
      this.worker = worker;
      const finish = (index: EvidenceIndex | undefined) => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        resolve(index);
      };
      worker.once('message', (result: EvidenceJobResult) => {
        if ('error' in result) {
          this.fail(request, result.error);
          finish(undefined);
        } else finish(result.index);
      });
      worker.once('error', (error) => {
        this.fail(request, `${request.path}: gomem could not read this profile (${error.message}).`);
        finish(undefined);
      });
      // terminate() by a newer request ends it with an exit and no message.
      worker.once('exit', () => finish(undefined));
      worker.postMessage({ path: request.path, sampleType: request.sampleType } satisfies EvidenceJob);
    });
  }

  private fail(request: { path: string } | undefined, message: string): void {
    if (this.requested !== request) return;
    this.host.warn(`gomem shows no profile evidence: ${message}`);
    if (this.active) {
      this.active = undefined;
      this.host.republish();
    }
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
