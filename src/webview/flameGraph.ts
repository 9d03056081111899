// The icicle graph: root on top, callees below, drawn on a canvas. Click zooms into a frame, the
// breadcrumb zooms back out, hovering shows flat and cum, a search highlights matching functions
// and sums their share. Hover and selection are drawn on a second canvas so they never repaint
// the graph itself. In compare mode (a tree with the base's part per node) a frame is as wide as
// base + new and coloured by its change: red grew, green shrank, stronger for bigger changes.
import type { FlameTree } from '../core/pprof/flame';
import type { Profile } from '../core/pprof/model';
import { stackTable } from '../core/pprof/stackTable';
import { formatPercent, formatValue } from '../core/pprof/format';
import { h, setText } from './dom';
import { Anchor, placeTooltip } from './tooltipPlacement';

const ROW_HEIGHT = 18;
/** Frames narrower than this are not drawn (nor their callees): they would be a smear of pixels. */
const MIN_FRAME_WIDTH = 1;
const MAX_CANVAS_HEIGHT = 16_000;
const LABEL_PADDING = 4;
/** A subtree rebuilt for a zoom keeps frames down to 1 / ZOOM_DETAIL of a pixel at that zoom. */
const ZOOM_DETAIL = 4;

/** The tree plus the layout every draw needs: x offsets, subtree ends, subtree depths. */
export interface FlameLayout {
  tree: FlameTree;
  /** Function names, indexed by function index. */
  names: string[];
  files: string[];
  /** Names without import paths, as drawn on the frames. */
  labels: string[];
  unit: string;
  /** What percentages are of: pprof's total, taken before focus, ignore and hide. */
  total: number;
  /** Start of each node in value units (running sum of the totals of its earlier siblings). */
  x: Float64Array;
  /** One past the last node of each node's subtree (preorder keeps subtrees contiguous). */
  end: Int32Array;
  /** Deepest depth within each node's subtree. */
  maxDepth: Int32Array;
  /** The tree leaves out subtrees thinner than this (0: it is complete). */
  minTotal: number;
  /** The tree was built under a call path this deep: nodes above it have only that path's child. */
  anchorDepth: number;
  /** Compare mode: the largest |change| of a frame below the root, which the strongest colour stands for. */
  maxChange: number;
}

/** A diff tree node's change (NEW minus BASE): its width is base + new, its base part is tree.base. */
export function nodeChange(tree: FlameTree, node: number): number {
  return tree.base ? tree.total[node] - 2 * tree.base[node] : tree.total[node];
}

/** Shades of red and green in compare mode: saturation steps by the size of the change. */
const CHANGE_STEPS = 8;

/** The shade (1..CHANGE_STEPS) of a change against the largest one, 0 for none; square root so that small changes still show. */
export function changeStep(change: number, maxChange: number): number {
  if (change === 0 || maxChange <= 0) return 0;
  return Math.max(1, Math.min(CHANGE_STEPS, Math.ceil(Math.sqrt(Math.abs(change) / maxChange) * CHANGE_STEPS)));
}

const signedValue = (value: number, unit: string) => (value > 0 ? '+' : '') + formatValue(value, unit);

/** How a tree was pruned: see FlameLayout.minTotal and anchorDepth. */
export interface FlameDetail {
  minTotal: number;
  anchorDepth: number;
}

export function layoutFlame(
  tree: FlameTree,
  names: string[],
  files: string[],
  unit: string,
  total = Math.abs(tree.total[0]),
  detail: FlameDetail = { minTotal: 0, anchorDepth: 0 },
): FlameLayout {
  const size = tree.size;
  const x = new Float64Array(size);
  const nextChildX = new Float64Array(size);
  for (let i = 1; i < size; i++) {
    const parent = tree.parent[i];
    x[i] = nextChildX[parent];
    nextChildX[parent] += Math.abs(tree.total[i]);
    nextChildX[i] = x[i];
  }
  const end = new Int32Array(size);
  const maxDepth = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    end[i] = i + 1;
    maxDepth[i] = tree.depth[i];
  }
  for (let i = size - 1; i > 0; i--) {
    const parent = tree.parent[i];
    if (end[i] > end[parent]) end[parent] = end[i];
    if (maxDepth[i] > maxDepth[parent]) maxDepth[parent] = maxDepth[i];
  }
  let maxChange = 0;
  if (tree.base) {
    for (let i = 1; i < size; i++) maxChange = Math.max(maxChange, Math.abs(nodeChange(tree, i)));
  }
  return { tree, names, files, labels: labelsOf(names), unit, total, x, end, maxDepth, minTotal: detail.minTotal, anchorDepth: detail.anchorDepth, maxChange };
}

