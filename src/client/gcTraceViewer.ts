// The GC trace view's extension-host side: a read-only custom editor on any log file. A worker
// thread (gcTraceReader.ts) reads, parses and analyses the file, so the host never blocks on a
// large log; the host keeps following the file as it grows (a program still running) and sends
// the webview the last run's cycles as columns plus the verdicts, once per read. The raw line of a
// cycle is sent only when the webview hovers it; clicking reveals it in a text editor.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { GcHostToWebviewMessage } from '../webview/gcTraceProtocol';
import { validateGcWebviewMessage } from './gcTraceMessages';
import { GcTraceReader, GcTraceSnapshot } from './gcTraceReader';
import { webviewOptions, webviewPage } from './webviewPage';

export const GC_TRACE_VIEW_TYPE = 'gomem.gcTraceViewer';
export const OPEN_GC_TRACE_COMMAND = 'gomem.openGcTrace';
/** Largest log the view reads (a trace line is ~150 bytes: this is millions of cycles). */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/** How often a growing file's new cycles are sent to the webview, at most. */
const FOLLOW_INTERVAL_MS = 300;

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

class GcTraceDocument implements vscode.CustomDocument {
  private readonly reader: GcTraceReader;
  private watcher: fs.FSWatcher | undefined;
  private reading: Promise<void> = Promise.resolve();
  private readAgain = false;
  private changeTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (throttled) when the file grew and brought new lines. */
  readonly onDidChange = this.changed.event;
  /** What the last read found; its columns go to the webview once. */
  snapshot: GcTraceSnapshot = { totalLines: 0, cycleCount: 0, firstCycle: 0, milliseconds: 0 };
  readonly loaded: Promise<void>;

  constructor(
    readonly uri: vscode.Uri,
    readonly openedAt: number,
    workerFile: string,
    private readonly log: vscode.OutputChannel,
  ) {
    this.reader = new GcTraceReader(workerFile, { path: uri.scheme === 'file' ? uri.fsPath : undefined, maxFileBytes: MAX_FILE_BYTES });
    this.loaded = this.readMore().then(() => this.follow());
  }

  /** The text of a cycle (index into the whole log's cycles) and its 0-based line. */
  rawLine(index: number): Promise<{ text: string; line: number } | undefined> {
    return this.reader.rawLine(index);
  }

  /** Has the worker read what the file holds past what it read. */
  private readMore(): Promise<void> {
    this.reading = this.reading.then(async () => {
      if (this.disposed) return;
      if (this.uri.scheme === 'file') {
        this.snapshot = await this.reader.read();
        return;
      }
      try {
        const bytes = await vscode.workspace.fs.readFile(this.uri);
        this.snapshot = await this.reader.read(bytes);
      } catch (error) {
        this.snapshot = { totalLines: 0, cycleCount: 0, firstCycle: 0, milliseconds: 0, error: `The file could not be read (${error instanceof Error ? error.message : String(error)}).` };
      }
    });
    return this.reading;
  }

