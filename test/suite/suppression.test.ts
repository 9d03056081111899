import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateGomem, applyCodeAction, lineContaining, openFixture, revertEditor, waitForGomemDiagnostics } from './helpers';

async function appendToLine(document: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.lineAt(line).range.end, text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** The placeholder reason is selected in the editor, so typing replaces it. */
function assertReasonSelected(document: vscode.TextDocument): void {
  const editor = vscode.window.activeTextEditor;
  assert.strictEqual(editor?.document.uri.toString(), document.uri.toString());
  assert.strictEqual(document.getText(editor!.selection), 'TODO: why this is safe');
}

describe('suppression', () => {
  before(activateGomem);

  it('"Suppress on this line" writes a //gomem:ignore comment above the Put', async () => {
    const document = await openFixture('suppress_line.go');
    const [diagnostic] = await waitForGomemDiagnostics(document.uri, 1);
    try {
      await applyCodeAction(document, diagnostic, 'Suppress pool-put-without-reset on this line');
      await waitForGomemDiagnostics(document.uri, 0);
      const putLine = lineContaining(document, 'headerPool.Put(buf)');
      assert.match(document.lineAt(putLine - 1).text, /^\t\/\/gomem:ignore pool-put-without-reset \S/);
      assertReasonSelected(document);
    } finally {
      await revertEditor(document);
    }
    await waitForGomemDiagnostics(document.uri, 1);
  });

  it('"Suppress in this file" writes a //gomem:file-ignore comment', async () => {
    const document = await openFixture('suppress_file.go');
    const [diagnostic] = await waitForGomemDiagnostics(document.uri, 1);
    try {
      await applyCodeAction(document, diagnostic, 'Suppress pool-put-without-reset in this file');
      await waitForGomemDiagnostics(document.uri, 0);
      assert.match(document.getText(), /\/\/gomem:file-ignore pool-put-without-reset \S/);
      assertReasonSelected(document);
    } finally {
      await revertEditor(document);
    }
    await waitForGomemDiagnostics(document.uri, 1);
  });

  for (const comment of ['//nolint:gomem', '//nolint', '//gomem:ignore pool-put-without-reset the caller copies the result']) {
    it(`a trailing ${comment.split(' ')[0]} comment silences the line, removing it brings the diagnostic back`, async () => {
      const document = await openFixture('nolint.go');
      await waitForGomemDiagnostics(document.uri, 1);
      try {
        await appendToLine(document, lineContaining(document, 'queryPool.Put(buf)'), ` ${comment}`);
        await waitForGomemDiagnostics(document.uri, 0);
      } finally {
        await revertEditor(document);
      }
      await waitForGomemDiagnostics(document.uri, 1);
    });
  }
});
