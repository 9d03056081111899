// The profile viewer's webview: sample type selector, pprof filters, flame graph and top table.
// The host posts the initial view first (default sample type, no filters, computed while decoding)
// and this page paints it at once; then it asks for the whole profile, and from there on all
// aggregation runs here, so changing the sample type, a filter or the zoom never waits for the host.
import { applyFilters, compileFilters } from '../core/pprof/filters';
import { flameTree, prepareFlameTree } from '../core/pprof/flame';
import { formatPercent, formatValue } from '../core/pprof/format';
import { Profile, ProfileError } from '../core/pprof/model';
import { profileTotal } from '../core/pprof/sampleIndex';
import { topTable } from '../core/pprof/top';
import { h, setText } from './dom';
import { FlameGraph, FlameLayout, layoutFlame, matchedTotal, profileMatchedTotal } from './flameGraph';
import { decodeProfile, FLAME_DETAIL, HostToWebviewMessage, initialTable, InitialView, WebviewToHostMessage } from './protocol';
import { DEFAULT_TABLE_STATE, TableState, TopTableView } from './topTableView';
import { GoroutinesView } from './goroutinesView';
import { PeekView } from './peekView';

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
      sortKey: table.sortKey === 'function' || table.sortKey === 'cum' ? table.sortKey : 'flat',
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
  private sampleIndex: number;
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
    // Opening a function's source also selects it for its callers and callees.
    const openSource = (functionIndex: number) => {
      this.peek.select(functionIndex);
      postOpenSource(functionIndex);
    };
    this.peek = new PeekView(info.functionNames, { onOpenSource: postOpenSource });
    this.flame = new FlameGraph(searchInput, {
      onOpenSource: openSource,
      onZoomChange: (zoomPath) => {
        saveState({ zoomPath });
        if (zoomPath.length > 0) this.peek.selectByName(zoomPath[zoomPath.length - 1]);
      },
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
    const header = h(
      'header',
      { class: 'toolbar' },
      h('div', { class: 'title-row' }, h('h1', { class: 'file-name' }, info.fileName), h('label', { class: 'sample-type' }, 'sample type ', this.sampleSelect)),
      this.summary,
    );
    const flameToolbar = h('div', { class: 'flame-toolbar' }, searchInput, this.flame.searchSummaryElement);
    const goroutines = info.goroutines
      ? new GoroutinesView(info.goroutines, {
          onOpen: (groupIndex, target) => {
            this.hideNotice();
            vscode.postMessage({ type: 'openGoroutine', groupIndex, target });
          },
        }).element
      : undefined;
    const views = h('div', { class: 'views' }, this.notice, ...(goroutines ? [goroutines] : []), flameToolbar, this.flame.element, this.table.element, this.peek.element);
    root.replaceChildren(header, filtersForm, views);
    root.setAttribute('aria-busy', 'false');
  }

  /** pprof's focus on exactly one function, and that function selected for its callers and callees. */
  focusFunction(name: string): void {
    const [focus] = this.filterBoxes;
    focus.input.value = `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    clearTimeout(this.filterTimer);
    this.applyFilterBoxes();
    this.peek.selectByName(name);
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
    return this.sampleIndex === this.info.defaultSampleIndex && !state.focus.trim() && !state.ignore.trim() && !state.hide.trim();
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
    if (this.showingInitialView && this.wantsInitialView()) {
      // The initial view is exactly this data: keep it, and redo only what needed the samples.
      this.filtered = profile;
      this.peek.setProfile(profile, this.sampleIndex);
      prepareFlameTree(profile, this.sampleIndex);
      this.flame.refreshDetail();
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
    const tree = flameTree(filtered, index, { path, minTotal });
    const unit = this.info.sampleTypes[index].unit;
    return layoutFlame(tree, this.info.functionNames, this.info.functionFiles, unit, this.info.totals[index], { minTotal, anchorDepth: path.length });
  }

  private searchShare(matches: Uint8Array, layout: FlameLayout): number | undefined {
    if (layout.minTotal === 0 && layout.anchorDepth === 0) return matchedTotal(layout, matches);
    return this.filtered ? profileMatchedTotal(this.filtered, this.sampleIndex, matches) : undefined;
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
    let filtered: Profile;
    try {
      filtered = applyFilters(profile, { focus: state.focus, ignore: state.ignore, hide: state.hide });
    } catch (error) {
      this.showNotice('error', error instanceof ProfileError ? error.message : String(error));
      return;
    }
    this.filtered = filtered;
    this.peek.setProfile(filtered, this.sampleIndex);
    this.hideNotice();
    const index = this.sampleIndex;
    const unit = profile.sampleTypes[index].unit;
    // Percentages are of the total before filtering, as pprof computes them.
    const total = this.info.totals[index];
    // Frames under a pixel at any canvas width are left out; zooming in builds them (detailFor).
    const minTotal = (filtered === profile ? total : profileTotal(filtered, index)) / FLAME_DETAIL;
    const tree = flameTree(filtered, index, { minTotal });
    this.flame.setLayout(layoutFlame(tree, this.info.functionNames, this.info.functionFiles, unit, total, { minTotal, anchorDepth: 0 }), state.zoomPath);
    measure('flame graph computed and drawn', performance.now() - started);
    this.reportFirstPaint();
    setTimeout(() => {
      if (generation !== this.generation) return;
      const tableStarted = performance.now();
      const table = topTable(filtered, index, total);
      this.table.setTable(table, unit);
      this.showSummary(total, unit, filtered === profile ? undefined : filtered, table.rows.length);
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

let viewer: Viewer | undefined;

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
      viewer.attachProfile(profile);
      measure('whole profile ready', performance.now() - started);
      break;
    }
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
