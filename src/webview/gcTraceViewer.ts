// The GC trace view's webview: the verdicts in sentences, then one canvas of stacked charts over
// time, per cycle: heap at start, end, live after mark and goal (forced cycles marked); GC CPU
// share; stop-the-world pauses; the scavenger's released/retained memory when the log has it.
// Drawing folds the cycles that share a pixel column into one min/max stroke, so 100,000 cycles
// draw as fast as 1,000. Hover shows a cycle's raw line (asked from the host), click reveals it
// in the text, and the keyboard moves between cycles.
import { h, setText } from './dom';
import type { GcHostToWebviewMessage, GcWebviewToHostMessage, WireColumn, WireTrace } from './gcTraceProtocol';

interface VsCodeApi {
  postMessage(message: GcWebviewToHostMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  /** Cycle number (n) selected, so a restored panel comes back to it. */
  selectedCycle?: number;
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('viewer')!;
let viewState: ViewState = (vscode.getState() as ViewState | undefined) ?? {};

function measure(name: string, milliseconds: number): void {
  document.body.dataset[name.replace(/\W+(\w)/g, (_, letter: string) => letter.toUpperCase())] = milliseconds.toFixed(1);
  vscode.postMessage({ type: 'measurement', name, milliseconds });
}

function formatMB(mb: number): string {
  if (mb >= 10240) return `${(mb / 1024).toFixed(1)} GB`;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

function formatSeconds(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 120) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds >= 1) return `${seconds.toFixed(seconds >= 10 ? 0 : 1)} s`;
  return `${(seconds * 1000).toFixed(0)} ms`;
}

/** Theme colours, read from VS Code's CSS variables each draw (the theme can change). */
function palette() {
  const style = getComputedStyle(document.body);
  const color = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    foreground: color('--vscode-foreground', '#cccccc'),
    muted: color('--vscode-descriptionForeground', '#999999'),
    grid: color('--vscode-editorWidget-border', color('--vscode-panel-border', '#80808059')),
    blue: color('--vscode-charts-blue', '#3794ff'),
    green: color('--vscode-charts-green', '#89d185'),
    yellow: color('--vscode-charts-yellow', '#cca700'),
    orange: color('--vscode-charts-orange', '#d18616'),
    red: color('--vscode-charts-red', '#f14c4c'),
    purple: color('--vscode-charts-purple', '#b180d7'),
    cursor: color('--vscode-editorCursor-foreground', '#aeafad'),
    font: `${style.getPropertyValue('--vscode-editor-font-size').trim() || '12px'} ${style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif'}`,
  };
}

type Palette = ReturnType<typeof palette>;

interface Series {
  label: string;
  values: WireColumn;
  times: WireColumn;
  color: keyof Palette;
  dashed?: boolean;
  width?: number;
  /** Bars from zero instead of a line. */
  bars?: boolean;
}

interface Panel {
  title: string;
  unit: 'MB' | '%' | 'ms';
  height: number;
  series: Series[];
  /** A horizontal reference line (the 10% GC CPU mark). */
  threshold?: { value: number; label: string };
  top: number;
  max: number;
}

const PLOT_LEFT = 56;
const PLOT_RIGHT = 12;
const PANEL_GAP = 26;
const AXIS_HEIGHT = 22;

/** Round axis steps: 1, 2, 5 times a power of ten. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/**
 * A series folded to the pixel columns it is drawn in: per run of points in one column, that
 * column and the first, lowest, highest and last value (NaN points skipped). Made once per trace
 * and width, so a hover redraws from a few thousand entries, not every cycle.
 */
interface Folded {
  count: number;
  column: Int32Array;
  first: Float64Array;
  low: Float64Array;
  high: Float64Array;
  last: Float64Array;
}

function fold(values: WireColumn, columns: Int32Array): Folded {
  // Counted first, so the arrays are as small as what is drawn (fresh memory is slow).
  let count = 0;
  let column = NaN;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) continue; // NaN
    if (columns[i] !== column) {
      column = columns[i];
      count++;
    }
  }
  const folded: Folded = { count, column: new Int32Array(count), first: new Float64Array(count), low: new Float64Array(count), high: new Float64Array(count), last: new Float64Array(count) };
  const { first, low, high, last } = folded;
  let k = -1;
  column = NaN;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== value) continue;
    if (columns[i] !== column) {
      column = columns[i];
      k++;
      folded.column[k] = column;
      first[k] = low[k] = high[k] = last[k] = value;
    } else {
      if (value < low[k]) low[k] = value;
      if (value > high[k]) high[k] = value;
      last[k] = value;
    }
  }
  return folded;
}

