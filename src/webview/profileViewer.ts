// The profile viewer's webview: sample type selector, pprof filters, flame graph and top table.
// The host decodes the file and posts it here once; all aggregation runs here, so changing the
// sample type, a filter or the zoom never waits for the extension host.
import { applyFilters } from '../core/pprof/filters';
import { flameTree } from '../core/pprof/flame';
import { formatPercent, formatValue } from '../core/pprof/format';
import { Profile, ProfileError } from '../core/pprof/model';
import { profileTotal } from '../core/pprof/sampleIndex';
import { topTable } from '../core/pprof/top';
import { h, setText } from './dom';
import { FlameGraph, layoutFlame } from './flameGraph';
import { decodeProfile, HostToWebviewMessage, ProfileMessage, WebviewToHostMessage } from './protocol';
import { DEFAULT_TABLE_STATE, TableState, TopTableView } from './topTableView';

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
const status = document.getElementById('status')!;

function showError(fileName: string, message: string): void {
  root.setAttribute('aria-busy', 'false');
  root.replaceChildren(h('h1', { class: 'file-name' }, fileName), h('p', { class: 'error', role: 'alert' }, message));
}

function textInput(label: string, value: string, placeholder: string): HTMLInputElement {
  const input = h('input', { type: 'text', placeholder, 'aria-label': label, spellcheck: 'false' });
  input.value = value;
  return input;
}

class Viewer {
  private readonly sampleSelect: HTMLSelectElement;
  private readonly focusInput: HTMLInputElement;
  private readonly ignoreInput: HTMLInputElement;
  private readonly hideInput: HTMLInputElement;
  private readonly notice: HTMLParagraphElement;
  private readonly summary: HTMLSpanElement;
  private readonly flame: FlameGraph;
  private readonly table: TopTableView;
  private readonly functionNames: string[];
  private readonly functionFiles: string[];
  private sampleIndex: number;
  private generation = 0;
  private firstPaintReported = false;

  constructor(
    private readonly profile: Profile,
    private readonly message: ProfileMessage,
  ) {
    this.functionNames = profile.functions.map((fn) => fn.name);
    this.functionFiles = profile.functions.map((fn) => fn.file);
    const named = profile.sampleTypes.findIndex((type) => type.type === state.sampleType);
    this.sampleIndex = named >= 0 ? named : profile.defaultSampleIndex;

    this.sampleSelect = h('select', { 'aria-label': 'Sample type' });
    profile.sampleTypes.forEach((type, index) => {
      const total = formatValue(profileTotal(profile, index), type.unit);
      this.sampleSelect.append(h('option', { value: index }, `${type.type} (${type.unit}): ${total}`));
    });
    this.sampleSelect.value = String(this.sampleIndex);
    this.sampleSelect.addEventListener('change', () => {
      this.sampleIndex = Number(this.sampleSelect.value);
      saveState({ sampleType: profile.sampleTypes[this.sampleIndex].type });
      this.refresh();
    });

    this.focusInput = textInput('Focus: keep samples through functions matching this regular expression', state.focus, 'focus regexp');
    this.ignoreInput = textInput('Ignore: drop samples through functions matching this regular expression', state.ignore, 'ignore regexp');
    this.hideInput = textInput('Hide: remove frames of functions matching this regular expression', state.hide, 'hide regexp');
    const applyButton = h('button', { type: 'submit', class: 'apply' }, 'Apply');
    const filtersForm = h(
      'form',
      { class: 'filters', 'aria-label': 'pprof filters' },
      h('label', {}, 'focus ', this.focusInput),
      h('label', {}, 'ignore ', this.ignoreInput),
      h('label', {}, 'hide ', this.hideInput),
      applyButton,
    );
    filtersForm.addEventListener('submit', (event) => {
      event.preventDefault();
      saveState({ focus: this.focusInput.value, ignore: this.ignoreInput.value, hide: this.hideInput.value });
      this.refresh();
    });

    const searchInput = h('input', { type: 'search', class: 'flame-search', placeholder: 'Search functions (regular expression)', 'aria-label': 'Search the flame graph', spellcheck: 'false' });
    searchInput.value = state.search;
    const openSource = (functionIndex: number) => {
      setText(this.notice, '');
      vscode.postMessage({ type: 'openSource', functionIndex });
    };
    this.flame = new FlameGraph(searchInput, {
      onOpenSource: openSource,
      onZoomChange: (zoomPath) => saveState({ zoomPath }),
      onMeasure: measure,
    });
    searchInput.addEventListener('input', () => {
      saveState({ search: searchInput.value });
      this.flame.setSearch(searchInput.value);
    });
    this.table = new TopTableView(state.table, { onOpenSource: openSource, onStateChange: (table) => saveState({ table }) });

    this.notice = h('p', { class: 'notice', role: 'status', 'aria-live': 'polite' });
    this.summary = h('span', { class: 'summary' });
    const header = h(
      'header',
      { class: 'toolbar' },
      h('h1', { class: 'file-name' }, message.fileName),
      h('label', { class: 'sample-type' }, 'sample type ', this.sampleSelect),
      this.summary,
    );
    const flameToolbar = h('div', { class: 'flame-toolbar' }, searchInput, this.flame.searchSummaryElement);
    root.replaceChildren(header, filtersForm, this.notice, flameToolbar, this.flame.element, this.table.element);
    root.setAttribute('aria-busy', 'false');
  }

