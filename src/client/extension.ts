import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerGcTraceViewer } from './gcTraceViewer';
import { registerRunWithGcTrace } from './gcTraceRun';
import { activeProfileViewState, ProfileViewState, registerProfileViewer } from './profileViewer';
import { registerActiveProfileEvidence } from './activeProfileEvidence';
import { LeakHunt, registerLeakHunt } from './leakHunt/leakHunt';
import { ProfileInEditor, registerProfileInEditor } from './profileInEditor/profileInEditor';
import { registerRuleDocs, renderedDocsTarget } from './ruleDocs';
import { ServerStatus, StatusSnapshot } from './serverStatus';
import { LINT_WORKSPACE_PROGRESS, LINT_WORKSPACE_REQUEST, LintWorkspaceParams, LintWorkspaceProgress, LintWorkspaceResult, SELECT_RANGE_COMMAND } from '../server/protocol';

let client: LanguageClient | undefined;
let status: ServerStatus | undefined;

/** What the extension hands to its tests and to other extensions. */
export interface GomemApi {
  /** Resolves once the language server has started. */
  serverReady: Promise<void>;
  /** The heap watch and captures (gomem: Watch Heap..., Capture Profile from URL...). */
  leakHunt: LeakHunt;
  /** What the status bar item shows. */
  status(): StatusSnapshot | undefined;
  /** The lint VS Code started with (gomem.lintOnStartup.maxFiles), once it is over. */
  startupLint: Promise<LintWorkspaceOutcome | undefined>;
  /** The active profile's figures on source lines (gomem: Show Profile in Editor). */
  profileInEditor: ProfileInEditor;
  /** What the active profile viewer shows: profile, sample type and, in compare mode, the base. */
  profileViewState(): ProfileViewState | undefined;
}

/** A workspace lint as the user saw it: the server's result and the findings the Problems panel then held. */
export interface LintWorkspaceOutcome extends LintWorkspaceResult {
  /** gomem findings in the Problems panel afterwards (open files outside the folders included). */
  shownInProblems: number;
}

const STARTUP_LINT_SETTING = 'lintOnStartup.maxFiles';
const DEFAULT_STARTUP_LINT_MAX_FILES = 2000;

export function activate(context: vscode.ExtensionContext): GomemApi {
  // Activation only starts the server process: all parsing and linting happens there.
  const serverModule = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('gomem');
  context.subscriptions.push(outputChannel);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'go' },
      { scheme: 'untitled', language: 'go' },
    ],
    synchronize: { configurationSection: 'gomem' },
    diagnosticCollectionName: 'gomem',
    // The server's log (and, with gomem.trace.server, the LSP traffic) goes to the "gomem" channel.
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      // The server links each finding to its rule's Markdown file; open that rendered, not as text.
      handleDiagnostics: (uri, diagnostics, next) => {
        for (const diagnostic of diagnostics) {
          if (typeof diagnostic.code === 'object') diagnostic.code = { ...diagnostic.code, target: renderedDocsTarget(diagnostic.code.target, context.extensionPath) };
        }
        next(uri, diagnostics);
      },
    },
  };
  client = new LanguageClient('gomem', 'gomem', serverOptions, clientOptions);
  status = new ServerStatus(client);
  context.subscriptions.push(status);
  const serverReady = client.start();
  serverReady.catch((error) => {
    status?.markFailed();
    outputChannel.appendLine(`gomem could not start its language server: ${error instanceof Error ? error.message : String(error)}`);
  });
  // Findings do not survive a window reload: lint the workspace again, if it is small enough.
  const startupLint = serverReady.then(() => lintOnStartup(), () => undefined);

  context.subscriptions.push(
    vscode.commands.registerCommand('gomem.lintWorkspace', () => lintWorkspace()),
    vscode.commands.registerCommand('gomem.restartServer', async () => {
      status?.expectStop();
      await client?.restart();
    }),
    vscode.commands.registerCommand('gomem.openWalkthrough', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#gomem.gettingStarted`, false),
    ),
    vscode.commands.registerCommand(SELECT_RANGE_COMMAND, (uri: string, range: { start: vscode.Position; end: vscode.Position }) => selectRange(uri, range)),
    vscode.commands.registerCommand('gomem.fixAllInFile', async () => {
      await vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.gomem', apply: 'first' });
    }),
  );
  registerProfileViewer(context);
  registerActiveProfileEvidence(context, client);
  registerRunWithGcTrace(context, registerGcTraceViewer(context).open);
  const leakHunt = registerLeakHunt(context);
  const profileInEditor = registerProfileInEditor(context, () => leakHunt.seriesFiles());
  registerRuleDocs(context);
  return { serverReady, leakHunt, status: () => status?.snapshot(), startupLint, profileInEditor, profileViewState: activeProfileViewState };
}

