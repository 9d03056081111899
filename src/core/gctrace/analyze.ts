// What a GC trace means, in sentences that name the cycles behind them: is the live heap growing
// (a leak) or flat (churn), is the GC eating the CPU, has a memory limit pinned the goal, are the
// collections forced. Trends use robust statistics (Theil-Sen slope, Kendall's tau, median
// absolute deviation) so that a noisy live heap, or one warming up and then flat, is not a leak.
import type { GcCycleColumns, GcTrace } from './parse';

export type GcTrend = 'growing' | 'steady' | 'shrinking';

export type GcVerdictKind = 'growing' | 'steady' | 'shrinking' | 'tooFewCycles' | 'gcCpu' | 'goalPinned' | 'forced' | 'severalRuns';

export interface GcVerdict {
  kind: GcVerdictKind;
  sentence: string;
  /** Indices into trace.cycles of the cycles that back it. */
  cycles: number[];
}

export interface GcAnalysis {
  trend: GcTrend;
  /** Slope of the live heap over the recent half of the run, MB per minute. */
  liveRateMBPerMinute: number;
  verdicts: GcVerdict[];
  /** Indices into trace.cycles of the run the verdicts speak about (the last one). */
  firstCycle: number;
  lastCycle: number;
}

/** GC CPU share (since start, as the runtime prints it) above which the GC is called costly. */
export const GC_CPU_LIMIT_PERCENT = 10;
/** Fewer cycles than this tell no trend. */
const MIN_TREND_CYCLES = 6;
/** Live heap changes smaller than this are below the trace's 1 MB resolution. */
const MIN_CHANGE_MB = 1;
/** Most points a pairwise statistic looks at: evenly spaced picks keep it O(1) for huge traces. */
const MAX_PAIRWISE_POINTS = 250;

/** Most values a median sorts: past this, an evenly spaced pick of them (traces can be huge). */
const MAX_MEDIAN_VALUES = 4001;

function median(values: ArrayLike<number>): number {
  const count = values.length;
  if (count === 0) return 0;
  const picked = Math.min(count, MAX_MEDIAN_VALUES);
  const sorted = new Float64Array(picked);
  for (let i = 0; i < picked; i++) sorted[i] = values[picked === count ? i : Math.round((i * (count - 1)) / (picked - 1))];
  sorted.sort(); // numeric, and much faster than a comparator
  const middle = picked >> 1;
  return picked % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Fit {
  /** MB per second. */
  slope: number;
  /** Kendall's tau between time and live heap, -1..1. */
  tau: number;
  /** Robust spread of the points around the fitted line (1.4826 * MAD), MB. */
  noise: number;
  /** Seconds the points span. */
  span: number;
}

/** Indices from..to (inclusive), or `most` of them evenly spaced. */
function evenlySpacedIndices(from: number, to: number, most: number): number[] {
  const count = to - from + 1;
  const picked: number[] = [];
  if (count <= most) {
    for (let i = from; i <= to; i++) picked.push(i);
    return picked;
  }
  for (let i = 0; i < most; i++) picked.push(from + Math.round((i * (count - 1)) / (most - 1)));
  return picked;
}

/** The fit of the live heap over time for cycles from..to (inclusive). */
function fit(c: GcCycleColumns, from: number, to: number): Fit {
  const sample = evenlySpacedIndices(from, to, MAX_PAIRWISE_POINTS);
  const t = sample.map((i) => c.atSeconds[i]);
  const y = sample.map((i) => c.heapLiveMB[i]);
  const slopes: number[] = [];
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < sample.length; i++) {
    for (let j = i + 1; j < sample.length; j++) {
      const dt = t[j] - t[i];
      const dy = y[j] - y[i];
      if (dt > 0) slopes.push(dy / dt);
      const sign = Math.sign(dt) * Math.sign(dy);
      if (sign > 0) concordant++;
      else if (sign < 0) discordant++;
    }
  }
  const pairs = (sample.length * (sample.length - 1)) / 2;
  const slope = median(slopes);
  const intercept = median(y.map((value, k) => value - slope * t[k]));
  const residuals = y.map((value, k) => Math.abs(value - slope * t[k] - intercept));
  return {
    slope,
    tau: pairs ? (concordant - discordant) / pairs : 0,
    noise: 1.4826 * median(residuals),
    span: to >= from ? c.atSeconds[to] - c.atSeconds[from] : 0,
  };
}

