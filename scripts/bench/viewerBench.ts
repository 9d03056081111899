// Profile viewer benchmarks for `npm run bench` (issue 4 point 7), headless:
// - the extension host's side: the real decoding worker on the large profile, the longest stall of
//   the host's event loop meanwhile (the worker exists so that this stays small), and peak RSS;
// - the webview's side: the real bundle (dist/webview/profileViewer.js) in Debian's chromium,
//   handed the profile as VS Code would post it, timed to the first flame-graph paint, then zoom
//   and hover redraws, and the page's JS heap.
// VS Code's own webview start-up and IPC are not in these figures; the UI test
// (test/ui/profileViewer.test.ts) measures the whole path in code-server.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BenchRow } from './benchRow';
import { decodeInWorker } from '../../src/client/profileDecode';
import type { WireProfile } from '../../src/webview/protocol';
import { launchChromium, CHROMIUM_PATH } from '../../test/ui/chromium';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LARGE_PROFILE = process.env.GOMEM_LARGE_PROFILE ?? path.join(ROOT, 'test', 'fixtures', 'pprof', 'large', 'large.heap.pb.gz');
const WORKER = path.join(ROOT, 'dist', 'client', 'profileDecodeWorker.js');
const BUNDLE = path.join(ROOT, 'dist', 'webview', 'profileViewer.js');
const STYLE = path.join(ROOT, 'media', 'profileViewer.css');
const WIRE_URL = 'https://bench.invalid/wire.bin';

/** Decodes in the worker while a 5 ms timer watches how long the host's event loop goes unserved. */
async function hostFigures(bytes: Uint8Array): Promise<{ wire: WireProfile; decodeMs: number; stallMs: number; rssMb: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const result = await decodeInWorker(WORKER, { bytes, maxInflatedBytes: 512 * 1048576 });
  const decodeMs = performance.now() - started;
  clearInterval(timer);
  if (!result.ok) throw new Error(`the large profile did not decode: ${result.message}`);
  return { wire: result.wire, decodeMs, stallMs, rssMb: process.resourceUsage().maxRSS / 1024 };
}

/** The typed arrays of a wire profile in one buffer, plus a JSON header to cut them out again. */
function packWire(wire: WireProfile): { header: string; body: Buffer } {
  const parts: Buffer[] = [];
  const arrays: { key: string; type: string; offset: number; length: number }[] = [];
  const plain: Record<string, unknown> = {};
  let offset = 0;
  for (const [key, value] of Object.entries(wire)) {
    if (ArrayBuffer.isView(value)) {
      const view = value as Int32Array | Uint16Array | Float64Array | Uint8Array;
      const padding = (8 - (offset % 8)) % 8;
      if (padding) parts.push(Buffer.alloc(padding));
      offset += padding;
      parts.push(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
      arrays.push({ key, type: view.constructor.name, offset, length: view.length });
      offset += view.byteLength;
    } else {
      plain[key] = value;
    }
  }
  return { header: JSON.stringify({ arrays, plain }), body: Buffer.concat(parts) };
}

async function webviewFigures(wire: WireProfile, runDir: string): Promise<Record<string, number>> {
  const context = await launchChromium(path.join(runDir, 'chromium-viewer-bench'));
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const { header, body } = packWire(wire);
    await page.route(WIRE_URL, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body }));
    await page.route('https://bench.invalid/', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html><body class="vscode-dark"><main id="viewer"><p id="status">Reading</p></main></body></html>' }),
    );
    await page.goto('https://bench.invalid/');
    await page.addStyleTag({ path: STYLE });
    await page.evaluate(() => {
      const posted: unknown[] = [];
      (window as unknown as Record<string, unknown>).benchPosted = posted;
      (window as unknown as Record<string, unknown>).acquireVsCodeApi = () => ({ postMessage: (message: unknown) => posted.push(message), getState: () => undefined, setState: () => {} });
    });
    await page.addScriptTag({ path: BUNDLE });
    // Fetch first, then post: the figure starts when the profile message arrives, as in VS Code.
    await page.evaluate(
      async ({ url, headerText }) => {
        const buffer = await (await fetch(url)).arrayBuffer();
        const { arrays, plain } = JSON.parse(headerText) as { arrays: { key: string; type: string; offset: number; length: number }[]; plain: Record<string, unknown> };
        const profile: Record<string, unknown> = { ...plain };
        const constructors: Record<string, Int32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor | Float64ArrayConstructor> = { Int32Array, Uint16Array, Uint8Array, Float64Array };
        for (const { key, type, offset, length } of arrays) {
          const constructor = constructors[type];
          profile[key] = new constructor(buffer.slice(offset, offset + length * constructor.BYTES_PER_ELEMENT));
        }
        window.postMessage({ type: 'profile', fileName: 'large.heap.pb.gz', profile, decodeMilliseconds: 0, openedAt: Date.now() }, '*');
      },
      { url: WIRE_URL, headerText: header },
    );
    await page.locator('body[data-first-flame-paint-after-open]').waitFor({ timeout: 120_000 });
    await page.locator('table.top-table tbody tr').first().waitFor({ timeout: 120_000 });
    const dataset = () => page.locator('body').evaluate((element) => ({ ...element.dataset }));
    const first = await dataset();
    const canvas = page.locator('canvas.flame');
    const box = (await canvas.boundingBox())!;
    const hovers: number[] = [];
    for (let i = 0; i < 30; i++) {
      await canvas.hover({ position: { x: 10 + ((box.width - 20) * i) / 30, y: 18 * (1 + (i % 8)) + 9 } });
      hovers.push(Number((await dataset()).hoverRedraw ?? NaN));
    }
    const zooms: number[] = [];
    for (let depth = 1; depth <= 5; depth++) {
      await canvas.click({ position: { x: 3, y: 18 * depth + 9 } });
      zooms.push(Number((await dataset()).zoomRedraw ?? NaN));
    }
    await page.locator('.breadcrumb button').first().click();
    zooms.push(Number((await dataset()).zoomRedraw ?? NaN));
    const heapBytes = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN);
    const finite = (values: number[]) => values.filter(Number.isFinite);
    return {
      firstPaintMs: Number(first.firstFlamePaintAfterOpen),
      rebuildMs: Number(first.profileRebuiltInWebview),
      flameMs: Number(first.flameGraphComputedAndDrawn),
      tableMs: Number((await dataset()).tableComputedAndRendered),
      zoomMaxMs: Math.max(...finite(zooms)),
      hoverMaxMs: Math.max(...finite(hovers)),
      heapMb: heapBytes / 1048576,
    };
  } finally {
    await context.close();
  }
}

