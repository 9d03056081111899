// Reads the lines the Go runtime prints with GODEBUG=gctrace=1 (one per collection) and
// GODEBUG=scavtrace=1 (the scavenger), wherever they sit in a log: alone, between application
// lines, after a timestamp or a container prefix, or glued to an unfinished application line.
// Formats, from the runtime's mgc.go and mgcscavenge.go:
//   gc 41 @12.503s 3%: 0.061+1.2+0.003 ms clock, 0.24+0.35/1.1/2.4+0.012 ms cpu,
//      42->49->28 MB, 47 MB goal, 0 MB stacks, 0 MB globals, 8 P (forced)
//   (Go 1.5-1.17 lack "stacks" and "globals"; Go 1.5/1.6 print more clock and cpu phases)
//   scav 0 KiB work (bg), 186960 KiB work (eager), 208712 KiB now, 9% util (forced)  Go 1.21+
//   scav 48184 KiB work, 48632 KiB total, 83% util (forced)                          Go 1.17-1.20
//   scav 3 48184 KiB work, 48632 KiB total, 83% util                                 Go 1.14-1.16
//   scvg4: inuse: 426, idle: 0, sys: 427, released: 0, consumed: 427 (MB)           Go 1.13 and older
//   scvg4: 512 MB released                                                          Go 1.13 and older

/** One garbage collection, as its gctrace line tells it. */
export interface GcCycle {
  /** The runtime's cycle number (restarts at 1 when the log holds another run). */
  n: number;
  /** Seconds from the program's start to the start of the cycle. */
  atSeconds: number;
  /** Share of the CPU the GC has used since the program started, as the runtime prints it. */
  cpuPercent: number;
  /**
   * Wall-clock phases in ms as printed, "0.061+1.2+0.003": stop-the-world sweep termination,
   * concurrent mark, stop-the-world mark termination (phaseValues() gives the numbers; kept as
   * text because a trace can hold millions of cycles).
   */
  clock: string;
  /** CPU time phases in ms as printed: sweep termination + assist/background/idle mark + mark termination. */
  cpu: string;
  /** Stop-the-world time of the cycle: the first and last clock phases. */
  pauseMs: number;
  heapStartMB: number;
  heapEndMB: number;
  /** Heap marked live by this cycle. */
  heapLiveMB: number;
  goalMB: number;
  /** Go 1.18 and newer. */
  stacksMB?: number;
  globalsMB?: number;
  procs: number;
  /** runtime.GC() or debug.FreeOSMemory() started it, not the pacer. */
  forced: boolean;
  /** 0-based line of the log it was read from. */
  line: number;
  /** Which run of the program (0-based) when the log holds several: the numbering restarts. */
  run: number;
}

/** One line of the scavenger (GODEBUG=scavtrace=1, or gctrace=1 before Go 1.14). */
export interface ScavengeLine {
  /** MB returned to the OS since the previous scavenger line, when the line says it. */
  releasedSinceMB?: number;
  /** MB of address space returned to the OS in all, when the line says it. */
  releasedTotalMB?: number;
  /** MB kept from the OS (sys - released), printed only before Go 1.14. */
  retainedMB?: number;
  /** Share of the retained heap memory in use, Go 1.14 and newer. */
  utilPercent?: number;
  forced: boolean;
  /** Time of the last collection before it (scavenger lines carry no time), 0 before any. */
  atSeconds: number;
  /** Index in `cycles` of the last collection before it, -1 before any. */
  afterCycle: number;
  line: number;
  run: number;
}

/**
 * The cycles of a trace, one array per field: what the analysis, the CLI and the view read, since
 * a trace can hold millions of cycles and an object per cycle cost more than reading the lines.
 */
export interface GcCycleColumns {
  readonly length: number;
  readonly n: Float64Array;
  readonly atSeconds: Float64Array;
  readonly cpuPercent: Float64Array;
  readonly pauseMs: Float64Array;
  readonly heapStartMB: Float64Array;
  readonly heapEndMB: Float64Array;
  readonly heapLiveMB: Float64Array;
  readonly goalMB: Float64Array;
  /** NaN where the line does not say (before Go 1.18). */
  readonly stacksMB: Float64Array;
  readonly globalsMB: Float64Array;
  readonly procs: Float64Array;
  /** 1 for a forced cycle. */
  readonly forced: Uint8Array;
  readonly line: Float64Array;
  readonly run: Float64Array;
}

