// "The active profile": the one whose figures the editor shows on source lines. It is the last
// focused profile viewer (with its sample type and, when it compares, its base), the profile
// picked with "gomem: Show Profile in Editor", or the heap watch's series (its growth); "gomem:
// Hide Profile in Editor" clears it. Its line figures are computed in a worker and cached per file
// version, so going back to a viewer already seen shows its figures at once.
import * as path from 'path';
import * as vscode from 'vscode';
import { DEFAULT_MAX_MEMORY_MEGABYTES } from '../../core/pprof/budget';
import type { LineFigures } from '../../core/pprof/lineFigures';
import { figuresInWorker, FiguresReply } from './lineFiguresClient';

/** What other parts of the extension (the language server's evidence) learn about the active profile. */
export interface ActiveProfileInfo {
  /** The profile file. */
  uri: vscode.Uri;
  sampleIndex: number;
  /** pprof's name of the sample type, e.g. "inuse_space". */
  sampleType: string;
  unit: string;
  /** Compare mode's base, or a watch's first snapshot: the figures are then differences. */
  baseUri?: vscode.Uri;
  /** How it became active. */
  origin: 'viewer' | 'command' | 'watch';
}

/** The active profile with its figures, for the editor. */
export interface ActiveProfileState extends ActiveProfileInfo {
  figures: LineFigures;
  /** When the profile was taken (its own time, else the file's modification time), ms since the epoch. */
  takenAtMs: number | undefined;
  /** Bumped on every change: caches keyed by it are stale once it moves on. */
  generation: number;
}

export interface ActiveProfileRequest {
  uri: vscode.Uri;
  baseUri?: vscode.Uri;
  /** Sample type by pprof name; the profile's default when absent or unknown. */
  sampleType?: string;
  origin: ActiveProfileInfo['origin'];
}

const MAX_INFLATED_SETTING = 'profile.maxInflatedMegabytes';
const MAX_MEMORY_SETTING = 'profile.maxMemoryMegabytes';
/** Decoded figures kept for profiles seen lately (a few megabytes each for a large profile). */
const CACHED_PROFILES = 4;

