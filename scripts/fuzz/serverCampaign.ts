import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LineIndex } from '../../src/core/text';
import { mutateGo, randomKeystroke, TESTDATA, testdataGoFiles } from './goMutations';
import { CampaignOptions, FuzzCampaign, OutcomeCounts } from './outcomes';
import { SeededRandom } from './random';

const SERVER = path.resolve(__dirname, '..', '..', '..', 'dist', 'server', 'server.js');
/** How long the server may take to publish diagnostics for the latest version of a document. */
const ANSWER_MS = 15_000;

/**
 * Edits typed into the language server: each iteration opens a test-data file (from a copy of
 * test/testdata, so package siblings are on disk), sends 1-40 random incremental edits (typing,
 * deleting, pasting a mutated file), each followed by its diagnostics.
 */
export const serverCampaign: FuzzCampaign = {
  name: 'server',
  description: 'one test-data file opened in the language server and edited 1-40 times, the diagnostics of each version awaited',
  defaultIterations: 400,
  async run(options: CampaignOptions): Promise<OutcomeCounts> {
    const outcomes = new OutcomeCounts(new Set(['rule error logged', 'no answer', 'server exited']));
    const random = new SeededRandom(options.seed);
    const tree = path.join(options.workDir, 'testdata');
    fs.cpSync(TESTDATA, tree, { recursive: true });
    const originals = testdataGoFiles().map((file) => ({ copy: path.join(tree, path.relative(TESTDATA, file)), text: fs.readFileSync(file, 'utf8') }));
    const donors = originals.map((original) => original.text);
    let server = await LanguageServer.start(tree);
    let edits = 0;
    try {
      for (let iteration = 0; iteration < options.iterations; iteration++) {
        const target = random.pick(originals);
        const uri = pathToFileURL(target.copy).href;
        let text = target.text;
        let version = 1;
        server.logged.length = 0;
        server.open(uri, text);
        const history: string[] = [];
        let answered: { message: string }[] | undefined = [];
        // Each edit waits for its diagnostics, as when a user types at an ordinary pace: every version is linted.
        for (let count = random.between(1, 40); count > 0 && answered; count--) {
          const change = randomChange(text, random, donors);
          text = change.text;
          history.push(change.description);
          server.change(uri, ++version, change.lsp);
          edits++;
          answered = await server.diagnosticsFor(uri, version, ANSWER_MS);
        }
        const example = `${path.relative(tree, target.copy)} after ${history.length} edits (iteration ${iteration}); last: ${history.slice(-3).join(' | ')}`;
        const ruleErrors = server.logged.filter((line) => /rule \S+ failed/.test(line));
        if (server.exited) {
          outcomes.add('server exited', `${example}: ${server.stderr.slice(-400)}`);
          server = await LanguageServer.start(tree);
          continue;
        }
        if (ruleErrors.length) outcomes.add('rule error logged', `${example}: ${ruleErrors[0]}`);
        else if (!answered) outcomes.add('no answer', example);
        else if (answered.some((diagnostic) => /time budget/.test(diagnostic.message))) outcomes.add('stopped by the time budget', example);
        else outcomes.add(answered.length ? 'diagnostics' : 'no diagnostics', example);
        server.close(uri);
        if ((iteration + 1) % 50 === 0) options.log(`server: ${iteration + 1}/${options.iterations} documents, ${edits} edits`);
      }
    } finally {
      await server.dispose();
    }
    options.log(`server: ${edits} edits in all`);
    return outcomes;
  },
};

interface LspChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** Typing or deleting at a random place, or (rarely) pasting a mutated version over everything. */
function randomChange(text: string, random: SeededRandom, donors: readonly string[]): { text: string; lsp: LspChange; description: string } {
  const lines = new LineIndex(text);
  if (random.chance(0.05)) {
    const pasted = mutateGo(text, random, donors).text;
    return { text: pasted, lsp: { range: { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) }, text: pasted }, description: 'replace all' };
  }
  const { start, end, text: inserted } = randomKeystroke(text, random);
  return {
    text: text.slice(0, start) + inserted + text.slice(end),
    lsp: { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: inserted },
    description: `${JSON.stringify(text.slice(start, end))} -> ${JSON.stringify(inserted)} at ${start}`,
  };
}

interface Published {
  version?: number;
  diagnostics: { message: string }[];
}

/** The built server (dist/server/server.js) driven over JSON-RPC on stdio, as an editor does. */
class LanguageServer {
  readonly logged: string[] = [];
  stderr = '';
  exited = false;
  private readonly published = new Map<string, Published>();
  private waiter: (() => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: MessageConnection,
  ) {
    child.stderr!.on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    child.once('exit', () => {
      this.exited = true;
      this.waiter?.();
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: Published & { uri: string }) => {
      this.published.set(params.uri, params);
      this.waiter?.();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => this.logged.push(params.message));
    connection.onNotification('window/showMessage', () => undefined);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onError(() => undefined);
    connection.listen();
  }

  static async start(workspace: string): Promise<LanguageServer> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin!.on('error', () => undefined);
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new LanguageServer(child, connection);
    const uri = pathToFileURL(workspace).href;
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'fuzz' }], capabilities: { workspace: { configuration: true } } });
    await connection.sendNotification('initialized', {});
    return server;
  }

  open(uri: string, text: string): void {
    this.published.delete(uri);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } }).catch(() => undefined);
  }

  change(uri: string, version: number, change: LspChange): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] }).catch(() => undefined);
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } }).catch(() => undefined);
  }

  /** The diagnostics published for this version, or undefined after the timeout or an exit. */
  async diagnosticsFor(uri: string, version: number, timeoutMs: number): Promise<{ message: string }[] | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = this.published.get(uri);
      if (latest && latest.version === version) return latest.diagnostics;
      const remaining = deadline - Date.now();
      if (remaining <= 0 || this.exited) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async dispose(): Promise<void> {
    if (!this.exited) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
    }
    this.connection.dispose();
    if (!this.exited) this.child.kill();
  }
}
