// The leak hunt's page: the compare view (flame graph coloured by change, delta table, source lines
// of the selected function) or the heap watch's series view (in-use total over time, growing
// functions). Every string from a profile reaches the page as text (h/textContent), never as HTML.
import { formatPercent, formatValue } from '../../core/pprof/format';
import type { CompareModel, FunctionSource } from '../../client/leakHunt/leakHuntModel';
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
    case 'compare':
      renderCompare(message.baseName, message.newName, message.model);
      break;
    case 'source':
      renderSource(message.source, message.text, message.note);
      break;
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

// ---------------------------------------------------------------- compare

type SortKey = 'function' | 'baseFlat' | 'newFlat' | 'deltaFlat' | 'baseCum' | 'newCum' | 'deltaCum';
let sortKey: SortKey = 'deltaFlat';
let sortDescending = true;
let current: CompareModel | undefined;
let selected: string | undefined;

function renderCompare(baseName: string, newName: string, model: CompareModel): void {
  current = model;
  root.replaceChildren();
  root.setAttribute('aria-busy', 'false');
  const unit = model.unit;
  const change = model.newTotal - model.baseTotal;
  const select = h('select', { 'aria-label': 'Sample type', id: 'sample-type' });
  for (const type of model.sampleTypes) select.append(h('option', { value: type, selected: type === model.sampleType }, type));
  select.addEventListener('change', () => vscode.postMessage({ type: 'sampleType', name: select.value }));
  root.append(
    h('div', { class: 'toolbar' },
      h('h1', { class: 'title' }, `${newName} compared with ${baseName}`),
      h('label', {}, 'Sample type ', select),
      h('span', { class: 'summary', id: 'compare-summary' },
        `base ${formatValue(model.baseTotal, unit)}, new ${formatValue(model.newTotal, unit)}, change ${signed(change, unit)} (${formatPercent(change, model.total).trim()} of the base, as pprof -diff_base counts it)`),
    ),
    h('p', { class: 'legend' }, h('span', { class: 'swatch grew' }), ' grew ', h('span', { class: 'swatch shrank' }), ' shrank (frame width: base + new; click a frame or a row for its source lines)'),
  );
  root.append(flameGraph(model), h('div', { class: 'split' }, topTable(model), h('section', { id: 'source', class: 'source', 'aria-label': 'Source lines' }, h('p', { class: 'hint' }, 'Select a function to see its lines.'))));
  if (selected && model.functions.some((f) => f.name === selected)) selectFunction(selected);
}

function flameGraph(model: CompareModel): HTMLElement {
  const { fn, depth, base, next } = model.flame;
  const unit = model.unit;
  const width = base[0] + next[0];
  const graph = h('div', { class: 'flame', id: 'flame', role: 'tree', 'aria-label': 'Flame graph of the change' });
  const tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  if (width === 0) {
    graph.append(h('p', { class: 'hint' }, 'Both profiles are empty for this sample type.'));
    return graph;
  }
  let maxDelta = 0;
  for (let i = 1; i < fn.length; i++) maxDelta = Math.max(maxDelta, Math.abs(next[i] - base[i]));
  const cursor: number[] = [0];
  let maxDepth = 0;
  for (let i = 0; i < fn.length; i++) {
    const d = depth[i];
    const x = cursor[d] ?? 0;
    const w = base[i] + next[i];
    cursor[d] = x + w;
    cursor[d + 1] = x;
    if (w / width < 0.002) continue;
    maxDepth = Math.max(maxDepth, d);
    const delta = next[i] - base[i];
    const name = i === 0 ? 'all' : model.functions[fn[i]].name;
    const strength = maxDelta > 0 ? Math.min(1, Math.abs(delta) / maxDelta) : 0;
    const frame = h('div', {
      class: `frame ${delta > 0 ? 'grew' : delta < 0 ? 'shrank' : 'same'}`,
      role: 'treeitem',
      tabindex: -1,
      'data-delta': delta,
    }, name);
    frame.style.left = `${(x / width) * 100}%`;
    frame.style.width = `${(w / width) * 100}%`;
    frame.style.top = `${d * 20}px`;
    // Saturation by the size of the change: the biggest change is the strongest colour.
    const saturation = delta === 0 ? 0 : 25 + 65 * Math.sqrt(strength);
    frame.style.backgroundColor = delta === 0 ? 'var(--vscode-editorWidget-background, #8884)' : `hsl(${delta > 0 ? 0 : 125}, ${saturation.toFixed(0)}%, ${delta > 0 ? 46 : 36}%)`;
    frame.addEventListener('mousemove', (event) => {
      tooltip.replaceChildren(
        h('strong', {}, name),
        h('div', {}, `base ${formatValue(base[i], unit)}`),
        h('div', {}, `new ${formatValue(next[i], unit)}`),
        h('div', {}, `delta ${signed(delta, unit)} (${formatPercent(delta, model.total).trim()} of the base total)`),
      );
      tooltip.hidden = false;
      const bounds = graph.getBoundingClientRect();
      tooltip.style.left = `${Math.min(event.clientX - bounds.left + 12, bounds.width - 260)}px`;
      tooltip.style.top = `${event.clientY - bounds.top + 16}px`;
    });
    frame.addEventListener('mouseleave', () => (tooltip.hidden = true));
    if (i > 0) frame.addEventListener('click', () => selectFunction(name));
    graph.append(frame);
  }
  graph.style.height = `${(maxDepth + 1) * 20 + 4}px`;
  graph.append(tooltip);
  return graph;
}

