// The active profile in the editor: after-line figures (flat and cum for the viewer's sample type)
// with a heat mark in the overview ruler, a hover with every sample type and the line's top
// callers, goroutine marks on blocking lines and go statements, and a CodeLens over the hot
// functions that opens the viewer focused on them. Files are matched the way jump-to-source
// matches them; marks follow edits by shifting, never by recomputing.
import * as path from 'path';
import * as vscode from 'vscode';
import { formatPercent } from '../../core/pprof/format';
import { DEFAULT_HOT_FUNCTIONS, DEFAULT_THRESHOLD_PERCENT, HOT_FUNCTIONS_SETTING, THRESHOLD_SETTING } from '../../core/pprof/editorSettings';
import { FileFigures, formatFigure, GoroutineMark, HotFunction, hotFunctions, LineFigures, lineCallers, lineMarks } from '../../core/pprof/lineFigures';
import { baseNameOf, findSourceFile, normalizePath } from '../../core/pprof/sourceMap';
import { activeProfileViewState, ANY_FILE_VIEW_TYPE, onDidChangeProfileViewState, PROFILE_VIEW_TYPE, rememberedSourceFolders, showFunctionInViewer, workspaceLookup } from '../profileViewer';
import { activeProfile, ActiveProfileInfo, ActiveProfileState } from './activeProfile';
import { enclosingFunctionLine, lineBreaks, shiftLines } from './lineShift';

export const SHOW_IN_EDITOR_COMMAND = 'gomem.showProfileInEditor';
export const HIDE_IN_EDITOR_COMMAND = 'gomem.hideProfileInEditor';
export const SHOW_FUNCTION_COMMAND = 'gomem.showFunctionInProfile';
const HEAT_LEVELS = 4;

/** A line's mark in one document: the line moves with edits, the rest stays. */
interface LineEntry {
  file: FileFigures;
  row: number;
  label: string;
  heat: number;
  goroutine?: GoroutineMark;
}

interface LensEntry {
  hot: HotFunction;
}

/** What one document shows for one generation of the active profile. */
interface DocumentFigures {
  generation: number;
  /** Current 0-based line of each entry (shifted by edits). */
  lines: Int32Array;
  entries: LineEntry[];
  lensLines: Int32Array;
  lenses: LensEntry[];
  /** The document was edited after the figures were laid on it. */
  edited: boolean;
  /** Host time spent laying the figures out (the synchronous part), ms. */
  layoutMilliseconds: number;
}

