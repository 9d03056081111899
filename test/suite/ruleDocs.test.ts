import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateGomem, openFixture, RULE_ID, waitFor, waitForGomemDiagnostics } from './helpers';

/** The custom editor tab showing a rendered rule page, once one is active. */
function activeRuleDocsTab(): vscode.Tab | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === 'gomem.ruleDocs' ? tab : undefined;
}

describe('rule documentation', () => {
  before(activateGomem);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it("a diagnostic's rule link opens the page rendered and read-only, not as Markdown text", async () => {
    const document = await openFixture('render.go');
    const [diagnostic] = await waitForGomemDiagnostics(document.uri, 1);
    const code = diagnostic.code;
    assert.ok(typeof code === 'object', 'the diagnostic has no rule link');
    assert.strictEqual(code.target.toString(), `gomem-docs:/rules/${RULE_ID}.md`);
    // What the hover's link does: open the target in an editor.
    await vscode.commands.executeCommand('vscode.open', code.target);
    const tab = await waitFor('the rendered rule page', activeRuleDocsTab);
    assert.strictEqual(tab.label, `gomem: ${RULE_ID}`);
    assert.ok(!vscode.window.visibleTextEditors.some((editor) => editor.document.uri.path.endsWith(`${RULE_ID}.md`)), 'the Markdown source is open as text');
  });

  it("the Settings UI's Docs links are command links that open the rendered page", async () => {
    const extension = vscode.extensions.getExtension('gomem.gomem')!;
    const properties = extension.packageJSON.contributes.configuration.find((section: { id: string }) => section.id === 'gomem.rules').properties;
    const description: string = properties[`gomem.rules.${RULE_ID}.enabled`].markdownDescription;
    const link = /\[Docs\]\((command:[^)]+)\)/.exec(description)?.[1];
    assert.ok(link, `no Docs command link in ${description}`);
    const uri = vscode.Uri.parse(link);
    await vscode.commands.executeCommand(uri.path, ...JSON.parse(decodeURIComponent(uri.query)));
    const tab = await waitFor('the rendered rule page', activeRuleDocsTab);
    assert.strictEqual(tab.label, `gomem: ${RULE_ID}`);
  });
});
