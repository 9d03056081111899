// The leak hunt in a real VS Code (code-server) driven through chromium: capture from URL against
// the leak_server Go program, a heap watch with its series view, compare mode painted red where
// memory grew, and the source lines of the leaking function. Screenshots go to test-output/vscode.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { buildLeakServer, LEAK_SERVER_SOURCE, RunningLeakServer, startLeakServer } from '../helpers/leakServer';
import { GO } from '../helpers/goToolchain';
import { focusWorkbench } from './commandPalette';

const serverUrl = process.env.GOMEM_CODE_SERVER_URL;
const runDir = process.env.GOMEM_CODE_SERVER_RUN_DIR;
const workspace = process.env.GOMEM_UI_WORKSPACE;
const outputDir = process.env.GOMEM_TEST_OUTPUT ?? path.resolve('test-output', 'vscode');

function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

/**
 * Runs a command from the palette. Right after the workbench appears the extension's commands
 * may not be listed yet, so an absent row closes the palette and tries again.
 */
async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await focusWorkbench(page);
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
      await input.press('Enter');
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt >= 5) throw error;
    }
  }
}

/** Types into the open quick input and accepts the row that shows `row`. */
async function answerQuickInput(page: Page, text: string | undefined, row: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  if (text !== undefined) await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().click();
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(outputDir, { recursive: true });
  await page.screenshot({ path: path.join(outputDir, `leak-hunt-${name}.png`) });
}