const labelCache = new WeakMap<string[], string[]>();

/** Short labels per names array: every layout of a profile shares them. */
function labelsOf(names: string[]): string[] {
  let labels = labelCache.get(names);
  if (!labels) {
    labels = names.map(shortName);
    labelCache.set(names, labels);
  }
  return labels;
}

/**
 * The search's share computed from the samples rather than a tree: a pruned tree lacks the thin
 * subtrees that match. Each sample whose stack has a matching function counts once, as matchedTotal
 * counts the topmost matching frame of a complete tree.
 */
export function profileMatchedTotal(profile: Profile, sampleIndex: number, matches: Uint8Array, signed = false): number {
  const { offsets, locationFunctions } = stackTable(profile);
  let sum = 0;
  for (const sample of profile.samples) {
    const value = sample.values[sampleIndex];
    if (value === 0) continue;
    let matched = false;
    for (let l = 0; l < sample.locations.length && !matched; l++) {
      const location = sample.locations[l];
      for (let f = offsets[location]; f < offsets[location + 1]; f++) {
        if (matches[locationFunctions[f]]) {
          matched = true;
          break;
        }
      }
    }
    if (matched) sum += signed ? value : Math.abs(value);
  }
  return sum;
}

/** Sum of the totals of matching nodes that have no matching ancestor: the search's share. */
export function matchedTotal(layout: FlameLayout, matches: Uint8Array): number {
  const { tree, end } = layout;
  let sum = 0;
  let i = 1;
  while (i < tree.size) {
    if (matches[tree.functionIndex[i]]) {
      // Compare mode: the change of the matching frames.
      sum += tree.base ? nodeChange(tree, i) : Math.abs(tree.total[i]);
      i = end[i];
    } else {
      i++;
    }
  }
  return sum;
}

/** The function name without its import path: `example.com/a/b.(*T).M` → `b.(*T).M`. */
export function shortName(name: string): string {
  const cut = name.search(/[[(]/);
  const head = cut < 0 ? name : name.slice(0, cut);
  const slash = head.lastIndexOf('/');
  return slash < 0 ? name : name.slice(slash + 1);
}

function packageOf(name: string): string {
  const short = shortName(name);
  const dot = short.indexOf('.');
  return dot < 0 ? short : short.slice(0, dot);
}

function hash(text: string): number {
  let value = 2166136261;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 16777619);
  }
  return value >>> 0;
}

interface Palette {
  dark: boolean;
  highContrast: boolean;
  text: string;
  dimText: string;
  border: string;
  focus: string;
  font: string;
}

function readPalette(): Palette {
  const body = document.body;
  const style = getComputedStyle(body);
  const variable = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const highContrast = body.classList.contains('vscode-high-contrast') || body.classList.contains('vscode-high-contrast-light');
  const dark = body.classList.contains('vscode-dark') || (highContrast && !body.classList.contains('vscode-high-contrast-light'));
  return {
    dark,
    highContrast,
    text: dark ? '#ffffff' : '#000000',
    dimText: variable('--vscode-descriptionForeground', dark ? '#bbbbbb' : '#555555'),
    border: variable('--vscode-contrastBorder', variable('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff')),
    focus: variable('--vscode-focusBorder', '#007fd4'),
    font: `12px ${variable('--vscode-font-family', 'sans-serif')}`,
  };
}

export interface FlameGraphEvents {
  onOpenSource(functionIndex: number): void;
  onZoomChange(zoomPath: string[]): void;
  /** A frame was selected (arrow keys, focus): its function, for the views that follow the selection. */
  onSelect?(functionIndex: number): void;
  onMeasure(name: string, milliseconds: number): void;
  /**
   * A layout of the subtree under a call path (function indices, root's child first) that leaves
   * out only frames thinner than minTotal, or undefined while the profile it would be built from
   * has not arrived.
   */
  detailFor(path: number[], minTotal: number): FlameLayout | undefined;
  /** The search's share of the total, or undefined while it cannot be computed exactly. */
  searchShare(matches: Uint8Array, layout: FlameLayout): number | undefined;
}

