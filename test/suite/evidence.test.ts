import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateGomem, gomemDiagnostics, lineContaining, waitFor, waitForGomemDiagnostics } from './helpers';

/** test/fixtures/evidence: three findings, and the heap profile that proves two of them. */
const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'evidence');
const CLAUSE = '; the heap profile shows 24MB in use under this function.';

describe('findings backed by the focused profile', () => {
  let folder: string;

  before(async () => {
    await activateGomem();
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the suite needs a workspace folder');
    folder = path.join(workspace.uri.fsPath, 'evidence');
    fs.cpSync(FIXTURE, folder, { recursive: true });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('says so on the finding while the profile viewer is the last focused one, and stops when it is closed', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(folder, 'archive.go'));
    await vscode.window.showTextDocument(document);
    const before = await waitForGomemDiagnostics(document.uri, 3);
    assert.ok(before.every((diagnostic) => !diagnostic.message.includes('profile shows')));
    const storeLine = lineContaining(document, 'evidence, 24MB');

    const profile = vscode.Uri.file(path.join(folder, 'evidence.heap.pb.gz'));
    await vscode.commands.executeCommand('vscode.open', profile, vscode.ViewColumn.Beside);
    const store = await waitFor('the evidence clause on the Store finding', () =>
      gomemDiagnostics(document.uri).find((diagnostic) => diagnostic.range.start.line === storeLine && diagnostic.message.endsWith(CLAUSE)),
    );
    const link = store.relatedInformation?.at(-1);
    assert.strictEqual(link?.location.uri.fsPath, profile.fsPath);
    const greet = gomemDiagnostics(document.uri).find((diagnostic) => diagnostic.range.start.line === lineContaining(document, 'no evidence'));
    assert.ok(greet && !greet.message.includes('profile shows'));

    // Back in the Go file, the profile stays the active one.
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    assert.ok(gomemDiagnostics(document.uri).some((diagnostic) => diagnostic.message.endsWith(CLAUSE)));

    const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.input instanceof vscode.TabInputCustom && candidate.input.uri.fsPath === profile.fsPath);
    assert.ok(tab);
    await vscode.window.tabGroups.close(tab);
    await waitFor('the evidence to go with the viewer', () => (gomemDiagnostics(document.uri).length === 3 && gomemDiagnostics(document.uri).every((diagnostic) => !diagnostic.message.includes('profile shows')) ? true : undefined));
  });
});