  /**
   * Recomputes every view for the current sample type and filters. The flame graph is computed
   * and painted first; the table follows in the next task, so a large profile shows its graph
   * without waiting for the table.
   */
  refresh(): void {
    const generation = ++this.generation;
    const started = performance.now();
    let filtered: Profile;
    try {
      filtered = applyFilters(this.profile, { focus: state.focus, ignore: state.ignore, hide: state.hide });
    } catch (error) {
      this.notice.className = 'notice error';
      setText(this.notice, error instanceof ProfileError ? error.message : String(error));
      return;
    }
    this.notice.className = 'notice';
    setText(this.notice, '');
    const index = this.sampleIndex;
    const unit = this.profile.sampleTypes[index].unit;
    // Percentages are of the total before filtering, as pprof computes them.
    const total = profileTotal(this.profile, index);
    const tree = flameTree(filtered, index);
    this.flame.setLayout(layoutFlame(tree, this.functionNames, this.functionFiles, unit, total), state.zoomPath);
    measure('flame graph computed and drawn', performance.now() - started);
    if (!this.firstPaintReported && this.message.openedAt > 0) {
      this.firstPaintReported = true;
      // The canvas is on screen once this frame is presented.
      requestAnimationFrame(() => measure('first flame paint after open', Date.now() - this.message.openedAt));
    }
    const shown = filtered === this.profile ? total : profileTotal(filtered, index);
    const filteredNote = filtered === this.profile ? '' : ` · filters keep ${formatValue(shown, unit)} (${formatPercent(shown, total).trim()}) in ${filtered.samples.length} samples`;
    setText(
      this.summary,
      `total ${formatValue(total, unit)} · ${this.profile.samples.length} samples · ${this.profile.functions.length} functions · decoded in ${Math.round(this.message.decodeMilliseconds)} ms${filteredNote}`,
    );
    setTimeout(() => {
      if (generation !== this.generation) return;
      const tableStarted = performance.now();
      this.table.setTable(topTable(filtered, index, total), unit);
      measure('table computed and rendered', performance.now() - tableStarted);
    }, 0);
  }

  showSourceNotFound(message: string): void {
    this.notice.className = 'notice warning';
    setText(this.notice, message);
  }
}

let viewer: Viewer | undefined;

window.addEventListener('message', (event: MessageEvent<HostToWebviewMessage>) => {
  const message = event.data;
  switch (message?.type) {
    case 'profile': {
      setText(status, 'Preparing the views…');
      if (message.openedAt > 0) measure('profile received after open', Date.now() - message.openedAt);
      const started = performance.now();
      const profile = decodeProfile(message.profile);
      measure('profile rebuilt in webview', performance.now() - started);
      viewer = new Viewer(profile, message);
      viewer.refresh();
      break;
    }
    case 'error':
      viewer = undefined;
      showError(message.fileName, message.message);
      break;
    case 'sourceNotFound':
      viewer?.showSourceNotFound(message.message);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
