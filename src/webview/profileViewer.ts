// The profile viewer's webview: sample type selector, pprof filters, flame graph, top table,
// callers/callees and the source lines of the selected function. The host posts the initial view
// first (default sample type, no filters, computed while decoding) and this page paints it at
// once; then it asks for the whole profile, and from there on all aggregation runs here, so
// changing the sample type, a filter or the zoom never waits for the host. In compare mode the
// host sends a base too, and every view shows the diff pprof -diff_base computes (NEW minus BASE).
import { compareTable, filterDiff, sourceView } from '../core/pprof/compare';
import { DiffProfile, diffProfile, diffTotal } from '../core/pprof/diff';
import { applyFilters, compileFilters } from '../core/pprof/filters';
import { flameTree, prepareFlameTree } from '../core/pprof/flame';
import { formatPercent, formatValue } from '../core/pprof/format';
import { Profile, ProfileError } from '../core/pprof/model';
import { profileTotal } from '../core/pprof/sampleIndex';
import { topTable } from '../core/pprof/top';
import { h, setText } from './dom';
import { FlameGraph, FlameLayout, layoutFlame, matchedTotal, profileMatchedTotal } from './flameGraph';
import { decodeProfile, FLAME_DETAIL, HostToWebviewMessage, initialTable, InitialView, WebviewToHostMessage } from './protocol';
import { DEFAULT_TABLE_STATE, SORT_KEYS, SortKey, TableState, TopTableView } from './topTableView';
import { GoroutinesView } from './goroutinesView';
import { PeekView } from './peekView';
import { SourceLinesView, SourceText } from './sourceView';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: ViewerState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the panel being hidden, restored, or VS Code restarting. */
interface ViewerState {
  sampleType: string;
  focus: string;
  ignore: string;
  hide: string;
  search: string;
  zoomPath: string[];
  table: TableState;
}

const vscode = acquireVsCodeApi();

function restoredState(): ViewerState {
  const saved = vscode.getState() as Partial<ViewerState> | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const table = (saved?.table ?? {}) as Partial<TableState>;
  return {
    sampleType: text(saved?.sampleType),
    focus: text(saved?.focus),
    ignore: text(saved?.ignore),
    hide: text(saved?.hide),
    search: text(saved?.search),
    zoomPath: Array.isArray(saved?.zoomPath) ? saved.zoomPath.filter((name): name is string => typeof name === 'string') : [],
    table: {
      sortKey: SORT_KEYS.includes(table.sortKey as SortKey) ? (table.sortKey as SortKey) : 'flat',
      descending: typeof table.descending === 'boolean' ? table.descending : true,
      filter: text(table.filter),
      rowLimit: typeof table.rowLimit === 'number' && table.rowLimit > 0 ? table.rowLimit : DEFAULT_TABLE_STATE.rowLimit,
    },
  };
}

let state = restoredState();
const saveState = (change: Partial<ViewerState>) => {
  state = { ...state, ...change };
  vscode.setState(state);
};

/** Timings go to the host's log and onto the page, where the UI tests read them. */
function measure(name: string, milliseconds: number): void {
  document.body.dataset[name.replace(/\W+(\w)/g, (_, letter: string) => letter.toUpperCase())] = milliseconds.toFixed(1);
  vscode.postMessage({ type: 'measurement', name, milliseconds });
}

const root = document.getElementById('viewer')!;

function showError(fileName: string, message: string): void {
  root.setAttribute('aria-busy', 'false');
  root.replaceChildren(h('h1', { class: 'file-name' }, fileName), h('p', { class: 'error', role: 'alert' }, message));
}

function textInput(label: string, value: string, placeholder: string): HTMLInputElement {
  const input = h('input', { type: 'text', placeholder, 'aria-label': label, spellcheck: 'false' });
  input.value = value;
  return input;
}

/** How long typing pauses before focus, ignore and hide apply (Enter applies at once). */
const FILTER_DEBOUNCE_MS = 350;

type FilterName = 'focus' | 'ignore' | 'hide';

/** A filter's box with the message that says when its expression is not a valid regular expression. */
interface FilterBox {
  name: FilterName;
  input: HTMLInputElement;
  error: HTMLSpanElement;
}

