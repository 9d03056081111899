import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GomemApi } from '../../src/client/extension';

export const EXTENSION_ID = 'gomem.gomem';
export const RULE_ID = 'pool-put-without-reset';

/** Activates gomem (a no-op when VS Code already did) and waits for its language server. */
export async function activateGomem(): Promise<GomemApi> {
  const extension = vscode.extensions.getExtension<GomemApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  const api = await extension.activate();
  await api.serverReady;
  return api;
}

export function fixtureUri(fileName: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace open (test/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, fileName);
}

export async function openFixture(fileName: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(fileName));
  await vscode.window.showTextDocument(document);
  return document;
}

export function gomemDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'gomem');
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(description: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function waitForGomemDiagnostics(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  return waitFor(`${count} gomem diagnostic(s) on ${uri.path}`, () => {
    const diagnostics = gomemDiagnostics(uri);
    return diagnostics.length === count ? diagnostics : undefined;
  });
}

/** The line that holds `text`, so tests do not hard-code fixture line numbers. */
export function lineContaining(document: vscode.TextDocument, text: string): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.includes(text)) return line;
  }
  throw new Error(`${document.uri.path} has no line containing ${JSON.stringify(text)}`);
}

export async function codeActionsAt(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // The provider may also return plain Commands, whose `command` is a string.
  return actions.filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

export async function applyCodeAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const actions = await codeActionsAt(document, diagnostic.range);
  const action = actions.find((candidate) => candidate.title === title);
  assert.ok(action?.edit, `no code action titled ${JSON.stringify(title)}; got ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `VS Code refused the edit of ${JSON.stringify(title)}`);
  // As the quick fix menu does: the action's command runs after its edit.
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** The rule id of a gomem diagnostic (its code carries a link to the rule's docs). */
export function ruleOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

/** Prints a figure the runner collects into test-output/vscode/measurements.json. */
export function reportMeasurement(name: string, milliseconds: number): void {
  console.log(`[measurement] ${name}: ${Math.round(milliseconds)} ms`);
}

/** Undoes a test's edits so later tests and the next run see the fixture as shipped. */
export async function revertEditor(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
