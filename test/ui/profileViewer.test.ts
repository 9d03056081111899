// The profile viewer in a real VS Code (code-server) driven through chromium: the webview is read
// through its two nested iframes. Started by scripts/vscode/runVsCodeTests.js, which passes the
// server URL, a fresh workspace copy and the output folder in the environment.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import * as os from 'os';
import { ELSEWHERE_SOURCES, HOSTILE_NAMES, PPROF_FIXTURES, populateProfileWorkspace, writeElsewhereSources } from './profileViewerFixtures';
import { focusWorkbench } from './commandPalette';

const serverUrl = process.env.GOMEM_CODE_SERVER_URL;
const runDir = process.env.GOMEM_CODE_SERVER_RUN_DIR;
const workspace = process.env.GOMEM_UI_WORKSPACE;
const outputDir = process.env.GOMEM_TEST_OUTPUT ?? path.resolve('test-output', 'vscode');
/** The benchmark profile (scripts/pprof/generateLargeProfile.ts); its test is skipped without it. */
const largeProfile = process.env.GOMEM_LARGE_PROFILE ?? path.join(PPROF_FIXTURES, 'large', 'large.heap.pb.gz');

/** The content frame of the visible webview editor. */
function viewer(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

async function runCommand(page: Page, title: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await input.press('Enter');
}

/** Opens a workspace file the way a user does: Quick Open, type the name, Enter. */
async function quickOpen(page: Page, fileName: string): Promise<number> {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName);
  const baseName = fileName.split('/').pop()!;
  const folder = fileName.includes('/') ? fileName.slice(0, fileName.lastIndexOf('/')) : '';
  // Enter opens the selected (first) row: wait until the search has put the file there.
  await page.locator('.quick-input-list .monaco-list-row[data-index="0"]', { hasText: baseName }).filter({ hasText: folder }).waitFor();
  const pressed = Date.now();
  await input.press('Enter');
  return pressed;
}

async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(outputDir, { recursive: true });
  await page.screenshot({ path: path.join(outputDir, `profile-viewer-${name}.png`) });
}

/** Function names in table order. */
async function tableFunctions(frame: FrameLocator): Promise<string[]> {
  return frame.locator('table.top-table tbody button.function-link').allTextContents();
}

/** Distinct colours across the flame canvas: a blank or single-colour canvas has one or two. */
async function distinctCanvasColours(frame: FrameLocator): Promise<number> {
  return frame.locator('canvas.flame').evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d')!;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colours.size;
  });
}

