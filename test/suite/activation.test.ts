import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateGomem, EXTENSION_ID, fixtureUri, gomemDiagnostics, reportMeasurement } from './helpers';

/** Every gomem diagnostic VS Code holds: what the Problems panel lists for gomem. */
function problemsCount(): number {
  return vscode.languages.getDiagnostics().reduce((sum, [, diagnostics]) => sum + diagnostics.filter((d) => d.source === 'gomem').length, 0);
}

describe('activation', () => {
  it('activates in a Go workspace and starts its language server', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const activeBeforeSuite = extension.isActive;
    const started = performance.now();
    await activateGomem();
    // VS Code activates gomem on its own (workspaceContains:**/go.mod) while the suite loads, so
    // this is the time the suite still had to wait, not the full activation time.
    if (!activeBeforeSuite) reportMeasurement('activation awaited by the suite', performance.now() - started);
    assert.strictEqual(extension.isActive, true);
  });

  it('registers its commands under the gomem category', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['gomem.lintWorkspace', 'gomem.restartServer']) {
      assert.ok(commands.includes(command), `${command} is not registered`);
    }
  });

  it('lints the workspace on startup: findings of files never opened are in the Problems panel', async function () {
    this.timeout(60_000);
    const api = await activateGomem();
    const outcome = await api.startupLint;
    assert.ok(outcome, 'no startup lint ran (gomem.lintOnStartup.maxFiles defaults to 2000)');
    assert.strictEqual(outcome.skipped, undefined);
    assert.strictEqual(outcome.files, 6);
    // The suite's first file: no test has opened suppress_line.go or linted the workspace yet.
    assert.strictEqual(gomemDiagnostics(fixtureUri('suppress_line.go')).length, 1);
    // What the lint reports is what the Problems panel holds.
    assert.strictEqual(outcome.shownInProblems, problemsCount());
  });
});
