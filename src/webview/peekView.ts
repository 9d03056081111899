// Callers and callees of the selected function, with the share of each edge (pprof's peek).
// Clicking a caller or callee selects it in turn; its name's button opens its source.
import { formatPercent, formatValue } from '../core/pprof/format';
import type { Profile } from '../core/pprof/model';
import { peek, PeekEdge } from '../core/pprof/peek';
import { h, setText } from './dom';

export class PeekView {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private selected: number | undefined;
  private profile: Profile | undefined;
  private sampleIndex = 0;
  private unit = '';

  constructor(
    private functionNames: string[],
    private readonly events: { onOpenSource(functionIndex: number): void; onSelect?(functionIndex: number): void },
  ) {
    this.title = h('h2', { class: 'peek-title' }, 'Callers and callees');
    this.body = h('div', { class: 'peek-body' }, h('p', { class: 'peek-hint' }, 'Select a function (click it in the table, or zoom into it in the graph) to see its callers and callees.'));
    this.element = h('section', { class: 'peek', 'aria-label': 'Callers and callees of the selected function' }, this.title, this.body);
    this.body.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-function-index]');
      if (!button) return;
      const index = Number(button.dataset.functionIndex);
      if (button.dataset.action === 'open') this.events.onOpenSource(index);
      else {
        this.select(index);
        this.events.onSelect?.(index);
      }
    });
  }

  /** The function table changed (compare mode on or off); a selection past its end is dropped. */
  setFunctionNames(names: string[]): void {
    this.functionNames = names;
    if (this.selected !== undefined && this.selected >= names.length) this.selected = undefined;
  }

  /** Compare mode: the profile is a diff, its figures are changes. */
  private compare = false;

  /** The profile (filtered) and sample type the figures are taken from; `compare` when it is a diff. */
  setProfile(profile: Profile, sampleIndex: number, compare = false): void {
    this.profile = profile;
    this.compare = compare;
    this.sampleIndex = sampleIndex;
    this.unit = profile.sampleTypes[sampleIndex].unit;
    this.render();
  }

  select(functionIndex: number): void {
    this.selected = functionIndex;
    this.render();
  }

  selectByName(name: string): void {
    const index = this.functionNames.indexOf(name);
    if (index >= 0) this.select(index);
  }

  private render(): void {
    const index = this.selected;
    const profile = this.profile;
    if (index === undefined || !profile) return;
    const name = this.functionNames[index] ?? '';
    setText(this.title, `Callers and callees of ${name}`);
    const result = peek(profile, this.sampleIndex, index);
    const fn = h(
      'p',
      { class: 'peek-function' },
      h('button', { type: 'button', class: 'function-link', 'data-function-index': index, 'data-action': 'open', title: 'Open the source' }, name),
      ` · flat ${formatValue(result.flat, this.unit)} · cum ${formatValue(result.cum, this.unit)}${this.compare ? ' (change against the base)' : ''}`,
    );
    this.body.replaceChildren(fn, this.list('Callers', result.callers, 'No caller: the stacks start here, or the filters removed them.'), this.list('Callees', result.callees, 'No callee: all of its value is its own (flat).'));
  }

  private list(label: string, edges: PeekEdge[], empty: string): HTMLElement {
    const rows = edges.map((edge) =>
      h(
        'tr',
        {},
        h('td', { class: 'numeric' }, formatValue(edge.value, this.unit)),
        h('td', { class: 'numeric' }, formatPercent(edge.share, 1).trim()),
        h(
          'td',
          { class: 'function' },
          h('button', { type: 'button', class: 'function-link peek-link', 'data-function-index': edge.functionIndex, title: 'Show its callers and callees' }, this.functionNames[edge.functionIndex] ?? ''),
          ' ',
          h('button', { type: 'button', class: 'peek-open', 'data-function-index': edge.functionIndex, 'data-action': 'open', title: 'Open the source', 'aria-label': 'Open the source' }, '↗'),
        ),
      ),
    );
    return h(
      'div',
      { class: 'peek-list' },
      h('h3', {}, label),
      rows.length > 0
        ? h('table', { class: 'peek-table', 'aria-label': label }, h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'numeric' }, 'value'), h('th', { scope: 'col', class: 'numeric' }, 'share'), h('th', { scope: 'col' }, 'function'))), h('tbody', {}, ...rows))
        : h('p', { class: 'peek-hint' }, empty),
    );
  }
}
