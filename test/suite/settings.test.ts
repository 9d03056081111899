import * as vscode from 'vscode';
import { activateGomem, openFixture, RULE_ID, waitFor, waitForGomemDiagnostics, gomemDiagnostics } from './helpers';

// Written to the fixture workspace's .vscode/settings.json so a failed run cannot leak into user settings.
async function setRuleSetting(key: 'enabled' | 'severity', value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration().update(`gomem.rules.${RULE_ID}.${key}`, value, vscode.ConfigurationTarget.Workspace);
}

describe('settings', () => {
  before(activateGomem);

  it('turning the rule off removes its diagnostics at once, turning it on brings them back', async () => {
    const document = await openFixture('render.go');
    await waitForGomemDiagnostics(document.uri, 1);
    try {
      await setRuleSetting('enabled', false);
      await waitForGomemDiagnostics(document.uri, 0);
    } finally {
      await setRuleSetting('enabled', undefined);
    }
    await waitForGomemDiagnostics(document.uri, 1);
  });

  it('the severity setting changes the diagnostic severity live', async () => {
    const document = await openFixture('render.go');
    await waitForGomemDiagnostics(document.uri, 1);
    try {
      await setRuleSetting('severity', 'error');
      await waitFor('the diagnostic to become an error', () =>
        gomemDiagnostics(document.uri).find((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error),
      );
    } finally {
      await setRuleSetting('severity', undefined);
    }
    await waitFor('the diagnostic to be a warning again', () =>
      gomemDiagnostics(document.uri).find((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Warning),
    );
  });
});
