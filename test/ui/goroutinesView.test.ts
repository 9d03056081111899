// The Goroutines view and the callers/callees panel of the profile viewer in a real VS Code
// (code-server) driven through chromium. Started by scripts/vscode/runVsCodeTests.js like the
// other UI tests; screenshots land in test-output/vscode/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { populateProfileWorkspace } from './profileViewerFixtures';
import { focusWorkbench } from './commandPalette';

const serverUrl = process.env.GOMEM_CODE_SERVER_URL;
const runDir = process.env.GOMEM_CODE_SERVER_RUN_DIR;
const workspace = process.env.GOMEM_UI_WORKSPACE;
const outputDir = process.env.GOMEM_TEST_OUTPUT ?? path.resolve('test-output', 'vscode');

function viewer(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

/** Runs a command from the palette; retried while the palette does not list it yet (extensions still registering in a fresh window). */
async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await poll(
    `the command palette to list ${title}`,
    async () => {
      await focusWorkbench(page);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return true;
      await page.keyboard.press('Escape');
      return undefined;
    },
    90_000,
  );
  await input.press('Enter');
}

async function poll<T>(description: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens any file in the viewer the way a user does with a debug=2 text: "gomem: Open Profile..." and its file dialog. */
async function openProfile(page: Page, file: string): Promise<void> {
  await runCommand(page, 'gomem: Open Profile...');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Open a pprof profile' }).waitFor();
  const input = page.locator('.quick-input-widget input');
  await poll('the file dialog to show the workspace folder', async () => ((await input.inputValue()).includes(path.basename(workspace!)) ? true : undefined));
  await input.fill(file);
  await poll('the file dialog to accept the path', async () => {
    if (!(await input.isVisible())) return true;
    await input.press('Enter');
    await page.waitForTimeout(500);
    return undefined;
  });
}

async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(outputDir, { recursive: true });
  await page.screenshot({ path: path.join(outputDir, `profile-viewer-${name}.png`) });
}

describe('profile viewer: goroutines and callers/callees', function () {
  let context: BrowserContext;
  let page: Page;

  before(async function () {
    if (!serverUrl || !runDir || !workspace) {
      throw new Error('run through scripts/vscode/runVsCodeTests.js: GOMEM_CODE_SERVER_URL, GOMEM_CODE_SERVER_RUN_DIR and GOMEM_UI_WORKSPACE are unset');
    }
    populateProfileWorkspace(workspace);
    context = await launchChromium(path.join(runDir, 'chromium-goroutines'));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (dialog) => void dialog.dismiss());
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await context?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
      await closeAllEditors(page);
    }
  });

  it('Goroutines view: groups of a debug=2 dump, leak suspects marked; a click opens the blocking line and the go statement', async () => {
    await openProfile(page, path.join(workspace!, 'profiles', 'goroutines.debug2.txt'));
    const frame = viewer(page);
    const rows = frame.locator('table.goroutine-table tbody tr');
    await rows.first().waitFor({ timeout: 30_000 });
    assert.match((await frame.locator('.goroutines-summary').textContent()) ?? '', /^39 goroutines in \d+ groups · 29 look leaked$/);
    const first = rows.first();
    const cells = await first.locator('td').allTextContents();
    assert.strictEqual(cells[0], '20');
    assert.strictEqual(cells[1], 'chan receiveleak suspect');
    assert.strictEqual(cells[2], '1–2 min');
    assert.match(cells[3], /^main\.consume · main\.go:26/);
    assert.match(cells[3], /created by main\.startConsumers · main\.go:34/);
    assert.match(cells[3], /20 goroutines have been parked in chan receive at main\.consume \(main\.go:26\) for 1 to 2 minutes/);
    assert.ok(await first.evaluate((row) => row.classList.contains('suspect')));
    // The recent consumers of the same line, from another go statement, are their own group and no suspect.
    const burst = rows.filter({ hasText: 'main.handleBurst' });
    assert.deepStrictEqual((await burst.locator('td').allTextContents()).slice(0, 3), ['3', 'chan receive', 'under a minute']);
    assert.ok(!(await burst.evaluate((row) => row.classList.contains('suspect'))));
    await screenshot(page, 'goroutines');

    await first.locator('td').first().click();
    const tab = page.locator('.tab.active', { hasText: 'main.go' });
    await tab.waitFor({ timeout: 15_000 });
    const breadcrumb = page.locator('.editor-group-container.active .breadcrumbs-control');
    await breadcrumb.filter({ hasText: 'goroutines' }).waitFor();
    // One file holds both lines: one editor with the blocking line and the go statement selected.
    const status = page.locator('#status\\.editor\\.selection');
    await poll('both lines to be selected', async () => (/2 selections/.test((await status.textContent()) ?? '') ? true : undefined));
    const selected = await page.locator('.editor-group-container.active .monaco-editor .view-overlays .selected-text').count();
    assert.ok(selected >= 2, `${selected} selected line highlights`);
    const source = fs.readFileSync(path.join(workspace!, 'profiles', 'goroutines', 'main.go'), 'utf8').split('\n');
    assert.match(source[26 - 1], /for job := range jobs/);
    assert.match(source[34 - 1], /go consume\(jobs\)/);
    await screenshot(page, 'goroutines-opened');
    await closeAllEditors(page);
  });

  it('lists the callers and callees of the selected function with their share, each clickable', async () => {
    await openProfile(page, path.join(workspace!, 'profiles', 'pool_leak.heap.pb.gz'));
    const frame = viewer(page);
    await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 30_000 });
    await frame.locator('select[aria-label="Sample type"]').selectOption({ index: 1 });
    await poll('the alloc_space table', async () => ((await frame.locator('select[aria-label="Sample type"] option:checked').textContent())?.startsWith('alloc_space') ? true : undefined));
    await frame.locator('input.table-filter').fill('^bytes\\.\\(\\*Buffer\\)\\.grow$');
    await frame.locator('table.top-table tbody button.function-link', { hasText: 'bytes.(*Buffer).grow' }).click();
    const title = frame.locator('.peek-title');
    await title.filter({ hasText: 'Callers and callees of bytes.(*Buffer).grow' }).waitFor();
    // go tool pprof -peek: ReadFrom calls it with 496.35MB (100%), it calls growSlice with 496.35MB (100%).
    const callers = frame.locator('.peek-list', { hasText: 'Callers' }).locator('tbody tr');
    assert.deepStrictEqual((await callers.first().locator('td').allTextContents()).map((t) => t.replace(/\s*↗$/, '')), ['496.35MB', '100%', 'bytes.(*Buffer).ReadFrom']);
    const callees = frame.locator('.peek-list', { hasText: 'Callees' }).locator('tbody tr');
    assert.deepStrictEqual((await callees.first().locator('td').allTextContents()).map((t) => t.replace(/\s*↗$/, '')), ['496.35MB', '100%', 'bytes.growSlice']);
    // Clicking a caller makes it the selected function.
    await frame.locator('.peek-list', { hasText: 'Callers' }).locator('button.peek-link', { hasText: 'bytes.(*Buffer).ReadFrom' }).click();
    await title.filter({ hasText: 'Callers and callees of bytes.(*Buffer).ReadFrom' }).waitFor();
    await frame.locator('.peek').scrollIntoViewIfNeeded();
    await screenshot(page, 'peek');
    await closeAllEditors(page);
  });
});
