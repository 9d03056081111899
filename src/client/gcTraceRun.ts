// "gomem: Run with GC Trace": runs the current package (or the test under the cursor) with
// GODEBUG=gctrace=1 in a terminal the user sees and can type into, copies everything it prints
// into a log file, and opens the GC trace view on that file, which follows it as it grows.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { GoRunCommand, goRunCommand, withGcTrace } from './gcTraceRunArgs';

export const RUN_WITH_GC_TRACE_COMMAND = 'gomem.runWithGcTrace';

/** Where the run's output goes: a fresh file per run, named after the package folder. */
function logFileFor(folder: string): string {
  const directory = path.join(os.tmpdir(), 'gomem-gctrace');
  fs.mkdirSync(directory, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(directory, `${path.basename(folder) || 'run'}-${stamp}.gctrace.log`);
}

function packageFolder(target: vscode.Uri | undefined): string | undefined {
  if (target?.scheme === 'file') {
    try {
      return fs.statSync(target.fsPath).isDirectory() ? target.fsPath : path.dirname(target.fsPath);
    } catch {
      return undefined;
    }
  }
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.uri.scheme === 'file' && editor.document.languageId === 'go') return path.dirname(editor.document.uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** A terminal backed by the go process: its output is shown and teed to the log. */
function runTerminal(command: GoRunCommand, cwd: string, logFile: string): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  let child: ChildProcess | undefined;
  const show = (text: string) => write.fire(text.replace(/\r?\n/g, '\r\n'));
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      const binary = path.join(path.dirname(logFile), `${path.basename(logFile, '.gctrace.log')}${process.platform === 'win32' ? '.exe' : ''}`);
      show(`$ ${command.display} with GODEBUG=gctrace=1   (in ${cwd}; the log is ${logFile})\n`);
      // Built without the trace: the go command's own collections must not reach the log.
      const build = spawn('go', command.buildArgs.map((arg) => (arg === '{binary}' ? binary : arg)), { cwd });
      child = build;
      build.stdout?.on('data', (chunk: Buffer) => show(chunk.toString('utf8')));
      build.stderr?.on('data', (chunk: Buffer) => show(chunk.toString('utf8')));
      build.on('error', (error) => show(`\ngomem: could not start go: ${error.message}\n`));
      build.on('close', (code) => {
        if (code !== 0 || child !== build) {
          log.end();
          if (child === build) show(`\n[the build failed with exit code ${code}; close this terminal when done]\n`);
          child = undefined;
          return;
        }
        const run = spawn(binary, command.runArgs, { cwd, env: { ...process.env, GODEBUG: withGcTrace(process.env.GODEBUG) } });
        child = run;
        const forward = (chunk: Buffer) => {
          log.write(chunk);
          show(chunk.toString('utf8'));
        };
        run.stdout?.on('data', forward);
        run.stderr?.on('data', forward);
        run.on('error', (error) => show(`\ngomem: could not start the program: ${error.message}\n`));
        run.on('close', (exitCode, signal) => {
          log.end();
          fs.rm(binary, { force: true }, () => {});
          show(`\n[${command.display} ended ${signal ? `by ${signal}` : `with exit code ${exitCode}`}; close this terminal when done]\n`);
          if (child === run) child = undefined;
        });
      });
    },
    handleInput: (data) => {
      if (!child?.stdin?.writable) return;
      if (data === '\x03') {
        child.kill('SIGINT');
        return;
      }
      const text = data.replace(/\r/g, '\n');
      child.stdin.write(text);
      show(text); // no tty: echo what is typed
    },
    close: () => {
      child?.kill();
      log.end();
    },
  };
}

export function registerRunWithGcTrace(context: vscode.ExtensionContext, openView: (uri: vscode.Uri) => Promise<void>): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(RUN_WITH_GC_TRACE_COMMAND, async (target?: vscode.Uri) => {
      const folder = packageFolder(target instanceof vscode.Uri ? target : undefined);
      if (!folder) {
        void vscode.window.showErrorMessage('gomem: open a Go file or a folder with a Go package to run it with a GC trace.');
        return;
      }
      const editor = vscode.window.activeTextEditor;
      const fromEditor = editor && editor.document.uri.scheme === 'file' && path.dirname(editor.document.uri.fsPath) === folder;
      const command = goRunCommand(fromEditor ? editor.document.fileName : undefined, fromEditor ? editor.document.getText() : undefined, fromEditor ? editor.selection.active.line : 0);
      const logFile = logFileFor(folder);
      fs.writeFileSync(logFile, '');
      const terminal = vscode.window.createTerminal({ name: `GC trace: ${command.display}`, pty: runTerminal(command, folder, logFile) });
      terminal.show(true);
      await openView(vscode.Uri.file(logFile));
    }),
  );
}