export async function benchViewer(): Promise<BenchRow[]> {
  for (const [file, hint] of [
    [LARGE_PROFILE, 'node out/scripts/pprof/generateLargeProfile.js'],
    [WORKER, 'node scripts/build.js'],
    [BUNDLE, 'node scripts/build.js'],
  ]) {
    if (!fs.existsSync(file)) return [{ name: 'profile viewer', value: NaN, unit: '', note: `${path.relative(ROOT, file)} is missing: ${hint}` }];
  }
  const bytes = new Uint8Array(fs.readFileSync(LARGE_PROFILE));
  const host = await hostFigures(bytes);
  const rows: BenchRow[] = [
    { name: 'viewer: host decode of the large profile (worker)', value: host.decodeMs, unit: 'ms', note: 'gunzip + parse + flatten for the webview' },
    { name: 'viewer: longest extension-host stall while decoding', value: host.stallMs, unit: 'ms', note: 'event loop stays free: decoding is in a worker' },
    { name: 'viewer: host process peak RSS', value: host.rssMb, unit: 'MB', note: 'bench process incl. worker' },
  ];
  if (!fs.existsSync(CHROMIUM_PATH)) {
    rows.push({ name: 'viewer: webview figures', value: NaN, unit: '', note: `${CHROMIUM_PATH} is missing` });
    return rows;
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-viewer-bench-'));
  try {
    const web = await webviewFigures(host.wire, runDir);
    rows.push(
      { name: 'viewer: profile message to first flame paint', value: web.firstPaintMs, unit: 'ms', note: `rebuild ${web.rebuildMs.toFixed(0)} ms + flame ${web.flameMs.toFixed(0)} ms; goal with decode <= 1500 ms` },
      { name: 'viewer: host decode + webview first paint', value: host.decodeMs + web.firstPaintMs, unit: 'ms', note: 'without VS Code webview start-up and IPC' },
      { name: 'viewer: top table after first paint', value: web.tableMs, unit: 'ms' },
      { name: 'viewer: zoom redraw (max of 6)', value: web.zoomMaxMs, unit: 'ms', note: 'goal <= 16 ms' },
      { name: 'viewer: hover redraw (max of 30)', value: web.hoverMaxMs, unit: 'ms', note: 'goal <= 16 ms' },
      { name: 'viewer: webview JS heap', value: web.heapMb, unit: 'MB' },
    );
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  return rows;
}