export interface GcTrace {
  /** Every cycle as an object, made when first asked for (large traces: read `columns`). */
  readonly cycles: GcCycle[];
  /** The same cycles as columns. */
  readonly columns: GcCycleColumns;
  scavenges: ScavengeLine[];
  /** Lines that are neither (application output, blank lines, unfinished trace lines). */
  skippedLines: number;
  totalLines: number;
  /** Number of program runs in the log (1 when nothing restarted). */
  runs: number;
}

/** How a trace line ends: a line ending so, with a goal, may be a trace line the application broke into. */
const GC_LINE_END = / MB goal, .*\d+ P( \(forced\))?$/;
/**
 * Matches the longest start of `text` that a trace line could begin with (Go 1.18+ layout): where
 * it stops is where foreign text was cut in, give or take the digits of a number.
 */
const GC_LINE_PREFIX = (() => {
  const pieces = ['gc ', '#?\\d+', ' @', '\\d+(?:\\.\\d+)?', 's ', '\\d+', '%: ', '[\\d.+]+', ' ms clock, ', '[\\d.+/]+', ' ms cpu, ', '\\d+', '->', '\\d+', '->', '\\d+', ' MB, ', '\\d+', ' MB goal, ', '\\d+', ' MB stacks, ', '\\d+', ' MB globals, ', '\\d+', ' P'];
  const nested = pieces.reduceRight((inner, piece) => `${piece}(?:${inner})?`, '');
  return new RegExp(`^${nested}`);
})();
/** Longest text a repair tries to mend (cost grows with its square). */
const MAX_REPAIR_LENGTH = 400;
/** Most repairs per parse, so an adversarial log cannot make the parse quadratic. */
const MAX_REPAIRS = 10_000;
const SCAV_NEW = /scav (\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB now, (\d+)% util( \(forced\))?/;
const SCAV_MID = /scav (?:\d+ )?(\d+) KiB work, (\d+) KiB total, (\d+)% util( \(forced\))?/;
const SCVG_SUMMARY = /scvg\d*: inuse: (\d+), idle: (\d+), sys: (\d+), released: (\d+), consumed: (\d+) \(MB\)/;
const SCVG_RELEASED = /scvg\d*: (\d+) MB released/;

const KIB_PER_MB = 1024;

/** The numbers of a phase list, "0.061+1.2+0.003" or "0.24+0.35/1.1/2.4+0.012". */
export function phaseValues(text: string): number[] {
  return text.split(/[+/]/).map(Number);
}

// The scanner of a cycle line. It reads the text where it lies, by character codes, and keeps
// what it read in the variables below, so that a log of millions of lines costs no string or
// match array per line (a regular expression per line cost half of `gomem gctrace`). It accepts
// exactly what this expression does, first match in the line:
//   gc #?(\d+) @(\d+(?:\.\d+)?)s (\d+)%: ([\d.+]+) ms clock, ([\d.+/]+) ms cpu, (\d+)->(\d+)->(\d+) MB,
//   (\d+) MB goal, (?:(\d+) MB stacks, )?(?:(\d+) MB globals, )?(\d+) P( \(forced\))?

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_PLUS = 43;
const CODE_SLASH = 47;
/** Powers of ten that are exact doubles: a decimal of up to 15 digits divided by one is correctly rounded. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Where the last scanned number ended, and its value. */
let numberEnd = 0;
let numberValue = 0;

/** Reads \d+ at `at` (before `end`) into numberValue; false when there is no digit there. */
function scanInteger(text: string, at: number, end: number): boolean {
  let i = at;
  let value = 0;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < CODE_0 || code > CODE_9) break;
    value = value * 10 + (code - CODE_0);
  }
  if (i === at) return false;
  // Past 15 digits the sum above may round differently from Number().
  numberValue = i - at > 15 ? Number(text.slice(at, i)) : value;
  numberEnd = i;
  return true;
}