/** A change the fit shows with confidence: ordered in time, larger than the noise and the resolution. */
function direction(f: Fit, minTau: number, noiseFactor: number): -1 | 0 | 1 {
  const change = f.slope * f.span;
  if (Math.abs(change) < Math.max(MIN_CHANGE_MB, noiseFactor * f.noise)) return 0;
  if (change > 0 && f.tau >= minTau) return 1;
  if (change < 0 && f.tau <= -minTau) return -1;
  return 0;
}

export function formatMB(mb: number): string {
  if (Math.abs(mb) >= 10240) return `${(mb / 1024).toFixed(1)} GB`;
  if (Math.abs(mb) >= 10 || Number.isInteger(mb)) return `${Math.round(mb)} MB`;
  return `${mb.toFixed(1)} MB`;
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 120) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds >= 10) return `${seconds.toFixed(0)} s`;
  if (seconds >= 1) return `${seconds.toFixed(1)} s`;
  return `${(seconds * 1000).toFixed(0)} ms`;
}

function at(c: GcCycleColumns, index: number): string {
  return `cycle ${c.n[index]} at ${formatSeconds(c.atSeconds[index])}`;
}

function cycleRange(c: GcCycleColumns, from: number, to: number): string {
  return from === to ? `cycle ${c.n[from]}` : `cycles ${c.n[from]}-${c.n[to]}`;
}

function liveHeapVerdict(c: GcCycleColumns, first: number, last: number): { trend: GcTrend; rate: number; verdict: GcVerdict } {
  const count = last - first + 1;
  if (count < MIN_TREND_CYCLES) {
    return {
      trend: 'steady',
      rate: 0,
      verdict: {
        kind: 'tooFewCycles',
        sentence: `Only ${count} collection${count === 1 ? '' : 's'} (${cycleRange(c, first, last)}): too few to tell whether the live heap grows.`,
        cycles: range(first, last),
      },
    };
  }
  const start = c.atSeconds[first];
  const middle = start + (c.atSeconds[last] - start) / 2;
  let lateFrom = first;
  while (lateFrom < last && !(c.atSeconds[lateFrom] >= middle)) lateFrom++;
  // The recent half by time, but never fewer than a few cycles.
  const lateFirst = Math.min(lateFrom, last + 1 - Math.max(4, Math.floor(count / 4)));
  const whole = fit(c, first, last);
  const late = fit(c, lateFirst, last);
  const overall = direction(whole, 0.3, 2);
  const recent = direction(late, 0.2, 1);
  const rate = late.slope * 60;
  if (overall !== 0 && overall === recent) {
    const peak = overall > 0 ? argMax(c, first, last) : argMin(c, first, last);
    const trend: GcTrend = overall > 0 ? 'growing' : 'shrinking';
    const verb = overall > 0 ? 'grows' : 'shrinks';
    return {
      trend,
      rate,
      verdict: {
        kind: trend,
        sentence:
          `The live heap after each collection ${verb} steadily, about ${formatMB(Math.abs(rate))} per minute lately: ` +
          `${formatMB(c.heapLiveMB[first])} at ${at(c, first)}, ${formatMB(c.heapLiveMB[lateFirst])} at ${at(c, lateFirst)}, ` +
          `${formatMB(c.heapLiveMB[last])} at ${at(c, last)}` +
          (overall > 0 ? ` (peak ${formatMB(c.heapLiveMB[peak])} at cycle ${c.n[peak]})` : '') +
          (overall > 0 ? '. Something keeps memory it no longer needs: compare two heap profiles taken a while apart.' : '.'),
        cycles: [...new Set([first, lateFirst, peak, last])].sort((a, b) => a - b),
      },
    };
  }
  const recentLive = c.heapLiveMB.subarray(lateFirst, last + 1);
  const low = argMin(c, lateFirst, last);
  const high = argMax(c, lateFirst, last);
  const warmUp = overall > 0 && recent === 0;
  return {
    trend: 'steady',
    rate,
    verdict: {
      kind: 'steady',
      sentence:
        `The live heap after each collection stays flat around ${formatMB(median(recentLive))} ` +
        `(between ${formatMB(c.heapLiveMB[low])} at cycle ${c.n[low]} and ${formatMB(c.heapLiveMB[high])} at cycle ${c.n[high]}, ${cycleRange(c, lateFirst, last)})` +
        (warmUp ? `, after growing from ${formatMB(c.heapLiveMB[first])} at ${at(c, first)} while the program warmed up` : '') +
        ': memory is churned, not kept.',
      cycles: [...new Set([...(warmUp ? [first] : []), lateFirst, low, high, last])].sort((a, b) => a - b),
    },
  };
}

