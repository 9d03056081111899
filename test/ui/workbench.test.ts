// Drives code-server's workbench the way a user does: open the fixture, see the squiggle,
// Ctrl+. in the editor, pick the fix, see the squiggle go. Started by scripts/vscode/runVsCodeTests.js,
// which provides the server and a fresh copy of test/fixtures/workspace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { runPaletteCommand } from './commandPalette';
import { launchChromium } from './chromium';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tests through npm run test:vscode, which starts code-server`);
  return value;
}

const SQUIGGLE = '.monaco-editor .view-overlays .squiggly-warning';

async function openFileWithQuickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible' });
}

async function squiggleCount(page: Page): Promise<number> {
  return page.locator(SQUIGGLE).count();
}

describe('gomem in the VS Code workbench', function () {
  let context: BrowserContext | undefined;
  let page: Page;
  let screenshots: string;
  const measurements: Record<string, number> = {};

  function recordMeasurement(name: string, milliseconds: number): void {
    measurements[name] = milliseconds;
    console.log(`      [measurement] ${name}: ${milliseconds} ms`);
  }

  before(async function () {
    const serverUrl = requiredEnv('GOMEM_CODE_SERVER_URL');
    const workspace = requiredEnv('GOMEM_UI_WORKSPACE');
    screenshots = requiredEnv('GOMEM_TEST_OUTPUT');
    context = await launchChromium(path.join(requiredEnv('GOMEM_CODE_SERVER_RUN_DIR'), 'chromium-ui'));
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${serverUrl}/?${new URLSearchParams({ folder: workspace })}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page?.screenshot({ path: path.join(screenshots, 'failure.png') });
  });

  after(async function () {
    await context?.close();
    fs.writeFileSync(path.join(screenshots, 'ui-measurements.json'), `${JSON.stringify(measurements, null, 2)}\n`);
  });

  it('shows the squiggle, lists "Reset buf before putting it back" under Ctrl+., and the fix removes the squiggle', async function () {
    const opened = Date.now();
    await openFileWithQuickOpen(page, 'render.go');
    const squiggle = page.locator(SQUIGGLE).first();
    await squiggle.waitFor({ state: 'visible', timeout: 60_000 });
    recordMeasurement('workbench: Quick Open of render.go to squiggle visible', Date.now() - opened);
    await page.screenshot({ path: path.join(screenshots, '01-squiggle.png') });

    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'without Reset()' }).first();
    await problem.waitFor({ state: 'visible' });
    assert.match(await problem.innerText(), /\[Ln 19, Col 2\]/);
    await page.screenshot({ path: path.join(screenshots, '02-problems-panel.png') });

    // Ctrl+. must reach the editor: with the Problems panel focused it opens a different menu.
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle has no on-screen box');
    const menu = page.locator('.action-widget');
    const resetFix = menu.locator('.monaco-list-row', { hasText: 'Reset buf before putting it back' });
    // On a loaded machine the key can arrive before the click has focused the editor, and then no
    // menu opens: try again rather than fail on timing.
    for (let attempt = 1; ; attempt++) {
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.press('Control+.');
      const shown = await resetFix.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) throw new Error('Ctrl+. on the squiggle did not list "Reset buf before putting it back" in three tries');
      await page.keyboard.press('Escape');
    }
    assert.ok(await menu.locator('.monaco-list-row', { hasText: 'Suppress pool-put-without-reset on this line' }).isVisible());
    await page.screenshot({ path: path.join(screenshots, '03-quick-fix-menu.png') });

    await resetFix.click();
    await page.waitForFunction((selector) => document.querySelectorAll(selector).length === 0, SQUIGGLE, { timeout: 30_000 });
    // Monaco reuses line elements out of order, so compare where the lines are drawn.
    const resetLine = await page.locator('.monaco-editor .view-line', { hasText: 'buf.Reset()' }).boundingBox();
    const putLine = await page.locator('.monaco-editor .view-line', { hasText: 'renderPool.Put(buf)' }).boundingBox();
    assert.ok(resetLine && putLine, 'the fixed lines are not on screen');
    assert.strictEqual(Math.round(putLine.y - resetLine.y), Math.round(putLine.height), 'buf.Reset() sits right above the Put');
    assert.strictEqual(await squiggleCount(page), 0);
    await page.screenshot({ path: path.join(screenshots, '04-fixed.png') });
  });

  it('Running Extensions lists gomem as activated, with its activation time', async function () {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Developer: Show Running Extensions');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const gomemRow = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Go Memory Diagnostics' });
    await gomemRow.waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(screenshots, '05-running-extensions.png') });
    // VS Code labels it "Startup Activation" when workspaceContains:**/go.mod fired while starting,
    // and "Activation" when the opened Go file (onLanguage:go) got there first: which wins is timing.
    const activation = /Activation: (\d+)ms/.exec(await gomemRow.locator('.activation-time').innerText());
    assert.ok(activation, `gomem shows no activation time: ${await gomemRow.innerText()}`);
    recordMeasurement('activation (Running Extensions)', Number(activation[1]));
  });

  it('the hover\'s rule link opens the rule page rendered, and the status bar counts the findings', async function () {
    // Running Extensions (the test before) may still cover the editor area.
    await runPaletteCommand(page, 'View: Close All Editors');
    await openFileWithQuickOpen(page, 'nolint.go');
    const squiggle = page.locator(SQUIGGLE).first();
    await squiggle.waitFor({ state: 'visible', timeout: 60_000 });
    // The item itself, not the "gomem: N findings after linting" message of the startup lint.
    const status = page.locator('[id="gomem.gomem.gomem.status"]', { hasText: /gomem: \d+ finding/ });
    await status.waitFor({ state: 'visible' });
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle has no on-screen box');
    const link = page.locator('.monaco-hover a.code-link', { hasText: 'pool-put-without-reset' });
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(box.x + 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const shown = await link.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) throw new Error('hovering the squiggle showed no rule link in three tries');
    }
    await page.screenshot({ path: path.join(screenshots, '06-hover-rule-link.png') });
    await link.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'gomem: pool-put-without-reset' }).waitFor({ state: 'visible', timeout: 30_000 });
    // Rendered: the page's heading is an <h1> inside the webview, not a line of Markdown text.
    const heading = page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame').locator('h1', { hasText: 'pool-put-without-reset' });
    await heading.waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: path.join(screenshots, '07-rule-docs-rendered.png') });
  });
});
