// Profile viewer benchmarks for `npm run bench` (issue 4 point 7), headless:
// - the extension host's side: the real decoding worker on the large profile, time to its initial
//   view and to the whole flattened profile, the longest stall of the host's event loop meanwhile
//   (the worker exists so that this stays small), and peak RSS;
// - the webview's side: the real bundle (dist/webview/profileViewer.js) in Debian's chromium,
//   handed the initial view and then, when it asks, the profile as VS Code would post them, timed
//   to the first flame-graph paint and to the whole profile being ready, then zoom and hover
//   redraws, and the page's JS heap.
// VS Code's own webview start-up and IPC are not in these figures; the UI test
// (test/ui/profileViewer.test.ts) measures the whole path in code-server.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BenchRow } from './benchRow';
import { decodeInWorker } from '../../src/client/profileDecode';
import type { InitialView, WireProfile } from '../../src/webview/protocol';
import { launchChromium, CHROMIUM_PATH } from '../../test/ui/chromium';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LARGE_PROFILE = process.env.GOMEM_LARGE_PROFILE ?? path.join(ROOT, 'test', 'fixtures', 'pprof', 'large', 'large.heap.pb.gz');
const WORKER = path.join(ROOT, 'dist', 'client', 'profileDecodeWorker.js');
const BUNDLE = path.join(ROOT, 'dist', 'webview', 'profileViewer.js');
const STYLE = path.join(ROOT, 'media', 'profileViewer.css');
const WIRE_URL = 'https://bench.invalid/wire.bin';

/** Decodes in the worker while a 5 ms timer watches how long the host's event loop goes unserved. */
async function hostFigures(bytes: Uint8Array): Promise<{ wire: WireProfile; view: InitialView; initialViewMs: number; decodeMs: number; stallMs: number; rssMb: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  let initial: { view: InitialView; at: number } | undefined;
  const result = await decodeInWorker(WORKER, { bytes, maxInflatedBytes: 512 * 1048576 }, (view) => (initial = { view, at: performance.now() - started }));
  const decodeMs = performance.now() - started;
  clearInterval(timer);
  if (!result.ok || !initial) throw new Error(`the large profile did not decode: ${result.ok ? 'no initial view' : result.message}`);
  return { wire: result.wire, view: initial.view, initialViewMs: initial.at, decodeMs, stallMs, rssMb: process.resourceUsage().maxRSS / 1024 };
}

interface PackedArray {
  /** Property path, "flame.total" for a nested object's array. */
  key: string;
  type: string;
  offset: number;
  length: number;
}

/** The typed arrays of an object (and of its nested objects) in one buffer, plus a JSON header to cut them out again. */
function pack(value: object, body: { parts: Buffer[]; offset: number }, prefix = ''): { arrays: PackedArray[]; plain: Record<string, unknown> } {
  const arrays: PackedArray[] = [];
  const plain: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (ArrayBuffer.isView(item)) {
      const view = item as Int32Array | Uint16Array | Float64Array | Uint8Array;
      const padding = (8 - (body.offset % 8)) % 8;
      if (padding) body.parts.push(Buffer.alloc(padding));
      body.offset += padding;
      body.parts.push(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
      arrays.push({ key: prefix + key, type: view.constructor.name, offset: body.offset, length: view.length });
      body.offset += view.byteLength;
    } else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const nested = pack(item, body, `${prefix}${key}.`);
      arrays.push(...nested.arrays);
      plain[key] = nested.plain;
    } else {
      plain[key] = item;
    }
  }
  return { arrays, plain };
}

interface WebviewFigures {
  firstPaintMs: number;
  flameMs: number;
  tableMs: number;
  rebuildMs: number;
  wholeProfileMs: number;
  zooms: number[];
  zoomMaxMs: number;
  /** Longest wait for a zoomed subtree's thin frames, drawn after the zoom itself. */
  zoomDetailMaxMs: number;
  hoverMaxMs: number;
  heapMb: number;
}

