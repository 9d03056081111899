// The top table: flat, flat%, sum%, cum, cum% per function as `go tool pprof -top` prints them,
// sortable by any column and filtered by a substring or regular expression of the name. In compare
// mode flat and cum are the change (what `go tool pprof -top -diff_base` prints), signed, with the
// base's and the new profile's values beside them; sorting by a change puts the largest growth first.
import type { CompareRow, CompareTable } from '../core/pprof/compare';
import type { TopRow, TopTable } from '../core/pprof/top';
import { formatPercent, formatValue } from '../core/pprof/format';
import { breakableName, h, setText } from './dom';

export type SortKey = 'function' | 'flat' | 'cum' | 'baseFlat' | 'newFlat' | 'baseCum' | 'newCum';
export const SORT_KEYS: readonly SortKey[] = ['function', 'flat', 'cum', 'baseFlat', 'newFlat', 'baseCum', 'newCum'];

export interface TableState {
  sortKey: SortKey;
  descending: boolean;
  filter: string;
  rowLimit: number;
}

export const DEFAULT_TABLE_STATE: TableState = { sortKey: 'flat', descending: true, filter: '', rowLimit: 200 };

interface Column {
  label: string;
  sortKey: SortKey;
  numeric: boolean;
  /** The column whose header shows the sort arrow for its key. */
  primary: boolean;
}

const COLUMNS: Column[] = [
  { label: 'flat', sortKey: 'flat', numeric: true, primary: true },
  { label: 'flat%', sortKey: 'flat', numeric: true, primary: false },
  { label: 'sum%', sortKey: 'flat', numeric: true, primary: false },
  { label: 'cum', sortKey: 'cum', numeric: true, primary: true },
  { label: 'cum%', sortKey: 'cum', numeric: true, primary: false },
  { label: 'function', sortKey: 'function', numeric: false, primary: true },
];

const COMPARE_COLUMNS: Column[] = [
  { label: 'flat Δ', sortKey: 'flat', numeric: true, primary: true },
  { label: 'flat%', sortKey: 'flat', numeric: true, primary: false },
  { label: 'sum%', sortKey: 'flat', numeric: true, primary: false },
  { label: 'cum Δ', sortKey: 'cum', numeric: true, primary: true },
  { label: 'cum%', sortKey: 'cum', numeric: true, primary: false },
  { label: 'base flat', sortKey: 'baseFlat', numeric: true, primary: true },
  { label: 'new flat', sortKey: 'newFlat', numeric: true, primary: true },
  { label: 'base cum', sortKey: 'baseCum', numeric: true, primary: true },
  { label: 'new cum', sortKey: 'newCum', numeric: true, primary: true },
  { label: 'function', sortKey: 'function', numeric: false, primary: true },
];

function sortName(key: SortKey, compare: boolean): string {
  switch (key) {
    case 'flat':
    case 'cum':
      return compare ? `${key} change` : key;
    case 'baseFlat':
      return 'base flat';
    case 'newFlat':
      return 'new flat';
    case 'baseCum':
      return 'base cum';
    case 'newCum':
      return 'new cum';
    case 'function':
      return 'function';
  }
}

type AnyRow = TopRow & Partial<Pick<CompareRow, 'baseFlat' | 'newFlat' | 'baseCum' | 'newCum'>>;

/**
 * Rows in the requested order; ties fall back to pprof's order (name, then the other value).
 * Plain tables sort by magnitude as pprof does; `signed` (compare mode) sorts by value, so that
 * descending puts the largest growth first and ascending the largest shrink.
 */
export function sortRows<T extends AnyRow>(rows: T[], key: SortKey, descending: boolean, signed = false): T[] {
  const direction = descending ? -1 : 1;
  const byName = (a: T, b: T) => (a.function < b.function ? -1 : a.function > b.function ? 1 : 0);
  const size = signed ? (v: number) => v : Math.abs;
  const value = (row: T): number => (key === 'function' ? 0 : (row[key] ?? 0));
  return [...rows].sort((a, b) => {
    if (key === 'function') return direction * byName(a, b);
    const primary = size(value(a)) - size(value(b));
    const secondary = key === 'flat' ? Math.abs(b.cum) - Math.abs(a.cum) : Math.abs(b.flat) - Math.abs(a.flat);
    return direction * primary || byName(a, b) || secondary;
  });
}

/** A filter typed by the user: a case-insensitive regular expression, or literal text when invalid. */
export function rowFilter(text: string): ((name: string) => boolean) | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    const pattern = new RegExp(trimmed, 'i');
    return (name) => pattern.test(name);
  } catch {
    const needle = trimmed.toLowerCase();
    return (name) => name.toLowerCase().includes(needle);
  }
}

export class TopTableView {
  readonly element: HTMLElement;
  readonly filterInput: HTMLInputElement;
  private readonly tableElement: HTMLTableElement;
  private readonly head: HTMLTableSectionElement;
  private readonly body: HTMLTableSectionElement;
  private readonly footer: HTMLDivElement;
  private table: TopTable | CompareTable | undefined;
  private compare = false;
  private unit = '';

