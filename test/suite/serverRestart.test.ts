import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { activateGomem, applyCodeAction, codeActionsAt, openFixture, revertEditor, waitFor, waitForGomemDiagnostics } from './helpers';

async function waitForAsync(description: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The gomem language server processes this extension host started (it runs this suite). */
function gomemServerProcesses(): number[] {
  const table = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => /dist[\\/]server[\\/]server\.js/.test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('language server lifecycle', () => {
  before(activateGomem);

  it('restarts a server that died, and diagnostics follow edits again', async function () {
    this.timeout(60_000);
    const document = await openFixture('quickfix.go');
    const [diagnostic] = await waitForGomemDiagnostics(document.uri, 1);
    const [before] = gomemServerProcesses();
    assert.ok(before, 'the gomem server should be a child process of the extension host');

    process.kill(before, 'SIGKILL');
    const after = await waitFor('a new gomem server process', () => gomemServerProcesses().find((pid) => pid !== before));
    assert.notStrictEqual(after, before);

    // Only a live server answers for code actions and takes the diagnostic away after the fix.
    let offered: vscode.CodeAction[] = [];
    await waitForAsync('the new server to offer the fix', async () => {
      offered = await codeActionsAt(document, diagnostic.range);
      return offered.length > 0;
    });
    try {
      const [current] = await waitForGomemDiagnostics(document.uri, 1);
      await applyCodeAction(document, current, 'Reset buf before putting it back');
      await waitForGomemDiagnostics(document.uri, 0);
    } finally {
      await revertEditor(document);
    }
    await waitForGomemDiagnostics(document.uri, 1);
  });
});