export class FlameGraph {
  readonly element: HTMLElement;
  private readonly breadcrumb: HTMLOListElement;
  private readonly scroller: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly tooltip: HTMLDivElement;
  private readonly announcer: HTMLDivElement;
  private readonly searchSummary: HTMLSpanElement;
  /** The layout drawn: rootLayout, or a zoomed subtree built at full detail. */
  private layout: FlameLayout | undefined;
  /** The layout of the whole graph for the current data. */
  private rootLayout: FlameLayout | undefined;
  private functionByName: Map<string, number> | undefined;
  private zoom = 0;
  /** Counts zooms, so a subtree built late is shown only if no other zoom came since. */
  private zoomGeneration = 0;
  private hovered = -1;
  private selected = -1;
  /** The node whose lines the tooltip holds. */
  private tooltipNode = -1;
  /** Rows the graph area keeps for this sample type, so that filters and zooms do not move the views below. */
  private reservedRows = 0;
  private functionMatches: Uint8Array | undefined;
  private palette: Palette = readPalette();
  private charWidth = 7;
  private cssWidth = 0;
  private colourCache: { names: string[]; key: string; colours: ReturnType<FlameGraph['colours']> } | undefined;
  /** Duration of the latest full draw, for the benchmark. */
  lastDrawMilliseconds = 0;