/** Reads \d+(?:\.\d+)? at `at` into numberValue; false when there is no digit there. */
function scanDecimal(text: string, at: number, end: number): boolean {
  if (!scanInteger(text, at, end)) return false;
  const dot = numberEnd;
  if (dot + 1 >= end || text.charCodeAt(dot) !== CODE_DOT) return true;
  const code = text.charCodeAt(dot + 1);
  if (code < CODE_0 || code > CODE_9) return true;
  const whole = numberValue;
  const wholeDigits = dot - at;
  scanInteger(text, dot + 1, end);
  const fractionDigits = numberEnd - dot - 1;
  numberValue =
    wholeDigits + fractionDigits > 15 ? Number(text.slice(at, numberEnd)) : (whole * EXACT_POWERS_OF_TEN[fractionDigits] + numberValue) / EXACT_POWERS_OF_TEN[fractionDigits];
  return true;
}

/** The value of text[from, to) as Number() reads it: a plain decimal without a string, anything else through one. */
function numberAt(text: string, from: number, to: number): number {
  if (scanDecimal(text, from, to) && numberEnd === to) return numberValue;
  return Number(text.slice(from, to));
}

/** Whether `literal` is at text[at..] within `end`. */
function literalAt(text: string, at: number, end: number, literal: string): boolean {
  return at + literal.length <= end && text.startsWith(literal, at);
}

/** Reads a run of digits, dots, pluses (and slashes when `slashes`) at `at`; its end, or -1 when empty. */
function scanPhases(text: string, at: number, end: number, slashes: boolean): number {
  let i = at;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= CODE_0 && code <= CODE_9) || code === CODE_DOT || code === CODE_PLUS || (slashes && code === CODE_SLASH))) break;
  }
  return i === at ? -1 : i;
}

/** The fields of the last cycle line scanned. */
const scanned = {
  n: 0,
  atSeconds: 0,
  cpuPercent: 0,
  clockFrom: 0,
  clockTo: 0,
  cpuFrom: 0,
  cpuTo: 0,
  heapStartMB: 0,
  heapEndMB: 0,
  heapLiveMB: 0,
  goalMB: 0,
  stacksMB: undefined as number | undefined,
  globalsMB: undefined as number | undefined,
  procs: 0,
  forced: false,
};

/** Scans a cycle line starting at `at` ("gc " there) and ending by `end`; where it ends, or -1. */
function scanCycleAt(text: string, at: number, end: number): number {
  let i = at + 3;
  if (i < end && text.charCodeAt(i) === 35 /* # */) i++;
  if (!scanInteger(text, i, end)) return -1;
  scanned.n = numberValue;
  i = numberEnd;
  if (!literalAt(text, i, end, ' @') || !scanDecimal(text, i + 2, end)) return -1;
  scanned.atSeconds = numberValue;
  i = numberEnd;
  if (!literalAt(text, i, end, 's ') || !scanInteger(text, i + 2, end)) return -1;
  scanned.cpuPercent = numberValue;
  i = numberEnd;
  if (!literalAt(text, i, end, '%: ')) return -1;
  scanned.clockFrom = i += 3;
  i = scanPhases(text, i, end, false);
  if (i < 0 || !literalAt(text, i, end, ' ms clock, ')) return -1;
  scanned.clockTo = i;
  scanned.cpuFrom = i += 11;
  i = scanPhases(text, i, end, true);
  if (i < 0 || !literalAt(text, i, end, ' ms cpu, ')) return -1;
  scanned.cpuTo = i;
  if (!scanInteger(text, i + 9, end)) return -1;
  scanned.heapStartMB = numberValue;
  i = numberEnd;
  if (!literalAt(text, i, end, '->') || !scanInteger(text, i + 2, end)) return -1;
  scanned.heapEndMB = numberValue;
  i = numberEnd;
  if (!literalAt(text, i, end, '->') || !scanInteger(text, i + 2, end)) return -1;
  scanned.heapLiveMB = numberValue;
  i = numberEnd;
  if (!literalAt(text, i, end, ' MB, ') || !scanInteger(text, i + 5, end)) return -1;
  scanned.goalMB = numberValue;
  i = numberEnd;
  if (!literalAt(text, i, end, ' MB goal, ') || !scanInteger(text, i + 10, end)) return -1;
  i = numberEnd;
  scanned.stacksMB = undefined;
  scanned.globalsMB = undefined;
  if (literalAt(text, i, end, ' MB stacks, ')) {
    scanned.stacksMB = numberValue;
    if (!scanInteger(text, i + 12, end)) return -1;
    i = numberEnd;
  }
  if (literalAt(text, i, end, ' MB globals, ')) {
    scanned.globalsMB = numberValue;
    if (!scanInteger(text, i + 13, end)) return -1;
    i = numberEnd;
  }
  if (!literalAt(text, i, end, ' P')) return -1;
  scanned.procs = numberValue;
  i += 2;
  scanned.forced = literalAt(text, i, end, ' (forced)');
  return scanned.forced ? i + 9 : i;
}