function filterBox(name: FilterName, label: string, value: string): { box: FilterBox; element: HTMLLabelElement } {
  const input = textInput(label, value, `${name} regexp`);
  const error = h('span', { class: 'input-error', id: `${name}-error`, role: 'alert', hidden: true });
  input.setAttribute('aria-describedby', error.id);
  return { box: { name, input, error }, element: h('label', { class: 'filter' }, `${name} `, input, error) };
}

/** What the viewer knows of a profile before (and after) the whole of it arrives. */
interface ProfileSummary extends Pick<InitialView, 'sampleTypes' | 'defaultSampleIndex' | 'totals' | 'sampleCount' | 'functionNames' | 'functionFiles' | 'goroutines'> {
  fileName: string;
  decodeMilliseconds: number;
  /** Date.now() when the host started opening the file, 0 for a restored panel. */
  openedAt: number;
}

/** Compare mode: the base as sent, and the diff of the profile against it. */
interface Comparison {
  baseName: string;
  diff: DiffProfile;
  /** The diff's function table: the profile's functions, then those only the base has. */
  names: string[];
  files: string[];
}

/** The diff for a filter change: filtered per side, with the unfiltered diff's total. */
interface FilteredComparison {
  diff: DiffProfile;
  total: number;
}

class Viewer {
  private readonly sampleSelect: HTMLSelectElement;
  private readonly filterBoxes: FilterBox[];
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly notice: HTMLDivElement;
  private readonly noticeText: HTMLSpanElement;
  private readonly noticeActions: HTMLSpanElement;
  private readonly summary: HTMLSpanElement;
  private readonly flame: FlameGraph;
  private readonly table: TopTableView;
  private readonly peek: PeekView;
  private readonly source: SourceLinesView;
  private readonly compareBar: HTMLElement;
  private sampleIndex: number;
  /** Set in compare mode once the whole profile has arrived. */
  private comparison: Comparison | undefined;
  /** A base that arrived before the whole profile. */
  private pendingBase: { baseName: string; base: Profile } | undefined;
  /** The filtered diff the views show in compare mode. */
  private filteredComparison: FilteredComparison | undefined;
  /** The function the source view follows. */
  private selectedFunction: number | undefined;
  private generation = 0;
  private firstPaintReported = false;
  /** The whole profile, once it has arrived. */
  private profile: Profile | undefined;
  /** The profile after the current filters, which zoomed subtrees and search shares are computed from. */
  private filtered: Profile | undefined;
  /** The views show the initial view (default sample type, no filters) and nothing else yet. */
  private showingInitialView = false;