function numberSetting(name: string, fallback: number): number {
  const value = vscode.workspace.getConfiguration('gomem').get<number>(name, fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export class ActiveProfileService implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ActiveProfileInfo | undefined>();
  /** Fires when the active profile, its sample type or its base changes, and with undefined when it is cleared. */
  readonly onDidChangeActiveProfile = this.emitter.event;
  private active: ActiveProfileState | undefined;
  private request: ActiveProfileRequest | undefined;
  private generation = 0;
  private workerFile = '';
  private log: ((line: string) => void) | undefined;
  private readonly cache = new Map<string, Promise<FiguresReply>>();

  /** Called once at activation: where the worker's bundle is and where to log. */
  configure(workerFile: string, log: (line: string) => void): void {
    this.workerFile = workerFile;
    this.log = log;
  }

  current(): ActiveProfileInfo | undefined {
    if (!this.active) return undefined;
    const { figures: _figures, takenAtMs: _takenAtMs, generation: _generation, ...info } = this.active;
    return info;
  }

  state(): ActiveProfileState | undefined {
    return this.active;
  }

  /** The request being shown or loaded (the viewer's profile before its figures are ready). */
  pending(): ActiveProfileRequest | undefined {
    return this.request;
  }

  /**
   * Makes a profile the active one. Resolves to undefined once its figures are shown, or to one
   * sentence saying why they cannot be (the previous profile then stays active).
   */
  async show(request: ActiveProfileRequest): Promise<string | undefined> {
    const same =
      this.request &&
      this.request.uri.toString() === request.uri.toString() &&
      this.request.baseUri?.toString() === request.baseUri?.toString() &&
      (request.sampleType === undefined || this.request.sampleType === request.sampleType);
    if (same && this.active) return undefined;
    this.request = request;
    const generation = ++this.generation;
    let reply: FiguresReply;
    let takenAtMs: number | undefined;
    try {
      const [profileStat, baseStat] = await Promise.all([vscode.workspace.fs.stat(request.uri), request.baseUri ? vscode.workspace.fs.stat(request.baseUri) : undefined]);
      takenAtMs = profileStat.mtime;
      const key = [request.uri.toString(), profileStat.mtime, profileStat.size, request.baseUri?.toString() ?? '', baseStat?.mtime ?? 0, baseStat?.size ?? 0].join('\n');
      let pending = this.cache.get(key);
      if (!pending) {
        pending = this.compute(request);
        this.cache.set(key, pending);
        while (this.cache.size > CACHED_PROFILES) this.cache.delete(this.cache.keys().next().value as string);
      }
      reply = await pending;
      if (!reply.ok) this.cache.delete(key);
    } catch (error) {
      reply = { ok: false, message: error instanceof vscode.FileSystemError ? `The profile could not be read (${error.code || error.message}).` : String(error), internal: false };
    }
    if (generation !== this.generation) return undefined;
    if (!reply.ok) {
      this.request = this.active;
      const name = path.basename(request.uri.fsPath);
      this.log?.(`${name}: no line figures: ${reply.message}`);
      return reply.internal ? `gomem could not show ${name} in the editor because of an internal error (${reply.message}).` : reply.message;
    }
    const { figures } = reply;
    const named = figures.sampleTypes.findIndex((type) => type.type === request.sampleType);
    const sampleIndex = named >= 0 ? named : figures.defaultSampleIndex;
    this.active = {
      uri: request.uri,
      baseUri: request.baseUri,
      origin: request.origin,
      sampleIndex,
      sampleType: figures.sampleTypes[sampleIndex]?.type ?? '',
      unit: figures.sampleTypes[sampleIndex]?.unit ?? '',
      figures,
      takenAtMs: figures.timeMs ?? takenAtMs,
      generation,
    };
    this.emitter.fire(this.current());
    return undefined;
  }

  /** Switches the sample type of the active profile (the viewer's selector changed). */
  setSampleType(uri: vscode.Uri, sampleType: string): void {
    const active = this.active;
    if (!active || active.uri.toString() !== uri.toString() || active.sampleType === sampleType) return;
    const index = active.figures.sampleTypes.findIndex((type) => type.type === sampleType);
    if (index < 0) return;
    this.active = { ...active, sampleIndex: index, sampleType, unit: active.figures.sampleTypes[index].unit, generation: ++this.generation };
    if (this.request) this.request = { ...this.request, sampleType };
    this.emitter.fire(this.current());
  }

  hide(): void {
    this.generation++;
    this.request = undefined;
    if (!this.active) return;
    this.active = undefined;
    this.emitter.fire(undefined);
  }

  private async compute(request: ActiveProfileRequest): Promise<FiguresReply> {
    const [bytes, baseBytes] = await Promise.all([vscode.workspace.fs.readFile(request.uri), request.baseUri ? vscode.workspace.fs.readFile(request.baseUri) : undefined]);
    const limit = numberSetting(MAX_INFLATED_SETTING, 512) * 1024 * 1024;
    if (bytes.length > limit || (baseBytes?.length ?? 0) > limit) {
      return { ok: false, message: `The profile is larger than the ${Math.round(limit / 1048576)} MB limit set by gomem.profile.maxInflatedMegabytes.`, internal: false };
    }
    const reply = await figuresInWorker(this.workerFile, { bytes, baseBytes, maxInflatedBytes: Math.floor(limit), maxMemoryMegabytes: numberSetting(MAX_MEMORY_SETTING, DEFAULT_MAX_MEMORY_MEGABYTES) });
    if (reply.ok) this.log?.(`[measurement] ${path.basename(request.uri.fsPath)}: line figures computed in the worker in ${reply.milliseconds.toFixed(0)} ms`);
    return reply;
  }

  dispose(): void {
    this.emitter.dispose();
    this.cache.clear();
  }
}

/** The one active-profile service of the extension. */
export const activeProfile = new ActiveProfileService();
