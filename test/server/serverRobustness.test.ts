import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ResponseError } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { SERVER, ServerSession } from '../helpers/serverSession';

/**
 * The language server against hostile messages and files, over real JSON-RPC: malformed URIs and
 * params, a client that answers a message request with an error, package siblings that are
 * FIFOs, devices or symlinks out of the workspace, and edits positioned the way LSP allows but
 * a naive line index gets wrong.
 */
const TESTDATA = path.resolve(__dirname, '..', '..', '..', 'test', 'testdata');

const POOL_SOURCE = `package demo

import (
\t"bytes"
\t"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func greet(name string) string {
\tbuf := bufPool.Get().(*bytes.Buffer)
\tbuf.WriteString("hello ")
\tbuf.WriteString(name)
\ts := buf.String()
\tbufPool.Put(buf)
\treturn s
}
`;

/** Line 14 (0-based) of POOL_SOURCE: `\tbufPool.Put(buf)`. */
const PUT_LINE = 14;

describe('language server robustness', function () {
  this.timeout(60_000);
  let workspace: string;
  let session: ServerSession;

  beforeEach(async () => {
    assert.ok(fs.existsSync(SERVER), 'build the server first (npm run build)');
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-robust-'));
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/demo\n\ngo 1.21\n');
    session = new ServerSession(workspace);
    await session.initialize();
  });

  afterEach(async () => {
    await session.dispose();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  function open(uri: unknown, text: string, version = 1) {
    return session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version, text } });
  }

  /** The server still answers: a well-formed document opened now gets its diagnostic. */
  async function assertStillServing(): Promise<void> {
    const uri = pathToFileURL(path.join(workspace, `probe${Math.random().toString(36).slice(2)}.go`)).href;
    await open(uri, POOL_SOURCE);
    const diagnostics = await session.diagnosticsFor(uri, (d) => d.length === 1);
    assert.strictEqual(diagnostics[0].code, 'pool-put-without-reset');
    assert.strictEqual(session.exit, undefined);
  }

  describe('survives every message', () => {
    for (const [what, uri] of [
      ['a file URI on another host', 'file://otherhost/share/greet.go'],
      ['a file URI with an encoded slash', 'file:///tmp/a%2Fb.go'],
    ]) {
      it(`lints a document opened with ${what} as an unsaved one`, async () => {
        await open(uri, POOL_SOURCE);
        const diagnostics = await session.diagnosticsFor(uri, (d) => d.length === 1);
        assert.strictEqual(diagnostics[0].code, 'pool-put-without-reset');
        const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostics[0].range,
          context: { diagnostics },
        });
        assert.strictEqual(actions[0].title, 'Reset buf before putting it back');
        await assertStillServing();
      });
    }

    it('logs and drops notifications whose URI is not a string, and answers such a request with an error', async () => {
      await open(42, POOL_SOURCE);
      await open({ path: '/tmp/x.go' }, POOL_SOURCE);
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: null, version: 2 }, contentChanges: [{ text: '' }] });
      await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 7 } });
      await session.connection.sendNotification('textDocument/didOpen', {});
      await assert.rejects(
        session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: 42 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }),
        (error: ResponseError<unknown>) => error.code === -32602 && /uri must be a string/.test(error.message),
      );
      await assertStillServing();
      assert.ok(session.log.some((line) => line.includes('gomem ignored a textDocument/didOpen notification: its document URI is not a string.')), session.log.join('\n'));
      assert.ok(session.log.some((line) => line.includes('gomem ignored a textDocument/didChange notification')));
    });

    it('drops a didChange with malformed content changes without touching the document', async () => {
      const uri = pathToFileURL(path.join(workspace, 'greet.go')).href;
      await open(uri, POOL_SOURCE);
      await session.diagnosticsFor(uri, (d) => d.length === 1);
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 'x' } }, text: 'oops' }] });
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: 'everything' });
      // The document is intact: the range of the diagnostic is what it was.
      const moved = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// header\n' };
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [moved] });
      const [diagnostic] = await session.diagnosticsFor(uri, (d) => d.length === 1 && d[0].range.start.line === PUT_LINE + 1);
      assert.deepStrictEqual(diagnostic.range, { start: { line: PUT_LINE + 1, character: 1 }, end: { line: PUT_LINE + 1, character: 17 } });
      assert.ok(session.log.some((line) => line.includes('content change 0 has a malformed range')));
    });

    it('answers a code action request with a malformed range with an error', async () => {
      const uri = pathToFileURL(path.join(workspace, 'greet.go')).href;
      await open(uri, POOL_SOURCE);
      await session.diagnosticsFor(uri, (d) => d.length === 1);
      await assert.rejects(session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: 'all', context: {} }), (error: ResponseError<unknown>) => error.code === -32602);
      await assertStillServing();
    });

    it('takes workspace/didChangeConfiguration without params by pulling the configuration', async () => {
      const uri = pathToFileURL(path.join(workspace, 'greet.go')).href;
      await open(uri, POOL_SOURCE);
      await session.diagnosticsFor(uri, (d) => d.length === 1);
      session.configuration = { rules: { 'pool-put-without-reset': { enabled: false } } };
      await session.connection.sendNotification('workspace/didChangeConfiguration');
      await session.diagnosticsFor(uri, (d) => d.length === 0);
      session.configuration = {};
      await session.connection.sendNotification('workspace/didChangeConfiguration', null);
      await session.diagnosticsFor(uri, (d) => d.length === 1);
      assert.strictEqual(session.exit, undefined);
    });

    it('keeps serving when the client answers the "too large" message request with an error', async () => {
      let asked = 0;
      session.connection.onRequest('window/showMessageRequest', () => {
        asked++;
        return new ResponseError(-32603, 'the client cannot show messages now');
      });
      const uri = pathToFileURL(path.join(workspace, 'huge.go')).href;
      await open(uri, POOL_SOURCE + ('// ' + 'x'.repeat(97) + '\n').repeat(81_000));
      await session.diagnosticsFor(uri, (d) => d.length === 0);
      await assertStillServing();
      assert.strictEqual(asked, 1);
      assert.ok(session.log.some((line) => line.includes('the editor did not show the message about')), session.log.join('\n'));
    });
  });

  describe('reads only regular files, with a size cap', () => {
    function copyChunks(folder: string, names = ['use.go', 'pools.go']): string {
      fs.mkdirSync(folder, { recursive: true });
      for (const name of names) fs.copyFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', name), path.join(folder, name));
      return pathToFileURL(path.join(folder, 'use.go')).href;
    }

    it('lints a file whose package siblings are a symlink to /dev/zero and a FIFO, and stays responsive', async function () {
      if (process.platform === 'win32') this.skip();
      const uri = copyChunks(path.join(workspace, 'chunks'));
      fs.symlinkSync('/dev/zero', path.join(workspace, 'chunks', 'zero.go'));
      execFileSync('mkfifo', [path.join(workspace, 'chunks', 'pipe.go')]);
      await open(uri, fs.readFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', 'use.go'), 'utf8'));
      const diagnostics = await session.diagnosticsFor(uri, (d) => d.some((diagnostic) => diagnostic.code === 'pool-put-non-pointer'));
      assert.ok(diagnostics.length >= 2);
      await assertStillServing();
      assert.ok(session.log.some((line) => /pipe\.go: skipped: it is a FIFO, not a regular file/.test(line)), session.log.join('\n'));
      assert.ok(session.log.some((line) => /zero\.go: skipped: it is a character device, not a regular file/.test(line)));
      const result: { files: number } = await session.connection.sendRequest('gomem/lintWorkspace', {});
      assert.strictEqual(result.files, 2, 'the workspace lint walks use.go and pools.go, not the FIFO or the device');
    });

    it('skips a sibling over gomem.lint.maxFileMegabytes with one logged sentence, and reads it again once the limit is raised', async () => {
      const folder = path.join(workspace, 'chunks');
      const uri = copyChunks(folder);
      fs.appendFileSync(path.join(folder, 'pools.go'), '// padding\n'.repeat(200));
      // The pools are declared in pools.go: unread, the Puts into chunkPool are not known to go into a pool of []byte.
      const aboutChunkPool = (d: Diagnostic[]) => d.filter((diagnostic) => /into chunkPool/.test(diagnostic.message)).length;
      await open(uri, fs.readFileSync(path.join(folder, 'use.go'), 'utf8'));
      await session.diagnosticsFor(uri, (d) => aboutChunkPool(d) === 2);
      session.configuration = { lint: { maxFileMegabytes: 0.001 } };
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await session.diagnosticsFor(uri, (d) => aboutChunkPool(d) === 0);
      assert.ok(session.log.some((line) => /pools\.go: skipped: it is 3\d{3} bytes, over the 1048 bytes limit for Go files/.test(line)), session.log.join('\n'));
      session.configuration = { lint: { maxFileMegabytes: 1 } };
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await session.diagnosticsFor(uri, (d) => aboutChunkPool(d) === 2);
    });
  });

  describe('quick fixes write only inside the workspace', () => {
    it('offers no fix that would edit a package sibling symlinked from outside the workspace', async () => {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-outside-'));
      try {
        const poolsText = fs.readFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', 'pools.go'), 'utf8');
        fs.writeFileSync(path.join(outside, 'pools.go'), poolsText);
        const linked = path.join(workspace, 'linked');
        const regular = path.join(workspace, 'regular');
        for (const folder of [linked, regular]) {
          fs.mkdirSync(folder);
          fs.copyFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', 'use.go'), path.join(folder, 'use.go'));
        }
        fs.symlinkSync(path.join(outside, 'pools.go'), path.join(linked, 'pools.go'));
        fs.writeFileSync(path.join(regular, 'pools.go'), poolsText);

        const fixTitles = async (folder: string) => {
          const uri = pathToFileURL(path.join(folder, 'use.go')).href;
          await open(uri, fs.readFileSync(path.join(folder, 'use.go'), 'utf8'));
          const diagnostics = await session.diagnosticsFor(uri, (d) => d.some((diagnostic) => /chunkPool copies it/.test(diagnostic.message)));
          const diagnostic = diagnostics.find((candidate) => /chunkPool copies it/.test(candidate.message))!;
          const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
          return actions.map((action) => action.title);
        };
        assert.ok((await fixTitles(regular)).includes('Pool *[]byte instead of []byte in chunkPool'), 'the fix is offered for a regular sibling');
        assert.deepStrictEqual(await fixTitles(linked), ['Suppress pool-put-non-pointer on this line', 'Suppress pool-put-non-pointer in this file']);
        assert.ok(session.log.some((line) => /does not offer a fix that edits .*linked\/pools\.go: it is a symbolic link/.test(line)), session.log.join('\n'));
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });

  describe("the server's text equals the editor's", () => {
    /** Applies changes to the server and to vscode-languageserver-textdocument's model of the editor. */
    async function edit(uri: string, editor: TextDocument, changes: TextDocumentContentChangeEvent[]): Promise<TextDocument> {
      const version = editor.version + 1;
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      return TextDocument.update(editor, changes, version);
    }

    /** A diagnostic with its related locations' URIs left out, to compare two documents' diagnostics. */
    function withoutUris(diagnostic: Diagnostic) {
      return { ...diagnostic, relatedInformation: diagnostic.relatedInformation?.map(({ location, message }) => ({ range: location.range, message })) };
    }

    /** What the server reports for the editor's text when it reads it whole, as a fresh document. */
    async function diagnosticsOfFreshCopy(text: string): Promise<Diagnostic[]> {
      const uri = pathToFileURL(path.join(workspace, `copy${Math.random().toString(36).slice(2)}.go`)).href;
      await open(uri, text);
      return session.diagnosticsFor(uri, () => true);
    }

    it('applies an edit whose character is past the end of its line at that line end', async () => {
      const uri = pathToFileURL(path.join(workspace, 'greet.go')).href;
      let editor = TextDocument.create(uri, 'go', 1, POOL_SOURCE);
      await open(uri, POOL_SOURCE);
      await session.diagnosticsFor(uri, (d) => d.length === 1);
      // A comment appended to the line above the Put; at the start of the next line, it would comment the Put out.
      editor = await edit(uri, editor, [{ range: { start: { line: PUT_LINE - 1, character: 500 }, end: { line: PUT_LINE - 1, character: 999 } }, text: ' // for the caller' }]);
      assert.match(editor.getText(), /s := buf\.String\(\) \/\/ for the caller\n\tbufPool\.Put\(buf\)/);
      const diagnostics = await session.diagnosticsOfVersion(uri, editor.version);
      assert.deepStrictEqual(diagnostics.map((d) => d.range), [{ start: { line: PUT_LINE, character: 1 }, end: { line: PUT_LINE, character: 17 } }]);
      assert.deepStrictEqual(diagnostics.map(withoutUris), (await diagnosticsOfFreshCopy(editor.getText())).map(withoutUris));
      // A deletion that ends past the end of a line stops at the line end too.
      editor = await edit(uri, editor, [{ range: { start: { line: PUT_LINE - 1, character: 18 }, end: { line: PUT_LINE - 1, character: 400 } }, text: '' }]);
      assert.strictEqual(editor.getText(), POOL_SOURCE);
      await edit(uri, editor, [{ range: { start: { line: PUT_LINE, character: 0 }, end: { line: PUT_LINE, character: 0 } }, text: '\tbuf.Reset()\n' }]);
      await session.diagnosticsFor(uri, (d) => d.length === 0);
    });

    it('counts a lone \\r as a line break, in the edits it receives and the ranges it sends', async () => {
      const uri = pathToFileURL(path.join(workspace, 'greet.go')).href;
      // Go reads `\r` inside a line comment as part of the comment; an editor shows two lines.
      const text = '// Code in this file\r// is for the demo.\n' + POOL_SOURCE;
      let editor = TextDocument.create(uri, 'go', 1, text);
      await open(uri, text);
      const putLine = PUT_LINE + 2;
      const [diagnostic] = await session.diagnosticsFor(uri, (d) => d.length === 1);
      assert.deepStrictEqual(diagnostic.range, { start: { line: putLine, character: 1 }, end: { line: putLine, character: 17 } });
      assert.strictEqual(diagnostic.relatedInformation?.[0].location.range.start.line, putLine - 4, 'the Get, in editor lines');

      // An edit after the lone \r, in editor lines: a comment line above the Put moves it down.
      editor = await edit(uri, editor, [{ range: { start: { line: putLine, character: 0 }, end: { line: putLine, character: 0 } }, text: '\t// put it back\n' }]);
      const [moved] = await session.diagnosticsOfVersion(uri, editor.version);
      assert.deepStrictEqual(moved.range, { start: { line: putLine + 1, character: 1 }, end: { line: putLine + 1, character: 17 } });

      // The quick fix, asked for and applied in editor lines, lands where the editor expects it.
      const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: moved.range, context: { diagnostics: [moved] } });
      const fix = actions.find((action) => action.title === 'Reset buf before putting it back')!;
      const changes = fix.edit!.changes![uri].map((e) => ({ range: e.range, text: e.newText }));
      editor = await edit(uri, editor, changes);
      assert.match(editor.getText(), /\t\/\/ put it back\n\tbuf\.Reset\(\)\n\tbufPool\.Put\(buf\)/);
      await session.diagnosticsFor(uri, (d) => d.length === 0);
      assert.deepStrictEqual(await diagnosticsOfFreshCopy(editor.getText()), []);
    });

    it('sends ranges in a package sibling with a lone \\r in editor lines too', async () => {
      const folder = path.join(workspace, 'chunks');
      fs.mkdirSync(folder);
      const pools = fs.readFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', 'pools.go'), 'utf8');
      fs.writeFileSync(path.join(folder, 'pools.go'), pools.replace('// Package chunks', '// Written by hand.\r// Package chunks'));
      const use = fs.readFileSync(path.join(TESTDATA, 'pool-put-non-pointer', 'chunks', 'use.go'), 'utf8');
      const uri = pathToFileURL(path.join(folder, 'use.go')).href;
      await open(uri, use);
      const diagnostics = await session.diagnosticsFor(uri, (d) => d.some((diagnostic) => /into chunkPool/.test(diagnostic.message)));
      const related = diagnostics.find((diagnostic) => /into chunkPool/.test(diagnostic.message))!.relatedInformation![0].location;
      assert.match(related.uri, /pools\.go$/);
      // `var chunkPool` is on tree row 9 of pools.go, and on line 10 of the editor.
      assert.deepStrictEqual(related.range.start, { line: 10, character: 6 });
    });
  });
});
