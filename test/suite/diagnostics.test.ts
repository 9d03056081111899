import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateGomem, fixtureUri, gomemDiagnostics, openFixture, reportMeasurement, ruleOf, RULE_ID, waitForGomemDiagnostics } from './helpers';

describe('diagnostics', () => {
  before(activateGomem);

  it('marks the Put of a pooled buffer that was never reset', async () => {
    const opened = performance.now();
    const document = await openFixture('render.go');
    const [diagnostic] = await waitForGomemDiagnostics(document.uri, 1);
    reportMeasurement('open render.go to its first diagnostic', performance.now() - opened);

    assert.strictEqual(diagnostic.source, 'gomem');
    assert.strictEqual(ruleOf(diagnostic), RULE_ID);
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(document.getText(diagnostic.range), 'renderPool.Put(buf)');
    assert.match(diagnostic.message, /without Reset\(\)/);
    const code = diagnostic.code;
    assert.ok(typeof code === 'object' && code.target.toString().includes(RULE_ID), 'the code links to the rule documentation');
  });

  it('marks a second file too (parser already loaded)', async () => {
    const opened = performance.now();
    const document = await openFixture('nolint.go');
    const [diagnostic] = await waitForGomemDiagnostics(document.uri, 1);
    reportMeasurement('open a second file (nolint.go) to its first diagnostic', performance.now() - opened);
    assert.strictEqual(document.getText(diagnostic.range), 'queryPool.Put(buf)');
  });

  it('Lint Workspace reports files that were never opened, and only the buggy ones', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number }>('gomem.lintWorkspace');
    assert.ok(result, 'gomem.lintWorkspace returned no result');
    assert.strictEqual(result.files, 6);
    for (const buggy of ['quickfix.go', 'suppress_line.go', 'suppress_file.go', 'nolint.go']) {
      await waitForGomemDiagnostics(fixtureUri(buggy), 1);
    }
    // Resetting right after Get is the accepted idiom: linted, and silent.
    assert.deepStrictEqual(gomemDiagnostics(fixtureUri('reset_after_get.go')), []);
  });
});