function rowValue(row: CompareModel['rows'][number], key: SortKey, model: CompareModel): number | string {
  switch (key) {
    case 'function':
      return model.functions[row.fn].name;
    case 'baseFlat':
      return row.baseFlat;
    case 'newFlat':
      return row.newFlat;
    case 'deltaFlat':
      return row.newFlat - row.baseFlat;
    case 'baseCum':
      return row.baseCum;
    case 'newCum':
      return row.newCum;
    case 'deltaCum':
      return row.newCum - row.baseCum;
  }
}

function topTable(model: CompareModel): HTMLElement {
  const unit = model.unit;
  const columns: [SortKey, string][] = [
    ['deltaFlat', 'Δ flat'],
    ['deltaCum', 'Δ cum'],
    ['baseFlat', 'base flat'],
    ['newFlat', 'new flat'],
    ['baseCum', 'base cum'],
    ['newCum', 'new cum'],
    ['function', 'function'],
  ];
  const section = h('section', { class: 'table', 'aria-label': 'Functions by change' });
  const filter = h('input', { type: 'search', placeholder: 'Filter functions', 'aria-label': 'Filter functions' });
  const table = h('table', { id: 'delta-table' });
  const head = h('tr');
  for (const [key, label] of columns) {
    const th = h('th', { scope: 'col', 'aria-sort': key === sortKey ? (sortDescending ? 'descending' : 'ascending') : undefined, 'data-key': key }, label + (key === sortKey ? (sortDescending ? ' ▼' : ' ▲') : ''));
    th.addEventListener('click', () => {
      if (sortKey === key) sortDescending = !sortDescending;
      else {
        sortKey = key;
        sortDescending = key !== 'function';
      }
      section.replaceWith(topTable(model));
    });
    head.append(th);
  }
  const body = h('tbody');
  const fill = () => {
    const needle = filter.value.toLowerCase();
    const rows = model.rows.filter((r) => !needle || model.functions[r.fn].name.toLowerCase().includes(needle));
    rows.sort((a, b) => {
      const va = rowValue(a, sortKey, model);
      const vb = rowValue(b, sortKey, model);
      const order = typeof va === 'string' ? va.localeCompare(vb as string) : (va as number) - (vb as number);
      return sortDescending ? -order : order;
    });
    body.replaceChildren(
      ...rows.slice(0, 500).map((row) => {
        const name = model.functions[row.fn].name;
        const dFlat = row.newFlat - row.baseFlat;
        const dCum = row.newCum - row.baseCum;
        const tr = h('tr', { class: name === selected ? 'selected' : undefined, 'data-function': name },
          h('td', { class: `num ${dFlat > 0 ? 'grew' : dFlat < 0 ? 'shrank' : ''}` }, signed(dFlat, unit)),
          h('td', { class: `num ${dCum > 0 ? 'grew' : dCum < 0 ? 'shrank' : ''}` }, signed(dCum, unit)),
          h('td', { class: 'num' }, formatValue(row.baseFlat, unit)),
          h('td', { class: 'num' }, formatValue(row.newFlat, unit)),
          h('td', { class: 'num' }, formatValue(row.baseCum, unit)),
          h('td', { class: 'num' }, formatValue(row.newCum, unit)),
          h('td', { class: 'name' }, name),
        );
        tr.addEventListener('click', () => selectFunction(name));
        return tr;
      }),
    );
  };
  filter.addEventListener('input', fill);
  fill();
  table.append(h('thead', {}, head), body);
  section.append(filter, h('div', { class: 'scroll' }, table));
  return section;
}

