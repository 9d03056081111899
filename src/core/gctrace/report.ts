// The two outputs of `gomem gctrace`: a short text summary and a stable JSON document.
import { analyzeGcTrace, formatMB, formatSeconds, GcAnalysis, GcTrend } from './analyze';
import type { GcTrace } from './parse';

export interface GcTraceJson {
  version: 1;
  cycles: { n: number; atSeconds: number; cpuPercent: number; heapStartMB: number; heapEndMB: number; heapLiveMB: number; goalMB: number; forced: boolean }[];
  skippedLines: number;
  trend: GcTrend;
  verdicts: string[];
}

export function gcTraceJson(trace: GcTrace, analysis: GcAnalysis = analyzeGcTrace(trace)): GcTraceJson {
  return {
    version: 1,
    cycles: trace.cycles.map((cycle) => ({
      n: cycle.n,
      atSeconds: cycle.atSeconds,
      cpuPercent: cycle.cpuPercent,
      heapStartMB: cycle.heapStartMB,
      heapEndMB: cycle.heapEndMB,
      heapLiveMB: cycle.heapLiveMB,
      goalMB: cycle.goalMB,
      forced: cycle.forced,
    })),
    skippedLines: trace.skippedLines,
    trend: analysis.trend,
    verdicts: analysis.verdicts.map((verdict) => verdict.sentence),
  };
}

export function gcTraceText(trace: GcTrace, analysis: GcAnalysis = analyzeGcTrace(trace)): string {
  const cycles = trace.cycles.slice(analysis.firstCycle, analysis.lastCycle + 1);
  const first = cycles[0];
  const last = cycles[cycles.length - 1];
  let maxLive = first;
  let maxPause = first;
  let forced = 0;
  for (const cycle of cycles) {
    if (cycle.heapLiveMB > maxLive.heapLiveMB) maxLive = cycle;
    if (cycle.pauseMs > maxPause.pauseMs) maxPause = cycle;
    if (cycle.forced) forced++;
  }
  const lines = [
    `cycles:     ${cycles.length} (gc ${first.n}-${last.n}${forced ? `, ${forced} forced` : ''})` +
      (trace.runs > 1 ? `, last of ${trace.runs} runs; ${trace.cycles.length} cycles in all` : ''),
    `time span:  ${formatSeconds(first.atSeconds)} to ${formatSeconds(last.atSeconds)}`,
    `live heap:  first ${formatMB(first.heapLiveMB)}, last ${formatMB(last.heapLiveMB)}, max ${formatMB(maxLive.heapLiveMB)} (gc ${maxLive.n})`,
    `GC CPU:     ${last.cpuPercent}% since start`,
    `STW pause:  max ${maxPause.pauseMs} ms (gc ${maxPause.n})`,
    `trend:      ${analysis.trend}`,
  ];
  if (trace.scavenges.length) lines.push(`scavenger:  ${trace.scavenges.length} lines`);
  lines.push(`skipped:    ${trace.skippedLines} of ${trace.totalLines} lines (not GC trace lines)`, '', 'verdicts:');
  for (const verdict of analysis.verdicts) lines.push(`- ${verdict.sentence}`);
  return lines.join('\n') + '\n';
}