/** Stop-the-world time: the first and last clock phases (sweep and mark termination). */
function pauseOf(text: string, from: number, to: number): number {
  const first = text.indexOf('+', from);
  if (first === -1 || first >= to) return numberAt(text, from, to);
  const last = text.lastIndexOf('+', to - 1);
  return Math.round((numberAt(text, from, first) + numberAt(text, last + 1, to)) * 1e6) / 1e6;
}

/** Growable columns of the cycles read, and where their text lies (offsets into retained texts). */
class CycleStore {
  length = 0;
  n = new Float64Array(0);
  atSeconds = new Float64Array(0);
  cpuPercent = new Float64Array(0);
  pauseMs = new Float64Array(0);
  heapStartMB = new Float64Array(0);
  heapEndMB = new Float64Array(0);
  heapLiveMB = new Float64Array(0);
  goalMB = new Float64Array(0);
  stacksMB = new Float64Array(0);
  globalsMB = new Float64Array(0);
  procs = new Float64Array(0);
  forced = new Uint8Array(0);
  line = new Float64Array(0);
  run = new Float64Array(0);
  /** The text (index into `texts`) the fields were read from, and the clock and cpu phases in it. */
  source = new Uint32Array(0);
  clockFrom = new Uint32Array(0);
  clockTo = new Uint32Array(0);
  cpuFrom = new Uint32Array(0);
  cpuTo = new Uint32Array(0);
  /** The raw line: a text and a stretch of it (the same text as `source` unless the line was mended). */
  raw = new Uint32Array(0);
  rawFrom = new Uint32Array(0);
  rawTo = new Uint32Array(0);
  /** The texts cycles were read from; only those holding a cycle are kept. */
  readonly texts: string[] = [];

  /** Makes room for one more cycle, or `expected` more (room never written costs no memory). */
  reserve(expected = 1): void {
    if (this.length + expected <= this.n.length) return;
    const capacity = Math.max(256, this.n.length * 2, this.length + expected);
    const float = (old: Float64Array) => {
      const grown = new Float64Array(capacity);
      grown.set(old);
      return grown;
    };
    const index = (old: Uint32Array) => {
      const grown = new Uint32Array(capacity);
      grown.set(old);
      return grown;
    };
    this.n = float(this.n);
    this.atSeconds = float(this.atSeconds);
    this.cpuPercent = float(this.cpuPercent);
    this.pauseMs = float(this.pauseMs);
    this.heapStartMB = float(this.heapStartMB);
    this.heapEndMB = float(this.heapEndMB);
    this.heapLiveMB = float(this.heapLiveMB);
    this.goalMB = float(this.goalMB);
    this.stacksMB = float(this.stacksMB);
    this.globalsMB = float(this.globalsMB);
    this.procs = float(this.procs);
    const forced = new Uint8Array(capacity);
    forced.set(this.forced);
    this.forced = forced;
    this.line = float(this.line);
    this.run = float(this.run);
    this.source = index(this.source);
    this.clockFrom = index(this.clockFrom);
    this.clockTo = index(this.clockTo);
    this.cpuFrom = index(this.cpuFrom);
    this.cpuTo = index(this.cpuTo);
    this.raw = index(this.raw);
    this.rawFrom = index(this.rawFrom);
    this.rawTo = index(this.rawTo);
  }