  /** Watches the file: a program writing its trace into it shows up as it runs. */
  private follow(): void {
    if (this.uri.scheme !== 'file' || this.disposed) return;
    try {
      this.watcher = fs.watch(this.uri.fsPath, { persistent: false }, () => this.onFileEvent());
      this.watcher.on('error', () => this.watcher?.close());
    } catch (error) {
      this.log.appendLine(`${this.uri.fsPath}: not followed (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private onFileEvent(): void {
    if (this.changeTimer) {
      this.readAgain = true;
      return;
    }
    this.changeTimer = setTimeout(async () => {
      const before = this.snapshot.totalLines;
      await this.readMore();
      this.changeTimer = undefined;
      if (this.snapshot.totalLines !== before) this.changed.fire();
      if (this.readAgain && !this.disposed) {
        this.readAgain = false;
        this.onFileEvent();
      }
    }, FOLLOW_INTERVAL_MS);
  }

  get following(): boolean {
    return this.watcher !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.close();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changed.dispose();
    this.reader.dispose();
  }
}

/** The page: static markup only; every string of the log arrives by message and is set as text. */
function viewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    script: 'gcTraceViewer.js',
    styles: ['gcTraceViewer.css'],
    title: 'GC trace',
    body: '<main id="viewer" aria-busy="true">\n  <p id="status" role="status">Reading the GC trace…</p>\n</main>',
  });
}

class GcTraceEditorProvider implements vscode.CustomReadonlyEditorProvider<GcTraceDocument> {
  readonly panels = new Map<string, vscode.WebviewPanel>();

  private readonly workerFile: string;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
  ) {
    this.workerFile = vscode.Uri.joinPath(extensionUri, 'dist', 'client', 'gcTraceWorker.js').fsPath;
  }

  openCustomDocument(uri: vscode.Uri): GcTraceDocument {
    return new GcTraceDocument(uri, Date.now(), this.workerFile, this.log);
  }

  resolveCustomEditor(document: GcTraceDocument, panel: vscode.WebviewPanel): void {
    const key = document.uri.toString();
    this.panels.set(key, panel);
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = viewHtml(panel.webview, this.extensionUri);
    const fileName = fileNameOf(document.uri);
    let disposed = false;
    let firstPost = true;
    const post = (message: GcHostToWebviewMessage) => {
      if (!disposed) void panel.webview.postMessage(message);
    };
    const sendTrace = () => {
      const snapshot = document.snapshot;
      if (snapshot.error) {
        post({ type: 'error', fileName, message: snapshot.error });
        return;
      }
      if (!snapshot.wire) {
        post({
          type: 'empty',
          fileName,
          following: document.following,
          message:
            `No GC trace line ("gc N @Ts P%: ...") in ${snapshot.totalLines} line${snapshot.totalLines === 1 ? '' : 's'}` +
            (document.following ? ' yet; the view updates as the file grows.' : '. Run the program with GODEBUG=gctrace=1 and keep its standard error.'),
        });
        return;
      }
      const openedAt = firstPost ? document.openedAt : 0;
      if (firstPost) this.log.appendLine(`[measurement] ${fileName}: ${snapshot.totalLines} lines read and analysed after open: ${Date.now() - document.openedAt} ms (in the reader ${snapshot.milliseconds.toFixed(0)} ms)`);
      firstPost = false;
      post({ type: 'trace', fileName, trace: snapshot.wire, following: document.following, openedAt });
    };
    const changes = document.onDidChange(() => sendTrace());
    const listener = panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const { cycleCount, firstCycle } = document.snapshot;
      const message = validateGcWebviewMessage(raw, { cycleCount: cycleCount - firstCycle });
      if (!message) {
        this.log.appendLine(`Ignored a malformed message from the GC trace view of ${fileName}.`);
        return;
      }
      switch (message.type) {
        case 'ready':
          await document.loaded;
          sendTrace();
          break;
        case 'rawLine': {
          const raw = await document.rawLine(firstCycle + message.cycle);
          if (raw) post({ type: 'rawLine', cycle: message.cycle, line: raw.line, text: raw.text });
          break;
        }
        case 'reveal': {
          const raw = await document.rawLine(firstCycle + message.cycle);
          if (raw) await revealLine(document.uri, raw.line);
          break;
        }
        case 'measurement':
          this.log.appendLine(`[measurement] ${fileName}: ${message.name}: ${message.milliseconds.toFixed(1)} ms`);
          break;
      }
    });
    panel.onDidDispose(() => {
      disposed = true;
      listener.dispose();
      changes.dispose();
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
  }
}

async function revealLine(uri: vscode.Uri, line: number): Promise<void> {
  const range = new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER);
  const open = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
  if (open) {
    const editor = await vscode.window.showTextDocument(open.document, { viewColumn: open.viewColumn, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    return;
  }
  const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
}

/** Registers the GC trace view and "gomem: Open GC Trace". */
export function registerGcTraceViewer(context: vscode.ExtensionContext): { open(uri: vscode.Uri): Promise<void> } {
  const log = vscode.window.createOutputChannel('gomem: GC Trace');
  const provider = new GcTraceEditorProvider(context.extensionUri, log);
  const open = async (uri: vscode.Uri) => {
    const panel = provider.panels.get(uri.toString());
    if (panel) {
      panel.reveal();
      return;
    }
    await vscode.commands.executeCommand('vscode.openWith', uri, GC_TRACE_VIEW_TYPE);
  };
  context.subscriptions.push(
    log,
    vscode.window.registerCustomEditorProvider(GC_TRACE_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: false, webviewOptions: { retainContextWhenHidden: false } }),
    vscode.commands.registerCommand(OPEN_GC_TRACE_COMMAND, async (target?: vscode.Uri) => {
      const uri = target instanceof vscode.Uri ? target : activeFileUri() ?? (await pickLog());
      if (uri) await open(uri);
    }),
  );
  return { open };
}

/** The file of the active editor tab, also when it is too large for a text editor or shown by another custom editor. */
function activeFileUri(): vscode.Uri | undefined {
  if (vscode.window.activeTextEditor) return vscode.window.activeTextEditor.document.uri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}

async function pickLog(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Open GC Trace',
    title: 'Open a log written with GODEBUG=gctrace=1',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}