  constructor(
    readonly searchInput: HTMLInputElement,
    private readonly events: FlameGraphEvents,
  ) {
    this.breadcrumb = h('ol', { class: 'breadcrumb', 'aria-label': 'Zoom path' });
    this.canvas = h('canvas', {
      class: 'flame',
      tabindex: 0,
      role: 'img',
      'aria-label': 'Flame graph. Arrow keys select a frame, Enter zooms in, Escape zooms out, G opens the source.',
    });
    this.overlay = h('canvas', { class: 'flame-overlay', 'aria-hidden': 'true' });
    this.tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
    this.announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite' });
    this.searchSummary = h('span', { class: 'search-summary', 'aria-live': 'polite' });
    this.scroller = h('div', { class: 'flame-scroller' }, this.canvas, this.overlay);
    // The tooltip is fixed to the panel, outside every scrolling box, so nothing can cut it off.
    this.element = h('section', { class: 'flame-section', 'aria-label': 'Flame graph' }, this.breadcrumb, this.scroller, this.announcer, this.tooltip);
    // Scrolling by wheel moves the frames under a pointer that stays put: the next move redraws it.
    this.scroller.addEventListener('wheel', () => (this.tooltip.hidden = true), { passive: true });
    this.wireEvents();
    new ResizeObserver(() => this.resize()).observe(this.scroller);
    new MutationObserver(() => {
      this.palette = readPalette();
      this.draw();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /**
   * Lets the graph area fit the next graph drawn. Until this is called again, the area keeps the
   * height of the tallest graph drawn, so narrowing filters and zooms leave the views in place.
   */
  resetReservedHeight(): void {
    this.reservedRows = 0;
  }

  get searchSummaryElement(): HTMLElement {
    return this.searchSummary;
  }

  /** New data (sample type or filters changed); keeps the zoom when the same path still exists. */
  setLayout(layout: FlameLayout, zoomPath: string[]): void {
    if (this.functionByName && this.rootLayout?.names !== layout.names) this.functionByName = undefined;
    this.rootLayout = layout;
    this.layout = layout;
    this.zoom = 0;
    this.hovered = -1;
    this.selected = -1;
    const target = this.resolve(this.functionPathOfNames(zoomPath));
    this.layout = target.layout;
    this.zoom = target.node;
    this.updateSearch();
    this.renderBreadcrumb();
    this.draw();
  }

  /** Redoes what depended on data that was missing: zoom detail and the search's share. */
  refreshDetail(): void {
    if (!this.rootLayout) return;
    this.setLayout(this.rootLayout, this.zoomPath());
  }

  /** Highlights functions whose names match; an invalid expression is searched for literally. */
  setSearch(query: string): void {
    this.searchInput.value = query;
    this.updateSearch();
    this.draw();
  }

  zoomPath(): string[] {
    const layout = this.layout;
    if (!layout) return [];
    return this.functionPath(layout, this.zoom).map((fn) => layout.names[fn]);
  }

  /** Function indices from the root's child down to node. */
  private functionPath(layout: FlameLayout, node: number): number[] {
    const path: number[] = [];
    for (; node > 0; node = layout.tree.parent[node]) path.unshift(layout.tree.functionIndex[node]);
    return path;
  }

  private functionPathOfNames(names: string[]): number[] {
    const layout = this.rootLayout;
    if (!layout || names.length === 0) return [];
    if (!this.functionByName) this.functionByName = new Map(layout.names.map((name, index) => [name, index]));
    const path: number[] = [];
    for (const name of names) {
      const fn = this.functionByName.get(name);
      if (fn === undefined) break;
      path.push(fn);
    }
    return path;
  }

  /** The deepest node of layout along path, and how many steps of the path it matched. */
  private nodeForPath(layout: FlameLayout, path: number[]): { node: number; matched: number } {
    let node = 0;
    let matched = 0;
    for (const fn of path) {
      let found = -1;
      for (let child = node + 1; child < layout.end[node]; child = layout.end[child]) {
        if (layout.tree.functionIndex[child] === fn) {
          found = child;
          break;
        }
      }
      if (found < 0) break;
      node = found;
      matched++;
    }
    return { node, matched };
  }

  /** Whether layout has every frame that is at least a pixel wide when node is zoomed into. */
  private complete(layout: FlameLayout, node: number): boolean {
    if (layout.tree.depth[node] < layout.anchorDepth) return false;
    return layout.minTotal === 0 || Math.abs(layout.tree.total[node]) >= layout.minTotal * Math.max(this.cssWidth, 1);
  }

  /**
   * Where a zoom into path shows: the root layout when it is detailed enough there, else a layout
   * built for that subtree; while none can be built, the most detailed node already at hand.
   */
  private resolve(path: number[], build = true): { layout: FlameLayout; node: number } {
    const root = this.rootLayout!;
    const inRoot = this.nodeForPath(root, path);
    const current = this.layout && this.layout !== root ? this.nodeForPath(this.layout, path) : undefined;
    if (current && current.matched === path.length && this.complete(this.layout!, current.node)) return { layout: this.layout!, node: current.node };
    if (inRoot.matched === path.length && this.complete(root, inRoot.node)) return { layout: root, node: inRoot.node };
    const known = inRoot.matched === path.length ? Math.abs(root.tree.total[inRoot.node]) : current?.matched === path.length ? Math.abs(this.layout!.tree.total[current.node]) : 0;
    if (known > 0 && build) {
      // Detailed enough for this zoom and for zooms down to a quarter of its width.
      const detailed = this.events.detailFor(path, known / (Math.max(this.cssWidth, 1) * ZOOM_DETAIL));
      if (detailed) return { layout: detailed, node: path.length };
    }
    if (current && current.matched === path.length) return { layout: this.layout!, node: current.node };
    return { layout: root, node: inRoot.node };
  }

  private updateSearch(): void {
    const layout = this.layout;
    const query = this.searchInput.value.trim();
    if (!layout || query === '') {
      this.functionMatches = undefined;
      setText(this.searchSummary, '');
      return;
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(query, 'i');
    } catch {
      pattern = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    }
    const matches = new Uint8Array(layout.names.length);
    let count = 0;
    layout.names.forEach((name, i) => {
      if (pattern.test(name)) {
        matches[i] = 1;
        count++;
      }
    });
    this.functionMatches = matches;
    const functions = `${count} function${count === 1 ? '' : 's'}`;
    const matched = count === 0 ? 0 : this.events.searchShare(matches, this.rootLayout ?? layout);
    setText(
      this.searchSummary,
      count === 0
        ? 'No function matches.'
        : matched === undefined
          ? `Matched ${functions}; their share follows once the whole profile is read.`
          : layout.tree.base
            ? `Matched ${functions}, which changed by ${signedValue(matched, layout.unit)} (${formatPercent(matched, layout.total).trim()} of the base's total).`
            : `Matched ${formatValue(matched, layout.unit)} (${formatPercent(matched, layout.total).trim()} of the total) in ${functions}.`,
    );
  }

  /**
   * Zooms at once with the frames at hand; when thin frames of the zoomed subtree are missing
   * (the tree was pruned), they are built in the next task and drawn then, so the click is
   * answered within a frame even when the subtree takes longer to build.
   */
  private zoomTo(node: number): void {
    if (!this.layout || node === this.zoom) return;
    const started = performance.now();
    const path = this.functionPath(this.layout, node);
    const target = this.complete(this.layout, node) ? { layout: this.layout, node } : this.resolve(path, false);
    this.showZoom(target);
    this.events.onMeasure('zoom redraw', performance.now() - started);
    this.events.onZoomChange(this.zoomPath());
    if (!this.complete(target.layout, target.node)) {
      const shown = this.layout;
      const generation = ++this.zoomGeneration;
      setTimeout(() => {
        if (generation !== this.zoomGeneration || this.layout !== shown) return;
        const detailStarted = performance.now();
        const detailed = this.resolve(path, true);
        if (detailed.layout === this.layout) return;
        this.showZoom(detailed);
        this.events.onMeasure('zoom detail drawn', performance.now() - detailStarted);
      }, 0);
    }
  }

  private showZoom(target: { layout: FlameLayout; node: number }): void {
    if (target.layout !== this.layout) {
      this.layout = target.layout;
      this.hovered = -1;
    }
    this.zoom = target.node;
    this.selected = target.node;
    this.renderBreadcrumb();
    this.draw();
    this.drawOverlay();
  }

  private renderBreadcrumb(): void {
    const layout = this.layout;
    this.breadcrumb.replaceChildren();
    if (!layout) return;
    const chain: number[] = [];
    for (let node = this.zoom; node >= 0; node = layout.tree.parent[node]) chain.unshift(node);
    chain.forEach((node, index) => {
      const label = node === 0 ? 'all' : shortName(layout.names[layout.tree.functionIndex[node]]);
      const current = index === chain.length - 1;
      const button = h('button', { type: 'button', class: 'crumb', 'aria-current': current ? 'true' : undefined, 'data-node': node }, label);
      button.addEventListener('click', () => this.zoomTo(node));
      this.breadcrumb.append(h('li', {}, button));
    });
  }

  private resize(): void {
    const width = Math.floor(this.scroller.clientWidth);
    if (width !== this.cssWidth) {
      this.cssWidth = width;
      // A wider canvas shows thinner frames: the zoomed subtree may need more detail.
      if (this.layout && this.zoom > 0 && !this.complete(this.layout, this.zoom)) {
        const target = this.resolve(this.functionPath(this.layout, this.zoom));
        this.layout = target.layout;
        this.zoom = target.node;
        this.hovered = -1;
        this.selected = -1;
      }
      this.draw();
    }
  }

  /** Pixel x and width of a node under the current zoom, or undefined when it is not drawn. */
  private geometry(node: number): { left: number; width: number } | undefined {
    const layout = this.layout;
    if (!layout) return undefined;
    const { tree, x, end } = layout;
    const zoom = this.zoom;
    const zoomTotal = Math.abs(tree.total[zoom]) || 1;
    if (node <= zoom || node >= end[zoom]) {
      // The zoomed node and its ancestors span the full width.
      return node === zoom || (node < zoom && end[node] > zoom) ? { left: 0, width: this.cssWidth } : undefined;
    }
    const scale = this.cssWidth / zoomTotal;
    return { left: (x[node] - x[zoom]) * scale, width: Math.abs(tree.total[node]) * scale };
  }

  /**
   * Colours per function, computed once per profile and theme: assigning a new colour string to
   * fillStyle makes the canvas parse it, so the draw loop only hands over ready strings and skips
   * the assignment when the colour does not change.
   */
  private colours(): { normal: string[]; dimmed: string[]; matched: string; root: string; grew: string[]; shrank: string[]; unchanged: string; dimmedChange: string } {
    const layout = this.layout!;
    const key = `${this.palette.dark}`;
    const cached = this.colourCache;
    if (cached && cached.names === layout.names && cached.key === key) return cached.colours;
    const { dark } = this.palette;
    const hsl = (hue: number, saturation: number, lightness: number) => `hsl(${hue}, ${saturation}%, ${lightness}%)`;
    const normal: string[] = new Array(layout.names.length);
    const dimmed: string[] = new Array(layout.names.length);
    const byPackage = new Map<string, [string, string]>();
    layout.names.forEach((name, fn) => {
      const pkg = packageOf(name);
      let pair = byPackage.get(pkg);
      if (!pair) {
        const seed = hash(pkg);
        const hue = seed % 55; // warm: red to yellow, as flame graphs are usually coloured
        const lightness = dark ? 34 + ((seed >>> 16) % 12) : 66 + ((seed >>> 16) % 14);
        const saturation = dark ? 65 + ((seed >>> 8) % 25) : 55 + ((seed >>> 8) % 25);
        pair = [hsl(hue, saturation, lightness), hsl(hue, 8, lightness)];
        byPackage.set(pkg, pair);
      }
      [normal[fn], dimmed[fn]] = pair;
    });
    // Compare mode: index 0 is no change; steps 1..CHANGE_STEPS grow more saturated.
    const grew: string[] = [];
    const shrank: string[] = [];
    for (let step = 0; step <= CHANGE_STEPS; step++) {
      const saturation = step === 0 ? 0 : 20 + (70 * step) / CHANGE_STEPS;
      grew.push(hsl(0, saturation, dark ? 42 : 62));
      shrank.push(hsl(125, saturation, dark ? 32 : 58));
    }
    const colours = {
      normal,
      dimmed,
      matched: dark ? hsl(295, 60, 45) : hsl(295, 70, 75),
      root: dark ? hsl(220, 8, 35) : hsl(220, 8, 78),
      grew,
      shrank,
      unchanged: dark ? hsl(220, 5, 38) : hsl(220, 5, 80),
      dimmedChange: dark ? hsl(220, 5, 24) : hsl(220, 5, 90),
    };
    this.colourCache = { names: layout.names, key, colours };
    return colours;
  }

  /** Repaints the graph: O(visible frames), whole subtrees below the width limit are skipped. */
  draw(): void {
    const layout = this.layout;
    if (!layout || this.cssWidth === 0) return;
    const started = performance.now();
    const { tree, end, labels } = layout;
    const zoom = this.zoom;
    const rows = Math.min(layout.maxDepth[zoom] + 1, Math.floor(MAX_CANVAS_HEIGHT / ROW_HEIGHT));
    const cssHeight = rows * ROW_HEIGHT;
    if (rows > this.reservedRows) {
      this.reservedRows = rows;
      // The border is inside the height (box-sizing), the graph's rows plus it fill the area.
      this.scroller.style.height = `${rows * ROW_HEIGHT + 2}px`;
    }
    const ratio = window.devicePixelRatio || 1;
    for (const canvas of [this.canvas, this.overlay]) {
      const width = Math.round(this.cssWidth * ratio);
      const height = Math.round(cssHeight * ratio);
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      canvas.style.width = `${this.cssWidth}px`;
      canvas.style.height = `${cssHeight}px`;
    }
    const context = this.canvas.getContext('2d', { alpha: false })!;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || (this.palette.dark ? '#1e1e1e' : '#ffffff');
    context.fillRect(0, 0, this.cssWidth, cssHeight);
    context.font = this.palette.font;
    context.textBaseline = 'middle';
    this.charWidth = context.measureText('abcdefghijklmnopqrstuvwxyz').width / 26;

    const matches = this.functionMatches;
    const colours = this.colours();
    const textColour = this.palette.text;
    const dimTextColour = this.palette.dimText;
    let fill = '';
    const compare = tree.base !== undefined;
    const changeColour = (node: number) => {
      const change = nodeChange(tree, node);
      const step = changeStep(change, layout.maxChange);
      return step === 0 ? colours.unchanged : change > 0 ? colours.grew[step] : colours.shrank[step];
    };
    const drawFrame = (node: number, left: number, width: number) => {
      const depth = tree.depth[node];
      if (depth >= rows) return;
      const fn = tree.functionIndex[node];
      const matched = matches !== undefined && fn >= 0 && matches[fn] === 1;
      const colour = compare
        ? fn < 0
          ? colours.root
          : matched || !matches
            ? changeColour(node)
            : colours.dimmedChange
        : fn < 0
          ? colours.root
          : matched
            ? colours.matched
            : matches
              ? colours.dimmed[fn]
              : colours.normal[fn];
      if (colour !== fill) {
        context.fillStyle = colour;
        fill = colour;
      }
      const top = depth * ROW_HEIGHT;
      context.fillRect(left, top, width > 2 ? width - 1 : width, ROW_HEIGHT - 1);
      const room = Math.floor((width - 2 * LABEL_PADDING) / this.charWidth);
      if (room >= 3) {
        const name = node === 0 ? 'all' : labels[fn];
        const label = name.length <= room ? name : `${name.slice(0, room - 1)}…`;
        fill = matches && !matched && node !== 0 ? dimTextColour : textColour;
        context.fillStyle = fill;
        context.fillText(label, left + LABEL_PADDING, top + ROW_HEIGHT / 2);
      }
    };

    for (let node = zoom; node >= 0; node = tree.parent[node]) drawFrame(node, 0, this.cssWidth);
    const zoomTotal = Math.abs(tree.total[zoom]) || 1;
    const scale = this.cssWidth / zoomTotal;
    const origin = layout.x[zoom];
    let node = zoom + 1;
    const last = end[zoom];
    while (node < last) {
      const width = Math.abs(tree.total[node]) * scale;
      if (width < MIN_FRAME_WIDTH) {
        node = end[node];
        continue;
      }
      drawFrame(node, (layout.x[node] - origin) * scale, width);
      node++;
    }
    this.lastDrawMilliseconds = performance.now() - started;
    this.drawOverlay();
  }

  /** Outlines the hovered and the selected frame. */
  private drawOverlay(): void {
    const context = this.overlay.getContext('2d')!;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.overlay.width, this.overlay.height);
    const outline = (node: number, color: string, lineWidth: number) => {
      const box = node >= 0 ? this.geometry(node) : undefined;
      if (!box || !this.layout) return;
      context.strokeStyle = color;
      context.lineWidth = lineWidth;
      const top = this.layout.tree.depth[node] * ROW_HEIGHT;
      context.strokeRect(box.left + lineWidth / 2, top + lineWidth / 2, Math.max(box.width - lineWidth - 1, 1), ROW_HEIGHT - lineWidth - 1);
    };
    outline(this.hovered, this.palette.dark ? '#ffffff' : '#000000', 1);
    outline(this.selected, this.palette.focus, 2);
  }

  /** The node under a point of the canvas (CSS pixels), or -1. */
  nodeAt(px: number, py: number): number {
    const layout = this.layout;
    if (!layout) return -1;
    const { tree, end } = layout;
    const row = Math.floor(py / ROW_HEIGHT);
    if (row < 0 || px < 0 || px >= this.cssWidth) return -1;
    let node = this.zoom;
    if (row <= tree.depth[node]) {
      while (tree.depth[node] > row) node = tree.parent[node];
      return node;
    }
    while (tree.depth[node] < row) {
      let child = node + 1;
      let next = -1;
      while (child < end[node]) {
        const box = this.geometry(child)!;
        if (box.width >= MIN_FRAME_WIDTH && px >= box.left && px < box.left + box.width) {
          next = child;
          break;
        }
        child = end[child];
      }
      if (next < 0) return -1;
      node = next;
    }
    return node;
  }

  private describe(node: number): string[] {
    const layout = this.layout!;
    const { tree, total } = layout;
    const fn = tree.functionIndex[node];
    const name = node === 0 ? 'all (the whole profile)' : layout.names[fn];
    if (tree.base && tree.baseSelf) {
      // Compare mode: the frame's base, new and change (cum), then the same for its own (flat) value.
      const unit = layout.unit;
      const base = tree.base[node];
      const next = tree.total[node] - base;
      const change = next - base;
      const baseSelf = tree.baseSelf[node];
      const newSelf = tree.self[node] - baseSelf;
      const lines = [
        name,
        `base ${formatValue(base, unit)}`,
        `new ${formatValue(next, unit)}`,
        `delta ${signedValue(change, unit)} (${formatPercent(change, total).trim()} of the base's total)`,
        `flat: base ${formatValue(baseSelf, unit)}, new ${formatValue(newSelf, unit)}, delta ${signedValue(newSelf - baseSelf, unit)}`,
      ];
      if (fn >= 0 && layout.files[fn]) lines.push(layout.files[fn]);
      return lines;
    }
    const lines = [
      name,
      `flat ${formatValue(tree.self[node], layout.unit)} (${formatPercent(tree.self[node], total).trim()})`,
      `cum ${formatValue(tree.total[node], layout.unit)} (${formatPercent(tree.total[node], total).trim()})`,
    ];
    const insideZoom = node > this.zoom && node < layout.end[this.zoom];
    if (this.zoom !== 0 && insideZoom) lines.push(`${formatPercent(tree.total[node], tree.total[this.zoom]).trim()} of the zoomed frame`);
    if (fn >= 0 && layout.files[fn]) lines.push(layout.files[fn]);
    return lines;
  }

  /** Shows the tooltip of a node beside an anchor in viewport pixels, flipped to stay whole in the panel. */
  private showTooltip(node: number, anchor: Anchor): void {
    if (node < 0 || !this.layout) {
      this.tooltip.hidden = true;
      return;
    }
    if (this.tooltipNode !== node || this.tooltip.hidden) {
      const lines = this.describe(node);
      this.tooltip.replaceChildren(...lines.map((line, index) => h('div', { class: index === 0 ? 'tooltip-title' : undefined }, line)));
      this.tooltipNode = node;
    }
    this.tooltip.hidden = false;
    const { left, top } = placeTooltip(
      anchor,
      { width: this.tooltip.offsetWidth, height: this.tooltip.offsetHeight },
      { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight },
    );
    this.tooltip.style.left = `${left}px`;
    this.tooltip.style.top = `${top}px`;
  }

  /** The pointer, in viewport pixels, as a tooltip anchor. */
  private pointerAnchor(clientX: number, clientY: number): Anchor {
    return { x: clientX, y: clientY, width: 0, height: 0 };
  }

  private hover(node: number, anchor: Anchor): void {
    if (node === this.hovered) {
      // Same frame: only follow the pointer.
      if (node >= 0) this.showTooltip(node, anchor);
      return;
    }
    const started = performance.now();
    this.hovered = node;
    this.drawOverlay();
    this.showTooltip(node, anchor);
    this.canvas.style.cursor = node >= 0 ? 'pointer' : 'default';
    this.events.onMeasure('hover redraw', performance.now() - started);
  }

  private select(node: number): void {
    const layout = this.layout;
    if (!layout || node < 0) return;
    this.selected = node;
    this.drawOverlay();
    const box = this.geometry(node);
    const top = layout.tree.depth[node] * ROW_HEIGHT;
    this.scroller.scrollTop = Math.max(0, Math.min(this.scroller.scrollTop, top - ROW_HEIGHT), top + 2 * ROW_HEIGHT - this.scroller.clientHeight);
    const canvas = this.canvas.getBoundingClientRect();
    const scroller = this.scroller.getBoundingClientRect();
    // The frame's visible part, in viewport pixels.
    const left = canvas.left + Math.max(0, box ? box.left : 0);
    const right = Math.min(canvas.left + (box ? box.left + box.width : this.cssWidth), scroller.right);
    this.showTooltip(node, { x: left, y: canvas.top + top, width: Math.max(1, right - left), height: ROW_HEIGHT });
    setText(this.announcer, this.describe(node).slice(0, layout.tree.base ? 4 : 3).join(', '));
    const fn = layout.tree.functionIndex[node];
    if (fn >= 0) this.events.onSelect?.(fn);
  }

  private wireEvents(): void {
    const point = (event: MouseEvent) => {
      const rect = this.canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    this.canvas.addEventListener('mousemove', (event) => {
      const { x, y } = point(event);
      this.hover(this.nodeAt(x, y), this.pointerAnchor(event.clientX, event.clientY));
    });
    this.canvas.addEventListener('mouseleave', () => this.hover(-1, this.pointerAnchor(0, 0)));
    this.canvas.addEventListener('click', (event) => {
      const { x, y } = point(event);
      const node = this.nodeAt(x, y);
      if (node < 0) return;
      if (event.ctrlKey || event.metaKey) {
        this.openSource(node);
        return;
      }
      this.zoomTo(node);
    });
    this.canvas.addEventListener('dblclick', (event) => {
      const { x, y } = point(event);
      const node = this.nodeAt(x, y);
      if (node >= 0) this.openSource(node);
    });
    this.canvas.addEventListener('focus', () => {
      if (this.selected < 0) this.select(this.zoom);
    });
    this.canvas.addEventListener('blur', () => (this.tooltip.hidden = true));
    this.canvas.addEventListener('keydown', (event) => this.onKey(event));
  }

  private openSource(node: number): void {
    const fn = this.layout?.tree.functionIndex[node] ?? -1;
    if (fn >= 0) this.events.onOpenSource(fn);
  }

  private onKey(event: KeyboardEvent): void {
    const layout = this.layout;
    if (!layout) return;
    const { tree, end } = layout;
    const current = this.selected >= 0 ? this.selected : this.zoom;
    const visible = (node: number) => node >= 0 && node < tree.size && (this.geometry(node)?.width ?? 0) >= MIN_FRAME_WIDTH;
    let handled = true;
    switch (event.key) {
      case 'ArrowUp':
        if (tree.parent[current] >= 0) this.select(tree.parent[current]);
        break;
      case 'ArrowDown': {
        // The widest child: the hottest callee.
        let best = -1;
        for (let child = current + 1; child < end[current]; child = end[child]) {
          if (visible(child) && (best < 0 || Math.abs(tree.total[child]) > Math.abs(tree.total[best]))) best = child;
        }
        if (best >= 0) this.select(best);
        break;
      }
      case 'ArrowRight': {
        const parent = tree.parent[current];
        if (parent >= 0) {
          for (let sibling = end[current]; sibling < end[parent]; sibling = end[sibling]) {
            if (visible(sibling)) {
              this.select(sibling);
              break;
            }
          }
        }
        break;
      }
      case 'ArrowLeft': {
        const parent = tree.parent[current];
        if (parent >= 0) {
          let previous = -1;
          for (let sibling = parent + 1; sibling < current; sibling = end[sibling]) if (visible(sibling)) previous = sibling;
          if (previous >= 0) this.select(previous);
        }
        break;
      }
      case 'Enter':
        if (event.ctrlKey || event.metaKey) this.openSource(current);
        else this.zoomTo(current);
        break;
      case 'g':
      case 'G':
        this.openSource(current);
        break;
      case 'Escape':
      case 'Backspace':
        if (this.zoom > 0) this.zoomTo(tree.parent[this.zoom]);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  }
}