  constructor(private readonly info: ProfileSummary) {
    const named = info.sampleTypes.findIndex((type) => type.type === state.sampleType);
    this.sampleIndex = named >= 0 ? named : info.defaultSampleIndex;

    this.sampleSelect = h('select', { 'aria-label': 'Sample type' });
    info.sampleTypes.forEach((type, index) => {
      const total = formatValue(info.totals[index], type.unit);
      this.sampleSelect.append(h('option', { value: index }, `${type.type} (${type.unit}): ${total}`));
    });
    this.sampleSelect.value = String(this.sampleIndex);
    this.sampleSelect.addEventListener('change', () => {
      this.sampleIndex = Number(this.sampleSelect.value);
      saveState({ sampleType: info.sampleTypes[this.sampleIndex].type });
      this.postViewState();
      this.flame.resetReservedHeight();
      this.refresh();
    });

    const focus = filterBox('focus', 'Focus: keep samples through functions matching this regular expression', state.focus);
    const ignore = filterBox('ignore', 'Ignore: drop samples through functions matching this regular expression', state.ignore);
    const hide = filterBox('hide', 'Hide: remove frames of functions matching this regular expression', state.hide);
    this.filterBoxes = [focus.box, ignore.box, hide.box];
    const filtersForm = h('form', { class: 'filters', 'aria-label': 'pprof filters' }, focus.element, ignore.element, hide.element);
    // Filters apply as the user types, once typing pauses; Enter applies at once.
    for (const box of this.filterBoxes) {
      box.input.addEventListener('input', () => {
        clearTimeout(this.filterTimer);
        this.filterTimer = setTimeout(() => this.applyFilterBoxes(), FILTER_DEBOUNCE_MS);
      });
    }
    filtersForm.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.filterTimer);
      this.applyFilterBoxes();
    });

    const searchInput = h('input', { type: 'search', class: 'flame-search', placeholder: 'Search functions (regular expression)', 'aria-label': 'Search the flame graph', spellcheck: 'false' });
    searchInput.value = state.search;
    const postOpenSource = (functionIndex: number) => {
      this.hideNotice();
      vscode.postMessage({ type: 'openSource', functionIndex });
    };
    // Opening a function's source also selects it for its callers and callees and its lines.
    const openSource = (functionIndex: number) => {
      this.selectFunction(functionIndex);
      postOpenSource(functionIndex);
    };
    this.peek = new PeekView(info.functionNames, { onOpenSource: postOpenSource, onSelect: (functionIndex) => this.selectFunction(functionIndex, false) });
    this.source = new SourceLinesView({
      requestText: (functionIndex) => vscode.postMessage({ type: 'sourceText', functionIndex }),
      openLine: (functionIndex, line) => {
        this.hideNotice();
        vscode.postMessage({ type: 'openSourceLine', functionIndex, line });
      },
    });
    this.flame = new FlameGraph(searchInput, {
      onOpenSource: openSource,
      onZoomChange: (zoomPath) => {
        saveState({ zoomPath });
        if (zoomPath.length > 0) {
          const index = this.functionNames().indexOf(zoomPath[zoomPath.length - 1]);
          if (index >= 0) this.selectFunction(index);
        }
      },
      onSelect: (functionIndex) => this.selectFunction(functionIndex),
      onMeasure: measure,
      detailFor: (path, nodeTotal) => this.detailFor(path, nodeTotal),
      searchShare: (matches, layout) => this.searchShare(matches, layout),
    });
    searchInput.addEventListener('input', () => {
      saveState({ search: searchInput.value });
      this.flame.setSearch(searchInput.value);
    });
    this.table = new TopTableView(state.table, { onOpenSource: openSource, onStateChange: (table) => saveState({ table }) });

    // Notices float over the top of the views, so that one coming or going moves nothing.
    this.noticeText = h('span', { class: 'notice-text' });
    this.noticeActions = h('span', { class: 'notice-actions' });
    const dismiss = h('button', { type: 'button', class: 'notice-close', title: 'Dismiss', 'aria-label': 'Dismiss' }, '×');
    dismiss.addEventListener('click', () => this.hideNotice());
    this.notice = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true }, this.noticeText, this.noticeActions, dismiss);
    this.summary = h('span', { class: 'summary' });
    this.compareBar = h('div', { class: 'compare-bar' });
    const header = h(
      'header',
      { class: 'toolbar' },
      h('div', { class: 'title-row' }, h('h1', { class: 'file-name' }, info.fileName), h('label', { class: 'sample-type' }, 'sample type ', this.sampleSelect), this.compareBar),
      this.summary,
    );
    this.renderCompareBar();
    const flameToolbar = h('div', { class: 'flame-toolbar' }, searchInput, this.flame.searchSummaryElement);
    const goroutines = info.goroutines
      ? new GoroutinesView(info.goroutines, {
          onOpen: (groupIndex, target) => {
            this.hideNotice();
            vscode.postMessage({ type: 'openGoroutine', groupIndex, target });
          },
        }).element
      : undefined;
    const views = h('div', { class: 'views' }, this.notice, ...(goroutines ? [goroutines] : []), flameToolbar, this.flame.element, this.table.element, h('div', { class: 'details' }, this.peek.element, this.source.element));
    root.replaceChildren(header, filtersForm, views);
    root.setAttribute('aria-busy', 'false');
    this.postViewState();
  }

  private postViewState(): void {
    vscode.postMessage({ type: 'viewState', sampleType: this.info.sampleTypes[this.sampleIndex].type });
  }

  /** Names of the functions the views index: the profile's, or in compare mode the diff's. */
  private functionNames(): string[] {
    return this.comparison?.names ?? this.info.functionNames;
  }

  private functionFiles(): string[] {
    return this.comparison?.files ?? this.info.functionFiles;
  }

  /** What percentages are of: pprof's total, or in compare mode the base's (pprof's total for a diff). */
  private total(): number {
    return this.filteredComparison?.total ?? this.info.totals[this.sampleIndex];
  }

  /** "Compare with..." when plain; the base's name and "Stop comparing" in compare mode. */
  private renderCompareBar(): void {
    const comparison = this.comparison ?? this.pendingBase;
    if (!comparison) {
      const button = h('button', { type: 'button', class: 'compare-with', title: 'Compare this profile with a base: another open profile, a file, or a heap watch snapshot' }, 'Compare with…');
      button.addEventListener('click', () => vscode.postMessage({ type: 'compareWith' }));
      this.compareBar.replaceChildren(button);
      document.body.classList.remove('comparing');
      return;
    }
    const stop = h('button', { type: 'button', class: 'stop-compare' }, 'Stop comparing');
    stop.addEventListener('click', () => vscode.postMessage({ type: 'stopCompare' }));
    const change = h('button', { type: 'button', class: 'compare-with', title: 'Pick another base' }, 'Change base…');
    change.addEventListener('click', () => vscode.postMessage({ type: 'compareWith' }));
    this.compareBar.replaceChildren(
      h('span', { class: 'compare-label' }, 'compared with ', h('strong', { class: 'base-name' }, comparison.baseName), ' (base)'),
      h('span', { class: 'legend', 'aria-hidden': 'true' }, h('span', { class: 'swatch grew' }), ' grew ', h('span', { class: 'swatch shrank' }), ' shrank'),
      change,
      stop,
    );
    document.body.classList.add('comparing');
  }

  /**
   * Compare mode with this base (undefined: back to the plain profile). Until the whole profile
   * has arrived the base waits. Profiles that cannot be compared leave the view as it is and get
   * one sentence (the host checks first; this is the backstop).
   */
  setBase(base: { baseName: string; base: Profile } | undefined): void {
    this.pendingBase = undefined;
    if (!base) {
      if (!this.comparison) {
        this.renderCompareBar();
        return;
      }
      this.comparison = undefined;
      this.filteredComparison = undefined;
      this.afterComparisonChange();
      return;
    }
    const profile = this.profile;
    if (!profile) {
      this.pendingBase = base;
      this.renderCompareBar();
      return;
    }
    let diff: DiffProfile;
    try {
      diff = diffProfile(base.base, profile);
    } catch (error) {
      this.showNotice('error', error instanceof ProfileError ? error.message : String(error));
      this.renderCompareBar();
      return;
    }
    this.comparison = { baseName: base.baseName, diff, names: diff.profile.functions.map((fn) => fn.name), files: diff.profile.functions.map((fn) => fn.file) };
    this.afterComparisonChange();
  }

  private afterComparisonChange(): void {
    this.peek.setFunctionNames(this.functionNames());
    this.source.resetTexts();
    // Functions only the base has are gone with it.
    if (this.selectedFunction !== undefined && this.selectedFunction >= this.functionNames().length) this.selectedFunction = undefined;
    this.renderCompareBar();
    this.flame.resetReservedHeight();
    this.showingInitialView = false;
    this.refresh();
  }

  /** Compare could not start: one sentence, and the view stays as it was. */
  compareFailed(message: string): void {
    this.showNotice('error', message);
  }

  /** The function the peek and source views follow; `peek` false when the peek view chose it itself. */
  private selectFunction(functionIndex: number, peek = true): void {
    this.selectedFunction = functionIndex;
    if (peek) this.peek.select(functionIndex);
    this.updateSource();
  }

  private updateSource(): void {
    const index = this.selectedFunction;
    const filtered = this.filtered;
    if (index === undefined || !filtered) return;
    const unit = this.info.sampleTypes[this.sampleIndex].unit;
    const comparison = this.filteredComparison;
    const view = sourceView(comparison ? comparison.diff : filtered, this.sampleIndex, index);
    this.source.show(view, index, this.functionNames()[index] ?? '', unit, this.total(), comparison !== undefined);
  }

  sourceText(functionIndex: number, text: SourceText): void {
    this.source.setText(functionIndex, text);
  }

  /** pprof's focus on exactly one function, and that function selected for its callers and callees. */
  focusFunction(name: string): void {
    const [focus] = this.filterBoxes;
    focus.input.value = `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    clearTimeout(this.filterTimer);
    this.applyFilterBoxes();
    // Selected for its callers and callees and its source lines.
    const index = this.functionNames().indexOf(name);
    if (index >= 0) this.selectFunction(index);
  }

  /**
   * Checks the three filter boxes; each invalid expression gets its message under its box and
   * nothing changes. When all are valid and differ from what is shown, they apply.
   */
  private applyFilterBoxes(): void {
    let valid = true;
    for (const box of this.filterBoxes) {
      let message = '';
      try {
        compileFilters({ [box.name]: box.input.value.trim() });
      } catch (error) {
        message = error instanceof ProfileError ? error.message : String(error);
        valid = false;
      }
      setText(box.error, message);
      box.error.hidden = message === '';
      box.input.setAttribute('aria-invalid', message ? 'true' : 'false');
    }
    if (!valid) return;
    const [focus, ignore, hide] = this.filterBoxes.map((box) => box.input.value.trim());
    if (focus === state.focus && ignore === state.ignore && hide === state.hide) return;
    saveState({ focus, ignore, hide });
    this.refresh();
  }

  private showNotice(kind: 'info' | 'warning' | 'error', message: string, actions: HTMLElement[] = []): void {
    this.notice.className = `notice ${kind}`;
    setText(this.noticeText, message);
    this.noticeActions.replaceChildren(...actions);
    this.notice.hidden = false;
  }

  private hideNotice(): void {
    this.notice.hidden = true;
    setText(this.noticeText, '');
    this.noticeActions.replaceChildren();
  }

  /** Whether what the user asked for is what the initial view shows. */
  private wantsInitialView(): boolean {
    return !this.comparison && !this.pendingBase && this.sampleIndex === this.info.defaultSampleIndex && !state.focus.trim() && !state.ignore.trim() && !state.hide.trim();
  }

  /** Paints the initial view when it is what the user asked for (a restored panel may want more). */
  showInitialView(view: InitialView): boolean {
    if (!this.wantsInitialView()) {
      this.showNotice('info', 'Reading the whole profile…');
      return false;
    }
    const started = performance.now();
    const index = view.defaultSampleIndex;
    const unit = view.sampleTypes[index].unit;
    const total = view.totals[index];
    const layout = layoutFlame(view.flame, view.functionNames, view.functionFiles, unit, total, { minTotal: view.flameMinTotal, anchorDepth: 0 });
    this.showingInitialView = true;
    this.flame.setLayout(layout, state.zoomPath);
    measure('flame graph computed and drawn', performance.now() - started);
    this.reportFirstPaint();
    const generation = ++this.generation;
    setTimeout(() => {
      if (generation !== this.generation) return;
      const tableStarted = performance.now();
      const table = initialTable(view);
      this.table.setTable(table, unit);
      this.showSummary(total, unit, undefined, table.rows.length);
      measure('table computed and rendered', performance.now() - tableStarted);
    }, 0);
    return true;
  }

  /** The whole profile has arrived: views that were waiting for it are computed now. */
  attachProfile(profile: Profile): void {
    this.profile = profile;
    if (this.pendingBase) {
      this.setBase(this.pendingBase);
      return;
    }
    if (this.showingInitialView && this.wantsInitialView()) {
      // The initial view is exactly this data: keep it, and redo only what needed the samples.
      this.filtered = profile;
      this.peek.setProfile(profile, this.sampleIndex);
      prepareFlameTree(profile, this.sampleIndex);
      this.flame.refreshDetail();
      this.updateSource();
      return;
    }
    this.refresh();
  }

  private reportFirstPaint(): void {
    if (this.firstPaintReported || this.info.openedAt <= 0) return;
    this.firstPaintReported = true;
    // The canvas is on screen once this frame is presented. The wall-clock time goes on the page
    // too, so a test can time the paint from its own clock (from the key press that opened it).
    requestAnimationFrame(() => {
      const now = Date.now();
      document.body.dataset.firstFlamePaintedAt = String(now);
      measure('first flame paint after open', now - this.info.openedAt);
    });
  }

  /** The header's one line: total, samples, and the functions the table lists (the footer's count too). */
  private showSummary(total: number, unit: string, filtered: Profile | undefined, functionCount: number): void {
    const comparison = this.filteredComparison;
    if (comparison) {
      const change = (v: number) => (v > 0 ? '+' : '') + formatValue(v, unit);
      const sides = sideTotals(comparison.diff, this.sampleIndex);
      const text = `base ${formatValue(sides.base, unit)} · new ${formatValue(sides.next, unit)} · change ${change(sides.next - sides.base)} (${formatPercent(sides.next - sides.base, total).trim()} of the base's total)${filtered ? ' after the filters' : ''} · ${functionCount} function${functionCount === 1 ? '' : 's'}`;
      setText(this.summary, text);
      this.summary.title = text;
      return;
    }
    const shown = filtered ? profileTotal(filtered, this.sampleIndex) : total;
    const samples = filtered ? filtered.samples.length : this.info.sampleCount;
    const filteredNote = filtered ? ` · filters keep ${formatValue(shown, unit)} (${formatPercent(shown, total).trim()})` : '';
    const text = `total ${formatValue(total, unit)}${filteredNote} · ${samples} samples · ${functionCount} function${functionCount === 1 ? '' : 's'}`;
    setText(this.summary, text);
    this.summary.title = text;
  }

  /** The zoomed subtree at full detail, from the filtered profile (not before it has arrived). */
  private detailFor(path: number[], minTotal: number): FlameLayout | undefined {
    const filtered = this.filtered;
    if (!filtered) return undefined;
    const index = this.sampleIndex;
    const tree = flameTree(filtered, index, { path, minTotal, baseSampleStart: this.filteredComparison?.diff.baseSampleStart });
    const unit = this.info.sampleTypes[index].unit;
    return layoutFlame(tree, this.functionNames(), this.functionFiles(), unit, this.total(), { minTotal, anchorDepth: path.length });
  }

  private searchShare(matches: Uint8Array, layout: FlameLayout): number | undefined {
    if (layout.minTotal === 0 && layout.anchorDepth === 0) return matchedTotal(layout, matches);
    // In compare mode the share is the matching frames' change: the merged profile's signed values.
    return this.filtered ? profileMatchedTotal(this.filtered, this.sampleIndex, matches, this.filteredComparison !== undefined) : undefined;
  }

  /**
   * Recomputes every view for the current sample type and filters. The flame graph is computed
   * and painted first; the table follows in the next task, so a large profile shows its graph
   * without waiting for the table. Before the whole profile has arrived there is nothing to
   * compute from: the request waits for attachProfile.
   */
  refresh(): void {
    const profile = this.profile;
    if (!profile) {
      this.showNotice('info', 'Reading the whole profile…');
      return;
    }
    this.showingInitialView = false;
    const generation = ++this.generation;
    const started = performance.now();
    const index = this.sampleIndex;
    const filters = { focus: state.focus, ignore: state.ignore, hide: state.hide };
    const comparison = this.comparison;
    let filtered: Profile;
    let filteredDiff: DiffProfile | undefined;
    try {
      if (comparison) {
        filteredDiff = filterDiff(comparison.diff, filters);
        filtered = filteredDiff.profile;
      } else {
        filtered = applyFilters(profile, filters);
      }
    } catch (error) {
      this.showNotice('error', error instanceof ProfileError ? error.message : String(error));
      return;
    }
    const source = comparison ? comparison.diff.profile : profile;
    this.filtered = filtered;
    // Percentages are of the total before filtering, as pprof computes them (for a diff, the base's).
    const total = comparison ? diffTotal(comparison.diff, index) : this.info.totals[index];
    this.filteredComparison = filteredDiff ? { diff: filteredDiff, total } : undefined;
    this.peek.setProfile(filtered, this.sampleIndex, filteredDiff !== undefined);
    this.hideNotice();
    const unit = profile.sampleTypes[index].unit;
    // Frames under a pixel at any canvas width are left out; zooming in builds them (detailFor).
    // A diff's frames are as wide as base + new: the sum of magnitudes.
    const minTotal = (filtered === profile ? total : profileTotal(filtered, index)) / FLAME_DETAIL;
    const tree = flameTree(filtered, index, { minTotal, baseSampleStart: filteredDiff?.baseSampleStart });
    this.flame.setLayout(layoutFlame(tree, this.functionNames(), this.functionFiles(), unit, total, { minTotal, anchorDepth: 0 }), state.zoomPath);
    measure('flame graph computed and drawn', performance.now() - started);
    this.reportFirstPaint();
    this.updateSource();
    setTimeout(() => {
      if (generation !== this.generation) return;
      const tableStarted = performance.now();
      if (filteredDiff) {
        const table = compareTable(filteredDiff, index, total);
        this.table.setCompareTable(table, unit);
        this.showSummary(total, unit, filtered === source ? undefined : filtered, table.rows.length);
      } else {
        const table = topTable(filtered, index, total);
        this.table.setTable(table, unit);
        this.showSummary(total, unit, filtered === profile ? undefined : filtered, table.rows.length);
      }
      measure('table computed and rendered', performance.now() - tableStarted);
    }, 0);
  }

  /** No file matched: says so, and offers to pick the folder that holds the sources. */
  showSourceNotFound(message: string, pickFolderFor: number | undefined): void {
    const actions: HTMLElement[] = [];
    if (pickFolderFor !== undefined) {
      const pick = h('button', { type: 'button', class: 'notice-action' }, 'Pick the folder that holds the sources…');
      pick.addEventListener('click', () => {
        this.hideNotice();
        vscode.postMessage({ type: 'pickSourceFolder', functionIndex: pickFolderFor });
      });
      actions.push(pick);
    }
    this.showNotice('warning', message, actions);
  }
}