function selectFunction(name: string): void {
  selected = name;
  root.querySelectorAll('#delta-table tr.selected').forEach((tr) => tr.classList.remove('selected'));
  root.querySelectorAll<HTMLElement>('#delta-table tr[data-function]').forEach((tr) => {
    if (tr.dataset.function === name) tr.classList.add('selected');
  });
  const source = document.getElementById('source');
  source?.replaceChildren(h('p', { class: 'hint' }, `Reading the lines of ${name}…`));
  vscode.postMessage({ type: 'source', functionName: name });
}

function renderSource(source: FunctionSource, text: string[] | undefined, note: string | undefined): void {
  const section = document.getElementById('source');
  if (!section || !current || source.function !== selected) return;
  const unit = current.unit;
  const byLine = new Map(source.lines.map((l) => [l.line, l]));
  const valued = source.lines.map((l) => l.line).filter((l) => l > 0);
  const table = h('table', { class: 'lines', id: 'source-lines' },
    h('thead', {}, h('tr', {}, ...['line', 'Δ flat', 'Δ cum', 'new flat', 'new cum', 'base flat', 'base cum', 'code'].map((c) => h('th', { scope: 'col' }, c)))),
  );
  const body = h('tbody');
  const first = valued.length ? Math.max(1, Math.min(...valued) - 5) : 1;
  const last = valued.length ? Math.max(...valued) + 5 : 0;
  const dot = (v: number, withSign = false) => (v === 0 ? '.' : withSign ? signed(v, unit) : formatValue(v, unit));
  for (let line = first; line <= last && (!text || line <= text.length); line++) {
    const values = byLine.get(line);
    if (!text && !values) continue;
    const dFlat = values ? values.newFlat - values.baseFlat : 0;
    const dCum = values ? values.newCum - values.baseCum : 0;
    const tr = h('tr', { class: values ? 'valued' : undefined, tabindex: 0, title: `Open line ${line}` },
      h('td', { class: 'num lineno' }, String(line)),
      h('td', { class: `num ${dFlat > 0 ? 'grew' : dFlat < 0 ? 'shrank' : ''}` }, dot(dFlat, true)),
      h('td', { class: `num ${dCum > 0 ? 'grew' : dCum < 0 ? 'shrank' : ''}` }, dot(dCum, true)),
      h('td', { class: 'num' }, dot(values?.newFlat ?? 0)),
      h('td', { class: 'num' }, dot(values?.newCum ?? 0)),
      h('td', { class: 'num' }, dot(values?.baseFlat ?? 0)),
      h('td', { class: 'num' }, dot(values?.baseCum ?? 0)),
      h('td', { class: 'code' }, text ? text[line - 1] : ''),
    );
    const open = () => vscode.postMessage({ type: 'openLine', functionName: source.function, line });
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') open();
    });
    body.append(tr);
  }
  table.append(body);
  section.replaceChildren(h('h2', {}, source.function), h('p', { class: 'file' }, source.file || 'no source file recorded'), ...(note ? [h('p', { class: 'hint' }, note)] : []), h('div', { class: 'scroll' }, table));
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