  columns(): GcCycleColumns {
    const length = this.length;
    return {
      length,
      n: this.n.subarray(0, length),
      atSeconds: this.atSeconds.subarray(0, length),
      cpuPercent: this.cpuPercent.subarray(0, length),
      pauseMs: this.pauseMs.subarray(0, length),
      heapStartMB: this.heapStartMB.subarray(0, length),
      heapEndMB: this.heapEndMB.subarray(0, length),
      heapLiveMB: this.heapLiveMB.subarray(0, length),
      goalMB: this.goalMB.subarray(0, length),
      stacksMB: this.stacksMB.subarray(0, length),
      globalsMB: this.globalsMB.subarray(0, length),
      procs: this.procs.subarray(0, length),
      forced: this.forced.subarray(0, length),
      line: this.line.subarray(0, length),
      run: this.run.subarray(0, length),
    };
  }

  rawLine(index: number): string {
    return this.texts[this.raw[index]].slice(this.rawFrom[index], this.rawTo[index]);
  }

  cycle(index: number): GcCycle {
    const source = this.texts[this.source[index]];
    const stacks = this.stacksMB[index];
    const globals = this.globalsMB[index];
    return {
      n: this.n[index],
      atSeconds: this.atSeconds[index],
      cpuPercent: this.cpuPercent[index],
      clock: source.slice(this.clockFrom[index], this.clockTo[index]),
      cpu: source.slice(this.cpuFrom[index], this.cpuTo[index]),
      pauseMs: this.pauseMs[index],
      heapStartMB: this.heapStartMB[index],
      heapEndMB: this.heapEndMB[index],
      heapLiveMB: this.heapLiveMB[index],
      goalMB: this.goalMB[index],
      stacksMB: Number.isNaN(stacks) ? undefined : stacks,
      globalsMB: Number.isNaN(globals) ? undefined : globals,
      procs: this.procs[index],
      forced: this.forced[index] === 1,
      line: this.line[index],
      run: this.run[index],
    };
  }
}

/**
 * Parses a trace incrementally: feed it the log in chunks of any size (a file being written,
 * a terminal's output) and read `trace` at any time; a line counts once it is finished.
 */
export class GcTraceParser {
  private readonly store = new CycleStore();
  private cycleObjects: GcCycle[] = [];
  readonly trace: GcTrace;
  private pending = '';
  /** A line that may hold the beginning of a trace line the application's output cut off. */
  private held: { text: string; line: number } | undefined;
  private repairs = 0;
  /** Index in store.texts of the text being read, once a cycle came from it; -1 before. */
  private textIndex = -1;

  constructor() {
    const parser = this;
    const trace = {
      get cycles() {
        return parser.objects();
      },
      scavenges: [],
      skippedLines: 0,
      totalLines: 0,
      runs: 0,
    };
    // Not enumerable: a trace compares and prints as it did when it held only objects.
    Object.defineProperty(trace, 'columns', { get: () => parser.store.columns(), enumerable: false });
    this.trace = trace as typeof trace & { columns: GcCycleColumns };
  }

  /** The cycles as objects, made once each. */
  private objects(): GcCycle[] {
    for (let i = this.cycleObjects.length; i < this.store.length; i++) this.cycleObjects.push(this.store.cycle(i));
    return this.cycleObjects;
  }

  /** The text of a cycle's line (two lines joined when the application split it). */
  rawLine(index: number): string | undefined {
    return index >= 0 && index < this.store.length ? this.store.rawLine(index) : undefined;
  }

