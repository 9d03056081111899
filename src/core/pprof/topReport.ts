// `go tool pprof -top` reproduced: node-fraction trimming, -nodecount, output unit choice,
// "(inline)" marks and the header lines, from pprof's report.TextItems and reportLabels.
import { Profile, ValueType } from './model';
import { ProfileFilters } from './filters';
import { baseName } from './protobuf';
import { formatPercent, formatValue, scale, scaledLabel } from './format';
import { functionLines, functionValues, sortTopRows, TopRow } from './top';
import { profileTotal } from './sampleIndex';
import { stackTable } from './stackTable';

export interface TopReportOptions {
  sampleIndex: number;
  /** Sort by cum instead of flat (-cum). */
  cum?: boolean;
  /** Keep at most this many rows (-nodecount); 0 or undefined keeps all. */
  nodeCount?: number;
  /** Drop functions whose cum is below this fraction of the total (-nodefraction, default 0.005). */
  nodeFraction?: number;
  /** Edges below this fraction do not count for "(inline)" marks (-edgefraction, default 0.001). */
  edgeFraction?: number;
  /** pprof's -unit: 'minimum' (default) picks one readable unit for the table; 'b', 'ns', 'MB'... force one. */
  outputUnit?: string;
  /**
   * The total percentages are relative to. pprof computes it before applying filters, so pass
   * profileTotal(unfilteredProfile, sampleIndex) with a filtered profile; defaults to this profile's.
   */
  total?: number;
  /** Filters the caller applied (applyFilters), listed like pprof's "Active filters:" legend. */
  activeFilters?: ProfileFilters;
}

export interface TopReportRow extends TopRow {
  /** '(inline)' when every caller inlined it, '(partial-inline)' when some did, else ''. */
  inlineLabel: string;
}

export interface TopReport {
  sampleType: ValueType;
  total: number;
  rows: TopReportRow[];
  /** Sum of flat over the shown rows. */
  shownFlat: number;
  /** Functions dropped by the node fraction, and the cum limit they fell under. */
  droppedNodes: number;
  dropLimit: number;
  /** Rows before -nodecount applied. */
  rowsBeforeLimit: number;
  /** Unit every value of the report is printed in (pprof picks one for the whole table). */
  outputUnit: string;
  /** Header lines, as `go tool pprof -top` prints them above the column titles. */
  header: string[];
}

