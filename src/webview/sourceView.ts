// The source view: the lines of the selected function with flat and cum per line for the current
// sample type, the numbers `go tool pprof -list` prints; in compare mode the change per line with
// the base's and the new profile's values beside it. The code comes from the host (the file the
// profile names, found as jump-to-source finds it); clicking a line, or Enter on it, opens it.
import type { SourceView } from '../core/pprof/compare';
import { formatPercent, formatValue } from '../core/pprof/format';
import { h, setText } from './dom';

export interface SourceText {
  path?: string;
  lines?: string[];
  note?: string;
}

export interface SourceViewEvents {
  /** The text of the function's file is needed (answered by setText). */
  requestText(functionIndex: number): void;
  openLine(functionIndex: number, line: number): void;
}

export class SourceLinesView {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  /** File texts by function index, for the current function table. */
  private texts = new Map<number, SourceText>();
  /** The function whose lines were last scrolled into view (a refresh keeps the user's scroll). */
  private scrolledFor: number | undefined;
  private shown: { view: SourceView | undefined; functionIndex: number; name: string; unit: string; total: number; compare: boolean } | undefined;

  constructor(private readonly events: SourceViewEvents) {
    this.title = h('h2', { class: 'source-title' }, 'Source lines');
    this.body = h('div', { class: 'source-body' }, h('p', { class: 'source-hint' }, 'Select a function (click it in the table, or select a frame of the graph) to see its source lines.'));
    this.element = h('section', { class: 'source-view', 'aria-label': 'Source lines of the selected function' }, this.title, this.body);
    this.body.addEventListener('click', (event) => {
      const row = (event.target as Element).closest<HTMLTableRowElement>('tr[data-line]');
      if (row && this.shown) this.events.openLine(this.shown.functionIndex, Number(row.dataset.line));
    });
    this.body.addEventListener('keydown', (event) => {
      const row = (event.target as Element).closest<HTMLTableRowElement>('tr[data-line]');
      if (!row || !this.shown) return;
      if (event.key === 'Enter') {
        this.events.openLine(this.shown.functionIndex, Number(row.dataset.line));
        event.preventDefault();
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const next = (event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
        if (next) {
          next.focus();
          event.preventDefault();
        }
      }
    });
  }

  /** The function table changed (compare mode on or off): texts are asked for again. */
  resetTexts(): void {
    this.texts = new Map();
  }

  get functionIndex(): number | undefined {
    return this.shown?.functionIndex;
  }

  /** Shows a function's lines (view undefined: it has no value in this sample type). */
  show(view: SourceView | undefined, functionIndex: number, name: string, unit: string, total: number, compare: boolean): void {
    this.shown = { view, functionIndex, name, unit, total, compare };
    if (view && !this.texts.has(functionIndex)) this.events.requestText(functionIndex);
    this.render();
  }

  setText(functionIndex: number, text: SourceText): void {
    this.texts.set(functionIndex, text);
    if (this.shown?.functionIndex === functionIndex) this.render();
  }

  private render(): void {
    const shown = this.shown;
    if (!shown) return;
    const { view, name, unit, total, compare } = shown;
    setText(this.title, `Source lines of ${name}`);
    if (!view) {
      this.body.replaceChildren(h('p', { class: 'source-hint' }, `${name} has no value of this sample type${compare ? ' in either profile' : ''} (or the filters removed it).`));
      return;
    }
    const text = this.texts.get(shown.functionIndex);
    const value = (v: number) => (v === 0 ? '.' : formatValue(v, unit));
    const change = (v: number) => (v === 0 ? '.' : (v > 0 ? '+' : '') + formatValue(v, unit));
    const changeClass = (v: number) => `numeric ${v > 0 ? 'grew' : v < 0 ? 'shrank' : ''}`;
    const byLine = new Map(view.lines.map((line) => [line.line, line]));
    const headers = compare ? ['line', 'flat Δ', 'cum Δ', 'base flat', 'new flat', 'base cum', 'new cum', 'code'] : ['line', 'flat', 'cum', 'code'];
    const rows: HTMLElement[] = [];
    const code = text?.lines;
    const wanted = code ? rangeLines(view.range, code.length) : view.lines.map((line) => line.line);
    for (const line of wanted) {
      const values = byLine.get(line);
      const flat = values?.flat ?? 0;
      const cum = values?.cum ?? 0;
      const baseFlat = values?.baseFlat ?? 0;
      const baseCum = values?.baseCum ?? 0;
      const cells = compare
        ? [
            h('td', { class: changeClass(flat) }, change(flat)),
            h('td', { class: changeClass(cum) }, change(cum)),
            h('td', { class: 'numeric' }, value(baseFlat)),
            h('td', { class: 'numeric' }, value(flat + baseFlat)),
            h('td', { class: 'numeric' }, value(baseCum)),
            h('td', { class: 'numeric' }, value(cum + baseCum)),
          ]
        : [h('td', { class: 'numeric' }, value(flat)), h('td', { class: 'numeric' }, value(cum))];
      rows.push(
        h(
          'tr',
          { class: values ? 'valued' : undefined, tabindex: 0, 'data-line': line, title: `Open line ${line}` },
          h('td', { class: 'numeric line-number' }, String(line)),
          ...cells,
          h('td', { class: 'code' }, code ? (code[line - 1] ?? '') : ''),
        ),
      );
    }
    const totals = compare
      ? `flat ${change(view.flat)}, cum ${change(view.cum)} (${formatPercent(view.cum, total).trim()} of the base's total)`
      : `flat ${value(view.flat)}, cum ${value(view.cum)} (${formatPercent(view.cum, total).trim()} of the total)`;
    const notes: HTMLElement[] = [];
    if (!text) notes.push(h('p', { class: 'source-hint' }, 'Reading the source…'));
    else if (text.note) notes.push(h('p', { class: 'source-hint' }, text.note));
    if (view.otherFiles.length > 0) notes.push(h('p', { class: 'source-hint' }, `It also has lines in ${view.otherFiles.join(', ')} (inlined there).`));
    this.body.replaceChildren(
      h('p', { class: 'source-file', title: text?.path ?? view.file }, view.file || 'The profile records no source file.', ' · ', totals),
      ...notes,
      h(
        'div',
        { class: 'source-scroller' },
        h('table', { class: `source-lines${compare ? ' compare' : ''}`, 'aria-label': `Source lines of ${name}` }, h('thead', {}, h('tr', {}, ...headers.map((label) => h('th', { scope: 'col', class: label === 'code' ? undefined : 'numeric' }, label)))), h('tbody', {}, ...rows)),
      ),
    );
    // A new function starts with its first valued line in view, under the sticky header.
    if (this.scrolledFor !== shown.functionIndex && text) {
      this.scrolledFor = shown.functionIndex;
      const first = this.body.querySelector<HTMLElement>('tr.valued');
      const scroller = this.body.querySelector<HTMLElement>('.source-scroller');
      if (first && scroller) {
        const offset = first.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
        scroller.scrollTop = Math.max(0, offset - 3 * first.offsetHeight);
      }
    }
  }
}

/** The lines pprof -list prints, inside the file. */
function rangeLines(range: { start: number; end: number }, lineCount: number): number[] {
  const lines: number[] = [];
  for (let line = range.start; line <= Math.min(range.end, lineCount); line++) lines.push(line);
  return lines;
}
