// The leak hunt in the editor: "Capture Profile from URL...", "Watch Heap..." (status bar item and
// series view), "Compare with..." (picks a base and turns the profile viewer into a diff).
// Network I/O is asynchronous here; decoding, comparing and summarising run in leakHuntWorker.
import * as path from 'path';
import * as vscode from 'vscode';
import { captureProfile, Capture } from '../../core/capture/capture';
import { CAPTURE_KINDS, CaptureError, CaptureKind, redactAddress } from '../../core/capture/captureUrl';
import { formatValue, ProfileError } from '../../core/pprof';
import { GrowthSeries } from '../../core/pprof/growth';
import { COMPARE_COMMAND, compareInViewer, PROFILE_VIEW_TYPE } from '../profileViewer';
import type { WatchSnapshot } from './leakHuntModel';
import { LeakHuntError, LeakHuntWorker, ownBuffer } from './leakHuntWorkerClient';
import { HostMessage, SeriesData, validateViewMessage } from '../../webview/leakHunt/leakHuntProtocol';
import { webviewOptions, webviewPage } from '../webviewPage';

const RECENT_KEY = 'gomem.capture.recentAddresses';
const WATCH_KEY = 'gomem.watch.series';
const MAX_RECENT = 8;
const REQUEST_TIMEOUT_MS = 30_000;

export const CAPTURE_COMMAND = 'gomem.captureProfile';
export const WATCH_COMMAND = 'gomem.watchHeap';
export const STOP_WATCH_COMMAND = 'gomem.stopWatch';
export const SHOW_WATCH_COMMAND = 'gomem.showHeapWatch';

function settingMaxBytes(): number {
  const mb = vscode.workspace.getConfiguration('gomem').get<number>('profile.maxInflatedMegabytes', 512);
  return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : 512) * 1024 * 1024);
}

/** gomem.profile.captureFolder, else .gomem/profiles under the first workspace folder. */
function captureFolder(): string | undefined {
  const configured = vscode.workspace.getConfiguration('gomem').get<string>('profile.captureFolder', '').trim();
  const root = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  if (configured) return path.isAbsolute(configured) ? configured : root ? path.join(root, configured) : undefined;
  return root ? path.join(root, '.gomem', 'profiles') : undefined;
}

function errorSentence(error: unknown): string {
  if (error instanceof CaptureError || error instanceof ProfileError || error instanceof LeakHuntError) return error.message;
  return `gomem failed: ${error instanceof Error ? error.message : String(error)}`;
}

function viewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewPage(webview, extensionUri, {
    script: 'leakHuntView.js',
    styles: ['leakHunt.css'],
    title,
    body: '<main id="view" aria-busy="true"><p id="status" role="status">Loading…</p></main>',
  });
}

