// The Goroutines view of the profile viewer: a goroutine profile's goroutines in groups (state,
// wait, where they are parked, which go statement started them), largest first, leak suspects
// marked with the reason. Clicking a group opens its blocking line and its go statement.
import type { GoroutineGroup, GoroutineReport, SourcePlace } from '../core/pprof/goroutines';
import { h } from './dom';

export type GoroutineTarget = 'group' | 'blocking' | 'creator';

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function placeLabel(place: SourcePlace): string {
  return place.file ? `${place.function} · ${baseName(place.file)}:${place.line}` : place.function;
}

function waitLabel(group: GoroutineGroup): string {
  const wait = group.waitMinutes;
  if (!wait) return '';
  if (wait.max === 0) return 'under a minute';
  return wait.min === wait.max ? `${wait.max} min` : `${wait.min}–${wait.max} min`;
}

export class GoroutinesView {
  readonly element: HTMLElement;

  constructor(
    report: GoroutineReport,
    private readonly events: { onOpen(groupIndex: number, target: GoroutineTarget): void },
  ) {
    const suspects = report.groups.filter((group) => group.suspect).reduce((sum, group) => sum + group.count, 0);
    const summary =
      `${report.total} goroutine${report.total === 1 ? '' : 's'} in ${report.groups.length} group${report.groups.length === 1 ? '' : 's'}` +
      (suspects > 0 ? ` · ${suspects} look${suspects === 1 ? 's' : ''} leaked` : '') +
      (report.waitTimesKnown || report.leakProfile ? '' : ' · no wait times or creators in this format (a ?debug=2 dump has both)');
    const body = h('tbody');
    report.groups.forEach((group, index) => body.append(this.row(group, index)));
    const table = h(
      'table',
      { class: 'goroutine-table', 'aria-label': 'Goroutine groups, largest first' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'numeric' }, 'count'), h('th', { scope: 'col' }, 'state'), h('th', { scope: 'col' }, 'wait'), h('th', { scope: 'col' }, 'parked at, created by'))),
      body,
    );
    body.addEventListener('click', (event) => {
      const target = event.target as Element;
      const link = target.closest<HTMLButtonElement>('button[data-target]');
      const row = target.closest<HTMLTableRowElement>('tr[data-group]');
      if (!row) return;
      this.events.onOpen(Number(row.dataset.group), (link?.dataset.target as GoroutineTarget | undefined) ?? 'group');
    });
    this.element = h(
      'details',
      { class: 'goroutines', open: true },
      h('summary', {}, h('span', { class: 'goroutines-title' }, 'Goroutines'), ' ', h('span', { class: 'goroutines-summary' }, summary)),
      h('div', { class: 'goroutines-scroller' }, table),
    );
  }

  private row(group: GoroutineGroup, index: number): HTMLTableRowElement {
    const parkedIn = group.blockingFrames.slice(0, -1).map((frame) => frame.function);
    const where = h(
      'td',
      { class: 'goroutine-where' },
      h('button', { type: 'button', class: 'goroutine-link', 'data-target': 'blocking', title: group.place.file ? `Open ${group.place.file}:${group.place.line}` : 'no source file recorded' }, placeLabel(group.place)),
      parkedIn.length > 0 ? h('div', { class: 'goroutine-frames', title: parkedIn.join('\n') }, `${group.state === 'running' ? 'in' : 'parked in'} ${parkedIn.join(' ← ')}`) : undefined,
      group.createdBy
        ? h('div', { class: 'goroutine-creator' }, 'created by ', h('button', { type: 'button', class: 'goroutine-link', 'data-target': 'creator', title: `Open ${group.createdBy.file}:${group.createdBy.line}` }, placeLabel(group.createdBy)))
        : undefined,
      group.suspect ? h('div', { class: 'goroutine-reason' }, group.reason) : undefined,
    );
    return h(
      'tr',
      { 'data-group': index, class: group.suspect ? 'suspect' : undefined, title: 'Click to open the blocking line and the go statement' },
      h('td', { class: 'numeric' }, String(group.count)),
      h('td', {}, group.state, group.suspect ? h('span', { class: 'leak-badge' }, group.leaked ? 'leaked' : 'leak suspect') : undefined),
      h('td', {}, waitLabel(group)),
      where,
    );
  }
}
