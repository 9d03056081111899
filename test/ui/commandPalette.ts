// Running a command from the palette in a loaded workbench: F1 can arrive while focus sits in a
// webview or a closing editor and open nothing, so each try first focuses the workbench.
import type { Page } from 'playwright-core';

/** Moves keyboard focus to the workbench (out of a webview, whose iframe would swallow its keys). */
export async function focusWorkbench(page: Page): Promise<void> {
  // A modal editor (Running Extensions opens as one) blocks every click and key outside it.
  const modal = page.locator('.monaco-modal-editor-block');
  if (await modal.isVisible()) {
    await page.keyboard.press('Escape');
    if (await modal.isVisible()) await modal.locator('[aria-label^="Close"]').first().click({ timeout: 5_000 }).catch(() => {});
  }
  // Click the status bar where no item is: an item's command (gomem's heap watch item stops the
  // watch) must never run because a test wanted focus.
  const gap = await page
    .evaluate(() => {
      const bar = document.querySelector('.part.statusbar');
      if (!bar) return undefined;
      const box = bar.getBoundingClientRect();
      const left = Array.from(bar.querySelectorAll('.left-items .statusbar-item')).map((e) => e.getBoundingClientRect().right);
      const right = Array.from(bar.querySelectorAll('.right-items .statusbar-item')).map((e) => e.getBoundingClientRect().left);
      const from = Math.max(box.left, ...left);
      const to = Math.min(box.right, ...right);
      return to - from > 4 ? { x: (from + to) / 2 - box.left, y: box.height / 2 } : undefined;
    })
    .catch(() => undefined);
  if (gap) await page.locator('.part.statusbar').click({ position: gap, timeout: 5_000 }).catch(() => {});
}

/** Runs the command titled `title`, retrying until the palette opens and lists it. */
export async function runPaletteCommand(page: Page, title: string, timeoutMs = 90_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await focusWorkbench(page);
    await page.keyboard.press('F1');
    const opened = await input.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    if (opened) {
      await input.fill(`>${title}`);
      if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`the command palette did not list "${title}" within ${timeoutMs / 1000} s`);
  }
  await input.press('Enter');
}
