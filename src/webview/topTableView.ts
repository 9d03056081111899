// The top table: flat, flat%, sum%, cum, cum% per function as `go tool pprof -top` prints them,
// sortable by any column and filtered by a substring or regular expression of the name.
import type { TopRow, TopTable } from '../core/pprof/top';
import { formatPercent, formatValue } from '../core/pprof/format';
import { breakableName, h, setText } from './dom';

export type SortKey = 'function' | 'flat' | 'cum';

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
}

const COLUMNS: Column[] = [
  { label: 'flat', sortKey: 'flat', numeric: true },
  { label: 'flat%', sortKey: 'flat', numeric: true },
  { label: 'sum%', sortKey: 'flat', numeric: true },
  { label: 'cum', sortKey: 'cum', numeric: true },
  { label: 'cum%', sortKey: 'cum', numeric: true },
  { label: 'function', sortKey: 'function', numeric: false },
];

/** Rows in the requested order; ties fall back to pprof's order (name, then the other value). */
export function sortRows(rows: TopRow[], key: SortKey, descending: boolean): TopRow[] {
  const direction = descending ? -1 : 1;
  const byName = (a: TopRow, b: TopRow) => (a.function < b.function ? -1 : a.function > b.function ? 1 : 0);
  return [...rows].sort((a, b) => {
    if (key === 'function') return direction * byName(a, b);
    const primary = key === 'flat' ? Math.abs(a.flat) - Math.abs(b.flat) : Math.abs(a.cum) - Math.abs(b.cum);
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
  private readonly head: HTMLTableSectionElement;
  private readonly body: HTMLTableSectionElement;
  private readonly footer: HTMLDivElement;
  private table: TopTable | undefined;
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
    const table = h('table', { class: 'top-table', 'aria-label': 'Functions by flat and cumulative value' }, this.head, this.body);
    this.element = h('section', { class: 'table-section', 'aria-label': 'Top functions' }, h('div', { class: 'table-toolbar' }, this.filterInput), h('div', { class: 'table-scroller' }, table), this.footer);
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
    this.render();
  }

  private update(change: Partial<TableState>): void {
    this.state = { ...this.state, ...change };
    this.events.onStateChange(this.state);
    this.render();
  }

  private renderHead(): void {
    const row = h('tr');
    for (const column of COLUMNS) {
      const active = column.sortKey === this.state.sortKey && (column.label === column.sortKey || column.label === 'function');
      const ariaSort = active ? (this.state.descending ? 'descending' : 'ascending') : undefined;
      const button = h('button', { type: 'button', class: 'sort', title: `Sort by ${column.sortKey}` }, column.label, active ? (this.state.descending ? ' ▾' : ' ▴') : '');
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
    const rows = sortRows(keep ? table.rows.filter((row) => keep(row.function)) : table.rows, this.state.sortKey, this.state.descending);
    const shown = rows.slice(0, this.state.rowLimit);
    let runningFlat = 0;
    const fragment = document.createDocumentFragment();
    for (const row of shown) {
      runningFlat += row.flat;
      const cell = (text: string) => h('td', { class: 'numeric' }, text);
      fragment.append(
        h(
          'tr',
          {},
          cell(formatValue(row.flat, this.unit)),
          cell(formatPercent(row.flat, table.total).trim()),
          cell(formatPercent(runningFlat, table.total).trim()),
          cell(formatValue(row.cum, this.unit)),
          cell(formatPercent(row.cum, table.total).trim()),
          h('td', { class: 'function' }, h('button', { type: 'button', class: 'function-link', 'data-function-index': row.functionIndex, title: row.file ? `${row.file}:${row.line}` : 'no source file recorded' }, breakableName(row.function))),
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