function maxOf(values: WireColumn): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

class TraceChart {
  readonly element: HTMLDivElement;
  private readonly canvas = h('canvas', { 'aria-hidden': 'true' });
  private readonly tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  private readonly announcer = h('p', { class: 'selection', 'aria-live': 'polite' });
  private panels: Panel[] = [];
  private width = 0;
  private height = 0;
  private tStart = 0;
  private tEnd = 1;
  private hovered = -1;
  selected = -1;
  private rawLines = new Map<number, { line: number; text: string }>();
  /** The trace the panels were laid out for. */
  private laidOut: WireTrace | undefined;
  /** Folded series, for the trace and width in foldedFor. */
  private folded = new Map<WireColumn, Folded>();
  private foldedFor: { trace: WireTrace; width: number } | undefined;

  constructor(private trace: WireTrace) {
    this.element = h(
      'div',
      {
        class: 'chart',
        tabindex: 0,
        role: 'group',
        'aria-label': 'GC cycles over time. Left and Right arrows move between cycles (with Shift, by a tenth of the trace), Home and End go to the first and last, Enter shows the line in the log.',
      },
      this.canvas,
      this.tooltip,
    );
    this.canvas.addEventListener('mousemove', (event) => this.hover(this.cycleAtX(event.offsetX), event.offsetX, event.offsetY));
    this.canvas.addEventListener('mouseleave', () => this.hover(-1, 0, 0));
    this.canvas.addEventListener('click', (event) => {
      const cycle = this.cycleAtX(event.offsetX);
      if (cycle < 0) return;
      this.select(cycle);
      vscode.postMessage({ type: 'reveal', cycle });
    });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('focus', () => {
      if (this.selected < 0 && this.trace.cycles.n.length) this.select(this.trace.cycles.n.length - 1);
    });
  }

  get announcement(): HTMLParagraphElement {
    return this.announcer;
  }

  setTrace(trace: WireTrace): void {
    const selectedN = this.selected >= 0 ? this.trace.cycles.n[this.selected] : undefined;
    const wasLast = this.selected === this.trace.cycles.n.length - 1;
    this.trace = trace;
    this.rawLines.clear();
    const count = trace.cycles.n.length;
    this.selected = selectedN === undefined ? -1 : wasLast ? count - 1 : trace.cycles.n.indexOf(selectedN);
    this.hovered = -1;
    this.tooltip.hidden = true;
    this.draw();
  }

  private layout(): void {
    if (this.laidOut === this.trace) return;
    this.laidOut = this.trace;
    const { cycles, scavenges } = this.trace;
    const times = cycles.atSeconds;
    const panels: Omit<Panel, 'top' | 'max'>[] = [
      {
        title: 'Heap',
        unit: 'MB',
        height: 220,
        series: [
          { label: 'goal', values: cycles.goalMB, times, color: 'green', dashed: true },
          { label: 'at start', values: cycles.heapStartMB, times, color: 'yellow' },
          { label: 'at end', values: cycles.heapEndMB, times, color: 'orange' },
          { label: 'live after mark', values: cycles.heapLiveMB, times, color: 'blue', width: 2 },
        ],
      },
      { title: 'GC CPU since start', unit: '%', height: 90, series: [{ label: 'GC CPU', values: cycles.cpuPercent, times, color: 'purple', width: 1.5 }], threshold: { value: 10, label: '10%' } },
      { title: 'Stop-the-world pause per cycle', unit: 'ms', height: 90, series: [{ label: 'pause', values: cycles.pauseMs, times, color: 'red', bars: true }] },
    ];
    if (scavenges.atSeconds.length) {
      const series: Series[] = [{ label: 'released to the OS', values: scavenges.releasedTotalMB, times: scavenges.atSeconds, color: 'green', width: 1.5 }];
      if (scavenges.retainedMB.some((value) => !Number.isNaN(value))) series.push({ label: 'retained', values: scavenges.retainedMB, times: scavenges.atSeconds, color: 'blue', width: 1.5 });
      panels.push({ title: 'Scavenger', unit: 'MB', height: 90, series });
    }
    let top = 18;
    this.panels = panels.map((panel) => {
      let max = panel.threshold ? panel.threshold.value * 1.2 : 0;
      for (const series of panel.series) max = Math.max(max, maxOf(series.values));
      const placed = { ...panel, top, max: max > 0 ? max * 1.05 : 1 };
      top += panel.height + PANEL_GAP;
      return placed;
    });
    this.height = top - PANEL_GAP + AXIS_HEIGHT;
    const count = times.length;
    this.tStart = count ? times[0] : 0;
    this.tEnd = count ? Math.max(times[count - 1], this.tStart + 1e-3) : 1;
  }

