import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateGomem, waitFor } from './helpers';

/** Every gomem diagnostic VS Code holds: what the Problems panel lists for gomem. */
function problemsCount(): number {
  return vscode.languages.getDiagnostics().reduce((sum, [, diagnostics]) => sum + diagnostics.filter((d) => d.source === 'gomem').length, 0);
}

describe('visibility', () => {
  it('the status bar item shows the server running and the Problems panel count, and opens the panel', async function () {
    this.timeout(60_000);
    const api = await activateGomem();
    const status = await waitFor('the status to count the findings', () => {
      const snapshot = api.status();
      return snapshot?.state === 'running' && snapshot.findings === problemsCount() ? snapshot : undefined;
    });
    assert.ok(status.findings > 0);
    assert.match(status.text, new RegExp(`gomem: ${status.findings} findings`));
    assert.match(status.tooltip, /running/);
    assert.match(status.tooltip, /Problems panel/);
    const extension = vscode.extensions.getExtension('gomem.gomem')!;
    assert.ok(extension.packageJSON.contributes.configuration.some((section: { properties: object }) => 'gomem.trace.server' in section.properties));
  });

  it('the status bar says "restarting" while the server restarts, then "running" again', async function () {
    this.timeout(60_000);
    const api = await activateGomem();
    const states: string[] = [];
    const timer = setInterval(() => {
      const state = api.status()?.state;
      if (state && states[states.length - 1] !== state) states.push(state);
    }, 5);
    try {
      await vscode.commands.executeCommand('gomem.restartServer');
      await waitFor('the server to run again', () => (api.status()?.state === 'running' ? true : undefined));
    } finally {
      clearInterval(timer);
    }
    if (states[states.length - 1] !== 'running') states.push(api.status()!.state);
    assert.ok(states.includes('restarting'), `states seen: ${states.join(' → ')}`);
    assert.ok(!states.includes('failed'), `states seen: ${states.join(' → ')}`);
    assert.strictEqual(states[states.length - 1], 'running');
  });

  it('"gomem: Get Started" opens the walkthrough', async () => {
    await activateGomem();
    await vscode.commands.executeCommand('gomem.openWalkthrough');
    const tab = await waitFor('the walkthrough tab', () => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab;
      return active && /Welcome|Walkthrough/i.test(active.label) ? active : undefined;
    });
    assert.ok(tab);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
