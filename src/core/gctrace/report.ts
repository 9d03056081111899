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
  const c = trace.columns;
  const cycles: GcTraceJson['cycles'] = [];
  for (let i = 0; i < c.length; i++) {
    cycles.push({
      n: c.n[i],
      atSeconds: c.atSeconds[i],
      cpuPercent: c.cpuPercent[i],
      heapStartMB: c.heapStartMB[i],
      heapEndMB: c.heapEndMB[i],
      heapLiveMB: c.heapLiveMB[i],
      goalMB: c.goalMB[i],
      forced: c.forced[i] === 1,
    });
  }
  return {
    version: 1,
    cycles,
    skippedLines: trace.skippedLines,
    trend: analysis.trend,
    verdicts: analysis.verdicts.map((verdict) => verdict.sentence),
  };
}

/** ASCII bytes written into a buffer that grows: the JSON of a huge trace without a string per number. */
class AsciiWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(1024, capacity));
  }

  private reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + count));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Text that is ASCII. */
  text(text: string): void {
    this.reserve(text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Any text, as UTF-8. */
  utf8(text: string): void {
    const encoded = new TextEncoder().encode(text);
    this.reserve(encoded.length);
    this.bytes.set(encoded, this.length);
    this.length += encoded.length;
  }

  /** A number as JSON.stringify writes it: whole numbers digit by digit, others through String(). */
  number(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 1e15) {
      this.text(Number.isFinite(value) ? String(value) : 'null');
      return;
    }
    this.reserve(16);
    const bytes = this.bytes;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    let rest = value;
    do {
      bytes[--at] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }
}

/**
 * The bytes of JSON.stringify(gcTraceJson(trace)), written from the columns: an object and a few
 * strings per cycle cost more than reading the trace (80,000 cycles are 10 MB of JSON).
 */
export function gcTraceJsonBytes(trace: GcTrace, analysis: GcAnalysis = analyzeGcTrace(trace)): Uint8Array {
  const c = trace.columns;
  const out = new AsciiWriter(c.length * 130 + 4096);
  out.text('{"version":1,"cycles":[');
  for (let i = 0; i < c.length; i++) {
    out.text(i ? ',{"n":' : '{"n":');
    out.number(c.n[i]);
    out.text(',"atSeconds":');
    out.number(c.atSeconds[i]);
    out.text(',"cpuPercent":');
    out.number(c.cpuPercent[i]);
    out.text(',"heapStartMB":');
    out.number(c.heapStartMB[i]);
    out.text(',"heapEndMB":');
    out.number(c.heapEndMB[i]);
    out.text(',"heapLiveMB":');
    out.number(c.heapLiveMB[i]);
    out.text(',"goalMB":');
    out.number(c.goalMB[i]);
    out.text(c.forced[i] === 1 ? ',"forced":true}' : ',"forced":false}');
  }
  const verdicts = JSON.stringify(analysis.verdicts.map((verdict) => verdict.sentence));
  out.utf8(`],"skippedLines":${trace.skippedLines},"trend":${JSON.stringify(analysis.trend)},"verdicts":${verdicts}}\n`);
  return out.bytes.subarray(0, out.length);
}

export function gcTraceText(trace: GcTrace, analysis: GcAnalysis = analyzeGcTrace(trace)): string {
  const c = trace.columns;
  const first = analysis.firstCycle;
  const last = analysis.lastCycle;
  let maxLive = first;
  let maxPause = first;
  let forced = 0;
  for (let i = first; i <= last; i++) {
    if (c.heapLiveMB[i] > c.heapLiveMB[maxLive]) maxLive = i;
    if (c.pauseMs[i] > c.pauseMs[maxPause]) maxPause = i;
    forced += c.forced[i];
  }
  const count = last - first + 1;
  const lines = [
    `cycles:     ${count} (gc ${c.n[first]}-${c.n[last]}${forced ? `, ${forced} forced` : ''})` + (trace.runs > 1 ? `, last of ${trace.runs} runs; ${c.length} cycles in all` : ''),
    `time span:  ${formatSeconds(c.atSeconds[first])} to ${formatSeconds(c.atSeconds[last])}`,
    `live heap:  first ${formatMB(c.heapLiveMB[first])}, last ${formatMB(c.heapLiveMB[last])}, max ${formatMB(c.heapLiveMB[maxLive])} (gc ${c.n[maxLive]})`,
    `GC CPU:     ${c.cpuPercent[last]}% since start`,
    `STW pause:  max ${c.pauseMs[maxPause]} ms (gc ${c.n[maxPause]})`,
    `trend:      ${analysis.trend}`,
  ];
  if (trace.scavenges.length) lines.push(`scavenger:  ${trace.scavenges.length} lines`);
  lines.push(`skipped:    ${trace.skippedLines} of ${trace.totalLines} lines (not GC trace lines)`, '', 'verdicts:');
  for (const verdict of analysis.verdicts) lines.push(`- ${verdict.sentence}`);
  return lines.join('\n') + '\n';
}