  private x(t: number): number {
    return PLOT_LEFT + ((t - this.tStart) / (this.tEnd - this.tStart)) * (this.width - PLOT_LEFT - PLOT_RIGHT);
  }

  private y(panel: Panel, value: number): number {
    return panel.top + panel.height - (value / panel.max) * panel.height;
  }

  /** The cycle nearest in time to a horizontal position, -1 when there is none. */
  private cycleAtX(x: number): number {
    const times = this.trace.cycles.atSeconds;
    if (times.length === 0 || x < PLOT_LEFT - 8 || x > this.width - PLOT_RIGHT + 8) return -1;
    const t = this.tStart + ((x - PLOT_LEFT) / (this.width - PLOT_LEFT - PLOT_RIGHT)) * (this.tEnd - this.tStart);
    let low = 0;
    let high = times.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (times[middle] < t) low = middle + 1;
      else high = middle;
    }
    return low > 0 && t - times[low - 1] < times[low] - t ? low - 1 : low;
  }

  draw(): void {
    const started = performance.now();
    this.layout();
    this.width = Math.max(320, this.element.clientWidth);
    const ratio = window.devicePixelRatio || 1;
    // Resized only when the size changes: a new size is a new bitmap.
    const pixelWidth = Math.round(this.width * ratio);
    const pixelHeight = Math.round(this.height * ratio);
    if (this.canvas.width !== pixelWidth || this.canvas.height !== pixelHeight) {
      this.canvas.width = pixelWidth;
      this.canvas.height = pixelHeight;
      this.canvas.style.width = `${this.width}px`;
      this.canvas.style.height = `${this.height}px`;
    }
    const context = this.canvas.getContext('2d')!;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.width, this.height);
    const colors = palette();
    context.font = colors.font;
    if (this.foldedFor?.trace !== this.trace || this.foldedFor.width !== this.width) {
      this.folded.clear();
      this.foldedFor = { trace: this.trace, width: this.width };
    }
    for (const panel of this.panels) this.drawPanel(context, panel, colors);
    this.drawForced(context, colors);
    this.drawTimeAxis(context, colors);
    this.drawCursor(context, colors);
    this.canvas.dataset.drawnCycles = String(this.trace.cycles.n.length);
    this.canvas.dataset.drawMs = (performance.now() - started).toFixed(1);
  }

  private drawPanel(context: CanvasRenderingContext2D, panel: Panel, colors: Palette): void {
    const right = this.width - PLOT_RIGHT;
    context.fillStyle = colors.foreground;
    context.textBaseline = 'bottom';
    context.textAlign = 'left';
    context.fillText(`${panel.title} (${panel.unit})`, PLOT_LEFT, panel.top - 3);
    // Legend, right-aligned on the title line.
    let legendX = right;
    context.textAlign = 'right';
    for (const series of [...panel.series].reverse()) {
      context.fillStyle = colors[series.color];
      context.fillText(series.label, legendX, panel.top - 3);
      legendX -= context.measureText(series.label).width + 8;
      context.fillRect(legendX, panel.top - 10, 6, 6);
      legendX -= 12;
    }
    // Grid and value labels.
    context.strokeStyle = colors.grid;
    context.lineWidth = 1;
    context.fillStyle = colors.muted;
    context.textBaseline = 'middle';
    const step = niceStep(panel.max, 3);
    for (let value = 0; value <= panel.max; value += step) {
      const y = Math.round(this.y(panel, value)) + 0.5;
      context.beginPath();
      context.moveTo(PLOT_LEFT, y);
      context.lineTo(right, y);
      context.stroke();
      context.fillText(`${+value.toPrecision(3)}`, PLOT_LEFT - 6, y);
    }
    if (panel.threshold) {
      const y = Math.round(this.y(panel, panel.threshold.value)) + 0.5;
      context.save();
      context.setLineDash([4, 3]);
      context.strokeStyle = colors.red;
      context.beginPath();
      context.moveTo(PLOT_LEFT, y);
      context.lineTo(right, y);
      context.stroke();
      context.restore();
    }
    context.save();
    context.beginPath();
    context.rect(PLOT_LEFT, panel.top - 1, right - PLOT_LEFT, panel.height + 2);
    context.clip();
    for (const series of panel.series) this.drawSeries(context, panel, series, colors);
    context.restore();
  }

  /** The pixel column of each time, once for all the series drawn over the same times. */
  private columnsOf(times: WireColumn, cache: Map<WireColumn, Int32Array>): Int32Array {
    let columns = cache.get(times);
    if (!columns) {
      columns = new Int32Array(times.length);
      const { tStart, width } = this;
      const span = this.tEnd - tStart;
      for (let i = 0; i < times.length; i++) columns[i] = Math.floor(PLOT_LEFT + ((times[i] - tStart) / span) * (width - PLOT_LEFT - PLOT_RIGHT)); // this.x(), inlined
      cache.set(times, columns);
    }
    return columns;
  }

  private foldedSeries(series: Series): Folded {
    let folded = this.folded.get(series.values);
    if (!folded) {
      const columns = new Map<WireColumn, Int32Array>();
      // Every series of the trace at once: the columns of their times are computed once.
      for (const panel of this.panels) {
        for (const each of panel.series) if (!this.folded.has(each.values)) this.folded.set(each.values, fold(each.values, this.columnsOf(each.times, columns)));
      }
      folded = this.folded.get(series.values)!;
    }
    return folded;
  }

  /** One stroke per pixel column: the first, lowest, highest and last value of the cycles in it. */
  private drawSeries(context: CanvasRenderingContext2D, panel: Panel, series: Series, colors: Palette): void {
    const { values, times } = series;
    context.strokeStyle = colors[series.color];
    context.fillStyle = colors[series.color];
    context.lineWidth = series.width ?? 1;
    context.setLineDash(series.dashed ? [5, 3] : []);
    const base = this.y(panel, 0);
    const { count, column, first, low, high, last } = this.foldedSeries(series);
    context.beginPath();
    for (let k = 0; k < count; k++) {
      const x = column[k] + 0.5;
      if (series.bars) {
        context.moveTo(x, base);
        context.lineTo(x, this.y(panel, high[k]));
        continue;
      }
      if (k === 0) context.moveTo(x, this.y(panel, first[k]));
      else context.lineTo(x, this.y(panel, first[k]));
      if (low[k] !== high[k]) {
        context.lineTo(x, this.y(panel, low[k]));
        context.lineTo(x, this.y(panel, high[k]));
      }
      context.lineTo(x, this.y(panel, last[k]));
    }
    context.stroke();
    // A lone point would not show as a line.
    if (!series.bars && values.length === 1 && !Number.isNaN(values[0])) {
      context.beginPath();
      context.arc(this.x(times[0]), this.y(panel, values[0]), 3, 0, 2 * Math.PI);
      context.fill();
    }
    context.setLineDash([]);
  }

  /** Forced cycles: a small triangle above the heap chart and a faint line through it. */
  private drawForced(context: CanvasRenderingContext2D, colors: Palette): void {
    const heap = this.panels[0];
    const { forced, atSeconds } = this.trace.cycles;
    context.fillStyle = colors.red;
    context.strokeStyle = colors.red;
    context.globalAlpha = 0.35;
    context.beginPath();
    let lastColumn = NaN;
    const marks: number[] = [];
    for (let i = 0; i < forced.length; i++) {
      if (!forced[i]) continue;
      const x = Math.round(this.x(atSeconds[i])) + 0.5;
      if (x === lastColumn) continue;
      lastColumn = x;
      marks.push(x);
      context.moveTo(x, heap.top);
      context.lineTo(x, heap.top + heap.height);
    }
    context.stroke();
    context.globalAlpha = 1;
    for (const x of marks) {
      context.beginPath();
      context.moveTo(x - 4, heap.top - 1);
      context.lineTo(x + 4, heap.top - 1);
      context.lineTo(x, heap.top + 6);
      context.closePath();
      context.fill();
    }
  }

  private drawTimeAxis(context: CanvasRenderingContext2D, colors: Palette): void {
    const y = this.height - AXIS_HEIGHT + 4;
    context.fillStyle = colors.muted;
    context.textBaseline = 'top';
    context.textAlign = 'center';
    const span = this.tEnd - this.tStart;
    const step = niceStep(span, Math.max(2, Math.floor((this.width - PLOT_LEFT) / 110)));
    for (let t = Math.ceil(this.tStart / step) * step; t <= this.tEnd + step * 1e-6; t += step) {
      context.fillText(formatSeconds(t), this.x(t), y);
    }
  }

  private drawCursor(context: CanvasRenderingContext2D, colors: Palette): void {
    for (const [index, alpha] of [
      [this.selected, 1],
      [this.hovered, 0.5],
    ] as const) {
      if (index < 0 || index >= this.trace.cycles.n.length) continue;
      const x = Math.round(this.x(this.trace.cycles.atSeconds[index])) + 0.5;
      context.globalAlpha = alpha;
      context.strokeStyle = colors.cursor;
      context.lineWidth = 1;
      context.beginPath();
      context.moveTo(x, this.panels[0].top);
      context.lineTo(x, this.height - AXIS_HEIGHT);
      context.stroke();
      const heap = this.panels[0];
      context.fillStyle = colors.blue;
      context.beginPath();
      context.arc(x, this.y(heap, this.trace.cycles.heapLiveMB[index]), 3.5, 0, 2 * Math.PI);
      context.fill();
      context.globalAlpha = 1;
    }
  }

  describe(index: number): string {
    const c = this.trace.cycles;
    return (
      `gc ${c.n[index]} at ${formatSeconds(c.atSeconds[index])}${c.forced[index] ? ' (forced)' : ''}: heap ${formatMB(c.heapStartMB[index])} → ${formatMB(c.heapEndMB[index])}, ` +
      `live ${formatMB(c.heapLiveMB[index])}, goal ${formatMB(c.goalMB[index])}; GC CPU ${c.cpuPercent[index]}% since start; pause ${c.pauseMs[index]} ms`
    );
  }

  private hover(index: number, x: number, y: number): void {
    if (index === this.hovered && index >= 0) {
      this.placeTooltip(x, y);
      return;
    }
    this.hovered = index;
    this.draw();
    if (index < 0) {
      this.tooltip.hidden = true;
      return;
    }
    this.showTooltip(index);
    this.placeTooltip(x, y);
  }

  private showTooltip(index: number): void {
    const raw = this.rawLines.get(index);
    this.tooltip.replaceChildren(
      h('div', { class: 'tooltip-summary' }, this.describe(index)),
      h('code', { class: 'tooltip-raw' }, raw ? `line ${raw.line + 1}: ${raw.text}` : 'reading the line…'),
    );
    this.tooltip.hidden = false;
    if (!raw) vscode.postMessage({ type: 'rawLine', cycle: index });
  }

  private placeTooltip(x: number, y: number): void {
    const width = Math.min(520, this.width - 16);
    this.tooltip.style.maxWidth = `${width}px`;
    this.tooltip.style.left = `${Math.max(4, Math.min(x + 14, this.width - width - 4))}px`;
    this.tooltip.style.top = `${y + 16}px`;
  }

  /** The host's answer to a rawLine request. */
  rawLine(cycle: number, line: number, text: string): void {
    this.rawLines.set(cycle, { line, text });
    if (!this.tooltip.hidden && (cycle === this.hovered || (this.hovered < 0 && cycle === this.selected))) this.showTooltip(cycle);
  }

  select(index: number): void {
    const count = this.trace.cycles.n.length;
    if (count === 0) return;
    this.selected = Math.max(0, Math.min(count - 1, index));
    viewState = { selectedCycle: this.trace.cycles.n[this.selected] };
    vscode.setState(viewState);
    setText(this.announcer, `Selected ${this.describe(this.selected)}.`);
    this.draw();
    if (this.hovered < 0) {
      this.showTooltip(this.selected);
      const x = this.x(this.trace.cycles.atSeconds[this.selected]);
      this.placeTooltip(x, this.y(this.panels[0], this.trace.cycles.heapLiveMB[this.selected]));
    }
  }

  private onKey(event: KeyboardEvent): void {
    const count = this.trace.cycles.n.length;
    const page = Math.max(1, Math.round(count / 10));
    const current = this.selected < 0 ? count - 1 : this.selected;
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowLeft':
        next = current - (event.shiftKey ? page : 1);
        break;
      case 'ArrowRight':
        next = current + (event.shiftKey ? page : 1);
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter':
      case ' ':
        if (this.selected >= 0) vscode.postMessage({ type: 'reveal', cycle: this.selected });
        event.preventDefault();
        return;
      case 'Escape':
        this.tooltip.hidden = true;
        return;
      default:
        return;
    }
    event.preventDefault();
    this.select(next);
  }
}

