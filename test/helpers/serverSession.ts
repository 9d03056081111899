import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

/** The built language server; tests drive it over real JSON-RPC on stdio, as an editor would. */
export const SERVER = path.join(path.resolve(__dirname, '..', '..', '..'), 'dist', 'server', 'server.js');

export class ServerSession {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: (() => void)[] = [];
  configuration: unknown = {};
  /** What the server logged (window/logMessage) and wrote to stderr. */
  readonly log: string[] = [];
  /** Set when the server process ends. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(readonly workspace: string, env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.process.once('exit', (code, signal) => {
      this.exit = { code, signal };
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.process.stderr!.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, [...(this.diagnostics.get(params.uri) ?? []), params]);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'gomem' ? this.configuration : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.log.push(params.message));
    // A dead server closes the stream: that shows in `exit`, not as an unhandled error here.
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(this.workspace).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } } },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Waits for the next diagnostics of a document that satisfy `accept`. */
  async diagnosticsFor(uri: string, accept: (diagnostics: Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return this.publishedFor(uri, (published) => accept(published.diagnostics), timeoutMs);
  }

  /** Waits for the diagnostics the server publishes for a version of a document (or a later one). */
  async diagnosticsOfVersion(uri: string, version: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return this.publishedFor(uri, (published) => (published.version ?? -1) >= version, timeoutMs);
  }

  private async publishedFor(uri: string, accept: (published: PublishDiagnosticsParams) => boolean, timeoutMs: number): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = this.diagnostics.get(uri)?.at(-1);
      if (latest && accept(latest)) return latest.diagnostics;
      if (this.exit) throw new Error(`the server exited (${JSON.stringify(this.exit)}) before matching diagnostics for ${uri}:\n${this.log.join('\n')}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(latest?.diagnostics)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async dispose(): Promise<void> {
    try {
      if (!this.exit) {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      }
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    this.process.kill();
  }
}