  /** Adds text; returns how many cycles it completed. */
  push(chunk: string): number {
    const before = this.store.length;
    const text = this.pending ? this.pending + chunk : chunk;
    // Room for a trace line every 100 characters: growing the columns would copy them.
    if (text.length > 65536) this.store.reserve(Math.ceil(text.length / 100));
    this.pending = text.slice(this.readLines(text, false));
    return this.store.length - before;
  }

  /** Reads the unfinished last line as it is (the end of the file). */
  finish(): GcTrace {
    if (this.pending) this.readLines(this.pending, true);
    this.pending = '';
    if (this.held) this.trace.skippedLines++;
    this.held = undefined;
    return this.trace;
  }

  /**
   * Reads the finished lines of `text` (and the unfinished last one when `toEnd`), where they lie;
   * returns where the unread rest starts. Each marker is searched for once per text, not per line.
   */
  private readLines(text: string, toEnd: boolean): number {
    this.textIndex = -1;
    let start = 0;
    // -2: not searched yet.
    let nextGc = -2;
    let nextScav = -2;
    let nextScvg = -2;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) {
        if (!toEnd) break;
        end = text.length;
      }
      // A CRLF line ends before its CR.
      const to = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (nextGc === -2 || (nextGc !== -1 && nextGc < start)) nextGc = text.indexOf('gc ', start);
      const gcAt = nextGc !== -1 && nextGc < to ? nextGc : -1;
      let scavenger = false;
      if (gcAt === -1) {
        if (nextScav === -2 || (nextScav !== -1 && nextScav < start)) nextScav = text.indexOf('scav', start);
        if (nextScvg === -2 || (nextScvg !== -1 && nextScvg < start)) nextScvg = text.indexOf('scvg', start);
        scavenger = (nextScav !== -1 && nextScav < to) || (nextScvg !== -1 && nextScvg < to);
      }
      this.readLine(text, start, to, gcAt, scavenger);
      start = end + 1;
    }
    return Math.min(start, text.length);
  }

  /** Reads the line text[from, to); gcAt is where its first "gc " is (-1: none), scavenger whether it names the scavenger. */
  private readLine(text: string, from: number, to: number, gcAt: number, scavenger: boolean): void {
    const trace = this.trace;
    const line = trace.totalLines++;
    let matched = false;
    for (let at = gcAt; at !== -1 && at + 3 <= to; at = text.indexOf('gc ', at + 1)) {
      if (scanCycleAt(text, at, to) !== -1) {
        matched = true;
        break;
      }
    }
    const held = this.held;
    this.held = undefined;
    if (held) {
      // The runtime prints a trace line in pieces; application output written meanwhile can
      // cut it in two lines, or sit inside it.
      const lineText = text.slice(from, to);
      const repaired = matched || !GC_LINE_END.test(lineText) ? undefined : this.repair(held.text + lineText);
      if (repaired !== undefined) {
        const raw = `${held.text}\n${lineText}`;
        this.addCycle(this.keep(repaired), held.line, this.keep(raw), 0, raw.length);
        return;
      }
      trace.skippedLines++;
    }
    if (matched) {
      if (this.textIndex < 0) this.textIndex = this.keep(text);
      this.addCycle(this.textIndex, line, this.textIndex, from, to);
      return;
    }
    if (gcAt !== -1) {
      const lineText = text.slice(from, to);
      const repaired = GC_LINE_END.test(lineText) ? this.repair(lineText) : undefined;
      if (repaired !== undefined) {
        this.addCycle(this.keep(repaired), line, this.keep(lineText), 0, lineText.length);
        return;
      }
      this.held = { text: lineText, line };
      return;
    }
    if (scavenger) {
      const scavenge = this.readScavenge(text.slice(from, to), line);
      if (scavenge) {
        trace.scavenges.push(scavenge);
        return;
      }
    }
    trace.skippedLines++;
  }

  /**
   * A trace line in `text` once one stretch of foreign text is cut out of it (the shortest that
   * works), starting at one of the last few "gc " of the text; undefined when there is none.
   * The line returned is the one last scanned.
   */
  private repair(text: string): string | undefined {
    if (!GC_LINE_END.test(text) || this.repairs >= MAX_REPAIRS) return undefined;
    this.repairs++;
    let from = text.length;
    for (let attempt = 0; attempt < 3; attempt++) {
      from = text.lastIndexOf('gc ', from - 1);
      if (from < 0) return undefined;
      const candidate = text.slice(from);
      if (candidate.length > MAX_REPAIR_LENGTH) return undefined;
      const validUpTo = GC_LINE_PREFIX.exec(candidate)?.[0].length ?? 3;
      for (let cut = 1; cut < candidate.length - 3; cut++) {
        for (let start = Math.max(3, validUpTo - 3); start + cut <= candidate.length; start++) {
          const mended = candidate.slice(0, start) + candidate.slice(start + cut);
          if (scanCycleAt(mended, 0, mended.length) === mended.length) return mended;
        }
      }
    }
    return undefined;
  }

  /** Keeps a text cycles were read from; its index. */
  private keep(text: string): number {
    return this.store.texts.push(text) - 1;
  }

  /** Adds the cycle last scanned, from the kept text `source`; its raw line is text `raw` [rawFrom, rawTo). */
  private addCycle(source: number, line: number, raw: number, rawFrom: number, rawTo: number): void {
    const trace = this.trace;
    const store = this.store;
    store.reserve();
    const i = store.length++;
    const n = scanned.n;
    if (i === 0 || n <= store.n[i - 1]) trace.runs++;
    const text = store.texts[source];
    store.n[i] = n;
    store.atSeconds[i] = scanned.atSeconds;
    store.cpuPercent[i] = scanned.cpuPercent;
    store.pauseMs[i] = pauseOf(text, scanned.clockFrom, scanned.clockTo);
    store.heapStartMB[i] = scanned.heapStartMB;
    store.heapEndMB[i] = scanned.heapEndMB;
    store.heapLiveMB[i] = scanned.heapLiveMB;
    store.goalMB[i] = scanned.goalMB;
    store.stacksMB[i] = scanned.stacksMB ?? NaN;
    store.globalsMB[i] = scanned.globalsMB ?? NaN;
    store.procs[i] = scanned.procs;
    store.forced[i] = scanned.forced ? 1 : 0;
    store.line[i] = line;
    store.run[i] = trace.runs - 1;
    store.source[i] = source;
    store.clockFrom[i] = scanned.clockFrom;
    store.clockTo[i] = scanned.clockTo;
    store.cpuFrom[i] = scanned.cpuFrom;
    store.cpuTo[i] = scanned.cpuTo;
    store.raw[i] = raw;
    store.rawFrom[i] = rawFrom;
    store.rawTo[i] = rawTo;
  }

  private readScavenge(text: string, line: number): ScavengeLine | undefined {
    const last = this.store.length - 1;
    const base = { atSeconds: last >= 0 ? this.store.atSeconds[last] : 0, afterCycle: last, line, run: Math.max(0, this.trace.runs - 1) };
    let match = SCAV_NEW.exec(text);
    if (match) {
      return {
        ...base,
        releasedSinceMB: (Number(match[1]) + Number(match[2])) / KIB_PER_MB,
        releasedTotalMB: Number(match[3]) / KIB_PER_MB,
        utilPercent: Number(match[4]),
        forced: match[5] !== undefined,
      };
    }
    match = SCAV_MID.exec(text);
    if (match) {
      return {
        ...base,
        releasedSinceMB: Number(match[1]) / KIB_PER_MB,
        releasedTotalMB: Number(match[2]) / KIB_PER_MB,
        utilPercent: Number(match[3]),
        forced: match[4] !== undefined,
      };
    }
    match = SCVG_SUMMARY.exec(text);
    if (match) {
      return { ...base, releasedTotalMB: Number(match[4]), retainedMB: Number(match[5]), forced: false };
    }
    match = SCVG_RELEASED.exec(text);
    if (match) return { ...base, releasedSinceMB: Number(match[1]), forced: false };
    return undefined;
  }
}

/** Parses a whole log. */
export function parseGcTrace(text: string): GcTrace {
  const parser = new GcTraceParser();
  parser.push(text);
  return parser.finish();
}
