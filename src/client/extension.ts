import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerGcTraceViewer } from './gcTraceViewer';
import { registerRunWithGcTrace } from './gcTraceRun';
import { registerProfileViewer } from './profileViewer';
import { LeakHunt, registerLeakHunt } from './leakHunt/leakHunt';
import { LINT_WORKSPACE_PROGRESS, LINT_WORKSPACE_REQUEST, LintWorkspaceProgress, LintWorkspaceResult } from '../server/protocol';

let client: LanguageClient | undefined;

/** What the extension hands to its tests and to other extensions. */
export interface GomemApi {
  /** Resolves once the language server has started. */
  serverReady: Promise<void>;
  /** The heap watch and captures (gomem: Watch Heap..., Capture Profile from URL...). */
  leakHunt: LeakHunt;
}

export function activate(context: vscode.ExtensionContext): GomemApi {
  // Activation only starts the server process: all parsing and linting happens there.
  const serverModule = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'go' },
      { scheme: 'untitled', language: 'go' },
    ],
    synchronize: { configurationSection: 'gomem' },
    diagnosticCollectionName: 'gomem',
  };
  client = new LanguageClient('gomem', 'gomem', serverOptions, clientOptions);
  const serverReady = client.start();

  context.subscriptions.push(
    vscode.commands.registerCommand('gomem.lintWorkspace', () => lintWorkspace()),
    vscode.commands.registerCommand('gomem.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('gomem.fixAllInFile', async () => {
      await vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.gomem', apply: 'first' });
    }),
  );
  registerProfileViewer(context);
  registerRunWithGcTrace(context, registerGcTraceViewer(context).open);
  const leakHunt = registerLeakHunt(context);
  return { serverReady, leakHunt };
}

async function lintWorkspace(): Promise<LintWorkspaceResult | undefined> {
  if (!client) return undefined;
  const running = client;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'gomem: linting the workspace', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const listener = running.onNotification(LINT_WORKSPACE_PROGRESS, ({ done, total }: LintWorkspaceProgress) => {
        const percent = total ? (done / total) * 100 : 100;
        progress.report({ message: `${done} of ${total} files`, increment: percent - reported });
        reported = percent;
      });
      try {
        const result = await running.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE_REQUEST, {}, token);
        const summary = `gomem: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.files} Go file${result.files === 1 ? '' : 's'}${result.cancelled ? ' (cancelled)' : ''}`;
        vscode.window.setStatusBarMessage(summary, 10_000);
        return result;
      } finally {
        listener.dispose();
      }
    },
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
