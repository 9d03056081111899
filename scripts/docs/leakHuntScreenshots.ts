// Renders the leak hunt's compare and heap watch views (dist/webview/leakHuntView.js, the page the
// extension shows) in chromium with the data the extension would post for the committed
// leak_server snapshots, and writes the README's screenshots to docs/images/. The UI test in real
// VS Code (test/ui/leakHunt.test.ts) takes the same views inside the workbench.
// Usage: npm run build && node out/scripts/docs/leakHuntScreenshots.js
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchChromium } from '../../test/ui/chromium';
import { compareModel, functionSource, watchSnapshot } from '../../src/client/leakHunt/leakHuntModel';
import { growthReport } from '../../src/core/pprof/growth';
import { sourceLines } from '../../src/core/pprof/list';
import { loadProfile } from '../../src/core/pprof/node';
import type { HostMessage } from '../../src/webview/leakHunt/leakHuntProtocol';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SNAPSHOTS = path.join(ROOT, 'test', 'fixtures', 'pprof', 'leak_server');
const IMAGES = path.join(ROOT, 'docs', 'images');

/** VS Code's Light+ colours for the variables the view's CSS reads. */
const THEME = `:root{--vscode-foreground:#3b3b3b;--vscode-editor-background:#ffffff;--vscode-descriptionForeground:#717171;
--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;--vscode-input-background:#fff;
--vscode-input-foreground:#3b3b3b;--vscode-input-border:#cecece;--vscode-button-background:#005fb8;--vscode-button-foreground:#fff;
--vscode-panel-border:#e5e5e5;--vscode-list-hoverBackground:#f2f2f2;--vscode-charts-red:#e51400;--vscode-charts-green:#388a34;
--vscode-editorHoverWidget-background:#f8f8f8;--vscode-editorHoverWidget-foreground:#3b3b3b;--vscode-editorHoverWidget-border:#c8c8c8}`;

function page(dir: string, messages: HostMessage[]): string {
  const file = path.join(dir, 'view.html');
  fs.writeFileSync(
    file,
    `<!DOCTYPE html><html><head><meta charset="UTF-8"><style>${THEME}</style><link rel="stylesheet" href="${path.join(ROOT, 'media', 'leakHunt.css')}"></head>
<body><main id="view"></main><script>
const posted = ${JSON.stringify(messages)};
window.acquireVsCodeApi = () => ({ postMessage(message) {
  if (message.type === 'ready') for (const m of posted.filter((m) => m.type !== 'source')) window.postMessage(m, '*');
  if (message.type === 'source') for (const m of posted.filter((m) => m.type === 'source')) window.postMessage(m, '*');
} });
</script><script src="${path.join(ROOT, 'dist', 'webview', 'leakHuntView.js')}"></script></body></html>`,
  );
  return file;
}

async function main(): Promise<void> {
  const files = [1, 2, 3, 4, 5].map((n) => path.join(SNAPSHOTS, `snapshot${n}.heap.pb.gz`));
  const profiles = files.map((f) => loadProfile(fs.readFileSync(f)));
  const { model, diff } = compareModel(profiles[0], profiles[4]);
  const source = functionSource(diff, model.sampleType, 'main.retainSession')!;
  const text = sourceLines(fs.readFileSync(path.join(SNAPSHOTS, 'main.go'), 'utf8'));
  const snapshots = profiles.map((p, i) => watchSnapshot(files[i], p, 0));
  const growth = growthReport(snapshots.map((s) => ({ file: s.file, timeMs: s.timeMs, total: s.total, sampleType: { type: 'inuse_space', unit: 'bytes' }, flatByFunction: new Map(s.flat) })));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-shots-'));
  const context = await launchChromium(path.join(dir, 'chromium'));
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.setViewportSize({ width: 1280, height: 820 });
    await tab.goto(`file://${page(dir, [
      { type: 'compare', baseName: 'snapshot1.heap.pb.gz', newName: 'snapshot5.heap.pb.gz', model },
      { type: 'source', source, text },
    ])}`);
    await tab.locator('#delta-table tbody tr', { hasText: 'main.retainSession' }).first().click();
    await tab.locator('#source-lines tr.valued').first().waitFor();
    await tab.locator('#flame .frame.grew', { hasText: 'main.retainSession' }).first().hover();
    await tab.locator('.tooltip:not([hidden])').waitFor();
    fs.mkdirSync(IMAGES, { recursive: true });
    await tab.screenshot({ path: path.join(IMAGES, 'leak-hunt-compare.png') });
    await tab.goto(`file://${page(dir, [
      { type: 'series', series: { address: '127.0.0.1:6060', running: true, intervalSeconds: 30, unit: 'bytes', snapshots: snapshots.map((s) => ({ name: path.basename(s.file), timeMs: s.timeMs, total: s.total })), rows: growth.rows } },
    ])}`);
    await tab.locator('#growth-table tbody tr').first().waitFor();
    await tab.screenshot({ path: path.join(IMAGES, 'leak-hunt-watch.png') });
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
