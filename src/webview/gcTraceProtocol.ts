// Messages between the GC trace view's host (src/client/gcTraceViewer.ts) and its webview, and the
// column form a trace travels in: one typed array per field, so 100,000 cycles cross in a few
// megabytes and need no per-object work on either side.
import type { GcAnalysis, GcTrace } from '../core/gctrace';

/**
 * A column as it travels: the smallest typed array that holds each of its values exactly (heaps
 * in whole MB fit in bytes or 16 bits, cycle numbers in 32), since a large trace's message is slow
 * to cross from VS Code's extension host to the webview, byte by byte.
 */
export type WireColumn = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** The cycles of the run the view shows (the last run of the log), one array per field. */
export interface WireCycles {
  n: WireColumn;
  atSeconds: WireColumn;
  cpuPercent: WireColumn;
  pauseMs: WireColumn;
  heapStartMB: WireColumn;
  heapEndMB: WireColumn;
  heapLiveMB: WireColumn;
  goalMB: WireColumn;
  /** 1 for a forced cycle. */
  forced: Uint8Array;
}

/** Scavenger lines of the same run; NaN where a line does not say. */
export interface WireScavenges {
  atSeconds: Float64Array;
  releasedTotalMB: Float64Array;
  retainedMB: Float64Array;
  utilPercent: Float64Array;
}

export interface WireVerdict {
  kind: string;
  sentence: string;
  /** Indices into WireCycles. */
  cycles: number[];
}

export interface WireTrace {
  cycles: WireCycles;
  scavenges: WireScavenges;
  verdicts: WireVerdict[];
  trend: string;
  skippedLines: number;
  totalLines: number;
  runs: number;
  /** Cycles in the whole log, all runs. */
  cyclesInLog: number;
}

export type GcHostToWebviewMessage =
  | { type: 'trace'; fileName: string; trace: WireTrace; following: boolean; openedAt: number }
  | { type: 'empty'; fileName: string; message: string; following: boolean }
  | { type: 'error'; fileName: string; message: string }
  | { type: 'rawLine'; cycle: number; line: number; text: string };

export type GcWebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'rawLine'; cycle: number }
  | { type: 'reveal'; cycle: number }
  | { type: 'measurement'; name: string; milliseconds: number };

export const MAX_GC_MEASUREMENT_NAME_LENGTH = 80;

/** A copy of `values` in the smallest typed array that holds them all exactly. */
export function narrowestColumn(values: Float64Array): WireColumn {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    // NaN, negative and fractional values (and -0) travel as they are.
    if (!(value >= 0 && Number.isInteger(value)) || Object.is(value, -0)) return values.slice();
    if (value > max) max = value;
  }
  if (max <= 0xff) return Uint8Array.from(values);
  if (max <= 0xffff) return Uint16Array.from(values);
  if (max <= 0xffffffff) return Uint32Array.from(values);
  return values.slice();
}

/** The run the verdicts are about, as columns for the webview. */
export function toWireTrace(trace: GcTrace, analysis: GcAnalysis): WireTrace {
  const first = analysis.firstCycle;
  const count = analysis.lastCycle - first + 1;
  const c = trace.columns;
  const to = first + count;
  const column = (values: Float64Array) => narrowestColumn(values.subarray(first, to));
  const cycles: WireCycles = {
    n: column(c.n),
    atSeconds: column(c.atSeconds),
    cpuPercent: column(c.cpuPercent),
    pauseMs: column(c.pauseMs),
    heapStartMB: column(c.heapStartMB),
    heapEndMB: column(c.heapEndMB),
    heapLiveMB: column(c.heapLiveMB),
    goalMB: column(c.goalMB),
    forced: c.forced.slice(first, to),
  };
  const run = c.run[first];
  const scavenges = trace.scavenges.filter((scavenge) => scavenge.run === run);
  const scavengeColumn = (pick: (index: number) => number | undefined) => Float64Array.from(scavenges, (_, index) => pick(index) ?? NaN);
  return {
    cycles,
    scavenges: {
      atSeconds: scavengeColumn((i) => scavenges[i].atSeconds),
      releasedTotalMB: scavengeColumn((i) => scavenges[i].releasedTotalMB),
      retainedMB: scavengeColumn((i) => scavenges[i].retainedMB),
      utilPercent: scavengeColumn((i) => scavenges[i].utilPercent),
    },
    verdicts: analysis.verdicts.map((verdict) => ({ kind: verdict.kind, sentence: verdict.sentence, cycles: verdict.cycles.map((index) => index - first).filter((index) => index >= 0) })),
    trend: analysis.trend,
    skippedLines: trace.skippedLines,
    totalLines: trace.totalLines,
    runs: trace.runs,
    cyclesInLog: c.length,
  };
}
