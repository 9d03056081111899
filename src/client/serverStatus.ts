// The status bar item: the language server's state and the number of gomem findings the
// Problems panel holds; a click opens that panel.
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';

export type ServerState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface StatusSnapshot {
  state: ServerState;
  /** gomem diagnostics across all files: what the Problems panel lists for gomem. */
  findings: number;
  files: number;
  text: string;
  tooltip: string;
}

export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gomem.status', vscode.StatusBarAlignment.Left, 0);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private state: ServerState = 'starting';
  private hasRun = false;
  /** Set while gomem stops the server on purpose (restart command, deactivation). */
  private stoppingOnPurpose = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Extra words after the count, while a workspace lint runs ("linting 40 of 120 files"). */
  private activity: string | undefined;

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'gomem';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running) {
          this.hasRun = true;
          this.stoppingOnPurpose = false;
          this.state = 'running';
        } else if (newState === State.Starting) {
          this.state = this.hasRun ? 'restarting' : 'starting';
        } else {
          // Stopped without being asked to: the client gave up restarting a crashing server.
          this.state = this.stoppingOnPurpose ? 'restarting' : 'failed';
        }
        this.render();
      }),
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleRender()),
    );
    this.render();
    this.item.show();
  }

  /** Called before gomem stops the server itself, so that the stop does not read as a failure. */
  expectStop(): void {
    this.stoppingOnPurpose = true;
  }

  /** The server could not be started at all. */
  markFailed(): void {
    this.state = 'failed';
    this.render();
  }

  setActivity(activity: string | undefined): void {
    this.activity = activity;
    this.render();
  }

  /** How many gomem findings the Problems panel shows, and in how many files. */
  counts(): { findings: number; files: number } {
    let findings = 0;
    let files = 0;
    this.client.diagnostics?.forEach((_, diagnostics) => {
      if (diagnostics.length === 0) return;
      findings += diagnostics.length;
      files++;
    });
    return { findings, files };
  }

  /** What the item shows now (its count is refreshed shortly after diagnostics change). */
  snapshot(): StatusSnapshot {
    return { state: this.state, ...this.rendered, text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

  private rendered = { findings: 0, files: 0 };

  private scheduleRender(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.render();
    }, 100);
  }

  private render(): void {
    const { findings, files } = (this.rendered = this.counts());
    const counted = `${findings} finding${findings === 1 ? '' : 's'}`;
    const activity = this.activity ? ` · ${this.activity}` : '';
    switch (this.state) {
      case 'running':
        this.item.text = `${findings > 0 ? '$(warning)' : '$(check)'} gomem: ${counted}${activity}`;
        this.item.backgroundColor = undefined;
        break;
      case 'starting':
      case 'restarting':
        this.item.text = `$(sync~spin) gomem: ${this.state}`;
        this.item.backgroundColor = undefined;
        break;
      case 'failed':
      case 'stopped':
        this.item.text = `$(error) gomem: ${this.state}`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    const where = files > 0 ? ` in ${files} file${files === 1 ? '' : 's'}` : '';
    const advice = this.state === 'failed' ? ' See the "gomem" output channel, then run "gomem: Restart Language Server".' : '';
    this.item.tooltip = `gomem language server: ${this.state}. ${counted}${where}.${advice} Click to open the Problems panel.`;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
