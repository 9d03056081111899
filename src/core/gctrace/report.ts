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

/** The bytes of an ASCII literal. */
function ascii(literal: string): Uint8Array {
  return Uint8Array.from(literal, (character) => character.charCodeAt(0));
}

/**
 * ASCII bytes written into one buffer, handed to `sink` each time it fills (and at the end): the
 * JSON of a huge trace without a string per number, and without a buffer as large as the JSON
 * (fresh memory is slow to touch). The sink must be done with the bytes when it returns.
 */
class AsciiWriter {
  private readonly bytes: Uint8Array;
  private length = 0;

  constructor(
    capacity: number,
    private readonly sink: (bytes: Uint8Array) => void,
  ) {
    this.bytes = new Uint8Array(Math.max(1024, capacity));
  }

  /** Makes room for `count` more bytes (at most the buffer's size) by handing on what it holds. */
  private reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    this.flush();
  }

  flush(): void {
    if (this.length) this.sink(this.bytes.subarray(0, this.length));
    this.length = 0;
  }

  /** ASCII bytes of a literal. */
  literal(literal: Uint8Array): void {
    this.reserve(literal.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < literal.length; i++) bytes[at++] = literal[i];
    this.length = at;
  }

  /** Text that is ASCII. */
  text(text: string): void {
    for (let from = 0; from < text.length; from += this.bytes.length) {
      const to = Math.min(text.length, from + this.bytes.length);
      this.reserve(to - from);
      const bytes = this.bytes;
      let at = this.length;
      for (let i = from; i < to; i++) bytes[at++] = text.charCodeAt(i);
      this.length = at;
    }
  }

  /** Any text, as UTF-8. */
  utf8(text: string): void {
    const encoded = new TextEncoder().encode(text);
    for (let from = 0; from < encoded.length; from += this.bytes.length) {
      const piece = encoded.subarray(from, from + this.bytes.length);
      this.reserve(piece.length);
      this.bytes.set(piece, this.length);
      this.length += piece.length;
    }
  }

  /**
   * A number as JSON.stringify writes it: whole numbers and short decimals (a trace's seconds and
   * milliseconds) digit by digit, others through String().
   */
  number(value: number): void {
    if (!Number.isInteger(value)) {
      // The fewest decimals that give back the value exactly are what String() prints (m and 10^k
      // are exact doubles, so m / 10^k is the double nearest the decimal m·10^-k).
      if (value >= 1e-6 && value < 1e9) {
        for (let k = 1; k <= 6; k++) {
          const scale = POWERS_OF_TEN[k];
          const m = Math.round(value * scale);
          if (m / scale !== value) continue;
          const whole = Math.floor(m / scale);
          this.whole(whole);
          this.reserve(k + 1);
          const bytes = this.bytes;
          bytes[this.length] = 46; // .
          let fraction = m - whole * scale;
          for (let at = this.length + k; at > this.length; at--) {
            bytes[at] = 48 + (fraction % 10);
            fraction = Math.floor(fraction / 10);
          }
          this.length += k + 1;
          return;
        }
      }
      this.text(Number.isFinite(value) ? String(value) : 'null');
      return;
    }
    if (value < 0 || value > 1e15) {
      this.text(String(value));
      return;
    }
    this.whole(value);
  }

  /** A whole number from 0 to 1e15, digit by digit. */
  private whole(value: number): void {
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

/** 10^k for k = 0..6, exact doubles. */
const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000];

const JSON_START = ascii('{"version":1,"cycles":[');
const FIRST_CYCLE = ascii('{"n":');
const NEXT_CYCLE = ascii(',{"n":');
const AT_SECONDS = ascii(',"atSeconds":');
const CPU_PERCENT = ascii(',"cpuPercent":');
const HEAP_START = ascii(',"heapStartMB":');
const HEAP_END = ascii(',"heapEndMB":');
const HEAP_LIVE = ascii(',"heapLiveMB":');
const GOAL = ascii(',"goalMB":');
const FORCED = ascii(',"forced":true}');
const NOT_FORCED = ascii(',"forced":false}');

/**
 * Writes the bytes of JSON.stringify(gcTraceJson(trace)) and a newline to `sink`, in pieces of at
 * most `pieceBytes`, from the columns: an object and a few strings per cycle cost more than reading
 * the trace (80,000 cycles are 10 MB of JSON). The sink must be done with a piece when it returns.
 */
export function writeGcTraceJson(trace: GcTrace, sink: (bytes: Uint8Array) => void, analysis: GcAnalysis = analyzeGcTrace(trace), pieceBytes = 65536): void {
  const c = trace.columns;
  const out = new AsciiWriter(pieceBytes, sink);
  out.literal(JSON_START);
  for (let i = 0; i < c.length; i++) {
    out.literal(i ? NEXT_CYCLE : FIRST_CYCLE);
    out.number(c.n[i]);
    out.literal(AT_SECONDS);
    out.number(c.atSeconds[i]);
    out.literal(CPU_PERCENT);
    out.number(c.cpuPercent[i]);
    out.literal(HEAP_START);
    out.number(c.heapStartMB[i]);
    out.literal(HEAP_END);
    out.number(c.heapEndMB[i]);
    out.literal(HEAP_LIVE);
    out.number(c.heapLiveMB[i]);
    out.literal(GOAL);
    out.number(c.goalMB[i]);
    out.literal(c.forced[i] === 1 ? FORCED : NOT_FORCED);
  }
  const verdicts = JSON.stringify(analysis.verdicts.map((verdict) => verdict.sentence));
  out.utf8(`],"skippedLines":${trace.skippedLines},"trend":${JSON.stringify(analysis.trend)},"verdicts":${verdicts}}\n`);
  out.flush();
}

/** The bytes writeGcTraceJson writes, in one array. */
export function gcTraceJsonBytes(trace: GcTrace, analysis: GcAnalysis = analyzeGcTrace(trace)): Uint8Array {
  const pieces: Uint8Array[] = [];
  let length = 0;
  writeGcTraceJson(
    trace,
    (piece) => {
      pieces.push(piece.slice());
      length += piece.length;
    },
    analysis,
  );
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
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
