// Running a command from the palette in a loaded workbench: F1 can arrive while focus sits in a
// webview or a closing editor and open nothing, so each try first focuses the workbench.
import type { Page } from 'playwright-core';

async function focusWorkbench(page: Page): Promise<void> {
  // A modal editor (Running Extensions opens as one) blocks every click and key outside it.
  const modal = page.locator('.monaco-modal-editor-block');
  if (await modal.isVisible()) {
    await page.keyboard.press('Escape');
    if (await modal.isVisible()) await modal.locator('[aria-label^="Close"]').first().click({ timeout: 5_000 }).catch(() => {});
  }
  await page.locator('.part.statusbar').click({ position: { x: 400, y: 5 }, timeout: 5_000 }).catch(() => {});
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
