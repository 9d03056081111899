// The GC trace view's extension-host side: a read-only custom editor on any log file. The host
// reads the file in chunks, parsing between yields to the event loop (so a 100,000-line trace
// never blocks it), keeps following the file as it grows (a program still running), and sends
// the webview the last run's cycles as columns plus the verdicts. The raw line of a cycle is sent
// only when the webview hovers it; clicking reveals it in a text editor.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { analyzeGcTrace, GcTraceParser } from '../core/gctrace';
import { GcHostToWebviewMessage, toWireTrace } from '../webview/gcTraceProtocol';
import { validateGcWebviewMessage } from './gcTraceMessages';
import { webviewOptions, webviewPage } from './webviewPage';

export const GC_TRACE_VIEW_TYPE = 'gomem.gcTraceViewer';
export const OPEN_GC_TRACE_COMMAND = 'gomem.openGcTrace';
/** Largest log the view reads (a trace line is ~150 bytes: this is millions of cycles). */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** How often a growing file's new cycles are sent to the webview, at most. */
const FOLLOW_INTERVAL_MS = 300;

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

class GcTraceDocument implements vscode.CustomDocument {
  private parser = new GcTraceParser();
  private readOffset = 0;
  private decoder = new TextDecoder('utf-8');
  private watcher: fs.FSWatcher | undefined;
  private reading: Promise<void> = Promise.resolve();
  private readAgain = false;
  private changeTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (throttled) when the file grew and brought new lines. */
  readonly onDidChange = this.changed.event;
  error: string | undefined;
  readonly loaded: Promise<void>;

  constructor(
    readonly uri: vscode.Uri,
    readonly openedAt: number,
    private readonly log: vscode.OutputChannel,
  ) {
    this.loaded = this.readMore().then(() => this.follow());
  }

  get trace() {
    return this.parser.trace;
  }

  /** The text of a cycle (index into the whole log's cycles) and its 0-based line. */
  rawLine(index: number): { text: string; line: number } | undefined {
    const text = this.parser.rawLine(index);
    return text !== undefined ? { text, line: this.parser.trace.columns.line[index] } : undefined;
  }

  /** Reads what the file holds past what was read, parsing a chunk at a time between yields. */
  private readMore(): Promise<void> {
    if (this.uri.scheme !== 'file') {
      return (async () => {
        try {
          const bytes = await vscode.workspace.fs.readFile(this.uri);
          if (bytes.length > MAX_FILE_BYTES) throw new RangeError();
          const text = new TextDecoder('utf-8').decode(bytes);
          for (let start = 0; start < text.length && !this.disposed; start += CHUNK_BYTES) {
            this.parser.push(text.slice(start, start + CHUNK_BYTES));
            await new Promise((resolve) => setImmediate(resolve));
          }
          this.parser.finish();
        } catch (error) {
          this.error = error instanceof RangeError ? 'The file is larger than 1 GB, more than the GC trace view reads.' : `The file could not be read (${error instanceof Error ? error.message : String(error)}).`;
        }
      })();
    }
    this.reading = this.reading.then(async () => {
      let handle: fs.promises.FileHandle | undefined;
      try {
        handle = await fs.promises.open(this.uri.fsPath, 'r');
        const { size } = await handle.stat();
        if (size < this.readOffset) this.restart(); // truncated or replaced: read it anew
        if (size > MAX_FILE_BYTES) {
          this.error = `The file is ${Math.round(size / 1048576)} MB, more than the 1 GB the GC trace view reads.`;
          return;
        }
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        while (!this.disposed && this.readOffset < size) {
          const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, size - this.readOffset), this.readOffset);
          if (bytesRead === 0) break;
          this.readOffset += bytesRead;
          this.parser.push(this.decoder.decode(buffer.subarray(0, bytesRead), { stream: true }));
          await new Promise((resolve) => setImmediate(resolve));
        }
        this.error = undefined;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        this.error = code === 'ENOENT' ? 'The file does not exist (any more).' : code === 'EISDIR' ? 'This is a folder, not a log file.' : `The file could not be read (${code ?? (error as Error).message}).`;
      } finally {
        await handle?.close();
      }
    });
    return this.reading;
  }

  private restart(): void {
    this.parser = new GcTraceParser();
    this.decoder = new TextDecoder('utf-8');
    this.readOffset = 0;
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
      const before = this.parser.trace.totalLines;
      await this.readMore();
      this.changeTimer = undefined;
      if (this.parser.trace.totalLines !== before) this.changed.fire();
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

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
  ) {}

  openCustomDocument(uri: vscode.Uri): GcTraceDocument {
    return new GcTraceDocument(uri, Date.now(), this.log);
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
      if (document.error) {
        post({ type: 'error', fileName, message: document.error });
        return;
      }
      const trace = document.trace;
      if (trace.columns.length === 0) {
        post({
          type: 'empty',
          fileName,
          following: document.following,
          message:
            `No GC trace line ("gc N @Ts P%: ...") in ${trace.totalLines} line${trace.totalLines === 1 ? '' : 's'}` +
            (document.following ? ' yet; the view updates as the file grows.' : '. Run the program with GODEBUG=gctrace=1 and keep its standard error.'),
        });
        return;
      }
      const started = Date.now();
      const wire = toWireTrace(trace, analyzeGcTrace(trace));
      const openedAt = firstPost ? document.openedAt : 0;
      if (firstPost) this.log.appendLine(`[measurement] ${fileName}: ${trace.totalLines} lines read and analysed after open: ${Date.now() - document.openedAt} ms (analysis ${Date.now() - started} ms)`);
      firstPost = false;
      post({ type: 'trace', fileName, trace: wire, following: document.following, openedAt });
    };
    const changes = document.onDidChange(() => sendTrace());
    const listener = panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const cycleCount = document.trace.columns.length;
      const firstCycle = cycleCount ? analyzeFirstCycle(document) : 0;
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
          const raw = document.rawLine(firstCycle + message.cycle);
          if (raw) post({ type: 'rawLine', cycle: message.cycle, line: raw.line, text: raw.text });
          break;
        }
        case 'reveal': {
          const raw = document.rawLine(firstCycle + message.cycle);
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

/** Index in the whole log of the first cycle of the run the view shows (the last run). */
function analyzeFirstCycle(document: GcTraceDocument): number {
  const { run } = document.trace.columns;
  let first = run.length - 1;
  while (first > 0 && run[first - 1] === run[run.length - 1]) first--;
  return first;
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
