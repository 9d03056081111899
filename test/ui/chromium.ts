// Launches Debian's chromium through playwright-core for the tests that drive code-server's
// workbench. Playwright's own browsers cannot be downloaded on these machines.
import * as fs from 'fs';
import { BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.GOMEM_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with a fresh profile in `profileDir`, so no state survives between runs. */
export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium) or set GOMEM_CHROMIUM`);
  }
  fs.rmSync(profileDir, { recursive: true, force: true });
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
}
