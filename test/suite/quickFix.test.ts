import * as assert from 'assert';
import { activateGomem, applyCodeAction, codeActionsAt, lineContaining, openFixture, revertEditor, waitForGomemDiagnostics } from './helpers';

describe('quick fix', () => {
  before(activateGomem);

  it('offers the reset fix first, then the suppressions', async () => {
    const document = await openFixture('quickfix.go');
    const [diagnostic] = await waitForGomemDiagnostics(document.uri, 1);
    const actions = await codeActionsAt(document, diagnostic.range);
    const titles = actions.map((action) => action.title);
    assert.deepStrictEqual(
      titles.filter((title) => title.includes('pool-put-without-reset') || title.startsWith('Reset ')),
      ['Reset buf before putting it back', 'Suppress pool-put-without-reset on this line', 'Suppress pool-put-without-reset in this file'],
    );
    const resetFix = actions.find((action) => action.title === 'Reset buf before putting it back');
    assert.strictEqual(resetFix?.isPreferred, true, 'the reset fix is the preferred one (Ctrl+. Enter, auto-fix)');
  });

  it('inserts buf.Reset() before the Put, and the diagnostic goes', async () => {
    const document = await openFixture('quickfix.go');
    const [diagnostic] = await waitForGomemDiagnostics(document.uri, 1);
    try {
      await applyCodeAction(document, diagnostic, 'Reset buf before putting it back');
      await waitForGomemDiagnostics(document.uri, 0);
      const putLine = lineContaining(document, 'logLinePool.Put(buf)');
      assert.strictEqual(document.lineAt(putLine - 1).text, '\tbuf.Reset()');
      assert.strictEqual(document.lineAt(putLine).text, '\tlogLinePool.Put(buf)');
    } finally {
      await revertEditor(document);
    }
    await waitForGomemDiagnostics(document.uri, 1);
  });
});
