// GC trace benchmarks for `npm run bench` (issue 14 point 7), on a 100,000-line log (GC trace lines
// from the recorded churning program, renumbered to one long run, with application lines between):
// - the CLI: `gomem gctrace --format json` on it, as a user runs it (bin/gomem.js, node start-up
//   included), beside awk pulling each cycle's live heap out of the same log (what one does by hand);
// - the host: the view's reader worker reading, parsing and analysing the file, and the longest
//   stall of the host's event loop meanwhile;
// - the webview: the real bundle (dist/webview/gcTraceViewer.js) in Debian's chromium, from the
//   trace message to the charts drawn, and a hover redraw.
// VS Code's webview start-up and IPC are not in these figures; the UI test measures the whole path.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BenchRow } from './benchRow';
import { GcTraceReader } from '../../src/client/gcTraceReader';
import type { WireTrace } from '../../src/webview/gcTraceProtocol';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../test/ui/chromium';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'gomem.js');
const CLI = path.join(ROOT, 'dist', 'cli', 'gctrace.js');
const BUNDLE = path.join(ROOT, 'dist', 'webview', 'gcTraceViewer.js');
const WORKER = path.join(ROOT, 'dist', 'client', 'gcTraceWorker.js');
const STYLE = path.join(ROOT, 'media', 'gcTraceViewer.css');
export const BENCH_TRACE_LINES = 100_000;

/** A 100,000-line log: every fifth line is application output, the rest one long run of cycles. */
export function largeTrace(): string {
  const recorded = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'gctrace', 'churning', 'churning.gctrace'), 'utf8').trim().split('\n');
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; i < BENCH_TRACE_LINES; i++) {
    if (i % 5 === 4) {
      lines.push(`2024-05-01T10:00:00.000Z INFO request ${i} served in 3ms (gc 12 @ noon)`);
      continue;
    }
    n++;
    lines.push(recorded[n % recorded.length].replace(/^gc \d+ @[\d.]+s/, `gc ${n} @${(n * 0.0123).toFixed(3)}s`));
  }
  return lines.join('\n') + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Runs of each figure that is a median. */
const RUNS = 5;