function range(from: number, to: number): number[] {
  const indices: number[] = [];
  for (let i = from; i <= to; i++) indices.push(i);
  return indices;
}

function argMax(c: GcCycleColumns, from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i <= to; i++) if (c.heapLiveMB[i] > c.heapLiveMB[best]) best = i;
  return best;
}

function argMin(c: GcCycleColumns, from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i <= to; i++) if (c.heapLiveMB[i] < c.heapLiveMB[best]) best = i;
  return best;
}

function gcCpuVerdict(c: GcCycleColumns, first: number, last: number): GcVerdict | undefined {
  const final = c.cpuPercent[last];
  if (final <= GC_CPU_LIMIT_PERCENT) return undefined;
  // Where it went above the limit for good.
  let since = last;
  while (since > first && c.cpuPercent[since - 1] > GC_CPU_LIMIT_PERCENT) since--;
  return {
    kind: 'gcCpu',
    sentence:
      `The GC has used ${final}% of the CPU since the program started (${at(c, last)}), above ${GC_CPU_LIMIT_PERCENT}% since cycle ${c.n[since]}: ` +
      'allocate less, or give the heap more room with GOGC or GOMEMLIMIT.',
    cycles: since === last ? [last] : [since, last],
  };
}

/**
 * The goal normally follows the live heap (goal ≈ live × (1 + GOGC/100)); a memory limit caps it,
 * so the headroom above the live heap collapses and collections come faster.
 */