let chart: TraceChart | undefined;

function summaryText(trace: WireTrace, following: boolean): string {
  const c = trace.cycles;
  const count = c.n.length;
  const forced = c.forced.reduce((sum, flag) => sum + flag, 0);
  const parts = [
    `${count} cycle${count === 1 ? '' : 's'} (gc ${c.n[0]}–${c.n[count - 1]}) over ${formatSeconds(c.atSeconds[count - 1] - c.atSeconds[0])}`,
    `live heap ${formatMB(c.heapLiveMB[0])} → ${formatMB(c.heapLiveMB[count - 1])}`,
  ];
  if (forced) parts.push(`${forced} forced`);
  if (trace.runs > 1) parts.push(`last of ${trace.runs} runs in the log`);
  parts.push(`${trace.skippedLines} of ${trace.totalLines} lines are not GC trace lines`);
  if (following) parts.push('following the file');
  return parts.join(' · ');
}

function verdictList(trace: WireTrace): HTMLElement {
  const items = trace.verdicts.map((verdict) => {
    const buttons = verdict.cycles
      .filter((index) => index < trace.cycles.n.length)
      .map((index) => {
        const button = h('button', { class: 'cycle-link', type: 'button', title: 'Select this cycle and show its line in the log' }, `gc ${trace.cycles.n[index]}`);
        button.addEventListener('click', () => {
          chart?.select(index);
          vscode.postMessage({ type: 'reveal', cycle: index });
        });
        button.addEventListener('mouseenter', () => chart?.select(index));
        return button;
      });
    return h('li', { class: `verdict verdict-${verdict.kind}` }, h('span', { class: 'verdict-sentence' }, verdict.sentence), buttons.length ? h('span', { class: 'verdict-cycles' }, ' ', ...buttons.flatMap((b) => [b, ' '])) : undefined);
  });
  return h('section', { class: 'verdicts', 'aria-label': 'What the trace says' }, h('ul', {}, ...items));
}

