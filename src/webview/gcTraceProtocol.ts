// Messages between the GC trace view's host (src/client/gcTraceViewer.ts) and its webview, and the
// column form a trace travels in: one typed array per field, so 100,000 cycles cross in a few
// megabytes and need no per-object work on either side.
import type { GcAnalysis, GcTrace } from '../core/gctrace';

/** The cycles of the run the view shows (the last run of the log), one array per field. */
export interface WireCycles {
  n: Float64Array;
  atSeconds: Float64Array;
  cpuPercent: Float64Array;
  pauseMs: Float64Array;
  heapStartMB: Float64Array;
  heapEndMB: Float64Array;
  heapLiveMB: Float64Array;
  goalMB: Float64Array;
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

/** The run the verdicts are about, as columns for the webview. */
export function toWireTrace(trace: GcTrace, analysis: GcAnalysis): WireTrace {
  const first = analysis.firstCycle;
  const count = analysis.lastCycle - first + 1;
  const c = trace.columns;
  const to = first + count;
  const cycles: WireCycles = {
    n: c.n.slice(first, to),
    atSeconds: c.atSeconds.slice(first, to),
    cpuPercent: c.cpuPercent.slice(first, to),
    pauseMs: c.pauseMs.slice(first, to),
    heapStartMB: c.heapStartMB.slice(first, to),
    heapEndMB: c.heapEndMB.slice(first, to),
    heapLiveMB: c.heapLiveMB.slice(first, to),
    goalMB: c.goalMB.slice(first, to),
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
