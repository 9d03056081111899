// A heap watch survives a window reload (issue 10 point 2): the series taken before
// "Developer: Reload Window" is shown again afterwards, snapshot for snapshot, and the watch that
// was running goes on adding snapshots. Real code-server, real leak_server Go program.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { runPaletteCommand } from './commandPalette';
import { buildLeakServer, RunningLeakServer, startLeakServer } from '../helpers/leakServer';
import { GO } from '../helpers/goToolchain';

const serverUrl = process.env.GOMEM_CODE_SERVER_URL;
const runDir = process.env.GOMEM_CODE_SERVER_RUN_DIR;
const workspace = process.env.GOMEM_UI_WORKSPACE;
const outputDir = process.env.GOMEM_TEST_OUTPUT ?? path.resolve('test-output', 'vscode');

function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(outputDir, { recursive: true });
  await page.screenshot({ path: path.join(outputDir, `heap-watch-reload-${name}.png`) });
}

async function openWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.explorer-folders-view').waitFor({ timeout: 90_000 });
}

/** The series view's state line and the snapshot file names its chart lists, in time order. */
async function seriesShown(frame: FrameLocator): Promise<{ state: string; names: string[] }> {
  const state = (await frame.locator('#watch-state').textContent()) ?? '';
  const titles = await frame.locator('svg title').allTextContents();
  return { state, names: titles.map((t) => t.replace(/: [^:]* in use$/, '')) };
}

async function snapshotsSoFar(frame: FrameLocator): Promise<number> {
  return Number(/(\d+) so far/.exec((await frame.locator('#watch-state').textContent()) ?? '')?.[1] ?? 0);
}

describe('heap watch across a window reload', function () {
  this.timeout(300_000);
  let context: BrowserContext;
  let page: Page;
  let server: RunningLeakServer;

  before(async function () {
    if (!serverUrl || !runDir || !workspace) throw new Error('run through scripts/vscode/runVsCodeTests.js');
    if (!GO) this.skip();
    server = await startLeakServer(buildLeakServer());
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'gomem.profile.watchIntervalSeconds': 1 }, null, 2));
    context = await launchChromium(path.join(runDir, 'chromium-heap-watch-reload'));
    page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1500, height: 950 });
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(workspace)}`);
    await openWorkbench(page);
  });

  after(async () => {
    // Later UI tests share the workspace: leave no watch running.
    if (page) await runPaletteCommand(page, 'gomem: Stop Heap Watch', 30_000).catch(() => {});
    server?.stop();
    await context?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('shows the same snapshots after Developer: Reload Window, and the running watch goes on', async () => {
    await runPaletteCommand(page, 'gomem: Watch Heap...');
    const address = server.url.replace('http://', '');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(address);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: address }).first().click();
    let frame = webview(page);
    await frame.locator('#watch-state').waitFor({ timeout: 60_000 });
    for (const deadline = Date.now() + 60_000; (await snapshotsSoFar(frame)) < 3; await page.waitForTimeout(250)) {
      assert.ok(Date.now() < deadline, 'the watch took fewer than three snapshots in a minute');
    }
    const before = await seriesShown(frame);
    assert.ok(before.names.length >= 3 && before.names.every((n) => /_heap\.pb\.gz$/.test(n)), before.names.join());
    await screenshot(page, 'before');

    const reloaded = page.waitForEvent('load', { timeout: 90_000 });
    await runPaletteCommand(page, 'Developer: Reload Window');
    await reloaded;
    await openWorkbench(page);

    // The watch resumed on its own: the status bar item counts past what the view showed.
    const status = page.locator('.statusbar-item', { hasText: 'heap:' }).first();
    await status.waitFor({ timeout: 90_000 });
    for (const deadline = Date.now() + 60_000; ; await page.waitForTimeout(250)) {
      const count = Number(/heap: (\d+) snapshot/.exec((await status.textContent()) ?? '')?.[1] ?? 0);
      if (count > before.names.length) break;
      assert.ok(Date.now() < deadline, `the watch did not go on after the reload (${await status.textContent()})`);
    }

    await runPaletteCommand(page, 'gomem: Show Heap Watch');
    frame = webview(page);
    await frame.locator('#watch-state', { hasText: 'running' }).waitFor({ timeout: 60_000 });
    const after = await seriesShown(frame);
    assert.deepStrictEqual(after.names.slice(0, before.names.length), before.names, 'the snapshots taken before the reload');
    assert.ok(after.names.length > before.names.length, after.state);
    assert.strictEqual(await frame.locator('#growth-table tbody tr').first().locator('td').nth(3).textContent(), 'main.retainSession');
    await screenshot(page, 'after');

    await frame.locator('#stop-watch').click();
    await frame.locator('#watch-state', { hasText: 'stopped after' }).waitFor();
  });
});