function render(fileName: string, trace: WireTrace, following: boolean): void {
  const header = h('header', { class: 'toolbar' }, h('h1', { class: 'file-name' }, fileName), h('span', { class: 'summary' }, summaryText(trace, following)));
  if (!chart) chart = new TraceChart(trace);
  root.replaceChildren(header, verdictList(trace), chart.element, chart.announcement);
  root.setAttribute('aria-busy', 'false');
  chart.setTrace(trace);
  if (chart.selected < 0 && viewState.selectedCycle !== undefined) {
    const index = trace.cycles.n.indexOf(viewState.selectedCycle);
    if (index >= 0) chart.select(index);
  }
}

function showMessage(fileName: string, message: string, alert: boolean): void {
  chart = undefined;
  root.setAttribute('aria-busy', 'false');
  root.replaceChildren(h('h1', { class: 'file-name' }, fileName), h('p', alert ? { class: 'error', role: 'alert' } : { class: 'empty', role: 'status' }, message));
}

window.addEventListener('message', (event: MessageEvent<GcHostToWebviewMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'trace': {
      const started = performance.now();
      // How long the trace took to arrive after the open (the reader, the webview's start-up and the message's trip), apart from drawing it.
      if (message.openedAt > 0) measure('open to message', Date.now() - message.openedAt);
      render(message.fileName, message.trace, message.following);
      const drawn = performance.now();
      measure('render', drawn - started);
      if (message.openedAt > 0) {
        requestAnimationFrame(() => measure('open to drawn', Date.now() - message.openedAt));
      }
      break;
    }
    case 'empty':
      showMessage(message.fileName, message.message, false);
      break;
    case 'error':
      showMessage(message.fileName, message.message, true);
      break;
    case 'rawLine':
      chart?.rawLine(message.cycle, message.line, message.text);
      break;
  }
});

let resizeFrame = 0;
new ResizeObserver(() => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => chart?.draw());
}).observe(root);

vscode.postMessage({ type: 'ready' });