function setting(name: string, fallback: number): number {
  const value = vscode.workspace.getConfiguration('gomem').get<number>(name, fallback);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** A document's path as the source map compares paths (forward slashes, no dot segments). */
function documentPath(document: vscode.TextDocument): string {
  return normalizePath(document.uri.fsPath);
}

export class ProfileInEditor implements vscode.Disposable {
  private readonly heatTypes: vscode.TextEditorDecorationType[];
  private readonly goroutineType: vscode.TextEditorDecorationType;
  private readonly documents = new Map<string, DocumentFigures>();
  private readonly pendingDocuments = new Map<string, Promise<DocumentFigures | undefined>>();
  /** Recorded path -> local path, for the current generation. */
  private localPaths = new Map<string, Promise<string | undefined>>();
  private localPathsGeneration = -1;
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private lastMeasurement: { document: string; milliseconds: number } | undefined;

  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly log: (line: string) => void,
  ) {
    const text = new vscode.ThemeColor('gomem.profileFigures.foreground');
    this.heatTypes = Array.from({ length: HEAT_LEVELS }, (_, level) =>
      vscode.window.createTextEditorDecorationType({
        after: { color: text, margin: '0 0 0 2.5em', fontStyle: 'normal' },
        overviewRulerColor: level === 0 ? undefined : new vscode.ThemeColor(`gomem.profileFigures.heat${level}`),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }),
    );
    this.goroutineType = vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('gomem.profileFigures.goroutines'), margin: '0 0 0 2.5em', fontStyle: 'normal' },
      overviewRulerColor: new vscode.ThemeColor('gomem.profileFigures.goroutines'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
  }

  register(): vscode.Disposable[] {
    const go: vscode.DocumentSelector = [{ language: 'go', scheme: 'file' }];
    this.disposables.push(
      activeProfile.onDidChangeActiveProfile(() => this.repaintAll()),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) void this.paint(editor);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => this.followEdits(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.documents.delete(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`gomem.${THRESHOLD_SETTING}`) || event.affectsConfiguration(`gomem.${HOT_FUNCTIONS_SETTING}`)) this.repaintAll();
      }),
      vscode.languages.registerHoverProvider(go, { provideHover: (document, position) => this.hover(document, position) }),
      vscode.languages.registerCodeLensProvider(go, { onDidChangeCodeLenses: this.lensEmitter.event, provideCodeLenses: (document) => this.codeLenses(document) }),
    );
    return this.disposables;
  }

  /** For tests: the marks a document shows now ({line (1-based), text, heat}). */
  async marksOf(document: vscode.TextDocument): Promise<{ line: number; text: string; heat: number; goroutine: boolean }[]> {
    const figures = await this.figuresOf(document);
    if (!figures) return [];
    return figures.entries.map((entry, i) => ({ line: figures.lines[i] + 1, text: entry.goroutine ? goroutineLabel(entry.goroutine) : entry.label, heat: entry.heat, goroutine: entry.goroutine !== undefined }));
  }

  /** For tests: the active profile as other parts of the extension see it. */
  activeProfile(): ActiveProfileInfo | undefined {
    return activeProfile.current();
  }

  /** For tests and the bench: how long the last paint took on the host, in ms. */
  lastPaint(): { document: string; milliseconds: number } | undefined {
    return this.lastMeasurement;
  }

  private repaintAll(): void {
    this.documents.clear();
    this.pendingDocuments.clear();
    for (const editor of vscode.window.visibleTextEditors) void this.paint(editor);
    this.lensEmitter.fire();
  }

  /** The figures a document shows for the active profile, computed once per generation. */
  private figuresOf(document: vscode.TextDocument): Promise<DocumentFigures | undefined> {
    const state = activeProfile.state();
    if (!state || document.languageId !== 'go' || document.uri.scheme !== 'file') return Promise.resolve(undefined);
    const key = document.uri.toString();
    const known = this.documents.get(key);
    if (known && known.generation === state.generation) return Promise.resolve(known);
    let pending = this.pendingDocuments.get(key);
    if (!pending) {
      pending = this.layOut(document, state).then((figures) => {
        if (this.pendingDocuments.get(key) === pending) this.pendingDocuments.delete(key);
        if (figures && activeProfile.state()?.generation === figures.generation) this.documents.set(key, figures);
        return figures;
      });
      this.pendingDocuments.set(key, pending);
    }
    return pending;
  }

  /** The local file of a path the profile records, as jump-to-source finds it (cached per generation). */
  private localPath(recorded: string, generation: number): Promise<string | undefined> {
    if (this.localPathsGeneration !== generation) {
      this.localPaths = new Map();
      this.localPathsGeneration = generation;
    }
    let found = this.localPaths.get(recorded);
    if (!found) {
      found = (async () => {
        const match = await findSourceFile(recorded, await workspaceLookup(recorded, rememberedSourceFolders(this.workspaceState)));
        return match ? normalizePath(match.path) : undefined;
      })().catch(() => undefined);
      this.localPaths.set(recorded, found);
    }
    return found;
  }

  /** Which recorded paths of the profile are this document; only paths with its base name are looked up. */
  private async recordedPathsOf(document: vscode.TextDocument, recorded: Iterable<string>, generation: number): Promise<Set<string>> {
    const local = documentPath(document);
    const baseName = baseNameOf(local);
    const candidates = [...new Set([...recorded].filter((file) => baseNameOf(file) === baseName))];
    const matches = await Promise.all(candidates.map(async (file) => ((await this.localPath(file, generation)) === local ? file : undefined)));
    return new Set(matches.filter((file): file is string => file !== undefined));
  }

  private async layOut(document: vscode.TextDocument, state: ActiveProfileState): Promise<DocumentFigures | undefined> {
    const { figures, generation, sampleIndex } = state;
    const hot = hotFunctions(figures, sampleIndex, Math.floor(setting(HOT_FUNCTIONS_SETTING, DEFAULT_HOT_FUNCTIONS)));
    const recorded = [...figures.files.map((file) => file.file), ...figures.goroutines.map((mark) => mark.file), ...hot.map((fn) => fn.file)];
    const mine = await this.recordedPathsOf(document, recorded, generation);
    if (mine.size === 0) return { generation, lines: new Int32Array(0), entries: [], lensLines: new Int32Array(0), lenses: [], edited: false, layoutMilliseconds: 0 };
    const started = performance.now();
    const laidOut = this.entriesFor(figures, mine, state, hot, document.lineCount);
    laidOut.layoutMilliseconds = performance.now() - started;
    return laidOut;
  }

  /** The synchronous part of laying figures on a document: what the paint measurement covers. */
  private entriesFor(figures: LineFigures, mine: Set<string>, state: ActiveProfileState, hot: HotFunction[], lineCount: number): DocumentFigures {
    const threshold = setting(THRESHOLD_SETTING, DEFAULT_THRESHOLD_PERCENT);
    const byLine = new Map<number, LineEntry>();
    for (const file of figures.files) {
      if (!mine.has(file.file)) continue;
      for (const mark of lineMarks(figures, file, state.sampleIndex, threshold, lineCount)) {
        const known = byLine.get(mark.line);
        // Two recorded paths of one file (two builds): the larger figure wins the line.
        if (!known || Math.abs(known.file.cum[known.row * figures.sampleTypes.length + state.sampleIndex]) < Math.abs(mark.cum)) {
          byLine.set(mark.line, { file, row: mark.row, label: mark.label, heat: mark.heat });
        }
      }
    }
    for (const mark of figures.goroutines) {
      if (!mine.has(mark.file)) continue;
      const known = byLine.get(mark.line);
      if (known?.goroutine && known.goroutine.kind === 'blocking') continue;
      byLine.set(mark.line, { ...(known ?? { file: emptyFile(mark.file), row: -1, label: '', heat: 0 }), goroutine: mark, heat: mark.suspect ? 3 : known?.heat ?? 1 });
    }
    const lines = [...byLine.keys()].sort((a, b) => a - b);
    const lenses = hot.filter((fn) => mine.has(fn.file));
    return {
      generation: state.generation,
      lines: Int32Array.from(lines, (line) => line - 1),
      entries: lines.map((line) => byLine.get(line)!),
      lensLines: Int32Array.from(lenses, (fn) => Math.max(0, fn.line - 1)),
      lenses: lenses.map((fn) => ({ hot: fn })),
      edited: false,
      layoutMilliseconds: 0,
    };
  }

  private async paint(editor: vscode.TextEditor): Promise<void> {
    const document = editor.document;
    if (document.languageId !== 'go') return;
    const figures = await this.figuresOf(document);
    if (editor.document !== document) return;
    const started = performance.now();
    const options: vscode.DecorationOptions[][] = Array.from({ length: HEAT_LEVELS }, () => []);
    const goroutineOptions: vscode.DecorationOptions[] = [];
    const lineCount = document.lineCount;
    if (figures) {
      for (let i = 0; i < figures.entries.length; i++) {
        const line = figures.lines[i];
        if (line < 0 || line >= lineCount) continue;
        const entry = figures.entries[i];
        const end = document.lineAt(line).range.end;
        const option: vscode.DecorationOptions = { range: new vscode.Range(end, end), renderOptions: { after: { contentText: entry.goroutine ? goroutineLabel(entry.goroutine) : entry.label } } };
        (entry.goroutine ? goroutineOptions : options[entry.heat]).push(option);
      }
    }
    this.heatTypes.forEach((type, level) => editor.setDecorations(type, options[level]));
    editor.setDecorations(this.goroutineType, goroutineOptions);
    if (figures && figures.entries.length > 0) {
      const paint = performance.now() - started;
      const milliseconds = paint + figures.layoutMilliseconds;
      this.lastMeasurement = { document: document.uri.fsPath, milliseconds };
      this.log(
        `[measurement] ${path.basename(document.uri.fsPath)}: ${figures.entries.length} line figures laid out in ${figures.layoutMilliseconds.toFixed(1)} ms and painted in ${paint.toFixed(1)} ms on the host`,
      );
    }
  }

  private followEdits(event: vscode.TextDocumentChangeEvent): void {
    const figures = this.documents.get(event.document.uri.toString());
    if (!figures || event.contentChanges.length === 0) return;
    // Changes of one event apply in order to successive versions of the document.
    for (const change of event.contentChanges) {
      const start = change.range.start;
      const startLineText = event.document.lineAt(Math.min(start.line, event.document.lineCount - 1)).text;
      const shift = {
        startLine: start.line,
        endLine: change.range.end.line,
        insertedLineBreaks: lineBreaks(change.text),
        beforeStartLineCode: startLineText.slice(0, start.character).trim() === '',
      };
      shiftLines(figures.lines, shift);
      shiftLines(figures.lensLines, shift);
    }
    figures.edited = true;
  }

  private async hover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const state = activeProfile.state();
    const figures = await this.figuresOf(document);
    if (!state || !figures) return undefined;
    const index = figures.lines.indexOf(position.line);
    if (index < 0) return undefined;
    const entry = figures.entries[index];
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: [SHOW_FUNCTION_COMMAND] };
    const name = path.basename(state.uri.fsPath);
    const comparing = state.baseUri ? ` minus ${path.basename(state.baseUri.fsPath)}` : '';
    markdown.appendMarkdown(`**gomem** · ${escape(name)}${escape(comparing)}\n\n`);
    if (entry.goroutine) markdown.appendMarkdown(`${escape(goroutineSentence(entry.goroutine))}\n\n`);
    if (entry.row >= 0) {
      const { sampleTypes, totals } = state.figures;
      const typeCount = sampleTypes.length;
      markdown.appendMarkdown('| sample type | flat | cum |\n|---|---:|---:|\n');
      sampleTypes.forEach((type, t) => {
        const flat = entry.file.flat[entry.row * typeCount + t];
        const cum = entry.file.cum[entry.row * typeCount + t];
        const figure = (value: number) => `${formatFigure(value, type.unit, state.figures.delta)} (${formatPercent(value, totals[t]).trim()})`;
        const label = t === state.sampleIndex ? `**${escape(type.type)}**` : escape(type.type);
        markdown.appendMarkdown(`| ${label} | ${figure(flat)} | ${figure(cum)} |\n`);
      });
      const callers = lineCallers(state.figures, entry.file, entry.row, state.sampleIndex);
      if (callers.length > 0) {
        markdown.appendMarkdown(`\nTop callers (${escape(state.sampleType)}):\n`);
        for (const caller of callers) {
          markdown.appendMarkdown(`- ${escape(caller.function)} · ${escape(path.basename(caller.file))}:${caller.line} · ${formatFigure(caller.value, state.unit, state.figures.delta)}\n`);
        }
      }
    }
    const changed = await this.changedSinceProfile(document, figures, state);
    if (changed) markdown.appendMarkdown(`\n$(warning) ${escape(changed)}\n`);
    return new vscode.Hover(markdown);
  }

  /** One sentence when the file changed after the profile was taken, so its figures may sit on other lines. */
  private async changedSinceProfile(document: vscode.TextDocument, figures: DocumentFigures, state: ActiveProfileState): Promise<string | undefined> {
    const name = path.basename(document.uri.fsPath);
    if (figures.edited || document.isDirty) return `${name} has been edited since the profile was taken: the figures were moved with the edits and may not match the code.`;
    if (state.takenAtMs === undefined) return undefined;
    try {
      const stat = await vscode.workspace.fs.stat(document.uri);
      if (stat.mtime > state.takenAtMs) {
        return `${name} changed after the profile was taken (${new Date(stat.mtime).toLocaleString()} is later than ${new Date(state.takenAtMs).toLocaleString()}): the figures may not match the code.`;
      }
    } catch {
      // A file that cannot be read has no date to compare.
    }
    return undefined;
  }

  private async codeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const state = activeProfile.state();
    const figures = await this.figuresOf(document);
    if (!state || !figures) return [];
    const total = state.figures.totals[state.sampleIndex];
    return figures.lenses.map(({ hot }, i) => {
      const sampled = Math.min(figures.lensLines[i], Math.max(0, document.lineCount - 1));
      // Without a recorded start line the profile's line is the function's first sampled one: the lens goes on its `func`.
      const line = enclosingFunctionLine((l) => document.lineAt(l).text, sampled) ?? sampled;
      const title = `gomem: #${hot.rank} by cum · cum ${formatFigure(hot.cum, state.unit, state.figures.delta)} (${formatPercent(hot.cum, total).trim()}) · flat ${formatFigure(hot.flat, state.unit, state.figures.delta)}`;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title,
        tooltip: `Open ${path.basename(state.uri.fsPath)} focused on ${hot.name}`,
        command: SHOW_FUNCTION_COMMAND,
        arguments: [state.uri.toString(), hot.name],
      });
    });
  }

  dispose(): void {
    for (const type of this.heatTypes) type.dispose();
    this.goroutineType.dispose();
    this.lensEmitter.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function emptyFile(file: string): FileFigures {
  const none = new Int32Array(0);
  return { file, lines: none, flat: new Float64Array(0), cum: new Float64Array(0), callerStart: new Int32Array(1), callerSite: none, callerValue: new Float64Array(0) };
}

/** "12 goroutines · chan receive · up to 14 min" on a blocking line; "go: 12 goroutines now in ..." on a go statement. */
export function goroutineLabel(mark: GoroutineMark): string {
  const count = `${mark.count} goroutine${mark.count === 1 ? '' : 's'}`;
  const states = mark.states.slice(0, 2).join(', ') + (mark.states.length > 2 ? '…' : '');
  const wait = mark.maxWaitMinutes !== null && mark.maxWaitMinutes > 0 ? ` · up to ${mark.maxWaitMinutes} min` : '';
  const head = mark.kind === 'creator' ? `started ${count}, now ${states}` : `${count} · ${states}`;
  return `${mark.suspect ? '⚠ ' : ''}${head}${wait}`;
}

function goroutineSentence(mark: GoroutineMark): string {
  const where = mark.kind === 'creator' ? 'This go statement started' : 'Parked on this line:';
  const wait = mark.maxWaitMinutes !== null && mark.maxWaitMinutes > 0 ? `, the longest for ${mark.maxWaitMinutes} minutes` : '';
  return `${where} ${mark.count} goroutine${mark.count === 1 ? '' : 's'} (${mark.states.join(', ')})${wait}.${mark.suspect && mark.reason ? ` ${mark.reason}` : ''}`;
}

/** Markdown-escapes profile text (function names carry *, _ and brackets). */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** The tab's profile when it is a profile viewer. */
function viewerUri(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  const input = tab?.input;
  return input instanceof vscode.TabInputCustom && (input.viewType === PROFILE_VIEW_TYPE || input.viewType === ANY_FILE_VIEW_TYPE) ? input.uri : undefined;
}

function isHeapWatchTab(tab: vscode.Tab | undefined): boolean {
  return tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('gomem.heapWatch');
}

/** The heap watch's snapshot files, oldest first (the leak hunt tells). */
export type WatchSeries = () => string[];

/**
 * Registers the active-profile service, the editor marks, the commands and the following of the
 * viewer tabs. `watchSeries` gives the heap watch's snapshots, so focusing its view shows growth.
 */
export function registerProfileInEditor(context: vscode.ExtensionContext, watchSeries?: WatchSeries): ProfileInEditor {
  const output = vscode.window.createOutputChannel('gomem: Profile in Editor');
  const log = (line: string) => output.appendLine(line);
  activeProfile.configure(vscode.Uri.joinPath(context.extensionUri, 'dist', 'client', 'lineFiguresWorker.js').fsPath, log);
  const editor = new ProfileInEditor(context.workspaceState, log);
  const report = (message: string | undefined) => {
    if (message) void vscode.window.showWarningMessage(message);
  };
  // A viewer already shows why its profile cannot be read: following it only logs.
  const quiet = (message: string | undefined) => {
    if (message) log(message);
  };

  const followActiveTab = () => {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const uri = viewerUri(tab);
    if (uri) {
      // A viewer that compares keeps its base and sample type when its tab comes back.
      const state = activeProfileViewState();
      const own = state && !state.closed && state.profile.toString() === uri.toString() ? state : undefined;
      void activeProfile.show({ uri, baseUri: own?.base, sampleType: own?.sampleType, origin: 'viewer' }).then(quiet);
      return;
    }
    if (isHeapWatchTab(tab)) {
      const files = watchSeries?.() ?? [];
      if (files.length >= 2) void activeProfile.show({ uri: vscode.Uri.file(files[files.length - 1]), baseUri: vscode.Uri.file(files[0]), sampleType: 'inuse_space', origin: 'watch' }).then(quiet);
    }
  };
  // The viewer's own state: its sample type and, in compare mode, its base.
  context.subscriptions.push(
    onDidChangeProfileViewState((state) => {
      if (state.closed) return;
      void activeProfile.show({ uri: state.profile, baseUri: state.base, sampleType: state.sampleType, origin: 'viewer' }).then(quiet);
    }),
  );
  const isOpen = (uri: vscode.Uri) => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => viewerUri(tab)?.toString() === uri.toString()));

  context.subscriptions.push(
    output,
    activeProfile,
    editor,
    ...editor.register(),
    vscode.window.tabGroups.onDidChangeTabs((event) => {
      followActiveTab();
      // The viewer that made its profile active has closed: its figures go with it.
      const current = activeProfile.current();
      if (current?.origin === 'viewer' && event.closed.length > 0 && !isOpen(current.uri)) activeProfile.hide();
    }),
    vscode.window.tabGroups.onDidChangeTabGroups(() => followActiveTab()),
    // Scripts and tests may pass the profile, a sample type and a base to compare with.
    vscode.commands.registerCommand(SHOW_IN_EDITOR_COMMAND, async (target?: unknown, sampleType?: unknown, base?: unknown) => {
      const asUri = (value: unknown) => (value instanceof vscode.Uri ? value : typeof value === 'string' && value !== '' ? vscode.Uri.file(value) : undefined);
      const uri = asUri(target) ?? (await pickProfile());
      if (!uri) return;
      const message = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `gomem: reading ${path.basename(uri.fsPath)} for the editor` }, () =>
        activeProfile.show({ uri, baseUri: asUri(base), origin: 'command', sampleType: typeof sampleType === 'string' ? sampleType : undefined }),
      );
      report(message);
    }),
    vscode.commands.registerCommand(HIDE_IN_EDITOR_COMMAND, () => activeProfile.hide()),
    vscode.commands.registerCommand(SHOW_FUNCTION_COMMAND, async (profile?: unknown, functionName?: unknown) => {
      if (typeof profile !== 'string' || typeof functionName !== 'string') return;
      await showFunctionInViewer(vscode.Uri.parse(profile), functionName);
    }),
  );
  followActiveTab();
  return editor;
}

async function pickProfile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Show in Editor',
    title: 'Show a pprof profile on the source lines',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'pprof profiles': ['gz', 'pprof', 'prof', 'pb', 'txt'], 'All files': ['*'] },
  });
  return picked?.[0];
}