/** Median wall time of a command over RUNS runs (after one not counted), in ms. */
function commandMs(command: string, args: string[]): number {
  const times: number[] = [];
  for (let i = -1; i < RUNS; i++) {
    const started = performance.now();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (i >= 0) times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${path.basename(command)} failed: ${result.stderr}`);
  }
  return median(times);
}

/** Reads the file with the view's reader worker, as the view's host does, timing the host's event loop meanwhile. */
async function hostFigures(file: string): Promise<{ wire: WireTrace; readMs: number; workerMs: number; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const reader = new GcTraceReader(WORKER, { path: file, maxFileBytes: 1 << 30 });
  try {
    const snapshot = await reader.read();
    const readMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (!snapshot.wire) throw new Error(`the reader read no trace: ${snapshot.error}`);
    return { wire: snapshot.wire, readMs, workerMs: snapshot.milliseconds, stallMs };
  } finally {
    clearInterval(timer);
    reader.dispose();
  }
}

/** The wire trace with its typed arrays as their type's name and plain arrays, to cross into the page. */
function plainWire(wire: WireTrace): unknown {
  return JSON.parse(JSON.stringify(wire, (_, value) => (ArrayBuffer.isView(value) ? { type: value.constructor.name, values: Array.from(value as Float64Array) } : value)));
}

interface WebviewFigures {
  drawnMs: number;
  renderMs: number;
  drawMs: number;
  hoverMs: number;
}

/** One open of the view's page in `context`: the trace message to the charts drawn, then ten hovers. */
async function webviewFigures(context: BrowserContext, wire: WireTrace, screenshot?: string): Promise<WebviewFigures> {
  const page = await context.newPage();
  try {
    await page.route('https://bench.invalid/', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html><body class="vscode-dark"><main id="viewer"><p id="status">Reading</p></main></body></html>' }),
    );
    await page.goto('https://bench.invalid/');
    await page.addStyleTag({ path: STYLE });
    await page.evaluate((plain) => {
      // The columns in the typed arrays the host sends (the message crosses as they do).
      const arrays: Record<string, { from(values: number[]): unknown }> = { Float64Array, Uint32Array, Uint16Array, Uint8Array };
      type Plain = Record<string, { type: string; values: number[] }>;
      const typed = (columns: Plain) => Object.fromEntries(Object.entries(columns).map(([key, column]) => [key, arrays[column.type].from(column.values)]));
      const trace = plain as { cycles: Plain; scavenges: Plain };
      const page = window as unknown as Record<string, unknown>;
      page.benchTrace = { ...trace, cycles: typed(trace.cycles), scavenges: typed(trace.scavenges) };
      page.acquireVsCodeApi = () => ({ postMessage: () => {}, getState: () => undefined, setState: () => {} });
    }, plainWire(wire));
    await page.addScriptTag({ path: BUNDLE });
    await page.evaluate(() => {
      const trace = (window as unknown as Record<string, unknown>).benchTrace;
      window.postMessage({ type: 'trace', fileName: 'large.gctrace.log', trace, following: false, openedAt: Date.now() }, '*');
    });
    await page.locator('body[data-open-to-drawn]').waitFor({ timeout: 120_000 });
    const dataset = await page.locator('body').evaluate((element) => ({ ...element.dataset }));
    const canvas = page.locator('.chart canvas');
    const drawMs = Number(await canvas.getAttribute('data-draw-ms'));
    const box = (await canvas.boundingBox())!;
    const hovers: number[] = [];
    for (let i = 0; i < 10; i++) {
      await canvas.hover({ position: { x: 60 + ((box.width - 80) * i) / 10, y: 100 } });
      hovers.push(Number(await canvas.getAttribute('data-draw-ms')));
    }
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return { drawnMs: Number(dataset.openToDrawn), renderMs: Number(dataset.render), drawMs, hoverMs: Math.max(...hovers) };
  } finally {
    await page.close();
  }
}

/** "median (min-max)" of values in ms. */
function spread(values: number[]): string {
  return `median of ${values.length}, ${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)} ms`;
}

export async function benchGcTrace(): Promise<BenchRow[]> {
  for (const file of [CLI, BUNDLE, WORKER]) {
    if (!fs.existsSync(file)) return [{ name: 'gctrace', value: NaN, unit: '', note: `${path.relative(ROOT, file)} is missing: node scripts/build.js` }];
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-gctrace-bench-'));
  try {
    const text = largeTrace();
    const file = path.join(runDir, 'large.gctrace.log');
    fs.writeFileSync(file, text);
    const rows: BenchRow[] = [
      { name: 'gctrace: CLI gomem gctrace --format json, 100,000 lines', value: commandMs(process.execPath, [BIN, 'gctrace', '--format', 'json', file]), unit: 'ms', note: `median of ${RUNS}, node start-up included; goal < 500 ms` },
    ];
    const awk = spawnSync('awk', ['BEGIN{}'], { encoding: 'utf8' });
    if (awk.status === 0) {
      // The by-hand way: the live heap of each cycle, "gc N @Ts ... A->B->C MB".
      const program = 'match($0, /gc [0-9]+ @[0-9.]+s .* [0-9]+->[0-9]+->[0-9]+ MB/) { s = substr($0, RSTART, RLENGTH); n = split(s, f, "->"); split(f[n], live, " "); print live[1] }';
      rows.push({ name: 'gctrace: awk printing each live heap, same log', value: commandMs('awk', [program, file]), unit: 'ms', note: `median of ${RUNS}; no verdicts, no pauses, no repair of split lines` });
    }
    // The view: each run is a fresh reader worker and a fresh page, as a newly opened view is.
    const hosts: Awaited<ReturnType<typeof hostFigures>>[] = [];
    for (let i = 0; i < RUNS; i++) hosts.push(await hostFigures(file));
    const cycles = hosts[0].wire.cycles.n.length;
    rows.push(
      { name: 'gctrace: view reader (worker start, read, parse, analysis)', value: median(hosts.map((host) => host.readMs)), unit: 'ms', note: `${cycles} cycles; ${spread(hosts.map((host) => host.readMs))}; in the worker ${median(hosts.map((host) => host.workerMs)).toFixed(0)} ms` },
      { name: 'gctrace: longest extension-host stall while reading', value: Math.max(...hosts.map((host) => host.stallMs)), unit: 'ms', note: `max of ${RUNS}; the worker reads, the host only waits` },
    );
    if (!fs.existsSync(CHROMIUM_PATH)) {
      rows.push({ name: 'gctrace: webview figures', value: NaN, unit: '', note: `${CHROMIUM_PATH} is missing` });
      return rows;
    }
    const context = await launchChromium(path.join(runDir, 'chromium-gctrace-bench'));
    const webs: WebviewFigures[] = [];
    try {
      for (let i = 0; i < RUNS; i++) webs.push(await webviewFigures(context, hosts[i].wire, i === RUNS - 1 ? process.env.GOMEM_GCTRACE_SCREENSHOT : undefined));
    } finally {
      await context.close();
    }
    // Reader and webview of the same run added, then the median: the view's open as a user waits for it.
    const opens = webs.map((web, i) => hosts[i].readMs + web.drawnMs);
    rows.push(
      { name: 'gctrace: view open to drawn (reader + webview)', value: median(opens), unit: 'ms', note: `${spread(opens)}; goal < 1000 ms; without VS Code's webview start-up (the UI test prints the whole path)` },
      {
        name: 'gctrace: webview trace message to charts drawn',
        value: median(webs.map((web) => web.drawnMs)),
        unit: 'ms',
        note: `${spread(webs.map((web) => web.drawnMs))}; render ${median(webs.map((web) => web.renderMs)).toFixed(0)} ms, canvas draw ${median(webs.map((web) => web.drawMs)).toFixed(0)} ms`,
      },
      { name: 'gctrace: hover redraw (max of 10)', value: median(webs.map((web) => web.hoverMs)), unit: 'ms', note: `median of ${RUNS} views` },
    );
    return rows;
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}