async function lintOnStartup(): Promise<LintWorkspaceOutcome | undefined> {
  const maxFiles = vscode.workspace.getConfiguration('gomem').get<number>(STARTUP_LINT_SETTING, DEFAULT_STARTUP_LINT_MAX_FILES);
  if (!(maxFiles > 0) || !vscode.workspace.workspaceFolders?.length) return undefined;
  // In the status bar, not a notification: nobody asked for this lint.
  return lintWorkspace(vscode.ProgressLocation.Window, maxFiles);
}

/** Selects a range the server names (a suppression's reason placeholder) in the editor showing its document. */
async function selectRange(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
  const target = vscode.Uri.parse(uri).toString();
  const editor =
    (vscode.window.activeTextEditor?.document.uri.toString() === target ? vscode.window.activeTextEditor : undefined) ??
    vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === target);
  if (!editor) return;
  const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
  editor.selection = selection;
  editor.revealRange(selection);
}

/**
 * Lints every Go file of the workspace with progress. The finding count it shows is the one the
 * Problems panel shows (all gomem diagnostics), so the two never disagree mid-way or at the end.
 */
async function lintWorkspace(location = vscode.ProgressLocation.Notification, maxFiles?: number): Promise<LintWorkspaceOutcome | undefined> {
  if (!client) return undefined;
  const running = client;
  const findingsShown = () => {
    const findings = status?.counts().findings ?? 0;
    return `${findings} finding${findings === 1 ? '' : 's'}`;
  };
  return vscode.window.withProgress(
    { location, title: 'gomem: linting the workspace', cancellable: location === vscode.ProgressLocation.Notification },
    async (progress, token) => {
      let reported = 0;
      const listener = running.onNotification(LINT_WORKSPACE_PROGRESS, ({ done, total }: LintWorkspaceProgress) => {
        const percent = total ? (done / total) * 100 : 100;
        const message = `${done} of ${total} files, ${findingsShown()}`;
        progress.report({ message, increment: percent - reported });
        status?.setActivity(`linting ${done} of ${total} files`);
        reported = percent;
      });
      try {
        const params: LintWorkspaceParams = maxFiles === undefined ? {} : { maxFiles };
        const result = await running.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE_REQUEST, params, token);
        const shownInProblems = status?.counts().findings ?? 0;
        if (result.skipped) {
          running.info(`Not linting the workspace on startup: it has ${result.files} Go files, more than gomem.lintOnStartup.maxFiles (${maxFiles}).`);
        } else {
          const summary = `gomem: ${findingsShown()} after linting ${result.files} Go file${result.files === 1 ? '' : 's'}${result.cancelled ? ' (cancelled)' : ''}`;
          vscode.window.setStatusBarMessage(summary, 10_000);
        }
        return { ...result, shownInProblems };
      } finally {
        listener.dispose();
        status?.setActivity(undefined);
      }
    },
  );
}

export async function deactivate(): Promise<void> {
  status?.expectStop();
  await client?.stop();
  client = undefined;
}