export class LeakHunt implements vscode.Disposable {
  private readonly worker: LeakHuntWorker;
  private readonly statusItem: vscode.StatusBarItem;
  private watch: { address: string; timer: NodeJS.Timeout | undefined; busy: boolean } | undefined;
  private snapshots: WatchSnapshot[] = [];
  /** The snapshots' flat values, interned: the ranking the series view shows is computed from it. */
  private series = new GrowthSeries();
  private address = '';
  private seriesPanel: vscode.WebviewPanel | undefined;
  private readonly log: vscode.OutputChannel;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.worker = new LeakHuntWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'client', 'leakHuntWorker.js').fsPath);
    this.statusItem = vscode.window.createStatusBarItem('gomem.heapWatch', vscode.StatusBarAlignment.Left, 10);
    this.statusItem.name = 'gomem Heap Watch';
    this.statusItem.command = STOP_WATCH_COMMAND;
    this.log = vscode.window.createOutputChannel('gomem: Leak Hunt');
  }

  dispose(): void {
    this.stopTimer();
    this.worker.dispose();
    this.statusItem.dispose();
    this.log.dispose();
  }

  register(): void {
    this.context.subscriptions.push(
      this,
      // Scripts and tests may pass the address (and kind, seconds); menus pass other things.
      vscode.commands.registerCommand(CAPTURE_COMMAND, (address?: unknown, kind?: unknown, seconds?: unknown) =>
        this.captureCommand(
          typeof address === 'string' ? address : undefined,
          typeof kind === 'string' && (CAPTURE_KINDS as readonly string[]).includes(kind) ? (kind as CaptureKind) : undefined,
          typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 ? seconds : undefined,
        ),
      ),
      vscode.commands.registerCommand(WATCH_COMMAND, (address?: unknown) => this.watchCommand(typeof address === 'string' ? address : undefined)),
      vscode.commands.registerCommand(STOP_WATCH_COMMAND, () => this.stopWatch()),
      vscode.commands.registerCommand(SHOW_WATCH_COMMAND, () => this.showSeries()),
      vscode.commands.registerCommand(COMPARE_COMMAND, (target?: vscode.Uri, base?: vscode.Uri) => this.compareCommand(target, base)),
    );
    void this.restoreSeries();
  }

  /** What the heap watch shows, for tests and other extensions. */
  watchState(): { watching: boolean; snapshots: number; statusText: string | undefined; series: SeriesData } {
    return { watching: this.watch !== undefined, snapshots: this.snapshots.length, statusText: this.statusItem.text || undefined, series: this.seriesData() };
  }

  /** The heap watch's snapshot files, oldest first: the editor shows their growth. */
  seriesFiles(): string[] {
    return [...this.snapshots].sort((a, b) => a.timeMs - b.timeMs).map((snapshot) => snapshot.file);
  }

  // ---- addresses ----

  private recentAddresses(): string[] {
    return this.context.workspaceState.get<string[]>(RECENT_KEY, []);
  }

  private async rememberAddress(address: string): Promise<void> {
    const recent = [address, ...this.recentAddresses().filter((a) => a !== address)].slice(0, MAX_RECENT);
    await this.context.workspaceState.update(RECENT_KEY, recent);
  }

  /** A quick pick of recent addresses that also takes a new one typed in. */
  private askAddress(title: string): Promise<string | undefined> {
    return new Promise((resolve) => {
      const pick = vscode.window.createQuickPick();
      pick.title = title;
      pick.placeholder = 'host:port, http://host:6060/debug/pprof/ or a full endpoint URL (localhost:6060)';
      const recent = this.recentAddresses().map((address) => ({ label: redactAddress(address), address, description: 'recent' }));
      const update = () => {
        const typed = pick.value.trim();
        const typedItem = typed && !recent.some((r) => r.address === typed) ? [{ label: redactAddress(typed), address: typed, description: 'new address' }] : [];
        pick.items = [...typedItem, ...recent];
      };
      update();
      pick.onDidChangeValue(update);
      let done = false;
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0] as { address?: string } | undefined;
        done = true;
        resolve(item?.address ?? (pick.value.trim() || undefined));
        pick.hide();
      });
      pick.onDidHide(() => {
        if (!done) resolve(undefined);
        pick.dispose();
      });
      pick.show();
    });
  }

  // ---- capture ----

  async captureCommand(address?: string, kind?: CaptureKind, seconds?: number): Promise<string | undefined> {
    address ??= await this.askAddress('gomem: Capture Profile from URL');
    if (!address) return undefined;
    if (!kind) {
      const picked = await vscode.window.showQuickPick(
        CAPTURE_KINDS.map((k) => ({ label: k, description: k === 'heap' ? 'live objects after a GC (gc=1)' : k === 'cpu' ? 'profile?seconds=N' : k === 'goroutineleak' ? 'Go 1.26+' : '' })),
        { title: 'Which profile?' },
      );
      if (!picked) return undefined;
      kind = picked.label as CaptureKind;
    }
    if (kind === 'cpu' && seconds === undefined) {
      const text = await vscode.window.showInputBox({ title: 'CPU profile length in seconds', value: '30', validateInput: (v) => (/^\d+$/.test(v) && Number(v) > 0 ? undefined : 'A whole number of seconds above 0.') });
      if (!text) return undefined;
      seconds = Number(text);
    }
    const outDir = captureFolder();
    if (!outDir) {
      void vscode.window.showErrorMessage('gomem: open a folder, or set gomem.profile.captureFolder to an absolute path, to capture profiles.');
      return undefined;
    }
    await this.rememberAddress(address);
    try {
      const capture = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `gomem: capturing a ${kind} profile from ${redactAddress(address)}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let ticker: NodeJS.Timeout | undefined;
          if (kind === 'cpu' && seconds) {
            let elapsed = 0;
            ticker = setInterval(() => {
              elapsed++;
              progress.report({ message: `${Math.min(elapsed, seconds!)} of ${seconds} s`, increment: 100 / seconds! });
            }, 1000);
          }
          try {
            return await this.capture(address!, kind!, outDir, abort.signal, seconds);
          } finally {
            if (ticker) clearInterval(ticker);
          }
        },
      );
      this.log.appendLine(`Captured ${capture.kind} from ${capture.source} into ${capture.file}`);
      await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(capture.file), PROFILE_VIEW_TYPE);
      return capture.file;
    } catch (error) {
      void vscode.window.showErrorMessage(`gomem: ${errorSentence(error)}`);
      return undefined;
    }
  }

  /** One capture; the body is checked (and, for heap, summarised) in the worker, not here. */
  private async capture(address: string, kind: CaptureKind, outDir: string, signal?: AbortSignal, seconds?: number): Promise<Capture & { snapshot?: WatchSnapshot }> {
    let snapshot: WatchSnapshot | undefined;
    const capture = await captureProfile(address, {
      kind,
      seconds,
      outDir,
      timeoutMs: REQUEST_TIMEOUT_MS,
      maxBytes: settingMaxBytes(),
      signal,
      inspect: async (bytes) => {
        try {
          // Moved to the worker, not copied (a copy of a large profile stalls this thread), and moved back to be saved.
          const own = ownBuffer(bytes);
          const result = await this.worker.run<'snapshot'>({ task: 'snapshot', file: '', bytes, maxBytes: settingMaxBytes(), capturedAtMs: Date.now() }, own ? [own] : []);
          snapshot = result.snapshot;
          return own ? result.bytes : bytes;
        } catch (error) {
          // As a ProfileError the capture words it as a body that is not a profile.
          throw error instanceof LeakHuntError ? new ProfileError(error.message) : error;
        }
      },
    });
    if (snapshot) snapshot.file = capture.file;
    return { ...capture, snapshot };
  }

  // ---- watch ----

  private intervalMs(): number {
    const seconds = vscode.workspace.getConfiguration('gomem').get<number>('profile.watchIntervalSeconds', 30);
    return Math.max(1, Number.isFinite(seconds) ? seconds : 30) * 1000;
  }

  async watchCommand(address?: string): Promise<void> {
    address ??= await this.askAddress('gomem: Watch Heap');
    if (!address) return;
    const outDir = captureFolder();
    if (!outDir) {
      void vscode.window.showErrorMessage('gomem: open a folder, or set gomem.profile.captureFolder to an absolute path, to watch a heap.');
      return;
    }
    await this.rememberAddress(address);
    this.stopTimer();
    this.setSnapshots([]);
    this.address = address;
    this.startTimer(address, outDir);
    this.showSeries();
  }

  private startTimer(address: string, outDir: string): void {
    const watch = { address, timer: undefined as NodeJS.Timeout | undefined, busy: false };
    this.watch = watch;
    const tick = async () => {
      if (this.watch !== watch || watch.busy) return;
      watch.busy = true;
      try {
        const capture = await this.capture(address, 'heap', outDir);
        if (this.watch !== watch) return;
        if (capture.snapshot) this.addSnapshot(capture.snapshot);
        await this.saveSeries(true);
        this.updateSeries();
      } catch (error) {
        if (this.watch !== watch) return;
        this.log.appendLine(`Heap watch of ${redactAddress(address)}: ${errorSentence(error)}`);
        this.stopTimer();
        await this.saveSeries(false);
        this.updateSeries();
        void vscode.window.showErrorMessage(`gomem: the heap watch stopped: ${errorSentence(error)}`);
      } finally {
        watch.busy = false;
      }
    };
    watch.timer = setInterval(() => void tick(), this.intervalMs());
    void tick();
    this.updateStatus();
  }

  private stopTimer(): void {
    if (this.watch?.timer) clearInterval(this.watch.timer);
    this.watch = undefined;
    this.updateStatus();
  }

  async stopWatch(): Promise<void> {
    if (!this.watch) return;
    this.log.appendLine(`Heap watch of ${redactAddress(this.watch.address)} stopped after ${this.snapshots.length} snapshot(s).`);
    this.stopTimer();
    await this.saveSeries(false);
    this.updateSeries();
  }

  private updateStatus(): void {
    if (!this.watch) {
      this.statusItem.hide();
      return;
    }
    const last = this.snapshots[this.snapshots.length - 1];
    const count = this.snapshots.length;
    this.statusItem.text = `$(pulse) heap: ${count} snapshot${count === 1 ? '' : 's'}${last ? `, ${formatValue(last.total, 'bytes')} in use` : ''}`;
    this.statusItem.tooltip = `gomem is watching the heap of ${redactAddress(this.watch.address)}. Click to stop.`;
    this.statusItem.show();
  }

  /** The series is kept per workspace: the files it read, so a reload rebuilds it from disk. */
  private async saveSeries(running: boolean): Promise<void> {
    await this.context.workspaceState.update(WATCH_KEY, { address: this.address, running, files: this.snapshots.map((s) => s.file), times: this.snapshots.map((s) => s.timeMs) });
  }

  private async restoreSeries(): Promise<void> {
    const saved = this.context.workspaceState.get<{ address: string; running: boolean; files: string[]; times: number[] }>(WATCH_KEY);
    if (!saved || !Array.isArray(saved.files) || saved.files.length === 0) return;
    this.log.appendLine(`Heap watch: restoring ${saved.files.length} snapshot(s) of ${redactAddress(saved.address)}${saved.running ? ', and resuming the watch' : ''}.`);
    this.address = saved.address;
    const restored: WatchSnapshot[] = [];
    for (let i = 0; i < saved.files.length; i++) {
      try {
        const { snapshot } = await this.worker.run<'snapshot'>({ task: 'snapshot', file: saved.files[i], maxBytes: settingMaxBytes(), capturedAtMs: saved.times?.[i] ?? 0 });
        restored.push(snapshot);
      } catch (error) {
        this.log.appendLine(`Heap watch: ${saved.files[i]} could not be restored: ${errorSentence(error)}`);
      }
    }
    this.setSnapshots(restored);
    const outDir = captureFolder();
    if (saved.running && outDir) this.startTimer(saved.address, outDir);
    this.updateSeries();
  }

  private addSnapshot(snapshot: WatchSnapshot): void {
    this.snapshots.push(snapshot);
    this.series.add({ file: snapshot.file, timeMs: snapshot.timeMs, total: snapshot.total, sampleType: { type: 'inuse_space', unit: 'bytes' }, flatByFunction: new Map(snapshot.flat) });
  }

  private setSnapshots(snapshots: WatchSnapshot[]): void {
    this.snapshots = [];
    this.series = new GrowthSeries();
    for (const snapshot of snapshots) this.addSnapshot(snapshot);
  }

  private seriesData(): SeriesData {
    // Only the rows the view lists get their per-snapshot values: a long watch stays cheap.
    const rows = this.series.length >= 2 ? this.series.report(200).rows : [];
    return {
      address: redactAddress(this.address),
      running: this.watch !== undefined,
      intervalSeconds: this.intervalMs() / 1000,
      unit: 'bytes',
      snapshots: this.snapshots.map((s) => ({ name: path.basename(s.file), timeMs: s.timeMs, total: s.total })),
      rows,
    };
  }

  private updateSeries(): void {
    this.updateStatus();
    if (this.seriesPanel) void this.seriesPanel.webview.postMessage({ type: 'series', series: this.seriesData() } satisfies HostMessage);
  }

  showSeries(): void {
    if (this.seriesPanel) {
      this.seriesPanel.reveal();
      this.updateSeries();
      return;
    }
    const panel = vscode.window.createWebviewPanel('gomem.heapWatch', 'gomem: Heap Watch', vscode.ViewColumn.Active, this.webviewOptions());
    this.seriesPanel = panel;
    panel.webview.html = viewHtml(panel.webview, this.context.extensionUri, 'Heap Watch');
    const listener = panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const message = validateViewMessage(raw);
      if (!message) return;
      if (message.type === 'ready') this.updateSeries();
      else if (message.type === 'stopWatch') await this.stopWatch();
      else if (message.type === 'compareSnapshots') {
        const base = this.snapshots[message.base];
        const next = this.snapshots[message.next];
        if (base && next) await this.openCompare(vscode.Uri.file(base.file), vscode.Uri.file(next.file));
      } else if (message.type === 'openSnapshot') {
        const snapshot = this.snapshots[message.index];
        if (snapshot) await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(snapshot.file), PROFILE_VIEW_TYPE);
      }
    });
    panel.onDidDispose(() => {
      listener.dispose();
      this.seriesPanel = undefined;
    });
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      ...webviewOptions(this.context.extensionUri),
      retainContextWhenHidden: false,
    };
  }

  // ---- compare ----

  /** The profile open in the active profile viewer tab, if any. */
  private activeProfile(): vscode.Uri | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputCustom && input.viewType.startsWith(PROFILE_VIEW_TYPE) ? input.uri : undefined;
  }

  async compareCommand(target?: vscode.Uri, base?: vscode.Uri): Promise<string | undefined> {
    const next = target instanceof vscode.Uri ? target : this.activeProfile() ?? (await this.pickFile('Profile to compare (NEW)'));
    if (!next) return undefined;
    if (!(base instanceof vscode.Uri)) {
      const open = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => t.input)
        .filter((i): i is vscode.TabInputCustom => i instanceof vscode.TabInputCustom && i.viewType.startsWith(PROFILE_VIEW_TYPE) && i.uri.toString() !== next.toString())
        .map((i) => ({ label: path.basename(i.uri.fsPath), description: 'open profile', uri: i.uri as vscode.Uri | undefined }));
      const series = this.snapshots.filter((s) => s.file !== next.fsPath).map((s) => ({ label: path.basename(s.file), description: `heap watch snapshot, ${formatValue(s.total, 'bytes')}`, uri: vscode.Uri.file(s.file) as vscode.Uri | undefined }));
      const picked = await vscode.window.showQuickPick([...open, ...series, { label: 'Choose a file...', description: '', uri: undefined }], { title: `Compare ${path.basename(next.fsPath)} with (BASE)` });
      if (!picked) return undefined;
      base = picked.uri ?? (await this.pickFile('Base profile'));
      if (!base) return undefined;
    }
    return this.openCompare(base, next);
  }

  private async pickFile(title: string): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title, defaultUri: captureFolder() ? vscode.Uri.file(captureFolder()!) : undefined, filters: { 'pprof profiles': ['gz', 'pprof', 'prof', 'pb', 'txt'], 'All files': ['*'] } });
    return picked?.[0];
  }

  /** The profile viewer of `next` in compare mode against `base`; the sentence when they cannot be compared. */
  async openCompare(base: vscode.Uri, next: vscode.Uri): Promise<string | undefined> {
    const problem = await compareInViewer(next, base);
    if (problem) this.log.appendLine(`Compare ${next.fsPath} with ${base.fsPath}: ${problem}`);
    return problem;
  }
}

export function registerLeakHunt(context: vscode.ExtensionContext): LeakHunt {
  const hunt = new LeakHunt(context);
  hunt.register();
  return hunt;
}
