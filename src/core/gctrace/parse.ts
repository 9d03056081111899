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

export interface GcTrace {
  cycles: GcCycle[];
  scavenges: ScavengeLine[];
  /** Lines that are neither (application output, blank lines, unfinished trace lines). */
  skippedLines: number;
  totalLines: number;
  /** Number of program runs in the log (1 when nothing restarted). */
  runs: number;
}

const GC_LINE =
  /gc #?(\d+) @(\d+(?:\.\d+)?)s (\d+)%: ([\d.+]+) ms clock, ([\d.+/]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (?:(\d+) MB stacks, )?(?:(\d+) MB globals, )?(\d+) P( \(forced\))?/;
/** A whole trace line and nothing else, for repairs. */
const GC_LINE_EXACT = new RegExp(`^${GC_LINE.source}$`);
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

/** Stop-the-world time: the first and last clock phases (sweep and mark termination). */
function pauseOf(clock: string): number {
  const first = clock.indexOf('+');
  if (first === -1) return +clock;
  const last = clock.lastIndexOf('+');
  return Math.round((+clock.slice(0, first) + +clock.slice(last + 1)) * 1e6) / 1e6;
}

/**
 * Parses a trace incrementally: feed it the log in chunks of any size (a file being written,
 * a terminal's output) and read `trace` at any time; a line counts once it is finished.
 */
export class GcTraceParser {
  readonly trace: GcTrace = { cycles: [], scavenges: [], skippedLines: 0, totalLines: 0, runs: 0 };
  private pending = '';
  /** A line that may hold the beginning of a trace line the application's output cut off. */
  private held: { text: string; line: number } | undefined;
  private repairs = 0;
  /** The text of each cycle's line (two lines joined when the application split it), when asked for. */
  readonly rawLines: string[] | undefined;

  constructor(options: { keepRawLines?: boolean } = {}) {
    this.rawLines = options.keepRawLines ? [] : undefined;
  }

  /** Adds text; returns how many cycles it completed. */
  push(chunk: string): number {
    const before = this.trace.cycles.length;
    const text = this.pending + chunk;
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      this.readLine(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
    }
    this.pending = text.slice(start);
    return this.trace.cycles.length - before;
  }

  /** Reads the unfinished last line as it is (the end of the file). */
  finish(): GcTrace {
    if (this.pending) this.readLine(this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending);
    this.pending = '';
    if (this.held) this.trace.skippedLines++;
    this.held = undefined;
    return this.trace;
  }

  private readLine(text: string): void {
    const trace = this.trace;
    const line = trace.totalLines++;
    // A cheap test first: most lines of a big application log are neither.
    const gcAt = text.indexOf('gc ');
    const match = gcAt === -1 ? null : GC_LINE.exec(gcAt === 0 ? text : text.slice(gcAt));
    const held = this.held;
    this.held = undefined;
    if (held) {
      // The runtime prints a trace line in pieces; application output written meanwhile can
      // cut it in two lines, or sit inside it.
      const repaired = match || !GC_LINE_END.test(text) ? null : this.repair(held.text + text);
      if (repaired) {
        this.addCycle(repaired, held.line, `${held.text}\n${text}`);
        return;
      }
      trace.skippedLines++;
    }
    if (match) {
      this.addCycle(match, line, text);
      return;
    }
    if (gcAt !== -1) {
      const repaired = GC_LINE_END.test(text) ? this.repair(text) : null;
      if (repaired) {
        this.addCycle(repaired, line, text);
        return;
      }
      this.held = { text, line };
      return;
    }
    if (text.includes('scav') || text.includes('scvg')) {
      const scavenge = this.readScavenge(text, line);
      if (scavenge) {
        trace.scavenges.push(scavenge);
        return;
      }
    }
    trace.skippedLines++;
  }

  /**
   * A trace line in `text` once one stretch of foreign text is cut out of it (the shortest that
   * works), starting at one of the last few "gc " of the text; null when there is none.
   */
  private repair(text: string): RegExpExecArray | null {
    if (!GC_LINE_END.test(text) || this.repairs >= MAX_REPAIRS) return null;
    this.repairs++;
    let from = text.length;
    for (let attempt = 0; attempt < 3; attempt++) {
      from = text.lastIndexOf('gc ', from - 1);
      if (from < 0) return null;
      const candidate = text.slice(from);
      if (candidate.length > MAX_REPAIR_LENGTH) return null;
      const validUpTo = GC_LINE_PREFIX.exec(candidate)?.[0].length ?? 3;
      for (let cut = 1; cut < candidate.length - 3; cut++) {
        for (let start = Math.max(3, validUpTo - 3); start + cut <= candidate.length; start++) {
          const match = GC_LINE_EXACT.exec(candidate.slice(0, start) + candidate.slice(start + cut));
          if (match) return match;
        }
      }
    }
    return null;
  }

  private addCycle(match: RegExpExecArray, line: number, text: string): void {
    const trace = this.trace;
    this.rawLines?.push(text);
    const n = Number(match[1]);
    const previous = trace.cycles[trace.cycles.length - 1];
    if (!previous || n <= previous.n) trace.runs++;
    trace.cycles.push({
      n,
      atSeconds: Number(match[2]),
      cpuPercent: Number(match[3]),
      clock: match[4],
      cpu: match[5],
      pauseMs: pauseOf(match[4]),
      heapStartMB: Number(match[6]),
      heapEndMB: Number(match[7]),
      heapLiveMB: Number(match[8]),
      goalMB: Number(match[9]),
      stacksMB: match[10] === undefined ? undefined : Number(match[10]),
      globalsMB: match[11] === undefined ? undefined : Number(match[11]),
      procs: Number(match[12]),
      forced: match[13] !== undefined,
      line,
      run: trace.runs - 1,
    });
  }

  private readScavenge(text: string, line: number): ScavengeLine | undefined {
    const trace = this.trace;
    const last = trace.cycles.length - 1;
    const base = { atSeconds: last >= 0 ? trace.cycles[last].atSeconds : 0, afterCycle: last, line, run: Math.max(0, trace.runs - 1) };
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
