// The active profile in the editor, in the real extension host: figures on the lines of the
// programs the fixture profiles were recorded from, hovers, hot-function CodeLenses, goroutine
// marks, deltas, edits, and the time a large profile's figures take on the host.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GomemApi } from '../../src/client/extension';
import { PPROF_FIXTURES, populateProfileWorkspace } from '../ui/profileViewerFixtures';
import { activateGomem, reportMeasurement, revertEditor, waitFor } from './helpers';

type Mark = { line: number; text: string; heat: number; goroutine: boolean };

/** Polls the marks of a document until `accept` takes them. */
async function marksWhen(api: GomemApi, document: vscode.TextDocument, description: string, accept: (marks: Mark[]) => boolean, timeoutMs = 30_000): Promise<Mark[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const marks = await api.profileInEditor.marksOf(document);
    if (accept(marks)) return marks;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}; marks: ${JSON.stringify(marks.slice(0, 10))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

describe('profile in the editor', () => {
  let api: GomemApi;
  let profiles: string;

  before(async () => {
    api = await activateGomem();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite needs a workspace folder');
    profiles = populateProfileWorkspace(folder.uri.fsPath);
    fs.cpSync(path.join(PPROF_FIXTURES, 'leak_server'), path.join(profiles, 'leak_server'), { recursive: true });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('gomem.hideProfileInEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows flat and cum on the lines of a heap profile, with every sample type and the callers in the hover', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(profiles, 'pool_leak', 'main.go'));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('gomem.showProfileInEditor', path.join(profiles, 'pool_leak.heap.pb.gz'), 'alloc_space');
    const marks = await marksWhen(api, document, 'the figures of line 42', (m) => m.some((mark) => mark.line === 42));
    // `go tool pprof -list` prints 496.35MB of cum for this line (test/fixtures/pprof/expected-lines).
    assert.deepStrictEqual(
      marks.find((mark) => mark.line === 42),
      { line: 42, text: 'cum 496.35MB', heat: 3, goroutine: false },
    );
    assert.strictEqual(api.profileInEditor.activeProfile()?.sampleType, 'alloc_space');

    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(41, 10)));
    for (const type of ['alloc\\_objects', 'alloc\\_space', 'inuse\\_objects', 'inuse\\_space']) assert.ok(hover.includes(type), `${type} in ${hover}`);
    assert.match(hover, /Top callers/);
    assert.match(hover, /496\.35MB/);
  });

  it('puts a CodeLens with cum and flat over the hot functions, which opens the viewer focused on the function', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(profiles, 'pool_leak', 'main.go'));
    await vscode.window.showTextDocument(document);
    const profile = vscode.Uri.file(path.join(profiles, 'pool_leak.heap.pb.gz'));
    await vscode.commands.executeCommand('gomem.showProfileInEditor', profile, 'alloc_space');
    await marksWhen(api, document, 'figures', (m) => m.length > 0);
    let found: vscode.CodeLens[] = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      found = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)).filter((lens) => lens.command?.command === 'gomem.showFunctionInProfile');
      if (found.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(found.length > 0, 'no gomem CodeLens');
    const closure = found.find((lens) => lens.command!.arguments![1] === 'main.bufferBody.func1');
    assert.ok(closure, found.map((lens) => lens.command!.title).join('; '));
    assert.match(closure.command!.title, /^gomem: #\d+ by cum · cum 498\.86MB \(95\.56%\) · flat 0$/);

    await vscode.commands.executeCommand(closure.command!.command, ...closure.command!.arguments!);
    await waitFor('the viewer of the profile', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.uri.toString() === profile.toString() ? true : undefined;
    });
  });

  it('moves the figures with edits and says in the hover that the file changed', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(profiles, 'pool_leak', 'main.go'));
    const editor = await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('gomem.showProfileInEditor', path.join(profiles, 'pool_leak.heap.pb.gz'), 'alloc_space');
    await marksWhen(api, document, 'line 42', (m) => m.some((mark) => mark.line === 42));
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(10, 0), '// one\n// two\n// three\n'));
      const moved = await marksWhen(api, document, 'line 42 moved to 45', (m) => m.some((mark) => mark.line === 45 && mark.text === 'cum 496.35MB'));
      assert.ok(!moved.some((mark) => mark.line === 42 && mark.text === 'cum 496.35MB'));
      // Typing on a decorated line keeps its figures there.
      await editor.edit((edit) => edit.insert(new vscode.Position(44, document.lineAt(44).text.length), ' // typed'));
      await marksWhen(api, document, 'line 45 kept', (m) => m.some((mark) => mark.line === 45 && mark.text === 'cum 496.35MB'));
      const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(44, 10)));
      assert.match(hover, /edited since the profile was taken/);
    } finally {
      await revertEditor(document);
    }
  });

  it('shows differences when comparing with a base: +5.46MB where the leak grew', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(profiles, 'leak_server', 'main.go'));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand(
      'gomem.showProfileInEditor',
      path.join(profiles, 'leak_server', 'snapshot5.heap.pb.gz'),
      'inuse_space',
      path.join(profiles, 'leak_server', 'snapshot1.heap.pb.gz'),
    );
    const marks = await marksWhen(api, document, 'the delta on line 47', (m) => m.some((mark) => mark.line === 47));
    assert.strictEqual(marks.find((mark) => mark.line === 47)?.text, 'cum +5.46MB');
    assert.ok(api.profileInEditor.activeProfile()?.baseUri?.fsPath.endsWith('snapshot1.heap.pb.gz'));
  });

  it('marks the blocking lines and go statements of a goroutine dump with count, state and longest wait', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(profiles, 'goroutines', 'main.go'));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('gomem.showProfileInEditor', path.join(profiles, 'goroutines.debug2.txt'));
    const marks = await marksWhen(api, document, 'goroutine marks', (m) => m.some((mark) => mark.goroutine));
    const blocking = marks.filter((mark) => mark.goroutine && !mark.text.includes('started'));
    const creators = marks.filter((mark) => mark.goroutine && mark.text.includes('started'));
    assert.ok(blocking.length > 0 && creators.length > 0, JSON.stringify(marks));
    assert.ok(blocking.some((mark) => /^⚠ \d+ goroutines · [a-z .]+ · up to \d+ min$/.test(mark.text)), JSON.stringify(blocking));
  });

  it('follows the focused profile viewer and clears when it closes', async () => {
    const uri = vscode.Uri.file(path.join(profiles, 'cache_leak.heap.pb.gz'));
    await vscode.commands.executeCommand('gomem.openProfile', uri);
    await waitFor('the viewer to be the active profile', () => (api.profileInEditor.activeProfile()?.uri.toString() === uri.toString() ? true : undefined), 30_000);
    assert.strictEqual(api.profileInEditor.activeProfile()?.origin, 'viewer');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('no active profile', () => (api.profileInEditor.activeProfile() === undefined ? true : undefined));
  });

  it('shows the large profile in an open 5,000-line file within 100 ms of host time', async function () {
    this.timeout(120_000);
    const large = path.join(PPROF_FIXTURES, 'large', 'large.heap.pb.gz');
    // The large profile records /tmp/gomem-large-profile-Ztiy8m/main.go: a folder of that name matches it.
    const folder = path.join(profiles, 'gomem-large-profile-Ztiy8m');
    fs.mkdirSync(folder, { recursive: true });
    const source = path.join(folder, 'main.go');
    fs.writeFileSync(source, Array.from({ length: 5000 }, (_, i) => (i === 0 ? 'package main' : `// line ${i + 1}`)).join('\n') + '\n');
    const profile = path.join(profiles, 'large.heap.pb.gz');
    fs.copyFileSync(large, profile);
    const document = await vscode.workspace.openTextDocument(source);
    await vscode.window.showTextDocument(document);
    let last = performance.now();
    let longestStall = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 10);
    try {
      await vscode.commands.executeCommand('gomem.showProfileInEditor', profile, 'alloc_space', undefined);
      await marksWhen(api, document, 'the large profile figures', (m) => m.length > 0, 90_000);
      await waitFor('the paint', () => (api.profileInEditor.lastPaint()?.document === source ? true : undefined));
    } finally {
      clearInterval(timer);
    }
    const paint = api.profileInEditor.lastPaint()!.milliseconds;
    reportMeasurement('extension host: large profile figures laid out and painted in a 5,000-line file', paint);
    reportMeasurement('extension host: longest stall while showing the large profile in the editor', longestStall);
    assert.ok(paint < 100, `${paint} ms`);

    // Typing in the decorated file: each keystroke only shifts lines, so it costs what it costs
    // in the same file without figures.
    const insertions = async () => {
      const editor = vscode.window.activeTextEditor!;
      const started = performance.now();
      for (let i = 0; i < 20; i++) await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), '\n'));
      const elapsed = performance.now() - started;
      await revertEditor(document);
      return elapsed;
    };
    const decorated = await insertions();
    await vscode.commands.executeCommand('gomem.hideProfileInEditor');
    const plain = await insertions();
    reportMeasurement('extension host: 20 line insertions in the decorated 5,000-line file', decorated);
    reportMeasurement('extension host: 20 line insertions in the same file without figures', plain);
    assert.ok(decorated < plain * 2 + 1000, `${Math.round(decorated)} ms decorated against ${Math.round(plain)} ms plain`);
  });
});
