// The profile viewer's extension-host side: a read-only custom editor for pprof files. The host
// reads and decodes the file (gunzip with a size limit) in a worker, sends the webview the initial
// view and then, when asked, the model in binary form, and opens source files when the webview
// asks; all drawing, and aggregation past the initial view, is in the webview. In compare mode the
// host also decodes the base and sends it; the webview diffs the two as pprof -diff_base does.
import * as childProcess from 'child_process';
import * as vscode from 'vscode';
import { parseGoMod } from '../core/gomod';
import { DEFAULT_MAX_MEMORY_MEGABYTES } from '../core/pprof/budget';
import { incomparableReason } from '../core/pprof/diff';
import type { GoroutineReport } from '../core/pprof/goroutines';
import { sourceLines } from '../core/pprof/list';
import { HostToWebviewMessage, InitialView, WireProfile } from '../webview/protocol';
import { decodeInWorker } from './profileDecode';
import { validateWebviewMessage } from './profileMessages';
import { baseNameOf, findSourceFile, rememberSourceFolder, SourceFolderMapping, sourceFolderMapping, SourceLookup } from '../core/pprof/sourceMap';
import { isRegularFile } from './regularFile';
import { webviewOptions, webviewPage } from './webviewPage';

export const PROFILE_VIEW_TYPE = 'gomem.profileViewer';
/** The same editor offered through "Open With..." for files of any name (debug=1 text, no extension). */
export const ANY_FILE_VIEW_TYPE = 'gomem.profileViewer.anyFile';
export const OPEN_PROFILE_COMMAND = 'gomem.openProfile';
/** "Compare with...": registered by the leak hunt, which also offers the heap watch's snapshots as bases. */
export const COMPARE_COMMAND = 'gomem.compareWith';
/** A source file larger than this is shown in the source view without its text. */
const MAX_SOURCE_TEXT_BYTES = 8 * 1024 * 1024;
const MAX_INFLATED_SETTING = 'profile.maxInflatedMegabytes';
/** Workspace state: the folders picked for sources no lookup found (SourceFolderMapping[]). */
const SOURCE_FOLDERS_KEY = 'gomem.profile.sourceFolders';
const DEFAULT_MAX_INFLATED_MEGABYTES = 512;
const MAX_MEMORY_SETTING = 'profile.maxMemoryMegabytes';

type LoadResult = { wire: WireProfile; decodeMilliseconds: number } | { error: string };
type InitialResult = { view: InitialView; decodeMilliseconds: number } | { error: string };

/**
 * What a profile viewer shows, for services that follow it (line figures in the editor): the
 * profile, its sample type and, in compare mode, the base (figures are then NEW minus BASE, as
 * `go tool pprof -diff_base=base profile` counts them). `closed` is set once when the panel closes.
 */
export interface ProfileViewState {
  profile: vscode.Uri;
  sampleType: string;
  base?: vscode.Uri;
  closed?: boolean;
}

const viewStateEmitter = new vscode.EventEmitter<ProfileViewState>();
/** Fires when a viewer becomes active, changes sample type, starts or stops comparing, or closes. */
export const onDidChangeProfileViewState: vscode.Event<ProfileViewState> = viewStateEmitter.event;
let activeViewState: ProfileViewState | undefined;

/** The state of the profile viewer that was active last, while it is open. */
export function activeProfileViewState(): ProfileViewState | undefined {
  return activeViewState;
}

interface FunctionTable {
  names: string[];
  files: string[];
  lines: Int32Array | number[];
}

/** The base of a compare: its wire form for the webview, and the function table the diff has. */
interface CompareBase {
  uri: vscode.Uri;
  wire: WireProfile;
  /** NEW's functions, then the base's functions of names NEW lacks (diffProfile's order). */
  functions: FunctionTable;
}

/**
 * A profile as the host keeps it: the initial view, the flat form for the webview, and the
 * function table for jump-to-source. Decoding starts when the document is created and is awaited
 * only when the webview asks, so the webview loads while the worker decodes; the initial view
 * arrives before the flat form, and the webview paints it while the rest is on its way.
 */
