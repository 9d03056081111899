// The heap watch's series view (in-use total over time, growing functions; "Compare first and last
// snapshot" opens the profile viewer in compare mode). Every string from a profile reaches the page
// as text (h/textContent), never as HTML.
import { formatPercent, formatValue } from '../../core/pprof/format';
import { h } from '../dom';
import type { HostMessage, SeriesData, ViewMessage } from './leakHuntProtocol';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
const root = document.getElementById('view')!;

const signed = (v: number, unit: string) => (v > 0 ? '+' : '') + formatValue(v, unit);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'series':
      renderSeries(message.series);
      break;
    case 'error':
      renderError(message.message);
      break;
  }
});

function renderError(message: string): void {
  const status = h('p', { class: 'error', role: 'alert' }, message);
  const existing = root.querySelector('.error');
  if (existing) existing.replaceWith(status);
  else root.prepend(status);
  root.setAttribute('aria-busy', 'false');
  root.querySelector('#status')?.remove();
}

// ---------------------------------------------------------------- heap watch series

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function renderSeries(series: SeriesData): void {
  root.replaceChildren();
  root.setAttribute('aria-busy', 'false');
  const unit = series.unit;
  const stop = h('button', { type: 'button', id: 'stop-watch', disabled: !series.running }, 'Stop');
  stop.addEventListener('click', () => vscode.postMessage({ type: 'stopWatch' }));
  const count = series.snapshots.length;
  root.append(
    h('div', { class: 'toolbar' },
      h('h1', { class: 'title' }, `Heap watch of ${series.address}`),
      h('span', { class: 'summary', id: 'watch-state' }, series.running ? `running: a snapshot every ${series.intervalSeconds} s, ${count} so far` : `stopped after ${count} snapshot${count === 1 ? '' : 's'}`),
      stop,
    ),
  );
  root.append(plot(series));
  if (count >= 2) {
    const compare = h('button', { type: 'button', id: 'compare-first-last' }, 'Compare first and last snapshot');
    compare.addEventListener('click', () => vscode.postMessage({ type: 'compareSnapshots', base: 0, next: count - 1 }));
    root.append(h('div', { class: 'toolbar' }, compare));
  }
  root.append(h('h2', {}, 'Growing functions (in-use memory they allocated themselves)'));
  if (count < 2) {
    root.append(h('p', { class: 'hint' }, 'Growth shows from the second snapshot on.'));
    return;
  }
  if (series.rows.length === 0) {
    root.append(h('p', { class: 'hint', id: 'no-growth' }, 'No function grew over the series.'));
    return;
  }
  const table = h('table', { id: 'growth-table' },
    h('thead', {}, h('tr', {}, ...['growth', 'share', 'every interval', 'function', 'per snapshot'].map((c) => h('th', { scope: 'col' }, c)))),
  );
  const body = h('tbody');
  for (const row of series.rows) {
    body.append(
      h('tr', { class: row.grewEveryInterval ? 'steady' : undefined },
        h('td', { class: 'num grew' }, signed(row.growth, unit)),
        h('td', { class: 'num' }, formatPercent(row.share, 1).trim()),
        h('td', { class: 'steady-mark' }, row.grewEveryInterval ? 'yes: steady growth' : 'no'),
        h('td', { class: 'name' }, row.function),
        h('td', { class: 'values' }, row.values.map((v) => formatValue(v, unit)).join(' → ')),
      ),
    );
  }
  table.append(body);
  root.append(h('div', { class: 'scroll' }, table));
}

function plot(series: SeriesData): HTMLElement {
  const width = 640;
  const height = 180;
  const pad = { left: 70, right: 12, top: 12, bottom: 28 };
  const totals = series.snapshots.map((s) => s.total);
  const figure = h('figure', { class: 'plot', id: 'watch-plot' });
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': 'In-use heap per snapshot' });
  const max = Math.max(1, ...totals);
  const x = (i: number) => pad.left + (totals.length <= 1 ? 0 : (i / (totals.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  chart.append(
    svg('line', { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom, class: 'axis' }),
    svg('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, class: 'axis' }),
    svg('text', { x: pad.left - 6, y: pad.top + 10, 'text-anchor': 'end', class: 'label' }, formatValue(max, series.unit)),
    svg('text', { x: pad.left - 6, y: height - pad.bottom, 'text-anchor': 'end', class: 'label' }, '0'),
    svg('text', { x: pad.left, y: height - 8, class: 'label' }, totals.length ? new Date(series.snapshots[0].timeMs).toLocaleTimeString() : ''),
    svg('text', { x: width - pad.right, y: height - 8, 'text-anchor': 'end', class: 'label' }, totals.length > 1 ? new Date(series.snapshots[totals.length - 1].timeMs).toLocaleTimeString() : ''),
  );
  if (totals.length > 1) chart.append(svg('polyline', { points: totals.map((t, i) => `${x(i)},${y(t)}`).join(' '), class: 'line' }));
  totals.forEach((t, i) => {
    const point = svg('circle', { cx: x(i), cy: y(t), r: 4, class: 'point', tabindex: 0 });
    point.append(svg('title', {}, `${series.snapshots[i].name}: ${formatValue(t, series.unit)} in use`));
    point.addEventListener('click', () => vscode.postMessage({ type: 'openSnapshot', index: i }));
    chart.append(point);
  });
  figure.append(chart, h('figcaption', {}, `In-use heap per snapshot${totals.length ? `: ${formatValue(totals[totals.length - 1], series.unit)} now` : ''}`));
  return figure;
}

vscode.postMessage({ type: 'ready' });