  constructor(
    public state: TableState,
    private readonly events: { onOpenSource(functionIndex: number): void; onStateChange(state: TableState): void },
  ) {
    this.filterInput = h('input', { type: 'search', class: 'table-filter', placeholder: 'Filter functions (regular expression)', 'aria-label': 'Filter functions', spellcheck: 'false' });
    this.filterInput.value = state.filter;
    this.head = h('thead');
    this.body = h('tbody');
    this.footer = h('div', { class: 'table-footer' });
    this.tableElement = h('table', { class: 'top-table', 'aria-label': 'Functions by flat and cumulative value' }, this.head, this.body);
    this.element = h('section', { class: 'table-section', 'aria-label': 'Top functions' }, h('div', { class: 'table-toolbar' }, this.filterInput), h('div', { class: 'table-scroller' }, this.tableElement), this.footer);
    this.filterInput.addEventListener('input', () => {
      this.update({ filter: this.filterInput.value, rowLimit: DEFAULT_TABLE_STATE.rowLimit });
    });
    this.body.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-function-index]');
      if (button) this.events.onOpenSource(Number(button.dataset.functionIndex));
    });
    this.body.addEventListener('keydown', (event) => this.moveFocus(event));
  }

  setTable(table: TopTable, unit: string): void {
    this.table = table;
    this.unit = unit;
    this.setCompare(false);
    this.render();
  }

  /** Compare mode: change, base and new per function. */
  setCompareTable(table: CompareTable, unit: string): void {
    this.table = table;
    this.unit = unit;
    this.setCompare(true);
    this.render();
  }

  private setCompare(compare: boolean): void {
    if (compare === this.compare) return;
    this.compare = compare;
    this.tableElement.classList.toggle('compare', compare);
    this.tableElement.setAttribute('aria-label', compare ? 'Functions by change against the base, with base and new values' : 'Functions by flat and cumulative value');
    // Base and new columns exist only in compare mode.
    if (!compare && !COLUMNS.some((column) => column.sortKey === this.state.sortKey)) this.update({ sortKey: 'flat', descending: true });
  }

  private update(change: Partial<TableState>): void {
    this.state = { ...this.state, ...change };
    this.events.onStateChange(this.state);
    this.render();
  }

  private renderHead(): void {
    const row = h('tr');
    for (const column of this.compare ? COMPARE_COLUMNS : COLUMNS) {
      const active = column.sortKey === this.state.sortKey && column.primary;
      const ariaSort = active ? (this.state.descending ? 'descending' : 'ascending') : undefined;
      const button = h('button', { type: 'button', class: 'sort', 'data-sort-key': column.sortKey, title: `Sort by ${sortName(column.sortKey, this.compare)}` }, column.label, active ? (this.state.descending ? ' ▾' : ' ▴') : '');
      button.addEventListener('click', () => {
        const same = this.state.sortKey === column.sortKey;
        this.update({ sortKey: column.sortKey, descending: same ? !this.state.descending : column.numeric });
      });
      row.append(h('th', { scope: 'col', class: column.numeric ? 'numeric' : undefined, 'aria-sort': ariaSort }, button));
    }
    this.head.replaceChildren(row);
  }

  private render(): void {
    this.renderHead();
    const table = this.table;
    if (!table) return;
    const keep = rowFilter(this.state.filter);
    const compare = this.compare;
    const rows = sortRows<AnyRow>(keep ? table.rows.filter((row) => keep(row.function)) : table.rows, this.state.sortKey, this.state.descending, compare);
    const shown = rows.slice(0, this.state.rowLimit);
    let runningFlat = 0;
    const fragment = document.createDocumentFragment();
    const unit = this.unit;
    const changeCell = (value: number) => h('td', { class: `numeric ${value > 0 ? 'grew' : value < 0 ? 'shrank' : ''}` }, (value > 0 ? '+' : '') + formatValue(value, unit));
    for (const row of shown) {
      runningFlat += row.flat;
      const cell = (text: string) => h('td', { class: 'numeric' }, text);
      const name = h('td', { class: 'function' }, h('button', { type: 'button', class: 'function-link', 'data-function-index': row.functionIndex, title: row.file ? `${row.file}:${row.line}` : 'no source file recorded' }, breakableName(row.function)));
      fragment.append(
        compare
          ? h(
              'tr',
              {},
              changeCell(row.flat),
              cell(formatPercent(row.flat, table.total).trim()),
              cell(formatPercent(runningFlat, table.total).trim()),
              changeCell(row.cum),
              cell(formatPercent(row.cum, table.total).trim()),
              cell(formatValue(row.baseFlat ?? 0, unit)),
              cell(formatValue(row.newFlat ?? 0, unit)),
              cell(formatValue(row.baseCum ?? 0, unit)),
              cell(formatValue(row.newCum ?? 0, unit)),
              name,
            )
          : h(
              'tr',
              {},
              cell(formatValue(row.flat, unit)),
              cell(formatPercent(row.flat, table.total).trim()),
              cell(formatPercent(runningFlat, table.total).trim()),
              cell(formatValue(row.cum, unit)),
              cell(formatPercent(row.cum, table.total).trim()),
              name,
            ),
      );
    }
    this.body.replaceChildren(fragment);
    this.footer.replaceChildren();
    const summary = `${shown.length} of ${rows.length} function${rows.length === 1 ? '' : 's'}${keep ? ` matching the filter (${table.rows.length} in all)` : ''}.`;
    this.footer.append(h('span', {}, summary));
    if (shown.length < rows.length) {
      const more = h('button', { type: 'button', class: 'show-more' }, 'Show all');
      more.addEventListener('click', () => this.update({ rowLimit: Number.MAX_SAFE_INTEGER }));
      this.footer.append(' ', more);
    }
    if (rows.length === 0) setText(this.footer.firstChild as Element, keep ? 'No function matches the filter.' : 'The profile has no samples of this type.');
  }

  /** Up and down arrows walk the function links like a list. */
  private moveFocus(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = Array.from(this.body.querySelectorAll<HTMLButtonElement>('button.function-link'));
    const index = links.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const next = links[index + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      next.focus();
      event.preventDefault();
    }
  }
}