describe('leak hunt in VS Code', function () {
  this.timeout(240_000);
  let context: BrowserContext;
  let page: Page;
  let server: RunningLeakServer;
  let address: string;

  before(async function () {
    if (!serverUrl || !runDir || !workspace) throw new Error('run through scripts/vscode/runVsCodeTests.js');
    if (!GO) this.skip();
    server = await startLeakServer(buildLeakServer());
    address = server.url.replace('http://', '');
    // The program's source in the workspace, so the source view shows its code and opens it.
    fs.mkdirSync(path.join(workspace, 'leak_server'), { recursive: true });
    fs.copyFileSync(path.join(LEAK_SERVER_SOURCE, 'main.go'), path.join(workspace, 'leak_server', 'main.go'));
    // Snapshots a second apart, so the watch shows growth within the test.
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'gomem.profile.watchIntervalSeconds': 1 }, null, 2));
    context = await launchChromium(path.join(runDir, 'chromium-leak-hunt'));
    page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1500, height: 950 });
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    server?.stop();
    await context?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('captures a heap profile from a URL and opens it in the profile viewer', async () => {
    await runCommand(page, 'gomem: Capture Profile from URL...');
    await answerQuickInput(page, address, address);
    await answerQuickInput(page, undefined, 'heap');
    await page.locator('.tab.active', { hasText: /_heap\.pb\.gz/ }).waitFor({ timeout: 60_000 });
    const frame = webview(page);
    await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 60_000 });
    assert.match((await frame.locator('table.top-table tbody').textContent()) ?? '', /main\.retainSession/);
    await screenshot(page, 'captured');
  });

  it('watches the heap: series view with the in-use total and the leaking function first', async () => {
    await runCommand(page, 'gomem: Watch Heap...');
    await answerQuickInput(page, address, address);
    const frame = webview(page);
    await frame.locator('#growth-table tbody tr').nth(0).waitFor({ timeout: 60_000 });
    for (const deadline = Date.now() + 60_000; ; ) {
      const count = Number(/(\d+) so far/.exec((await frame.locator('#watch-state').textContent()) ?? '')?.[1] ?? 0);
      if (count >= 4) break;
      assert.ok(Date.now() < deadline, 'the watch took fewer than four snapshots in a minute');
      await page.waitForTimeout(250);
    }
    const first = await frame.locator('#growth-table tbody tr').first().locator('td').allTextContents();
    assert.strictEqual(first[3], 'main.retainSession');
    assert.strictEqual(first[2], 'yes: steady growth');
    // The churn's 256 kB buffers never stay: no steady or kB-sized row for it.
    const churn = await frame.locator('#growth-table tbody tr', { hasText: 'main.renderPage' }).allTextContents();
    assert.ok(churn.every((row) => !/steady/.test(row) && /^\+\d+B/.test(row)), churn.join());
    assert.match((await page.locator('.statusbar-item', { hasText: 'heap:' }).first().textContent()) ?? '', /heap: \d+ snapshots, .*B in use/);
    await screenshot(page, 'watch');
    await frame.locator('#stop-watch').click();
    await frame.locator('#watch-state', { hasText: 'stopped after' }).waitFor();
  });

  it('compares the first and last snapshot in the profile viewer: red frames where memory grew, delta columns, source lines', async () => {
    const series = webview(page);
    await series.locator('#compare-first-last').click();
    // The viewer of the last snapshot, in compare mode: no separate compare panel.
    await page.locator('.tab.active', { hasText: /_heap\.pb\.gz/ }).waitFor({ timeout: 30_000 });
    const frame = webview(page);
    await frame.locator('.compare-bar .base-name').waitFor({ timeout: 60_000 });
    await frame.locator('table.top-table.compare tbody tr').first().waitFor({ timeout: 60_000 });
    assert.strictEqual(await page.locator('.tab', { hasText: 'Compare:' }).count(), 0);
    assert.match((await frame.locator('.summary').textContent()) ?? '', /^base .* · new .* · change \+/);
    // Red frames: the searched leak keeps its change colour (the rest is dimmed), a strong red.
    await frame.locator('input.flame-search').fill('retainSession');
    await frame.locator('.search-summary', { hasText: /changed by \+/ }).waitFor();
    const red = await redPixel(frame);
    assert.ok(red, 'no red frame on the flame graph');
    const canvas = frame.locator('canvas.flame');
    await canvas.hover({ position: red });
    const tooltip = frame.locator('.tooltip:not([hidden])');
    await tooltip.waitFor();
    const tip = (await tooltip.textContent()) ?? '';
    assert.match(tip, /main\.retainSession/);
    assert.match(tip, /base .*B.*new .*B.*delta \+.*B/);
    // The table sorts by the change: the leak first; the other way round it is not.
    const firstFunction = () => frame.locator('table.top-table tbody tr').first().locator('td.function').textContent();
    assert.strictEqual((await firstFunction())?.replace(/\s/g, ''), 'main.retainSession');
    assert.match((await frame.locator('table.top-table tbody tr').first().locator('td').first().textContent()) ?? '', /^\+/);
    await frame.locator('table.top-table th button[data-sort-key="flat"]').first().click();
    assert.notStrictEqual((await firstFunction())?.replace(/\s/g, ''), 'main.retainSession');
    await frame.locator('table.top-table th button[data-sort-key="flat"]').first().click();
    assert.strictEqual((await firstFunction())?.replace(/\s/g, ''), 'main.retainSession');
    // Clicking the leak's frame selects it: the source view lists its lines with the change per line.
    await canvas.click({ position: red });
    const valued = frame.locator('.source-view tr.valued');
    await valued.first().waitFor({ timeout: 30_000 });
    await frame.locator('.source-view td.code', { hasText: 'make([]byte, 16<<10)' }).first().waitFor({ timeout: 30_000 });
    const leakLine = frame.locator('.source-view tr.valued', { hasText: 'make([]byte, 16<<10)' }).first();
    assert.match((await leakLine.locator('td').nth(1).textContent()) ?? '', /^\+[\d.]+[kMG]?B$/);
    // Back to the whole graph, without the search, with the tooltip of the leak: the README's picture.
    await frame.locator('.breadcrumb button').first().click();
    await frame.locator('input.flame-search').fill('');
    const shown = await redPixel(frame, true);
    if (shown) await canvas.hover({ position: shown });
    await screenshot(page, 'compare');
    await leakLine.click();
    await page.locator('.tab.active', { hasText: 'main.go' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'source');
  });

  it('Stop comparing: the same viewer shows the plain profile, its source view flat and cum per line', async () => {
    const frame = webview(page);
    await frame.locator('.compare-bar button.stop-compare').click();
    await frame.locator('.compare-bar button.compare-with', { hasText: 'Compare with' }).waitFor({ timeout: 30_000 });
    await frame.locator('table.top-table:not(.compare) tbody tr').first().waitFor({ timeout: 30_000 });
    assert.match((await frame.locator('.summary').textContent()) ?? '', /^total /);
    // The source view stays on the selected function, now with the profile's own numbers.
    await frame.locator('.source-view table.source-lines:not(.compare)').waitFor({ timeout: 30_000 });
    assert.deepStrictEqual(await frame.locator('.source-view th').allTextContents(), ['line', 'flat', 'cum', 'code']);
    const leakLine = frame.locator('.source-view tr.valued', { hasText: 'make([]byte, 16<<10)' }).first();
    assert.match((await leakLine.locator('td').nth(1).textContent()) ?? '', /^[\d.]+[kMG]?B$/);
    // Arrow keys move the graph's selection, and the source view follows it.
    const canvas = frame.locator('canvas.flame');
    await canvas.focus();
    await canvas.press('ArrowDown');
    await frame.locator('.source-title:not(:has-text("retainSession"))').waitFor({ timeout: 10_000 });
    assert.match((await frame.locator('.source-title').textContent()) ?? '', /^Source lines of \S+/);
  });
});

/** A strongly red pixel of the flame canvas (CSS pixels) on its top red row, or its deepest, or undefined. */
async function redPixel(frame: FrameLocator, deepest = false): Promise<{ x: number; y: number } | undefined> {
  return frame.locator('canvas.flame').evaluate((canvas: HTMLCanvasElement, deepest) => {
    const ratio = canvas.width / canvas.clientWidth;
    const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    for (let row = 0; row < height; row += 2) {
      const y = deepest ? height - 1 - row : row;
      for (let x = 0; x < width; x += 2) {
        const i = (y * width + x) * 4;
        if (data[i] > 150 && data[i + 1] < 90 && data[i + 2] < 90) return { x: Math.round(x / ratio) + 2, y: Math.round(y / ratio) + (deepest ? -2 : 2) };
      }
    }
    return undefined;
  }, deepest);
}
