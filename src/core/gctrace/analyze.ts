// What a GC trace means, in sentences that name the cycles behind them: is the live heap growing
// (a leak) or flat (churn), is the GC eating the CPU, has a memory limit pinned the goal, are the
// collections forced. Trends use robust statistics (Theil-Sen slope, Kendall's tau, median
// absolute deviation) so that a noisy live heap, or one warming up and then flat, is not a leak.
import type { GcCycle, GcTrace } from './parse';

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

function evenlySpaced<T>(items: T[], most: number): T[] {
  if (items.length <= most) return items;
  const picked: T[] = [];
  for (let i = 0; i < most; i++) picked.push(items[Math.round((i * (items.length - 1)) / (most - 1))]);
  return picked;
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

function fit(points: { t: number; y: number }[]): Fit {
  const sample = evenlySpaced(points, MAX_PAIRWISE_POINTS);
  const slopes: number[] = [];
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < sample.length; i++) {
    for (let j = i + 1; j < sample.length; j++) {
      const dt = sample[j].t - sample[i].t;
      const dy = sample[j].y - sample[i].y;
      if (dt > 0) slopes.push(dy / dt);
      const sign = Math.sign(dt) * Math.sign(dy);
      if (sign > 0) concordant++;
      else if (sign < 0) discordant++;
    }
  }
  const pairs = (sample.length * (sample.length - 1)) / 2;
  const slope = median(slopes);
  const intercept = median(sample.map((p) => p.y - slope * p.t));
  const residuals = sample.map((p) => Math.abs(p.y - slope * p.t - intercept));
  return {
    slope,
    tau: pairs ? (concordant - discordant) / pairs : 0,
    noise: 1.4826 * median(residuals),
    span: points.length ? points[points.length - 1].t - points[0].t : 0,
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

function at(cycle: GcCycle): string {
  return `cycle ${cycle.n} at ${formatSeconds(cycle.atSeconds)}`;
}

function cycleRange(cycles: GcCycle[], from: number, to: number): string {
  return from === to ? `cycle ${cycles[from].n}` : `cycles ${cycles[from].n}-${cycles[to].n}`;
}

function liveHeapVerdict(cycles: GcCycle[], first: number, last: number): { trend: GcTrend; rate: number; verdict: GcVerdict } {
  const count = last - first + 1;
  if (count < MIN_TREND_CYCLES) {
    return {
      trend: 'steady',
      rate: 0,
      verdict: {
        kind: 'tooFewCycles',
        sentence: `Only ${count} collection${count === 1 ? '' : 's'} (${cycleRange(cycles, first, last)}): too few to tell whether the live heap grows.`,
        cycles: range(first, last),
      },
    };
  }
  const points = cycles.slice(first, last + 1).map((cycle) => ({ t: cycle.atSeconds, y: cycle.heapLiveMB }));
  const start = points[0].t;
  const middle = start + (points[points.length - 1].t - start) / 2;
  let lateFrom = points.findIndex((p) => p.t >= middle);
  // The recent half by time, but never fewer than a few cycles.
  lateFrom = Math.min(lateFrom, points.length - Math.max(4, Math.floor(points.length / 4)));
  const whole = fit(points);
  const late = fit(points.slice(lateFrom));
  const overall = direction(whole, 0.3, 2);
  const recent = direction(late, 0.2, 1);
  const lateFirst = first + lateFrom;
  const rate = late.slope * 60;
  if (overall !== 0 && overall === recent) {
    const peak = overall > 0 ? argMax(cycles, first, last) : argMin(cycles, first, last);
    const trend: GcTrend = overall > 0 ? 'growing' : 'shrinking';
    const verb = overall > 0 ? 'grows' : 'shrinks';
    return {
      trend,
      rate,
      verdict: {
        kind: trend,
        sentence:
          `The live heap after each collection ${verb} steadily, about ${formatMB(Math.abs(rate))} per minute lately: ` +
          `${formatMB(cycles[first].heapLiveMB)} at ${at(cycles[first])}, ${formatMB(cycles[lateFirst].heapLiveMB)} at ${at(cycles[lateFirst])}, ` +
          `${formatMB(cycles[last].heapLiveMB)} at ${at(cycles[last])}` +
          (overall > 0 ? ` (peak ${formatMB(cycles[peak].heapLiveMB)} at cycle ${cycles[peak].n})` : '') +
          (overall > 0 ? '. Something keeps memory it no longer needs: compare two heap profiles taken a while apart.' : '.'),
        cycles: [...new Set([first, lateFirst, peak, last])].sort((a, b) => a - b),
      },
    };
  }
  const recentLive = cycles.slice(lateFirst, last + 1).map((cycle) => cycle.heapLiveMB);
  const low = argMin(cycles, lateFirst, last);
  const high = argMax(cycles, lateFirst, last);
  const warmUp = overall > 0 && recent === 0;
  return {
    trend: 'steady',
    rate,
    verdict: {
      kind: 'steady',
      sentence:
        `The live heap after each collection stays flat around ${formatMB(median(recentLive))} ` +
        `(between ${formatMB(cycles[low].heapLiveMB)} at cycle ${cycles[low].n} and ${formatMB(cycles[high].heapLiveMB)} at cycle ${cycles[high].n}, ${cycleRange(cycles, lateFirst, last)})` +
        (warmUp ? `, after growing from ${formatMB(cycles[first].heapLiveMB)} at ${at(cycles[first])} while the program warmed up` : '') +
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

function argMax(cycles: GcCycle[], from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i <= to; i++) if (cycles[i].heapLiveMB > cycles[best].heapLiveMB) best = i;
  return best;
}

function argMin(cycles: GcCycle[], from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i <= to; i++) if (cycles[i].heapLiveMB < cycles[best].heapLiveMB) best = i;
  return best;
}

function gcCpuVerdict(cycles: GcCycle[], first: number, last: number): GcVerdict | undefined {
  const final = cycles[last];
  if (final.cpuPercent <= GC_CPU_LIMIT_PERCENT) return undefined;
  // Where it went above the limit for good.
  let since = last;
  while (since > first && cycles[since - 1].cpuPercent > GC_CPU_LIMIT_PERCENT) since--;
  return {
    kind: 'gcCpu',
    sentence:
      `The GC has used ${final.cpuPercent}% of the CPU since the program started (${at(final)}), above ${GC_CPU_LIMIT_PERCENT}% since cycle ${cycles[since].n}: ` +
      'allocate less, or give the heap more room with GOGC or GOMEMLIMIT.',
    cycles: since === last ? [last] : [since, last],
  };
}

/**
 * The goal normally follows the live heap (goal ≈ live × (1 + GOGC/100)); a memory limit caps it,
 * so the headroom above the live heap collapses and collections come faster.
 */
function goalPinnedVerdict(cycles: GcCycle[], first: number, last: number): GcVerdict | undefined {
  const ratios = new Float64Array(last - first + 1).fill(NaN);
  for (let i = first + 1; i <= last; i++) {
    const previousLive = cycles[i - 1].heapLiveMB + (cycles[i - 1].stacksMB ?? 0) + (cycles[i - 1].globalsMB ?? 0);
    // Below 4 MB the runtime's minimum heap sets the goal, not the live heap.
    if (previousLive >= 4) ratios[i - first] = cycles[i].goalMB / previousLive;
  }
  const known = ratios.filter((ratio) => !Number.isNaN(ratio));
  if (known.length < 2 * MIN_TREND_CYCLES) return undefined;
  const normal = median(known.subarray(0, Math.max(MIN_TREND_CYCLES, Math.floor(known.length / 4))));
  if (normal < 1.1) return undefined;
  const pinned = Array.from(ratios, (ratio) => !Number.isNaN(ratio) && ratio - 1 < (normal - 1) / 2);
  // The longest stretch of pinned cycles, forgiving short gaps.
  let best: [number, number] | undefined;
  let stretchStart = -1;
  let gap = 0;
  for (let k = 0; k < pinned.length; k++) {
    if (pinned[k]) {
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
  const pinnedGoals = cycles.slice(from, to + 1).map((cycle) => cycle.goalMB);
  // How much the program may allocate between two collections: with the goal pinned, less and
  // less, so collections come more often for the same allocation.
  const allocatedBetween = (a: number, b: number) => {
    const values: number[] = [];
    for (let i = Math.max(a, first + 1); i <= b; i++) {
      if (cycles[i - 1].heapLiveMB >= 4) values.push(Math.max(0, cycles[i].heapStartMB - cycles[i - 1].heapLiveMB));
    }
    return values.length >= 3 ? median(values) : NaN;
  };
  const before = allocatedBetween(first + 1, from - 1);
  const during = allocatedBetween(from + 1, to);
  const faster = !Number.isNaN(before) && !Number.isNaN(during) && during < before;
  const seconds = (to > from ? cycles[to].atSeconds - cycles[from].atSeconds : 0) / Math.max(1, to - from);
  return {
    kind: 'goalPinned',
    sentence:
      `From ${at(cycles[from])} to cycle ${cycles[to].n} the heap goal stops following the live heap: it stays near ${formatMB(median(pinnedGoals))} ` +
      `while the live heap reaches ${formatMB(cycles[argMax(cycles, from, to)].heapLiveMB)}` +
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

function forcedVerdict(cycles: GcCycle[], first: number, last: number): GcVerdict | undefined {
  const forced: number[] = [];
  for (let i = first; i <= last; i++) if (cycles[i].forced) forced.push(i);
  const count = last - first + 1;
  if (forced.length * 2 <= count) return undefined;
  return {
    kind: 'forced',
    sentence:
      `Forced collections dominate: ${forced.length} of ${count} cycles were started by runtime.GC() or debug.FreeOSMemory(), not by the pacer ` +
      `(first cycle ${cycles[forced[0]].n}, last cycle ${cycles[forced[forced.length - 1]].n}); each costs a full mark, so call them less often.`,
    cycles: forced.length > 2 ? [forced[0], forced[forced.length - 1]] : forced,
  };
}

/** The verdicts about the last run of the program in the trace; the trace must hold a cycle. */
export function analyzeGcTrace(trace: GcTrace): GcAnalysis {
  const cycles = trace.cycles;
  if (cycles.length === 0) throw new Error('analyzeGcTrace needs at least one cycle');
  const last = cycles.length - 1;
  const lastRun = cycles[last].run;
  let first = last;
  while (first > 0 && cycles[first - 1].run === lastRun) first--;
  const verdicts: GcVerdict[] = [];
  if (trace.runs > 1) {
    verdicts.push({
      kind: 'severalRuns',
      sentence: `The log holds ${trace.runs} runs of a program (the cycle numbers restart); these verdicts are about the last one, from line ${cycles[first].line + 1}.`,
      cycles: [first],
    });
  }
  const live = liveHeapVerdict(cycles, first, last);
  verdicts.push(live.verdict);
  for (const verdict of [gcCpuVerdict(cycles, first, last), goalPinnedVerdict(cycles, first, last), forcedVerdict(cycles, first, last)]) {
    if (verdict) verdicts.push(verdict);
  }
  return { trend: live.trend, liveRateMBPerMinute: live.rate, verdicts, firstCycle: first, lastCycle: last };
}