class ProfileDocument implements vscode.CustomDocument {
  private functions: FunctionTable | undefined;
  /** Set while the viewer compares this profile with a base. */
  base: CompareBase | undefined;
  /** The sample type the viewer shows, by name ('' until the webview says). */
  sampleType = '';
  /** The profile's sample type names, once the initial view is known. */
  sampleTypes: string[] = [];
  /** The goroutine groups of a goroutine profile, for opening a group's lines. */
  goroutines: GoroutineReport | undefined;
  /** Whether a webview has taken openedAt (later ones are restored panels). */
  firstPaintMeasured = false;
  readonly initial: Promise<InitialResult>;
  readonly result: Promise<LoadResult>;

  constructor(
    readonly uri: vscode.Uri,
    load: (onInitialView: (view: InitialView, decodeMilliseconds: number) => void) => Promise<LoadResult>,
    /** Wall-clock time the open started, so the webview can report time to first paint. */
    readonly openedAt: number,
  ) {
    let resolveInitial!: (result: InitialResult) => void;
    this.initial = new Promise((resolve) => (resolveInitial = resolve));
    this.result = load((view, decodeMilliseconds) => {
      this.functions = { names: view.functionNames, files: view.functionFiles, lines: view.functionLines };
      this.goroutines = view.goroutines;
      this.sampleTypes = view.sampleTypes.map((type) => type.type);
      this.sampleType = view.sampleTypes[view.defaultSampleIndex]?.type ?? '';
      resolveInitial({ view, decodeMilliseconds });
    });
    // Without an initial view (the profile could not be read) the webview gets the same error.
    void this.result.then((result) => resolveInitial('error' in result ? result : { error: 'gomem could not prepare the view of this profile.' }));
  }

  /** openedAt for the first webview that shows this document, 0 for later ones (restored panels). */
  takeOpenedAt(): number {
    if (this.firstPaintMeasured) return 0;
    this.firstPaintMeasured = true;
    return this.openedAt;
  }

  /** The own function table, or in compare mode the diff's. */
  private get table(): FunctionTable | undefined {
    return this.base?.functions ?? this.functions;
  }

  get functionCount(): number {
    return this.table?.names.length ?? 0;
  }

  /** The function table of the diff of this profile against a base with these functions. */
  mergedFunctions(base: FunctionTable): FunctionTable {
    const own = this.functions ?? { names: [], files: [], lines: [] };
    const names = own.names.slice();
    const files = own.files.slice();
    const lines = Array.from(own.lines);
    const known = new Set(names);
    base.names.forEach((name, i) => {
      if (known.has(name)) return;
      known.add(name);
      names.push(name);
      files.push(base.files[i]);
      lines.push(base.lines[i]);
    });
    return { names, files, lines };
  }

  viewState(): ProfileViewState {
    return { profile: this.uri, sampleType: this.sampleType, base: this.base?.uri };
  }

  /** Name, recorded file and line to open of a function, for an index already validated. */
  functionAt(index: number): { name: string; file: string; line: number } | undefined {
    const functions = this.table;
    if (!functions || index < 0 || index >= functions.names.length) return undefined;
    return { name: functions.names[index], file: functions.files[index], line: functions.lines[index] };
  }

  dispose(): void {}
}

function maxInflatedBytes(): number {
  const configured = vscode.workspace.getConfiguration('gomem').get<number>(MAX_INFLATED_SETTING, DEFAULT_MAX_INFLATED_MEGABYTES);
  const megabytes = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_INFLATED_MEGABYTES;
  return Math.floor(megabytes * 1024 * 1024);
}

function maxMemoryMegabytes(): number {
  const configured = vscode.workspace.getConfiguration('gomem').get<number>(MAX_MEMORY_SETTING, DEFAULT_MAX_MEMORY_MEGABYTES);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_MEMORY_MEGABYTES;
}

