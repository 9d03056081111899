import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateGomem, EXTENSION_ID, reportMeasurement } from './helpers';

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
});