describe('profile viewer in VS Code', function () {
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];

  before(async function () {
    if (!serverUrl || !runDir || !workspace) {
      throw new Error('run through scripts/vscode/runVsCodeTests.js: GOMEM_CODE_SERVER_URL, GOMEM_CODE_SERVER_RUN_DIR and GOMEM_UI_WORKSPACE are unset');
    }
    const profiles = populateProfileWorkspace(workspace);
    if (fs.existsSync(largeProfile)) fs.copyFileSync(largeProfile, path.join(profiles, 'large.heap.pb.gz'));
    context = await launchChromium(path.join(runDir, 'chromium-profile-viewer'));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
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

  it('opens a heap profile with its top function in the table and a painted flame graph', async () => {
    const started = await quickOpen(page, 'cache_leak.heap.pb.gz');
    const frame = viewer(page);
    await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 30_000 });
    await frame.locator('body[data-first-flame-paint-after-open]').waitFor();
    const timings = await frame.locator('body').evaluate((body) => ({ ...body.dataset }));
    console.log(`    first flame paint ${Date.now() - started} ms after Quick Open's Enter; webview timings ${JSON.stringify(timings)}`);
    const functions = await tableFunctions(frame);
    assert.strictEqual(functions[0], 'main.loadUserFromDB');
    // pprof -top: 205.40MB flat of 208.19MB total for this profile (inuse_space).
    const firstRow = await frame.locator('table.top-table tbody tr').first().locator('td').allTextContents();
    assert.deepStrictEqual(firstRow.slice(0, 2), ['205.40MB', '98.66%']);
    assert.ok((await distinctCanvasColours(frame)) > 4, 'the flame graph canvas is blank');
    const tab = page.locator('.tab.active');
    assert.match((await tab.textContent()) ?? '', /cache_leak\.heap\.pb\.gz/);
    await screenshot(page, 'heap');
  });

  it('changes every number when another sample type is chosen', async () => {
    const frame = viewer(page);
    const before = await frame.locator('table.top-table tbody tr').first().locator('td').allTextContents();
    const summaryBefore = await frame.locator('.summary').textContent();
    await frame.locator('select[aria-label="Sample type"]').selectOption({ label: (await optionLabel(frame, 'alloc_space')) });
    await frame.locator('.summary').filter({ hasNotText: summaryBefore ?? '' }).waitFor();
    const after = await poll('the first row to change', async () => {
      const cells = await frame.locator('table.top-table tbody tr').first().locator('td').allTextContents();
      return JSON.stringify(cells.slice(0, 5)) !== JSON.stringify(before.slice(0, 5)) ? cells : undefined;
    });
    assert.strictEqual(after[5], 'main.loadUserFromDB');
    await screenshot(page, 'alloc-space');
  });

  it('zooms the flame graph on click and back out through the breadcrumb', async () => {
    const frame = viewer(page);
    const canvas = frame.locator('canvas.flame');
    const box = (await canvas.boundingBox())!;
    // Second row, far left: the first callee of the root.
    await canvas.click({ position: { x: 5, y: 18 + 9 } });
    await frame.locator('.breadcrumb li').nth(1).waitFor();
    assert.ok(box.width > 100);
    await canvas.hover({ position: { x: 20, y: 9 } });
    await frame.locator('.tooltip:not([hidden])').waitFor();
    assert.match((await frame.locator('.tooltip').textContent()) ?? '', /flat .*cum /);
    await screenshot(page, 'zoomed');
    await frame.locator('.breadcrumb button').first().click();
    assert.strictEqual(await frame.locator('.breadcrumb li').count(), 1);
  });

  it('works from the keyboard: arrows select frames, Enter zooms, Escape zooms out', async () => {
    const frame = viewer(page);
    const canvas = frame.locator('canvas.flame');
    await canvas.focus();
    await canvas.press('ArrowDown');
    await frame.locator('.tooltip:not([hidden])').waitFor();
    const selected = (await frame.locator('.tooltip-title').textContent()) ?? '';
    assert.notStrictEqual(selected, 'all (the whole profile)');
    await canvas.press('Enter');
    await frame.locator('.breadcrumb li').nth(1).waitFor();
    assert.strictEqual(await frame.locator('.breadcrumb [aria-current="true"]').textContent(), selected.replace(/^.*\//, ''));
    await canvas.press('Escape');
    await poll('the zoom to return to the root', async () => ((await frame.locator('.breadcrumb li').count()) === 1 ? true : undefined));
  });

  it('searches the flame graph and sums the share of the matches', async () => {
    const frame = viewer(page);
    await frame.locator('input.flame-search').fill('loadUserFromDB');
    await frame.locator('.search-summary', { hasText: 'Matched' }).waitFor();
    assert.match((await frame.locator('.search-summary').textContent()) ?? '', /Matched .* in 1 function\./);
    await frame.locator('input.flame-search').fill('');
  });

  it('applies focus, ignore and hide to the table', async () => {
    const frame = viewer(page);
    await frame.locator('input[aria-label^="Hide"]').fill('loadUserFromDB');
    await frame.locator('input[aria-label^="Hide"]').press('Enter');
    await frame.locator('table.top-table tbody button.function-link', { hasText: 'loadUserFromDB' }).waitFor({ state: 'detached' });
    await frame.locator('input[aria-label^="Hide"]').fill('');
    // go tool pprof -top -sample_index=alloc_space -focus=Set: percentages of the unfiltered total.
    await frame.locator('input[aria-label^="Focus"]').fill('Set');
    await frame.locator('input[aria-label^="Focus"]').press('Enter');
    const focused = await poll('the focused table', async () => {
      const cells = await frame.locator('table.top-table tbody tr').first().locator('td').allTextContents();
      return cells[5] === 'main.(*UserCache).Set' ? cells : undefined;
    });
    assert.deepStrictEqual(focused, ['3.40MB', '1.62%', '1.62%', '3.40MB', '1.62%', 'main.(*UserCache).Set']);
    await frame.locator('input[aria-label^="Focus"]').fill('');
    await frame.locator('input[aria-label^="Focus"]').press('Enter');
    await frame.locator('table.top-table tbody button.function-link', { hasText: 'loadUserFromDB' }).waitFor();
  });

  it('applies filters as typed, says which box holds an invalid expression, and counts functions as the footer does', async () => {
    const frame = viewer(page);
    const summary = frame.locator('.summary');
    const footerCount = async () => Number(/of (\d+) function/.exec((await frame.locator('.table-footer').textContent()) ?? '')?.[1]);
    const headerCount = async () => Number(/(\d+) functions?$/.exec((await summary.textContent()) ?? '')?.[1]);
    await poll('the header to count functions', async () => ((await headerCount()) > 0 ? true : undefined));
    assert.strictEqual(await headerCount(), await footerCount());
    assert.doesNotMatch((await summary.textContent()) ?? '', /decoded|ms\b/);
    // Typing applies after a pause, without Enter.
    await frame.locator('input[aria-label^="Ignore"]').pressSequentially('Service', { delay: 30 });
    await frame.locator('table.top-table tbody button.function-link', { hasText: 'GetUser' }).waitFor({ state: 'detached' });
    assert.strictEqual(await headerCount(), await footerCount());
    // An invalid expression: its message under its own box, the view unchanged.
    const rows = await tableFunctions(frame);
    await frame.locator('input[aria-label^="Focus"]').fill('load(');
    const error = frame.locator('#focus-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /focus expression "load\(" is not a valid regular expression/);
    assert.strictEqual(await frame.locator('input[aria-label^="Focus"]').getAttribute('aria-invalid'), 'true');
    assert.strictEqual(await frame.locator('#ignore-error').isVisible(), false);
    await screenshot(page, 'invalid-regexp');
    assert.deepStrictEqual(await tableFunctions(frame), rows);
    await frame.locator('input[aria-label^="Focus"]').fill('');
    await frame.locator('input[aria-label^="Ignore"]').fill('');
    await error.waitFor({ state: 'hidden' });
    await frame.locator('table.top-table tbody button.function-link', { hasText: 'GetUser' }).waitFor();
  });

  it('keeps its state when hidden and shown again', async () => {
    let frame = viewer(page);
    await frame.locator('input.table-filter').fill('Service');
    await frame.locator('table.top-table tbody tr').first().waitFor();
    await quickOpen(page, 'cache_leak/main.go');
    await page.locator('.tab.active', { hasText: 'main.go' }).waitFor();
    await quickOpen(page, 'cache_leak.heap.pb.gz');
    frame = viewer(page);
    await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 30_000 });
    assert.strictEqual(await frame.locator('input.table-filter').inputValue(), 'Service');
    assert.match((await frame.locator('select[aria-label="Sample type"] option:checked').textContent()) ?? '', /^alloc_space/);
    assert.deepStrictEqual(await tableFunctions(frame), ['main.(*Service).GetUser']);
    await frame.locator('input.table-filter').fill('');
  });

  it('opens the source of a function clicked in the table', async () => {
    const frame = viewer(page);
    await frame.locator('table.top-table tbody button.function-link', { hasText: 'main.loadUserFromDB' }).click();
    const tab = page.locator('.tab.active', { hasText: 'main.go' });
    await tab.waitFor({ timeout: 15_000 });
    // The breadcrumb of the active editor shows the folders of the file that was opened.
    const breadcrumb = page.locator('.editor-group-container.active .breadcrumbs-control');
    await breadcrumb.filter({ hasText: 'cache_leak' }).waitFor();
    assert.match((await breadcrumb.innerText()).replace(/\s+/g, ' '), /profiles.*cache_leak.*main\.go/);
    // Go 1.19 records no function start lines, so the cursor goes to the function's first sampled
    // line: the allocation the fixture marks as the leak site.
    await page.locator('.monaco-editor .current-line').first().waitFor();
    const status = await page.locator('#status\\.editor\\.selection').textContent();
    const source = fs.readFileSync(path.join(workspace!, 'profiles', 'cache_leak', 'main.go'), 'utf8').split('\n');
    const functionStart = source.findIndex((line) => line.startsWith('func loadUserFromDB'));
    const expectedLine = source.findIndex((line, index) => index > functionStart && line.includes('leak site')) + 1;
    assert.match(status ?? '', new RegExp(`Ln ${expectedLine},`));
    // The line is selected (highlighted), from its first non-blank character to its end.
    const selected = source[expectedLine - 1].trim().length;
    assert.match(status ?? '', new RegExp(`\\(${selected} selected\\)`), `the opened line is not selected: ${status}`);
    await screenshot(page, 'source-opened');
    await closeAllEditors(page);
  });

  it('says so in the panel when no file matches a function', async () => {
    await quickOpen(page, 'hostile.pb.gz');
    const frame = viewer(page);
    await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 30_000 });
    await frame.locator('table.top-table tbody button.function-link').first().click();
    await frame.locator('.notice.warning', { hasText: 'No file in the workspace' }).waitFor();
  });

  it('renders markup in function names as text and runs none of it', async () => {
    const frame = viewer(page);
    const names = await tableFunctions(frame);
    assert.deepStrictEqual([...names].sort(), [...HOSTILE_NAMES].sort());
    assert.strictEqual(await frame.locator('#injected-bold').count(), 0);
    assert.strictEqual(await frame.locator('img').count(), 0);
    assert.strictEqual(await frame.locator('body').getAttribute('data-injected'), null);
    assert.ok((await distinctCanvasColours(frame)) > 2);
    await frame.locator('canvas.flame').hover({ position: { x: 30, y: 18 * 3 + 9 } });
    await frame.locator('.tooltip:not([hidden])').waitFor();
    assert.match((await frame.locator('.tooltip-title').textContent()) ?? '', /^main\.</);
    assert.deepStrictEqual(dialogs, []);
    await screenshot(page, 'hostile-names');
    await closeAllEditors(page);
  });

  it('offers to pick the folder of sources no lookup finds, and remembers it for the profile\'s other paths', async () => {
    await closeAllEditors(page);
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-elsewhere-'));
    writeElsewhereSources(checkout);
    await quickOpen(page, 'elsewhere.heap.pb.gz');
    const frame = viewer(page);
    await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 30_000 });
    await frame.locator('table.top-table tbody button.function-link', { hasText: ELSEWHERE_SOURCES[0].function }).click();
    const pick = frame.locator('.notice.warning button.notice-action', { hasText: 'Pick the folder' });
    await pick.waitFor();
    await screenshot(page, 'pick-folder-offered');
    await pick.click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await poll('the folder dialog to show a path', async () => ((await input.inputValue()).startsWith('/') ? true : undefined));
    // The dialog may still be writing its starting folder: type until the box holds exactly ours.
    await poll('the folder dialog to hold the typed folder', async () => {
      await input.fill(`${checkout}/`);
      await page.waitForTimeout(300);
      return (await input.inputValue()) === `${checkout}/` ? true : undefined;
    });
    // The dialog may first list the folder, then accept it on a second Enter. An Enter must never
    // reach the opened editor, whose line is selected: press only while the dialog's input has focus.
    await poll('the folder dialog to accept the folder', async () => {
      if (!(await input.isVisible())) return true;
      if (await input.evaluate((element) => element === document.activeElement)) await page.keyboard.press('Enter');
      await page.waitForTimeout(1000);
      return undefined;
    });
    await page.locator('.tab.active', { hasText: 'index.go' }).waitFor({ timeout: 15_000 });
    const status = await page.locator('#status\\.editor\\.selection').textContent();
    assert.match(status ?? '', new RegExp(`Ln ${ELSEWHERE_SOURCES[0].line},`));
    // The profile's other file, under the same build folder, opens from the picked folder without asking.
    await quickOpen(page, 'elsewhere.heap.pb.gz');
    await viewer(page).locator('table.top-table tbody button.function-link', { hasText: ELSEWHERE_SOURCES[1].function }).click();
    await page.locator('.tab.active', { hasText: 'main.go' }).waitFor({ timeout: 15_000 });
    const breadcrumb = page.locator('.editor-group-container.active .breadcrumbs-control');
    await breadcrumb.filter({ hasText: 'indexer' }).waitFor();
    assert.match((await breadcrumb.innerText()).replace(/\s+/g, ' '), /cmd.*indexer.*main\.go/);
    assert.match((await page.locator('#status\\.editor\\.selection').textContent()) ?? '', new RegExp(`Ln ${ELSEWHERE_SOURCES[1].line},`));
    await closeAllEditors(page);
    fs.rmSync(checkout, { recursive: true, force: true });
  });

  it('shows one sentence for a truncated gzip and for an HTML page saved by mistake', async () => {
    await quickOpen(page, 'truncated.pb.gz');
    let frame = viewer(page);
    const error = frame.locator('p.error');
    await error.waitFor({ timeout: 30_000 });
    assert.match((await error.textContent()) ?? '', /truncated/);
    await screenshot(page, 'truncated');
    await closeAllEditors(page);
    await quickOpen(page, 'saved-page.pprof');
    frame = viewer(page);
    await frame.locator('p.error', { hasText: 'HTML page' }).waitFor({ timeout: 30_000 });
    await closeAllEditors(page);
  });

  it('reveals the open panel instead of opening a second one for the same file', async () => {
    await quickOpen(page, 'pool_leak.heap.pb.gz');
    await viewer(page).locator('table.top-table tbody tr').first().waitFor({ timeout: 30_000 });
    await quickOpen(page, 'pool_leak/main.go');
    await page.locator('.tab.active', { hasText: 'main.go' }).waitFor();
    await quickOpen(page, 'pool_leak.heap.pb.gz');
    await page.locator('.tab.active', { hasText: 'pool_leak.heap.pb.gz' }).waitFor();
    assert.strictEqual(await page.locator('.tab', { hasText: 'pool_leak.heap.pb.gz' }).count(), 1);
    await closeAllEditors(page);
  });

  it('opens a profile through "gomem: Open Profile..." and its file picker', async () => {
    await runCommand(page, 'gomem: Open Profile...');
    // VS Code's own file dialog (the web UI has no native one): wait until it shows the workspace
    // folder, or the path typed now would be overwritten, then type the file's path.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Open a pprof profile' }).waitFor();
    const input = page.locator('.quick-input-widget input');
    await poll('the file dialog to show the workspace folder', async () => ((await input.inputValue()).includes(path.basename(workspace!)) ? true : undefined));
    await input.fill(path.join(workspace!, 'profiles', 'goroutine_leak.goroutine.pb.gz'));
    // The dialog validates the typed path asynchronously and ignores Enter until it has: retry.
    await poll('the file dialog to accept the path', async () => {
      if (!(await input.isVisible())) return true;
      await input.press('Enter');
      await page.waitForTimeout(500);
      return undefined;
    });
    const frame = viewer(page);
    await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 30_000 });
    assert.match((await frame.locator('select[aria-label="Sample type"] option:checked').textContent()) ?? '', /^goroutine \(count\)/);
    const csp = (await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    assert.match(csp, /default-src 'none'/);
    // Scripts only by nonce; styles, images and fonts only from the extension's own resources.
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9]{32}'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*;|data:/);
    await screenshot(page, 'goroutine');
    await closeAllEditors(page);
  });

  describe('in a narrow split', () => {
    /** Resizes the browser until the visible webview is `width` CSS pixels wide (a split at that width). */
    async function sizeWebview(width: number): Promise<number> {
      const webview = page.locator('iframe.webview.ready:visible');
      for (let attempt = 0; attempt < 4; attempt++) {
        const box = (await webview.boundingBox())!;
        if (Math.abs(box.width - width) <= 2) return box.width;
        const viewport = page.viewportSize()!;
        await page.setViewportSize({ width: Math.round(viewport.width + width - box.width), height: viewport.height });
        await page.waitForTimeout(400);
      }
      return (await webview.boundingBox())!.width;
    }

    /** The tooltip's box, and whether any part of it is cut off by the panel or a scrolling ancestor. */
    async function tooltipClip(frame: FrameLocator) {
      return frame.locator('.tooltip').evaluate((tooltip: HTMLElement) => {
        const box = tooltip.getBoundingClientRect();
        const cuts: string[] = [];
        if (box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight) cuts.push('the panel');
        for (let parent = tooltip.parentElement; parent; parent = parent.parentElement) {
          const style = getComputedStyle(parent);
          if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
          const clip = parent.getBoundingClientRect();
          if (box.left < clip.left || box.top < clip.top || box.right > clip.left + parent.clientWidth + 1 || box.bottom > clip.top + parent.clientHeight + 1) cuts.push(parent.className || parent.tagName);
        }
        return { box: { left: box.left, top: box.top, right: box.right, bottom: box.bottom }, cuts, text: tooltip.innerText };
      });
    }

    /** x positions (CSS pixels) of drawn frames on a row of the flame canvas, every `step` pixels. */
    async function framesOnRow(frame: FrameLocator, row: number, step: number): Promise<number[]> {
      return frame.locator('canvas.flame').evaluate(
        (canvas: HTMLCanvasElement, { row, step }) => {
          const ratio = canvas.width / canvas.clientWidth;
          const context = canvas.getContext('2d')!;
          const { data } = context.getImageData(0, Math.floor((row * 18 + 9) * ratio), canvas.width, 1);
          // Frames are 17 px tall: the 18th pixel row of each row is the canvas background.
          const gap = context.getImageData(0, Math.floor((row * 18 + 17) * ratio), 1, 1).data;
          const xs: number[] = [];
          for (let x = 2; x < canvas.clientWidth - 1; x += step) {
            const i = Math.floor(x * ratio) * 4;
            if (data[i] !== gap[0] || data[i + 1] !== gap[1] || data[i + 2] !== gap[2]) xs.push(x);
          }
          return xs;
        },
        { row, step },
      );
    }

    async function rowCount(frame: FrameLocator): Promise<number> {
      return frame.locator('canvas.flame').evaluate((canvas: HTMLCanvasElement) => Math.round(canvas.clientHeight / 18));
    }

    async function webviewShot(name: string): Promise<void> {
      fs.mkdirSync(outputDir, { recursive: true });
      await page.locator('iframe.webview.ready:visible').screenshot({ path: path.join(outputDir, `profile-viewer-${name}.png`) });
    }

    const viewportBefore = { width: 1400, height: 900 };

    /** The CPU profile (deep stacks) open in a 600 px wide panel; reopened when a failed test closed it. */
    async function openNarrow(): Promise<FrameLocator> {
      if ((await page.locator('.tab.active', { hasText: 'pool_leak.cpu.pb.gz' }).count()) === 0) {
        await closeAllEditors(page);
        await quickOpen(page, 'pool_leak.cpu.pb.gz');
      }
      const frame = viewer(page);
      await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 30_000 });
      const width = await sizeWebview(600);
      assert.ok(Math.abs(width - 600) <= 2, `the webview is ${width} px wide`);
      await page.waitForTimeout(300);
      return frame;
    }

    after(async () => {
      await page.setViewportSize(viewportBefore);
    });

    it('at 600 px: the function column gets the room, numbers stay whole, nothing scrolls sideways, the filters stay on one row', async () => {
      const frame = await openNarrow();
      await webviewShot('600px');
      const layout = await frame.locator('body').evaluate(() => {
        const scrolling = document.scrollingElement!;
        const tableScroller = document.querySelector('.table-scroller') as HTMLElement;
        const cells = (selector: string) => Array.from(document.querySelectorAll<HTMLElement>(selector));
        const numbers = cells('table.top-table tbody td.numeric');
        const names = cells('table.top-table tbody td.function button');
        const inputs = cells('.filters input');
        return {
          pageOverflow: scrolling.scrollWidth - scrolling.clientWidth,
          tableOverflow: tableScroller.scrollWidth - tableScroller.clientWidth,
          clippedNumbers: numbers.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).length,
          clippedNames: names.filter((name) => name.scrollWidth > name.clientWidth + 1 || getComputedStyle(name).textOverflow === 'ellipsis').length,
          functionShare: (document.querySelector('table.top-table th:last-child') as HTMLElement).getBoundingClientRect().width / tableScroller.clientWidth,
          filterRows: new Set(inputs.map((input) => Math.round(input.getBoundingClientRect().top))).size,
        };
      });
      assert.deepStrictEqual(
        { pageOverflow: layout.pageOverflow <= 0, tableOverflow: layout.tableOverflow <= 0, clippedNumbers: layout.clippedNumbers, clippedNames: layout.clippedNames, filterRows: layout.filterRows },
        { pageOverflow: true, tableOverflow: true, clippedNumbers: 0, clippedNames: 0, filterRows: 1 },
        JSON.stringify(layout),
      );
      assert.ok(layout.functionShare > 0.45, `the function column has ${Math.round(layout.functionShare * 100)}% of the width`);
    });

    it('keeps the tooltip whole at the bottom row and the right edge, for every frame', async () => {
      const frame = await openNarrow();
      const canvas = frame.locator('canvas.flame');
      const rows = await rowCount(frame);
      // The bottom row: scroll the graph to its end, hover its deepest frame.
      await frame.locator('.flame-scroller').evaluate((scroller: HTMLElement) => (scroller.scrollTop = scroller.scrollHeight));
      const bottomXs = await framesOnRow(frame, rows - 1, 4);
      assert.ok(bottomXs.length > 0, 'no frame drawn on the bottom row');
      // Frames under a pixel wide are drawn but not hoverable: take the first that shows a tooltip.
      for (const x of bottomXs) {
        await canvas.hover({ position: { x, y: (rows - 1) * 18 + 9 } });
        if ((await frame.locator('.tooltip:not([hidden])').count()) > 0) break;
      }
      await frame.locator('.tooltip:not([hidden])').waitFor();
      await webviewShot('tooltip-bottom-row');
      const bottom = await tooltipClip(frame);
      // The right edge: a frame with a file line, under the pointer at the last pixels.
      await frame.locator('.flame-scroller').evaluate((scroller: HTMLElement) => (scroller.scrollTop = 0));
      const canvasWidth = (await canvas.boundingBox())!.width;
      await canvas.hover({ position: { x: canvasWidth - 3, y: 18 + 9 } });
      await frame.locator('.tooltip:not([hidden])').waitFor();
      await webviewShot('tooltip-right-edge');
      const right = await tooltipClip(frame);
      assert.deepStrictEqual(bottom.cuts, [], `bottom row tooltip cut by ${bottom.cuts.join(', ')}: ${JSON.stringify(bottom.box)}`);
      assert.deepStrictEqual(right.cuts, [], `right edge tooltip cut by ${right.cuts.join(', ')}: ${JSON.stringify(right.box)}`);
      assert.match(right.text, /\.go$/m, 'the tooltip lost its file line');
      // Every frame: a grid over the whole graph, scrolled so each row is on screen.
      const failures: string[] = [];
      for (let row = 0; row < rows; row += 1) {
        await frame.locator('.flame-scroller').evaluate((scroller: HTMLElement, top) => (scroller.scrollTop = top), Math.max(0, row * 18 - 40));
        for (const x of await framesOnRow(frame, row, 45)) {
          await canvas.hover({ position: { x, y: row * 18 + 9 } });
          if (await frame.locator('.tooltip[hidden]').count()) continue;
          const clip = await tooltipClip(frame);
          if (clip.cuts.length > 0) failures.push(`row ${row} x ${x}: ${clip.cuts.join(', ')}`);
        }
      }
      assert.deepStrictEqual(failures.slice(0, 10), []);
    });

    it('has one scrollbar per view and does not move when a notice or a filter comes', async () => {
      const frame = await openNarrow();
      const overflow = await frame.locator('body').evaluate(() => {
        const scrolling = document.scrollingElement!;
        return scrolling.scrollHeight - scrolling.clientHeight;
      });
      await webviewShot('600px-views');
      assert.ok(overflow <= 0, `the page itself scrolls by ${overflow} px besides the graph and the table`);
      const tableTop = () => frame.locator('.table-scroller').evaluate((element) => Math.round(element.getBoundingClientRect().top));
      const flameTop = () => frame.locator('.flame-scroller').evaluate((element) => Math.round(element.getBoundingClientRect().top));
      const before = [await flameTop(), await tableTop()];
      await frame.locator('input[aria-label^="Focus"]').fill('runtime');
      await page.waitForTimeout(1200);
      await frame.locator('table.top-table tbody tr').first().waitFor();
      assert.deepStrictEqual([await flameTop(), await tableTop()], before, 'the views moved when the focus applied');
      await frame.locator('input[aria-label^="Focus"]').fill('');
      await page.waitForTimeout(1200);
    });
  });

  it('opens the large profile and reports first paint, zoom and hover redraw times', async function () {
    if (!fs.existsSync(largeProfile)) this.skip();
    const figures: Record<string, number> = {};
    const enterPressed = await quickOpen(page, 'large.heap.pb.gz');
    const frame = viewer(page);
    await frame.locator('body[data-first-flame-paint-after-open]').waitFor({ timeout: 60_000 });
    const dataset = async () => frame.locator('body').evaluate((body) => ({ ...body.dataset }));
    let timings = await dataset();
    // From the page's own clock: noticing the paint through two nested iframes takes a while more.
    figures['Enter to first flame paint (ms)'] = Number(timings.firstFlamePaintedAt) - enterPressed;
    figures['host open to first flame paint (ms)'] = Number(timings.firstFlamePaintAfterOpen);
    figures['webview: flame graph computed and drawn (ms)'] = Number(timings.flameGraphComputedAndDrawn);
    await frame.locator('table.top-table tbody tr').first().waitFor({ timeout: 60_000 });
    timings = await dataset();
    figures['webview: table computed and rendered (ms)'] = Number(timings.tableComputedAndRendered);
    assert.ok((await distinctCanvasColours(frame)) > 4, 'the flame graph canvas is blank');
    await screenshot(page, 'large');

    const canvas = frame.locator('canvas.flame');
    const box = (await canvas.boundingBox())!;
    const hovers: number[] = [];
    for (let i = 0; i < 20; i++) {
      await canvas.hover({ position: { x: 10 + ((box.width - 20) * i) / 20, y: 18 * (1 + (i % 6)) + 9 } });
      hovers.push(Number((await dataset()).hoverRedraw));
    }
    const zooms: number[] = [];
    for (let depth = 1; depth <= 4; depth++) {
      await canvas.click({ position: { x: 3, y: 18 * depth + 9 } });
      // Each zoom one level deeper adds a breadcrumb (two zooms can take the same time to the 0.1 ms).
      await frame.locator('.breadcrumb li').nth(depth).waitFor();
      zooms.push(Number((await dataset()).zoomRedraw));
    }
    await frame.locator('.breadcrumb button').first().click();
    zooms.push(Number((await dataset()).zoomRedraw));
    figures['zoom redraw, max of 5 (ms)'] = Math.max(...zooms);
    figures['hover redraw, max of 20 (ms)'] = Math.max(...hovers);
    const heap = await frame.locator('body').evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    figures['webview JS heap after opening (MB)'] = Math.round(heap / 1048576);
    console.log(`    large profile figures: ${JSON.stringify(figures)}`);
    fs.writeFileSync(path.join(outputDir, 'profile-viewer-large.json'), `${JSON.stringify(figures, null, 2)}\n`);
    await closeAllEditors(page);
  });
});

async function poll<T>(description: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function optionLabel(frame: FrameLocator, sampleType: string): Promise<string> {
  const labels = await frame.locator('select[aria-label="Sample type"] option').allTextContents();
  const label = labels.find((text) => text.startsWith(`${sampleType} `));
  assert.ok(label, `no ${sampleType} option among ${JSON.stringify(labels)}`);
  return label;
}
