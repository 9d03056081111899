// The active profile in a real VS Code (code-server through chromium): the figures at the end of
// the source lines of the program a profile was recorded from, their hover, the hot-function
// CodeLens that opens the viewer focused on its function, and goroutine marks beside the
// Goroutines view. Screenshots land in test-output/vscode/ (docs/images/ holds copies).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { focusWorkbench, runPaletteCommand } from './commandPalette';
import { populateProfileWorkspace } from './profileViewerFixtures';

const serverUrl = process.env.GOMEM_CODE_SERVER_URL;
const runDir = process.env.GOMEM_CODE_SERVER_RUN_DIR;
const workspace = process.env.GOMEM_UI_WORKSPACE;
const outputDir = process.env.GOMEM_TEST_OUTPUT ?? path.resolve('test-output', 'vscode');

function viewer(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

async function poll<T>(description: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** "gomem: Open Profile..." and its file dialog, as a user opens a profile. */
async function openProfile(page: Page, file: string): Promise<void> {
  await runPaletteCommand(page, 'gomem: Open Profile...');
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

/** Quick Open (Ctrl+P) of a workspace file by its relative path. */
async function quickOpen(page: Page, relative: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relative) }).filter({ hasText: path.dirname(relative) }).first();
  await poll(`Quick Open to list ${relative}`, async () => {
    await focusWorkbench(page);
    await page.keyboard.press('Control+P');
    if (!(await input.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false))) return undefined;
    await input.fill(relative);
    if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return true;
    await page.keyboard.press('Escape');
    return undefined;
  }, 60_000);
  await row.click();
}

async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await input.press('Enter');
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(outputDir, { recursive: true });
  await page.screenshot({ path: path.join(outputDir, `profile-in-editor-${name}.png`) });
}

/** A line's text as the editor renders it (spaces as no-break spaces), trimmed. */
async function lineText(line: ReturnType<typeof editorLine>): Promise<string> {
  if ((await line.count()) === 0) return '';
  // After-line decorations are drawn by CSS ::after content, not text nodes: read both.
  const text = await line.first().evaluate((element) => {
    let out = element.textContent ?? '';
    for (const child of Array.from(element.querySelectorAll('*'))) {
      const content = getComputedStyle(child, '::after').content;
      if (content && content !== 'none' && content !== 'normal') out += ' ' + content.replace(/^"|"$/g, '');
    }
    return out;
  });
  return text.replace(/\u00a0/g, ' ').trim();
}

/** The editor line showing `code` (the figures are injected after the code, in the same line). */
function editorLine(page: Page, code: string) {
  return page.locator('.editor-group-container.active .view-lines .view-line', { hasText: code });
}

describe('profile in the editor (UI)', function () {
  this.timeout(300_000);
  let context: BrowserContext;
  let page: Page;

  before(async function () {
    if (!serverUrl || !runDir || !workspace) throw new Error('run through scripts/vscode/runVsCodeTests.js');
    const profiles = populateProfileWorkspace(workspace);
    // Sources older than the profiles, as a checkout of the profiled build would be: the hover
    // then has no "changed since the profile was taken" line.
    const before = new Date('2026-11-01T00:00:00Z');
    for (const program of ['pool_leak', 'goroutines']) fs.utimesSync(path.join(profiles, program, 'main.go'), before, before);
    context = await launchChromium(path.join(runDir, 'chromium-profile-in-editor'));
    page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1400, height: 850 });
    page.on('dialog', (dialog) => void dialog.dismiss());
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await context?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('shows the focused viewer\'s figures on the source lines, with a hover and the hot-function CodeLens', async () => {
    await openProfile(page, path.join(workspace!, 'profiles', 'pool_leak.heap.pb.gz'));
    await viewer(page).locator('table.top-table tbody tr').first().waitFor({ timeout: 60_000 });
    await quickOpen(page, 'profiles/pool_leak/main.go');
    await goToLine(page, 47);
    // inuse_space (the heap profile's default): go tool pprof -list prints 144MB of cum on line 42.
    const leakLine = editorLine(page, 'buf.ReadFrom(r.Body)');
    await poll('the figures on the leaking line', async () => (/cum 144MB$/.test(await lineText(leakLine)) ? true : undefined), 60_000);
    const lens = page.locator('.editor-group-container.active .codelens-decoration', { hasText: 'gomem:' });
    await lens.first().waitFor({ timeout: 30_000 });
    assert.match(((await lens.first().textContent()) ?? '').replace(/\u00a0/g, ' '), /gomem: #\d+ by cum · cum [\d.]+[kMG]?B \([\d.]+%\) · flat /);
    await focusWorkbench(page);
    await screenshot(page, 'figures');

    // The hover: every sample type of the profile, and who called the line.
    const box = await leakLine.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + 120, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'Top callers' });
    await hover.waitFor({ timeout: 20_000 });
    const text = (await hover.textContent()) ?? '';
    for (const type of ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']) assert.ok(text.includes(type), `${type} in ${text}`);
    assert.match(text, /net\/http\.HandlerFunc\.ServeHTTP/);
    assert.doesNotMatch(text, /changed after the profile was taken/);
    await screenshot(page, 'hover');
    await page.mouse.move(5, 5);

    // The finding under the Put is backed by the profile: its message ends with the figure.
    const put = editorLine(page, 'defer bufPool.Put(buf)').locator('span', { hasText: /^Put$/ }).first();
    const evidence = page.locator('.monaco-hover', { hasText: 'profile shows' });
    await poll('the evidence in the diagnostic hover', async () => {
      const at = await put.boundingBox();
      if (!at) return undefined;
      await page.mouse.move(5, 5);
      await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
      return (await evidence.waitFor({ timeout: 5_000 }).then(() => true, () => false)) ? true : undefined;
    }, 60_000);
    assert.match((await evidence.textContent()) ?? '', /the heap profile shows [\d.]+[kMG]?B in use (under|on) this/);
    await screenshot(page, 'evidence');
    await page.mouse.move(5, 5);

    // The CodeLens over the closure opens the viewer with pprof's focus on it.
    await page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'gomem:' }).first().click();
    const focus = viewer(page).locator('input[aria-label^="Focus"]');
    await poll('the viewer focused on a function', async () => (/^\^main\\\./.test(await focus.inputValue().catch(() => '')) ? true : undefined), 30_000);
    await screenshot(page, 'codelens-focus');
    await runPaletteCommand(page, 'View: Close All Editors');
  });

  it('marks the blocking line and the go statement of a goroutine group beside the Goroutines view', async () => {
    await openProfile(page, path.join(workspace!, 'profiles', 'goroutines.debug2.txt'));
    const rows = viewer(page).locator('table.goroutine-table tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    await rows.first().locator('td').first().click();
    await page.locator('.tab.active', { hasText: 'main.go' }).waitFor({ timeout: 20_000 });
    const blocking = editorLine(page, 'for job := range jobs');
    await poll('the goroutine mark on the blocking line', async () => (/goroutines · chan receive · up to \d+ min$/.test(await lineText(blocking)) ? true : undefined), 60_000);
    const creator = editorLine(page, 'go consume(jobs)');
    assert.match(await lineText(creator), /started \d+ goroutines?, now chan receive · up to \d+ min$/);
    await screenshot(page, 'goroutines');
    await runPaletteCommand(page, 'gomem: Hide Profile in Editor');
    await poll('the marks to go', async () => (/goroutines ·/.test(await lineText(blocking)) ? undefined : true));
    await runPaletteCommand(page, 'View: Close All Editors');
  });
});