/** Reads a profile and decodes it in a worker; every failure becomes one sentence for the panel. */
async function loadProfileDocument(
  uri: vscode.Uri,
  workerFile: string,
  log: vscode.OutputChannel,
  onInitialView: (view: InitialView, decodeMilliseconds: number) => void,
): Promise<LoadResult> {
  const limit = maxInflatedBytes();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > limit) {
      return { error: `The file is ${Math.round(stat.size / 1048576)} MB, more than the ${Math.round(limit / 1048576)} MB limit set by gomem.profile.maxInflatedMegabytes.` };
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    const result = await decodeInWorker(workerFile, { bytes, maxInflatedBytes: limit, maxMemoryMegabytes: maxMemoryMegabytes() }, onInitialView);
    if (!result.ok) {
      if (!result.internal) return { error: result.message };
      log.appendLine(`${uri.fsPath}: ${result.stack ?? result.message}`);
      return { error: `gomem could not read this profile because of an internal error (${result.message}); details are in the "gomem: Profile Viewer" output.` };
    }
    log.appendLine(`${uri.fsPath}: ${result.sampleCount} samples (same stacks merged), ${result.locationCount} locations, decoded in ${result.decodeMilliseconds.toFixed(0)} ms`);
    return { wire: result.wire, decodeMilliseconds: result.decodeMilliseconds };
  } catch (error) {
    if (error instanceof vscode.FileSystemError) return { error: `The file could not be read (${error.code || error.message}).` };
    log.appendLine(`${uri.fsPath}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return { error: `gomem could not read this profile because of an internal error (${error instanceof Error ? error.message : String(error)}).` };
  }
}

/** The page: static markup only; every profile string arrives later by message and is set as text. */
function viewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    script: 'profileViewer.js',
    styles: ['profileViewer.css', 'goroutines.css'],
    title: 'Profile',
    body: '<main id="viewer" aria-busy="true">\n  <p id="status" role="status">Reading the profile…</p>\n</main>',
  });
}

interface GoEnvironment {
  goRoot: string | undefined;
  goModCache: string | undefined;
}

let goEnvironmentPromise: Promise<GoEnvironment> | undefined;

/** GOROOT and GOMODCACHE from `go env` (GOROOT else the usual install folders); asked once per session. */
function goEnvironment(): Promise<GoEnvironment> {
  goEnvironmentPromise ??= new Promise<string[]>((resolve) => {
    childProcess.execFile('go', ['env', 'GOROOT', 'GOMODCACHE'], { timeout: 5000, env: { ...process.env, GOTOOLCHAIN: 'local' } }, (error, stdout) => {
      resolve(error ? [] : stdout.split('\n').map((line) => line.trim()));
    });
  }).then(async ([fromGo, goModCache]) => {
    let goRoot = fromGo || undefined;
    for (const candidate of ['/usr/local/go', '/usr/lib/go']) {
      if (goRoot) break;
      if (await pathExists(candidate)) goRoot = candidate;
    }
    return { goRoot, goModCache: goModCache || undefined };
  });
  return goEnvironmentPromise;
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(path));
    return true;
  } catch {
    return false;
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[[\]{}*?!,]/g, (character) => `[${character}]`);
}

/** The remembered folder choices, dropping anything malformed a hand-edited state might hold. */
export function rememberedSourceFolders(state: vscode.Memento): SourceFolderMapping[] {
  const saved = state.get<unknown>(SOURCE_FOLDERS_KEY);
  if (!Array.isArray(saved)) return [];
  return saved.filter(
    (entry): entry is SourceFolderMapping => typeof entry?.recordedPrefix === 'string' && typeof entry?.localFolder === 'string' && entry.localFolder !== '',
  );
}

export async function workspaceLookup(profilePath: string, sourceFolders: SourceFolderMapping[] = []): Promise<SourceLookup> {
  const baseName = baseNameOf(profilePath);
  const exclude = '**/node_modules/**';
  const [files, goMods, go] = await Promise.all([
    baseName ? vscode.workspace.findFiles(`**/${escapeGlob(baseName)}`, exclude, 2000) : Promise.resolve([]),
    vscode.workspace.findFiles('**/go.mod', exclude, 200),
    goEnvironment(),
  ]);
  const modules = await Promise.all(
    goMods.map(async (uri) => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const modulePath = parseGoMod(text).modulePath;
      return modulePath ? { modulePath, directory: vscode.Uri.joinPath(uri, '..').fsPath } : undefined;
    }),
  );
  return {
    workspaceFiles: files.flatMap((uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      return folder ? [{ path: uri.fsPath, root: folder.uri.fsPath }] : [];
    }),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath),
    modules: modules.filter((module): module is NonNullable<typeof module> => module !== undefined),
    goRoot: go.goRoot,
    goModCache: go.goModCache,
    sourceFolders,
    exists: isRegularFile,
  };
}

/** Highlights the line jump-to-source opened until the cursor moves or a few seconds pass. */
let jumpHighlight: vscode.TextEditorDecorationType | undefined;

interface ViewerSession {
  document: ProfileDocument;
  panel: vscode.WebviewPanel;
  post(message: HostToWebviewMessage): void;
}

class ProfileEditorProvider implements vscode.CustomReadonlyEditorProvider<ProfileDocument> {
  /** Open panels by document URI, so the command reveals a panel instead of opening a second. */
  readonly panels = new Map<string, vscode.WebviewPanel>();
  /** Functions to focus once a panel's webview shows its profile (a CodeLens asked), by document URI. */
  readonly pendingFocus = new Map<string, string>();
  /** Posts the pending focus to a panel that is showing its profile, by document URI. */
  readonly focusNow = new Map<string, () => void>();
  private readonly sessions = new Map<string, ViewerSession>();

  private readonly workerFile: string;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
    private readonly workspaceState: vscode.Memento,
  ) {
    this.workerFile = vscode.Uri.joinPath(extensionUri, 'dist', 'client', 'profileDecodeWorker.js').fsPath;
  }

  openCustomDocument(uri: vscode.Uri): ProfileDocument {
    const openedAt = Date.now();
    const fileName = uri.path.split('/').pop() ?? uri.path;
    const load = (onInitialView: (view: InitialView, decodeMilliseconds: number) => void) =>
      loadProfileDocument(uri, this.workerFile, this.log, (view, decodeMilliseconds) => {
        this.log.appendLine(`[measurement] ${fileName}: initial view decoded after open: ${Date.now() - openedAt} ms`);
        onInitialView(view, decodeMilliseconds);
      });
    return new ProfileDocument(uri, load, openedAt);
  }

  resolveCustomEditor(document: ProfileDocument, panel: vscode.WebviewPanel): void {
    const key = document.uri.toString();
    this.panels.set(key, panel);
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = viewerHtml(panel.webview, this.extensionUri);
    let disposed = false;
    // The panel may close while a decode or a file search is still running.
    const post = (message: HostToWebviewMessage) => {
      if (!disposed) void panel.webview.postMessage(message);
    };
    const fileName = document.uri.path.split('/').pop() ?? document.uri.path;
    const postPendingFocus = () => {
      const name = this.pendingFocus.get(key);
      if (name === undefined) return;
      this.pendingFocus.delete(key);
      post({ type: 'focusFunction', name });
    };
    const session: ViewerSession = { document, panel, post };
    this.sessions.set(key, session);
    const publishState = () => {
      const state = document.viewState();
      if (panel.active) activeViewState = state;
      viewStateEmitter.fire(state);
    };
    const viewStateListener = panel.onDidChangeViewState(() => {
      if (panel.active) publishState();
    });

    const listener = panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const message = validateWebviewMessage(raw, {
        functionCount: document.functionCount,
        goroutineGroupCount: document.goroutines?.groups.length ?? 0,
        sampleTypes: document.sampleTypes,
      });
      if (!message) {
        this.log.appendLine(`Ignored a malformed message from the profile viewer of ${fileName}.`);
        return;
      }
      switch (message.type) {
        case 'ready':
          {
            if (!document.firstPaintMeasured) this.log.appendLine(`[measurement] ${fileName}: webview ready after open: ${Date.now() - document.openedAt} ms`);
            const initial = await document.initial;
            if ('error' in initial) {
              post({ type: 'error', fileName, message: initial.error });
            } else {
              const openedAt = document.takeOpenedAt();
              if (openedAt > 0) this.log.appendLine(`[measurement] ${fileName}: initial view posted after open: ${Date.now() - openedAt} ms`);
              post({ type: 'initialView', fileName, view: initial.view, decodeMilliseconds: initial.decodeMilliseconds, openedAt });
              this.focusNow.set(key, postPendingFocus);
              postPendingFocus();
            }
          }
          break;
        case 'loadProfile':
          {
            const result = await document.result;
            if ('error' in result) {
              post({ type: 'error', fileName, message: result.error });
            } else {
              post({ type: 'profile', fileName, profile: result.wire, decodeMilliseconds: result.decodeMilliseconds, openedAt: 0 });
              // A reloaded webview comes back in compare mode.
              if (document.base) post({ type: 'compare', baseName: baseNameOf(document.base.uri.path), base: document.base.wire });
            }
          }
          break;
        case 'viewState':
          document.sampleType = message.sampleType;
          publishState();
          break;
        case 'sourceText':
          try {
            await this.sendSourceText(document, message.functionIndex, post);
          } catch (error) {
            post({ type: 'sourceText', functionIndex: message.functionIndex, note: `The source could not be read: ${error instanceof Error ? error.message : String(error)}` });
          }
          break;
        case 'openSourceLine':
          try {
            const fn = document.functionAt(message.functionIndex);
            const path = fn && (await this.resolveSource(fn.file, fn.name, post, message.functionIndex));
            if (path) await openAtLine(path, message.line);
          } catch (error) {
            post({ type: 'sourceNotFound', message: `The source could not be opened: ${error instanceof Error ? error.message : String(error)}` });
          }
          break;
        case 'compareWith':
          await vscode.commands.executeCommand(COMPARE_COMMAND, document.uri);
          break;
        case 'stopCompare':
          document.base = undefined;
          post({ type: 'compareOff' });
          publishState();
          break;
        case 'openSource':
          try {
            await this.openSource(document, message.functionIndex, post);
          } catch (error) {
            post({ type: 'sourceNotFound', message: `The source could not be opened: ${error instanceof Error ? error.message : String(error)}` });
          }
          break;
        case 'openGoroutine':
          try {
            await this.openGoroutine(document, message.groupIndex, message.target, post);
          } catch (error) {
            post({ type: 'sourceNotFound', message: `The source could not be opened: ${error instanceof Error ? error.message : String(error)}` });
          }
          break;
        case 'pickSourceFolder':
          try {
            await this.pickSourceFolder(document, message.functionIndex, post);
          } catch (error) {
            post({ type: 'sourceNotFound', message: `The folder could not be used: ${error instanceof Error ? error.message : String(error)}` });
          }
          break;
        case 'measurement':
          this.log.appendLine(`[measurement] ${fileName}: ${message.name}: ${message.milliseconds.toFixed(1)} ms`);
          break;
      }
    });
    panel.onDidDispose(() => {
      disposed = true;
      listener.dispose();
      viewStateListener.dispose();
      if (this.panels.get(key) === panel) {
        this.panels.delete(key);
        this.focusNow.delete(key);
      }
      if (this.sessions.get(key) === session) this.sessions.delete(key);
      document.base = undefined;
      if (activeViewState?.profile.toString() === key) activeViewState = undefined;
      viewStateEmitter.fire({ ...document.viewState(), closed: true });
    });
    if (panel.active) activeViewState = document.viewState();
  }

  /**
   * Turns the viewer of `next` (opened if needed) into a diff against `base`. Returns the sentence
   * saying why the two cannot be compared, which the viewer also shows, or undefined.
   */
  async compare(next: vscode.Uri, base: vscode.Uri): Promise<string | undefined> {
    let session = this.sessions.get(next.toString());
    if (session) session.panel.reveal();
    else {
      await vscode.commands.executeCommand('vscode.openWith', next, PROFILE_VIEW_TYPE);
      session = this.sessions.get(next.toString());
    }
    if (!session) return 'The profile viewer did not open.';
    const { document, post } = session;
    const fail = (message: string) => {
      post({ type: 'compareFailed', message });
      return message;
    };
    if (base.toString() === next.toString()) return fail('A profile compared with itself shows no change: pick another profile as the base.');
    const baseName = baseNameOf(base.path);
    let baseView: InitialView | undefined;
    const loaded = await loadProfileDocument(base, this.workerFile, this.log, (view) => (baseView = view));
    if ('error' in loaded) return fail(`The base ${baseName} cannot be read: ${loaded.error}`);
    const own = await document.result;
    if ('error' in own) return own.error;
    const reason = incomparableReason(loaded.wire, own.wire);
    if (reason) return fail(reason);
    if (!baseView) return fail(`The base ${baseName} cannot be read.`);
    document.base = {
      uri: base,
      wire: loaded.wire,
      functions: document.mergedFunctions({ names: baseView.functionNames, files: baseView.functionFiles, lines: baseView.functionLines }),
    };
    this.log.appendLine(`${baseNameOf(next.path)}: compared with ${base.fsPath}`);
    post({ type: 'compare', baseName, base: loaded.wire });
    const state = document.viewState();
    if (session.panel.active) activeViewState = state;
    viewStateEmitter.fire(state);
    return undefined;
  }

  /** The lines of a function's file for the source view, or one sentence saying why there are none. */
  private async sendSourceText(document: ProfileDocument, functionIndex: number, post: (message: HostToWebviewMessage) => void): Promise<void> {
    const fn = document.functionAt(functionIndex);
    if (!fn) return;
    const without = (note: string) => post({ type: 'sourceText', functionIndex, note });
    if (!fn.file) return without(`The profile records no source file for ${fn.name}: the numbers are shown without the code.`);
    const match = await findSourceFile(fn.file, await workspaceLookup(fn.file, rememberedSourceFolders(this.workspaceState)));
    if (!match) return without(`No file in the workspace, the Go root or the module cache matches ${fn.file}: the numbers are shown without the code.`);
    if (match.kind === 'outside-roots') {
      // Read only on request: clicking a line asks before opening it.
      return without(`${match.path} is outside the workspace, the Go root and the module cache: the numbers are shown without the code.`);
    }
    const uri = vscode.Uri.file(match.path);
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SOURCE_TEXT_BYTES) return without(`${match.path} is larger than ${MAX_SOURCE_TEXT_BYTES >> 20} MB: the numbers are shown without the code.`);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    post({ type: 'sourceText', functionIndex, path: match.path, lines: sourceLines(text) });
  }

  private async openSource(document: ProfileDocument, functionIndex: number, post: (message: HostToWebviewMessage) => void): Promise<void> {
    const fn = document.functionAt(functionIndex);
    if (!fn) return;
    const path = await this.resolveSource(fn.file, fn.name, post, functionIndex);
    if (!path) return;
    await openAtLine(path, fn.line);
  }

  /** The workspace file of a path the profile records (asking first outside the roots), else undefined after telling the panel why. */
  private async resolveSource(file: string, name: string, post: (message: HostToWebviewMessage) => void, functionIndex?: number): Promise<string | undefined> {
    if (!file) {
      post({ type: 'sourceNotFound', message: `The profile records no source file for ${name}.` });
      return undefined;
    }
    const match = await findSourceFile(file, await workspaceLookup(file, rememberedSourceFolders(this.workspaceState)));
    if (!match) {
      // With the function's index, the panel offers to pick the folder that holds it.
      post({ type: 'sourceNotFound', message: `No file in the workspace, the Go root or the module cache matches ${file}, the source of ${name}.`, pickFolderFor: functionIndex });
      return undefined;
    }
    if (match.kind === 'outside-roots') {
      // A profile is data from elsewhere: a path it names outside the workspace opens only on request.
      const open = 'Open';
      const answer = await vscode.window.showWarningMessage(
        `The profile names ${match.path} as the source of ${name}. It is outside the workspace, the Go root and the module cache. Open it?`,
        { modal: true },
        open,
      );
      if (answer !== open) return undefined;
    }
    return match.path;
  }

  /**
   * Opens a goroutine group's blocking line and the go statement that created it (or one of
   * them). Both in one file: one editor with both lines selected; else both as tabs beside the
   * viewer, the blocking line in front.
   */
  private async openGoroutine(document: ProfileDocument, groupIndex: number, target: 'group' | 'blocking' | 'creator', post: (message: HostToWebviewMessage) => void): Promise<void> {
    const group = document.goroutines?.groups[groupIndex];
    if (!group) return;
    if (target === 'creator' && !group.createdBy) {
      post({ type: 'sourceNotFound', message: 'This profile does not record which go statement created these goroutines; a ?debug=2 dump does.' });
      return;
    }
    const wanted = [...(target !== 'creator' ? [group.place] : []), ...(target !== 'blocking' && group.createdBy ? [group.createdBy] : [])];
    const opened: { path: string; line: number }[] = [];
    for (const place of wanted) {
      const path = await this.resolveSource(place.file, place.function, post);
      if (path) opened.push({ path, line: place.line });
    }
    if (opened.length === 0) return;
    const lineRange = (line: number) => new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, line - 1), Number.MAX_SAFE_INTEGER);
    const [front, ...rest] = opened;
    const sameFile = rest.filter((other) => other.path === front.path);
    for (const other of rest.filter((o) => o.path !== front.path).reverse()) {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(other.path), { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
      const range = editor.document.validateRange(lineRange(other.line));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(lineRange(other.line), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(front.path), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    editor.selections = [front, ...sameFile].map((place) => {
      const range = editor.document.validateRange(lineRange(place.line));
      return new vscode.Selection(range.start, range.end);
    });
    editor.revealRange(lineRange(front.line), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * Asks for the folder that holds a function's source; when a file in it matches the recorded
   * path, the choice is remembered for every recorded path with the same leading components, and
   * the file opens.
   */
  private async pickSourceFolder(document: ProfileDocument, functionIndex: number, post: (message: HostToWebviewMessage) => void): Promise<void> {
    const fn = document.functionAt(functionIndex);
    if (!fn?.file) return;
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Use This Folder',
      title: `The folder that holds ${baseNameOf(fn.file)} (recorded as ${fn.file})`,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    const folder = picked?.[0];
    if (!folder) return;
    const found = await sourceFolderMapping(fn.file, folder.fsPath, isRegularFile);
    if (!found) {
      post({ type: 'sourceNotFound', message: `No file in ${folder.fsPath} matches ${fn.file}: pick the folder that holds it, or one of its parents.`, pickFolderFor: functionIndex });
      return;
    }
    await this.workspaceState.update(SOURCE_FOLDERS_KEY, rememberSourceFolder(rememberedSourceFolders(this.workspaceState), found.mapping));
    this.log.appendLine(`Sources recorded under ${found.mapping.recordedPrefix || '(any path)'} now open from ${found.mapping.localFolder}.`);
    await openAtLine(found.path, fn.line);
  }
}

/** Opens a file beside the viewer with the line selected and highlighted. */
async function openAtLine(path: string, line: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  const lineIndex = Math.min(Math.max(0, line - 1), Math.max(0, document.lineCount - 1));
  const text = document.lineAt(lineIndex);
  const selection = new vscode.Range(lineIndex, text.firstNonWhitespaceCharacterIndex, lineIndex, text.range.end.character);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, selection });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  const highlight = jumpHighlight;
  if (!highlight) return;
  editor.setDecorations(highlight, [text.range]);
  const clear = () => {
    editor.setDecorations(highlight, []);
    subscription.dispose();
    clearTimeout(timer);
  };
  const subscription = vscode.window.onDidChangeTextEditorSelection((event) => {
    if (event.textEditor === editor && !event.selections[0].isEqual(selection)) clear();
  });
  const timer = setTimeout(clear, 5000);
}

let viewerProvider: ProfileEditorProvider | undefined;

/** Opens (or reveals) a profile's viewer with pprof's focus on one function and that function selected. */
export async function showFunctionInViewer(uri: vscode.Uri, functionName: string): Promise<void> {
  const provider = viewerProvider;
  if (!provider) return;
  const key = uri.toString();
  provider.pendingFocus.set(key, functionName);
  const open = provider.panels.get(key);
  if (open) {
    // A hidden panel's webview is rebuilt when revealed and asks for its view again ('ready'),
    // which posts the pending focus; a visible one takes it now.
    const visible = open.visible;
    open.reveal();
    if (visible) provider.focusNow.get(key)?.();
    return;
  }
  await vscode.commands.executeCommand('vscode.openWith', uri, PROFILE_VIEW_TYPE);
}

/**
 * Opens `next` in the profile viewer (or reveals it) in compare mode against `base`. Returns the
 * one sentence saying why they cannot be compared (also shown in the viewer), else undefined.
 */
export function compareInViewer(next: vscode.Uri, base: vscode.Uri): Promise<string | undefined> {
  if (!viewerProvider) return Promise.resolve('The profile viewer is not registered.');
  return viewerProvider.compare(next, base);
}

/** Registers the custom editor and the "Open Profile..." command. */
export function registerProfileViewer(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('gomem: Profile Viewer');
  const provider = new ProfileEditorProvider(context.extensionUri, log, context.workspaceState);
  viewerProvider = provider;
  jumpHighlight = vscode.window.createTextEditorDecorationType({ isWholeLine: true, backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground') });
  context.subscriptions.push(
    log,
    jumpHighlight,
    viewStateEmitter,
    vscode.window.registerCustomEditorProvider(PROFILE_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: false }),
    vscode.window.registerCustomEditorProvider(ANY_FILE_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: false }),
    vscode.commands.registerCommand(OPEN_PROFILE_COMMAND, async (target?: vscode.Uri) => {
      const uri = target instanceof vscode.Uri ? target : await pickProfile();
      if (!uri) return;
      const open = provider.panels.get(uri.toString());
      if (open) {
        open.reveal();
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', uri, PROFILE_VIEW_TYPE);
    }),
  );
}

async function pickProfile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Open Profile',
    title: 'Open a pprof profile',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'pprof profiles': ['gz', 'pprof', 'prof', 'pb', 'txt'], 'All files': ['*'] },
  });
  return picked?.[0];
}