/** Base and new totals of a diff (pprof's sums of absolute values per side). */
function sideTotals(diff: DiffProfile, sampleIndex: number): { base: number; next: number } {
  let base = 0;
  let next = 0;
  const samples = diff.profile.samples;
  for (let s = 0; s < samples.length; s++) {
    const value = Math.abs(samples[s].values[sampleIndex]);
    if (s >= diff.baseSampleStart) base += value;
    else next += value;
  }
  return { base, next };
}

let viewer: Viewer | undefined;
/** A compare message that came before the viewer existed, or the sentence of one that failed. */
let earlyBase: { baseName: string; base: Profile } | undefined;
let earlyFailure: string | undefined;

/** Asks for the whole profile once the frame with the initial view has been presented. */
function loadProfileAfterPaint(): void {
  requestAnimationFrame(() => setTimeout(() => vscode.postMessage({ type: 'loadProfile' }), 0));
}

window.addEventListener('message', (event: MessageEvent<HostToWebviewMessage>) => {
  const message = event.data;
  switch (message?.type) {
    case 'initialView': {
      const { view } = message;
      if (message.openedAt > 0) measure('initial view received after open', Date.now() - message.openedAt);
      viewer = new Viewer({
        fileName: message.fileName,
        sampleTypes: view.sampleTypes,
        defaultSampleIndex: view.defaultSampleIndex,
        totals: view.totals,
        sampleCount: view.sampleCount,
        functionNames: view.functionNames,
        functionFiles: view.functionFiles,
        goroutines: view.goroutines,
        decodeMilliseconds: message.decodeMilliseconds,
        openedAt: message.openedAt,
      });
      if (earlyBase) {
        viewer.setBase(earlyBase);
        earlyBase = undefined;
      }
      if (earlyFailure) {
        viewer.compareFailed(earlyFailure);
        earlyFailure = undefined;
      }
      if (viewer.showInitialView(view)) loadProfileAfterPaint();
      else vscode.postMessage({ type: 'loadProfile' });
      break;
    }
    case 'profile': {
      const started = performance.now();
      const profile = decodeProfile(message.profile);
      measure('profile rebuilt in webview', performance.now() - started);
      if (!viewer) {
        viewer = new Viewer({
          fileName: message.fileName,
          sampleTypes: profile.sampleTypes,
          defaultSampleIndex: profile.defaultSampleIndex,
          totals: profile.sampleTypes.map((_, index) => profileTotal(profile, index)),
          sampleCount: profile.samples.length,
          functionNames: profile.functions.map((fn) => fn.name),
          functionFiles: profile.functions.map((fn) => fn.file),
          decodeMilliseconds: message.decodeMilliseconds,
          openedAt: message.openedAt,
        });
      }
      if (earlyBase) {
        viewer.setBase(earlyBase);
        earlyBase = undefined;
      }
      if (earlyFailure) {
        viewer.compareFailed(earlyFailure);
        earlyFailure = undefined;
      }
      viewer.attachProfile(profile);
      measure('whole profile ready', performance.now() - started);
      break;
    }
    case 'compare': {
      const base = { baseName: message.baseName, base: decodeProfile(message.base) };
      if (viewer) viewer.setBase(base);
      else earlyBase = base;
      break;
    }
    case 'compareOff':
      earlyBase = undefined;
      viewer?.setBase(undefined);
      break;
    case 'compareFailed':
      if (viewer) viewer.compareFailed(message.message);
      else earlyFailure = message.message;
      break;
    case 'sourceText':
      viewer?.sourceText(message.functionIndex, { path: message.path, lines: message.lines, note: message.note });
      break;
    case 'error':
      viewer = undefined;
      showError(message.fileName, message.message);
      break;
    case 'sourceNotFound':
      viewer?.showSourceNotFound(message.message, message.pickFolderFor);
      break;
    case 'focusFunction':
      viewer?.focusFunction(message.name);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