async function webviewFigures(view: InitialView, wire: WireProfile, runDir: string): Promise<WebviewFigures> {
  const context = await launchChromium(path.join(runDir, 'chromium-viewer-bench'));
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const body = { parts: [] as Buffer[], offset: 0 };
    const header = JSON.stringify({ view: pack(view, body), wire: pack(wire, body) });
    await page.route(WIRE_URL, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.concat(body.parts) }));
    await page.route('https://bench.invalid/', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html><body class="vscode-dark"><main id="viewer"><p id="status">Reading</p></main></body></html>' }),
    );
    await page.goto('https://bench.invalid/');
    await page.addStyleTag({ path: STYLE });
    // Fetch and unpack first, then post: the figures start when the initial view is posted, as in
    // VS Code. The page's loadProfile request is answered with the whole profile, as the host does.
    await page.evaluate(
      async ({ url, headerText }) => {
        const buffer = await (await fetch(url)).arrayBuffer();
        type Packed = { arrays: { key: string; type: string; offset: number; length: number }[]; plain: Record<string, unknown> };
        const { view, wire } = JSON.parse(headerText) as { view: Packed; wire: Packed };
        const constructors: Record<string, Int32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor | Float64ArrayConstructor> = { Int32Array, Uint16Array, Uint8Array, Float64Array };
        const unpack = ({ arrays, plain }: Packed) => {
          const result: Record<string, unknown> = JSON.parse(JSON.stringify(plain));
          for (const { key, type, offset, length } of arrays) {
            const constructor = constructors[type];
            const steps = key.split('.');
            let target = result;
            for (const step of steps.slice(0, -1)) target = target[step] as Record<string, unknown>;
            target[steps[steps.length - 1]] = new constructor(buffer.slice(offset, offset + length * constructor.BYTES_PER_ELEMENT));
          }
          return result;
        };
        const profile = unpack(wire);
        const initial = unpack(view);
        const posted: unknown[] = [];
        const page = window as unknown as Record<string, unknown>;
        page.benchPosted = posted;
        page.acquireVsCodeApi = () => ({
          postMessage: (message: { type: string }) => {
            posted.push(message);
            if (message.type === 'loadProfile') window.postMessage({ type: 'profile', fileName: 'large.heap.pb.gz', profile, decodeMilliseconds: 0, openedAt: 0 }, '*');
          },
          getState: () => undefined,
          setState: () => {},
        });
        page.benchInitialView = initial;
      },
      { url: WIRE_URL, headerText: header },
    );
    await page.addScriptTag({ path: BUNDLE });
    await page.evaluate(() => {
      const initial = (window as unknown as Record<string, unknown>).benchInitialView;
      window.postMessage({ type: 'initialView', fileName: 'large.heap.pb.gz', view: initial, decodeMilliseconds: 0, openedAt: Date.now() }, '*');
    });
    await page.locator('body[data-first-flame-paint-after-open]').waitFor({ timeout: 120_000 });
    const dataset = () => page.locator('body').evaluate((element) => ({ ...element.dataset }));
    const first = await dataset();
    await page.locator('table.top-table tbody tr').first().waitFor({ timeout: 120_000 });
    await page.locator('body[data-whole-profile-ready]').waitFor({ timeout: 120_000 });
    const whole = await dataset();
    const canvas = page.locator('canvas.flame');
    const box = (await canvas.boundingBox())!;
    const hovers: number[] = [];
    for (let i = 0; i < 30; i++) {
      await canvas.hover({ position: { x: 10 + ((box.width - 20) * i) / 30, y: 18 * (1 + (i % 8)) + 9 } });
      hovers.push(Number((await dataset()).hoverRedraw ?? NaN));
    }
    const zooms: number[] = [];
    // Leftmost frames, deeper and deeper: thin ones are rebuilt at full detail when zoomed into.
    for (let depth = 1; depth <= 5; depth++) {
      await canvas.click({ position: { x: 3, y: 18 * depth + 9 } });
      zooms.push(Number((await dataset()).zoomRedraw ?? NaN));
    }
    await page.locator('.breadcrumb button').first().click();
    zooms.push(Number((await dataset()).zoomRedraw ?? NaN));
    const details = await page.evaluate(() =>
      ((window as unknown as { benchPosted: { type: string; name?: string; milliseconds?: number }[] }).benchPosted)
        .filter((message) => message.type === 'measurement' && message.name === 'zoom detail drawn')
        .map((message) => message.milliseconds!),
    );
    const heapBytes = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN);
    const finite = (values: number[]) => values.filter(Number.isFinite);
    return {
      firstPaintMs: Number(first.firstFlamePaintAfterOpen),
      flameMs: Number(first.flameGraphComputedAndDrawn),
      tableMs: Number(whole.tableComputedAndRendered),
      rebuildMs: Number(whole.profileRebuiltInWebview),
      wholeProfileMs: Number(whole.wholeProfileReady),
      zoomMaxMs: Math.max(...finite(zooms)),
      zoomDetailMaxMs: details.length ? Math.max(...details) : 0,
      zooms,
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
    { name: 'viewer: host decode to initial view (worker)', value: host.initialViewMs, unit: 'ms', note: 'gunzip + parse + flame tree and table of the default sample type' },
    { name: 'viewer: host decode of the large profile (worker)', value: host.decodeMs, unit: 'ms', note: 'then flattened for the webview' },
    { name: 'viewer: longest extension-host stall while decoding', value: host.stallMs, unit: 'ms', note: 'event loop stays free: decoding is in a worker' },
    { name: 'viewer: host process peak RSS', value: host.rssMb, unit: 'MB', note: 'bench process incl. worker' },
  ];
  if (!fs.existsSync(CHROMIUM_PATH)) {
    rows.push({ name: 'viewer: webview figures', value: NaN, unit: '', note: `${CHROMIUM_PATH} is missing` });
    return rows;
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-viewer-bench-'));
  try {
    const web = await webviewFigures(host.view, host.wire, runDir);
    rows.push(
      { name: 'viewer: initial view message to first flame paint', value: web.firstPaintMs, unit: 'ms', note: `flame layout and draw ${web.flameMs.toFixed(0)} ms` },
      { name: 'viewer: host initial view + webview first paint', value: host.initialViewMs + web.firstPaintMs, unit: 'ms', note: 'goal <= 1500 ms with VS Code webview start-up and IPC' },
      { name: 'viewer: whole profile ready in the webview', value: web.wholeProfileMs, unit: 'ms', note: `after it arrives; rebuild ${web.rebuildMs.toFixed(0)} ms` },
      { name: 'viewer: top table', value: web.tableMs, unit: 'ms' },
      { name: 'viewer: zoom redraw (max of 6)', value: web.zoomMaxMs, unit: 'ms', note: `goal <= 16 ms; each: ${web.zooms.map((ms) => ms.toFixed(1)).join(', ')}` },
      { name: 'viewer: zoom detail drawn after the zoom (max)', value: web.zoomDetailMaxMs, unit: 'ms', note: 'thin frames of a pruned tree, built in the next task' },
      { name: 'viewer: hover redraw (max of 30)', value: web.hoverMaxMs, unit: 'ms', note: 'goal <= 16 ms' },
      { name: 'viewer: webview JS heap', value: web.heapMb, unit: 'MB' },
    );
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  return rows;
}