export function topReport(profile: Profile, options: TopReportOptions): TopReport {
  const sampleIndex = options.sampleIndex;
  const sampleType = profile.sampleTypes[sampleIndex];
  const unit = sampleType.unit.toLowerCase();
  const total = options.total ?? profileTotal(profile, sampleIndex);
  const nodeFraction = options.nodeFraction ?? 0.005;
  const edgeFraction = options.edgeFraction ?? 0.001;
  const order = options.cum ? 'cum' : 'flat';

  const full = functionValues(profile, sampleIndex);
  const functionCount = profile.functions.length;
  let totalValue = 0;
  let nodesInGraph = 0;
  for (let i = 0; i < functionCount; i++) {
    totalValue += full.flat[i];
    if (full.flat[i] !== 0 || full.cum[i] !== 0) {
      nodesInGraph++;
    }
  }
  const nodeCutoff = Math.abs(Math.trunc(totalValue * nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(totalValue * edgeFraction));

  const lines = functionLines(profile);
  let rows: TopReportRow[] = [];
  for (let i = 0; i < functionCount; i++) {
    if ((full.flat[i] !== 0 || full.cum[i] !== 0) && Math.abs(full.cum[i]) >= nodeCutoff) {
      const fn = profile.functions[i];
      rows.push({ functionIndex: i, function: fn.name, file: fn.file, line: lines[i], flat: full.flat[i], cum: full.cum[i], inlineLabel: '' });
    }
  }
  const droppedNodes = nodeCutoff > 0 ? nodesInGraph - rows.length : 0;
  const rowsBeforeLimit = rows.length;
  sortTopRows(rows, order);
  if (options.nodeCount && options.nodeCount > 0 && rows.length > options.nodeCount) {
    rows = rows.slice(0, options.nodeCount);
  }
  const kept = new Uint8Array(functionCount);
  for (const row of rows) {
    kept[row.functionIndex] = 1;
  }
  markInlined(profile, sampleIndex, kept, edgeCutoff, rows);

  let shownFlat = 0;
  for (const row of rows) {
    shownFlat += row.flat;
  }
  const requestedUnit = options.outputUnit ?? 'minimum';
  const outputUnit = requestedUnit === 'minimum' ? selectOutputUnit(rows, total, unit) : requestedUnit;
  const dropLimit = Math.abs(Math.trunc(total * nodeFraction));
  const format = (v: number) => scaledLabel(v, unit, outputUnit);

  const header = profileLabels(profile, sampleType, total, format);
  const active = (['focus', 'ignore', 'hide', 'show'] as const)
    .filter((name) => options.activeFilters?.[name])
    .map((name) => `${name}=${options.activeFilters![name]}`);
  if (active.length > 0) {
    header.push('Active filters:', ...active.map((f) => `   ${f.length > 80 ? f.slice(0, 80) + '…' : f}`));
  }
  header.push(`Showing nodes accounting for ${format(shownFlat)}, ${formatPercent(shownFlat, total).trim()} of ${format(total)} total`);
  if (total !== 0) {
    if (droppedNodes > 0) {
      header.push(`Dropped ${droppedNodes} ${droppedNodes > 1 ? 'nodes' : 'node'} (cum <= ${format(dropLimit)})`);
    }
    if (rows.length > 0 && rows.length < rowsBeforeLimit) {
      header.push(`Showing top ${rows.length} nodes out of ${rowsBeforeLimit}`);
    }
  }
  return { sampleType, total, rows, shownFlat, droppedNodes, dropLimit, rowsBeforeLimit, outputUnit, header };
}

/**
 * pprof marks a function "(inline)" when all its kept incoming call edges (above the edge
 * cutoff) are inlined calls, "(partial-inline)" when only some are. Only functions that occur as
 * an inlined frame somewhere can have such edges, so the walk is limited to those.
 */
function markInlined(profile: Profile, sampleIndex: number, kept: Uint8Array, edgeCutoff: number, rows: TopReportRow[]): void {
  const { offsets, locationFunctions } = stackTable(profile);
  const functionCount = profile.functions.length;
  const candidate = new Uint8Array(functionCount);
  let anyCandidate = false;
  for (let l = 0; l + 1 < offsets.length; l++) {
    for (let f = offsets[l]; f < offsets[l + 1] - 1; f++) {
      const fn = locationFunctions[f];
      if (kept[fn]) {
        candidate[fn] = 1;
        anyCandidate = true;
      }
    }
  }
  if (!anyCandidate) {
    return;
  }
  const edges = new Map<number, { weight: number; inline: boolean; sample: number }>();
  const samples = profile.samples;
  for (let s = 0; s < samples.length; s++) {
    const sample = samples[s];
    const value = sample.values[sampleIndex];
    if (value === 0) {
      continue;
    }
    let parent = -1;
    const stack = sample.locations;
    for (let l = stack.length - 1; l >= 0; l--) {
      const location = stack[l];
      const first = offsets[location];
      const outermost = offsets[location + 1] - 1;
      for (let f = outermost; f >= first; f--) {
        const fn = locationFunctions[f];
        if (kept[fn] === 0) {
          continue;
        }
        if (candidate[fn] === 1 && parent >= 0 && parent !== fn) {
          const key = parent * functionCount + fn;
          let edge = edges.get(key);
          if (edge === undefined) {
            edge = { weight: 0, inline: true, sample: -1 };
            edges.set(key, edge);
          }
          if (edge.sample !== s) {
            edge.sample = s;
            edge.weight += value;
            // pprof: an edge is inlined when the callee is not the outermost frame of its location.
            if (f === outermost) {
              edge.inline = false;
            }
          }
        }
        parent = fn;
      }
    }
  }
  const inlineIn = new Uint8Array(functionCount);
  const callIn = new Uint8Array(functionCount);
  for (const [key, edge] of edges) {
    if (Math.abs(edge.weight) < edgeCutoff) {
      continue;
    }
    const callee = key % functionCount;
    if (edge.inline) {
      inlineIn[callee] = 1;
    } else {
      callIn[callee] = 1;
    }
  }
  for (const row of rows) {
    if (inlineIn[row.functionIndex]) {
      row.inlineLabel = callIn[row.functionIndex] ? '(partial-inline)' : '(inline)';
    }
  }
}

/** pprof's selectOutputUnit: one unit for the table, from the smallest shown value and the total. */
function selectOutputUnit(rows: TopRow[], total: number, unit: string): string {
  if (rows.length === 0) {
    return 'minimum';
  }
  let minValue = 0;
  for (const row of rows) {
    let nodeMin = Math.abs(row.flat);
    if (nodeMin === 0) {
      nodeMin = Math.abs(row.cum);
    }
    if (nodeMin > 0 && (minValue === 0 || nodeMin < minValue)) {
      minValue = nodeMin;
    }
  }
  const maxValue = total;
  if (minValue === 0) {
    minValue = maxValue;
  }
  const minUnit = scale(minValue, unit, 'minimum')[1];
  const maxUnit = scale(maxValue, unit, 'minimum')[1];
  let chosen = minUnit;
  if (minUnit !== maxUnit && minValue * 100 < maxValue) {
    chosen = scale(100 * minValue, unit, 'minimum')[1];
  }
  return chosen !== '' ? chosen : unit;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's "Jan 2, 2006 at 3:04pm (MST)", always in UTC so output does not depend on the machine. */
function formatTime(timeNanos: number): string {
  const date = new Date(timeNanos / 1e6);
  const hours = date.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  return `${months[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()} at ${hour12}:${minutes}${hours < 12 ? 'am' : 'pm'} (UTC)`;
}

/** report.ProfileLabels. */
function profileLabels(profile: Profile, sampleType: ValueType, total: number, format: (v: number) => string): string[] {
  const labels: string[] = [];
  if (profile.mainBinary) {
    labels.push(`File: ${baseName(profile.mainBinary)}`);
  }
  if (profile.buildId) {
    labels.push(`Build ID: ${profile.buildId}`);
  }
  for (const comment of profile.comments) {
    if (!comment.startsWith('#')) {
      labels.push(comment);
    }
  }
  labels.push(`Type: ${sampleType.type}`);
  if (profile.timeNanos) {
    labels.push(`Time: ${formatTime(profile.timeNanos)}`);
  }
  if (profile.durationNanos) {
    const duration = formatValue(profile.durationNanos, 'nanoseconds');
    const [totalNanos, totalUnit] = scale(total, sampleType.unit.toLowerCase(), 'nanoseconds');
    const ratio = totalUnit === 'ns' && totalNanos !== 0 ? `(${formatPercent(Math.trunc(totalNanos), profile.durationNanos)})` : '';
    labels.push(`Duration: ${duration}, Total samples = ${format(total)} ${ratio}`);
  }
  return labels;
}

/** The text `go tool pprof -top` prints. */
export function formatTopReport(report: TopReport): string {
  const unit = report.sampleType.unit.toLowerCase();
  const format = (v: number) => scaledLabel(v, unit, report.outputUnit);
  const out: string[] = [...report.header];
  out.push(`${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`);
  let flatSum = 0;
  for (const row of report.rows) {
    flatSum += row.flat;
    const inline = row.inlineLabel ? ` ${row.inlineLabel}` : '';
    out.push(
      `${format(row.flat).padStart(10)} ${formatPercent(row.flat, report.total)} ${formatPercent(flatSum, report.total)} ` +
        `${format(row.cum).padStart(10)} ${formatPercent(row.cum, report.total)}  ${row.function}${inline}`,
    );
  }
  return out.join('\n') + '\n';
}