function goalPinnedVerdict(c: GcCycleColumns, first: number, last: number): GcVerdict | undefined {
  // Typed arrays and no array of flags: traces can be huge.
  const ratios = new Float64Array(last - first + 1).fill(NaN);
  const known = new Float64Array(last - first + 1);
  let knownCount = 0;
  for (let i = first + 1; i <= last; i++) {
    const previousLive = c.heapLiveMB[i - 1] + (c.stacksMB[i - 1] || 0) + (c.globalsMB[i - 1] || 0); // NaN: not printed
    // Below 4 MB the runtime's minimum heap sets the goal, not the live heap.
    if (previousLive >= 4) {
      const ratio = c.goalMB[i] / previousLive;
      ratios[i - first] = ratio;
      if (!Number.isNaN(ratio)) known[knownCount++] = ratio;
    }
  }
  if (knownCount < 2 * MIN_TREND_CYCLES) return undefined;
  const normal = median(known.subarray(0, Math.max(MIN_TREND_CYCLES, Math.floor(knownCount / 4))));
  if (normal < 1.1) return undefined;
  const isPinned = (ratio: number) => !Number.isNaN(ratio) && ratio - 1 < (normal - 1) / 2;
  // The longest stretch of pinned cycles, forgiving short gaps.
  let best: [number, number] | undefined;
  let stretchStart = -1;
  let gap = 0;
  for (let k = 0; k < ratios.length; k++) {
    if (isPinned(ratios[k])) {
      if (stretchStart < 0) stretchStart = k;
      gap = 0;
      const length = k - stretchStart + 1;
      if (!best || length > best[1] - best[0] + 1) best = [stretchStart, k];
    } else if (stretchStart >= 0 && ++gap > 2) {
      stretchStart = -1;
      gap = 0;
    }
  }
  if (!best || best[1] - best[0] + 1 < MIN_TREND_CYCLES) return undefined;
  const from = first + best[0];
  const to = first + best[1];
  const pinnedGoals = c.goalMB.subarray(from, to + 1);
  // How much the program may allocate between two collections: with the goal pinned, less and
  // less, so collections come more often for the same allocation.
  const allocatedBetween = (a: number, b: number) => {
    const from = Math.max(a, first + 1);
    const values = new Float64Array(Math.max(0, b - from + 1));
    let count = 0;
    for (let i = from; i <= b; i++) {
      if (c.heapLiveMB[i - 1] >= 4) values[count++] = Math.max(0, c.heapStartMB[i] - c.heapLiveMB[i - 1]);
    }
    return count >= 3 ? median(values.subarray(0, count)) : NaN;
  };
  const before = allocatedBetween(first + 1, from - 1);
  const during = allocatedBetween(from + 1, to);
  const faster = !Number.isNaN(before) && !Number.isNaN(during) && during < before;
  const seconds = (to > from ? c.atSeconds[to] - c.atSeconds[from] : 0) / Math.max(1, to - from);
  return {
    kind: 'goalPinned',
    sentence:
      `From ${at(c, from)} to cycle ${c.n[to]} the heap goal stops following the live heap: it stays near ${formatMB(median(pinnedGoals))} ` +
      `while the live heap reaches ${formatMB(c.heapLiveMB[argMax(c, from, to)])}` +
      (faster
        ? `, and a collection comes after every ${during < 1 ? 'less than 1 MB' : formatMB(during)} allocated instead of every ${formatMB(before)} (one every ${formatMs(seconds * 1000)})`
        : `, a collection every ${formatMs(seconds * 1000)}`) +
      '. A memory limit (GOMEMLIMIT or debug.SetMemoryLimit) is holding the heap down; if the live heap keeps rising the GC will run ever more often.',
    cycles: [from, to],
  };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? formatSeconds(ms / 1000) : `${ms >= 10 ? ms.toFixed(0) : ms.toFixed(1)} ms`;
}

function forcedVerdict(c: GcCycleColumns, first: number, last: number): GcVerdict | undefined {
  const forced: number[] = [];
  for (let i = first; i <= last; i++) if (c.forced[i]) forced.push(i);
  const count = last - first + 1;
  if (forced.length * 2 <= count) return undefined;
  return {
    kind: 'forced',
    sentence:
      `Forced collections dominate: ${forced.length} of ${count} cycles were started by runtime.GC() or debug.FreeOSMemory(), not by the pacer ` +
      `(first cycle ${c.n[forced[0]]}, last cycle ${c.n[forced[forced.length - 1]]}); each costs a full mark, so call them less often.`,
    cycles: forced.length > 2 ? [forced[0], forced[forced.length - 1]] : forced,
  };
}

/** The verdicts about the last run of the program in the trace; the trace must hold a cycle. */
export function analyzeGcTrace(trace: GcTrace): GcAnalysis {
  const c = trace.columns;
  if (c.length === 0) throw new Error('analyzeGcTrace needs at least one cycle');
  const last = c.length - 1;
  const lastRun = c.run[last];
  let first = last;
  while (first > 0 && c.run[first - 1] === lastRun) first--;
  const verdicts: GcVerdict[] = [];
  if (trace.runs > 1) {
    verdicts.push({
      kind: 'severalRuns',
      sentence: `The log holds ${trace.runs} runs of a program (the cycle numbers restart); these verdicts are about the last one, from line ${c.line[first] + 1}.`,
      cycles: [first],
    });
  }
  const live = liveHeapVerdict(c, first, last);
  verdicts.push(live.verdict);
  for (const verdict of [gcCpuVerdict(c, first, last), goalPinnedVerdict(c, first, last), forcedVerdict(c, first, last)]) {
    if (verdict) verdicts.push(verdict);
  }
  return { trend: live.trend, liveRateMBPerMinute: live.rate, verdicts, firstCycle: first, lastCycle: last };
}
