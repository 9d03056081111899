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

// The scanner of a cycle line. It reads the log's UTF-8 bytes where they lie and keeps what it
// read in the variables below, so that a log of millions of lines costs no string, no decoding and
// no match array per line (decoding the log to a string cost as much as reading it). A trace line
// is ASCII, and no byte of a multi-byte UTF-8 character is, so bytes match where characters would.
// It accepts exactly what this expression does, first match in the line:
//   gc #?(\d+) @(\d+(?:\.\d+)?)s (\d+)%: ([\d.+]+) ms clock, ([\d.+/]+) ms cpu, (\d+)->(\d+)->(\d+) MB,
//   (\d+) MB goal, (?:(\d+) MB stacks, )?(?:(\d+) MB globals, )?(\d+) P( \(forced\))?

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_PLUS = 43;
const CODE_SLASH = 47;
const CODE_NEWLINE = 10;
const CODE_RETURN = 13;
/** Powers of ten that are exact doubles: a decimal of up to 15 digits divided by one is correctly rounded. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The bytes of an ASCII literal. */
function ascii(literal: string): Uint8Array {
  return Uint8Array.from(literal, (character) => character.charCodeAt(0));
}

const GC = ascii('gc ');
const SCAV = ascii('scav');
const SCVG = ascii('scvg');
const AT = ascii(' @');
const SECONDS = ascii('s ');
const PERCENT = ascii('%: ');
const CLOCK = ascii(' ms clock, ');
const CPU = ascii(' ms cpu, ');
const ARROW = ascii('->');
const MB = ascii(' MB, ');
const GOAL = ascii(' MB goal, ');
const STACKS = ascii(' MB stacks, ');
const GLOBALS = ascii(' MB globals, ');
const PROCS = ascii(' P');
const FORCED = ascii(' (forced)');

/** Decodes log bytes; a byte order mark is text like any other (the log was split into lines before). */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** The text of bytes[from, to). */
function decode(bytes: Uint8Array, from: number, to: number): string {
  return utf8.decode(bytes.subarray(from, to));
}

/** A copy of bytes[from, to) (a Buffer's slice() is a view, not a copy). */
function copyOf(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const copy = new Uint8Array(to - from);
  copy.set(bytes.subarray(from, to));
  return copy;
}

/** Where `literal` next starts in bytes[from, to), or -1. */
function indexOfLiteral(bytes: Uint8Array, literal: Uint8Array, from: number, to: number): number {
  const first = literal[0];
  const last = to - literal.length;
  for (let i = from; i <= last; i++) {
    if (bytes[i] !== first) continue;
    let k = 1;
    while (k < literal.length && bytes[i + k] === literal[k]) k++;
    if (k === literal.length) return i;
  }
  return -1;
}

/** Whether `literal` is at bytes[at..] within `end`. */
function literalAt(bytes: Uint8Array, at: number, end: number, literal: Uint8Array): boolean {
  if (at + literal.length > end) return false;
  for (let k = 0; k < literal.length; k++) if (bytes[at + k] !== literal[k]) return false;
  return true;
}

/**
 * Where the last scanned number ended, and its value: fields of an object, which hold a double in
 * place, where a module variable would box each one anew.
 */
const scannedNumber = { end: 0, value: 0.5 };

/** Reads \d+ at `at` (before `end`) into scannedNumber.value; false when there is no digit there. */
function scanInteger(bytes: Uint8Array, at: number, end: number): boolean {
  let i = at;
  let value = 0;
  for (; i < end; i++) {
    const code = bytes[i];
    if (code < CODE_0 || code > CODE_9) break;
    value = value * 10 + (code - CODE_0);
  }
  if (i === at) return false;
  // Past 15 digits the sum above may round differently from Number().
  scannedNumber.value = i - at > 15 ? Number(decode(bytes, at, i)) : value;
  scannedNumber.end = i;
  return true;
}

/** Reads \d+(?:\.\d+)? at `at` into scannedNumber.value; false when there is no digit there. */
function scanDecimal(bytes: Uint8Array, at: number, end: number): boolean {
  if (!scanInteger(bytes, at, end)) return false;
  const dot = scannedNumber.end;
  if (dot + 1 >= end || bytes[dot] !== CODE_DOT) return true;
  const code = bytes[dot + 1];
  if (code < CODE_0 || code > CODE_9) return true;
  const whole = scannedNumber.value;
  const wholeDigits = dot - at;
  scanInteger(bytes, dot + 1, end);
  const fractionDigits = scannedNumber.end - dot - 1;
  scannedNumber.value =
    wholeDigits + fractionDigits > 15 ? Number(decode(bytes, at, scannedNumber.end)) : (whole * EXACT_POWERS_OF_TEN[fractionDigits] + scannedNumber.value) / EXACT_POWERS_OF_TEN[fractionDigits];
  return true;
}

/** The value of bytes[from, to) as Number() reads it: a plain decimal without a string, anything else through one. */
function numberAt(bytes: Uint8Array, from: number, to: number): number {
  if (scanDecimal(bytes, from, to) && scannedNumber.end === to) return scannedNumber.value;
  return Number(decode(bytes, from, to));
}

/** Reads a run of digits, dots, pluses (and slashes when `slashes`) at `at`; its end, or -1 when empty. */
function scanPhases(bytes: Uint8Array, at: number, end: number, slashes: boolean): number {
  let i = at;
  for (; i < end; i++) {
    const code = bytes[i];
    if (!((code >= CODE_0 && code <= CODE_9) || code === CODE_DOT || code === CODE_PLUS || (slashes && code === CODE_SLASH))) break;
  }
  return i === at ? -1 : i;
}

/** The fields of the last cycle line scanned. */
const scanned = {
  n: 0,
  atSeconds: 0.5,
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
function scanCycleAt(bytes: Uint8Array, at: number, end: number): number {
  let i = at + 3;
  if (i < end && bytes[i] === 35 /* # */) i++;
  if (!scanInteger(bytes, i, end)) return -1;
  scanned.n = scannedNumber.value;
  i = scannedNumber.end;
  if (!literalAt(bytes, i, end, AT) || !scanDecimal(bytes, i + 2, end)) return -1;
  scanned.atSeconds = scannedNumber.value;
  i = scannedNumber.end;
  if (!literalAt(bytes, i, end, SECONDS) || !scanInteger(bytes, i + 2, end)) return -1;
  scanned.cpuPercent = scannedNumber.value;
  i = scannedNumber.end;
  if (!literalAt(bytes, i, end, PERCENT)) return -1;
  scanned.clockFrom = i += 3;
  i = scanPhases(bytes, i, end, false);
  if (i < 0 || !literalAt(bytes, i, end, CLOCK)) return -1;
  scanned.clockTo = i;
  scanned.cpuFrom = i += 11;
  i = scanPhases(bytes, i, end, true);
  if (i < 0 || !literalAt(bytes, i, end, CPU)) return -1;
  scanned.cpuTo = i;
  if (!scanInteger(bytes, i + 9, end)) return -1;
  scanned.heapStartMB = scannedNumber.value;
  i = scannedNumber.end;
  if (!literalAt(bytes, i, end, ARROW) || !scanInteger(bytes, i + 2, end)) return -1;
  scanned.heapEndMB = scannedNumber.value;
  i = scannedNumber.end;
  if (!literalAt(bytes, i, end, ARROW) || !scanInteger(bytes, i + 2, end)) return -1;
  scanned.heapLiveMB = scannedNumber.value;
  i = scannedNumber.end;
  if (!literalAt(bytes, i, end, MB) || !scanInteger(bytes, i + 5, end)) return -1;
  scanned.goalMB = scannedNumber.value;
  i = scannedNumber.end;
  if (!literalAt(bytes, i, end, GOAL) || !scanInteger(bytes, i + 10, end)) return -1;
  i = scannedNumber.end;
  scanned.stacksMB = undefined;
  scanned.globalsMB = undefined;
  if (literalAt(bytes, i, end, STACKS)) {
    scanned.stacksMB = scannedNumber.value;
    if (!scanInteger(bytes, i + 12, end)) return -1;
    i = scannedNumber.end;
  }
  if (literalAt(bytes, i, end, GLOBALS)) {
    scanned.globalsMB = scannedNumber.value;
    if (!scanInteger(bytes, i + 13, end)) return -1;
    i = scannedNumber.end;
  }
  if (!literalAt(bytes, i, end, PROCS)) return -1;
  scanned.procs = scannedNumber.value;
  i += 2;
  scanned.forced = literalAt(bytes, i, end, FORCED);
  return scanned.forced ? i + 9 : i;
}

/** Room for mended lines as bytes, so a repair attempt costs no allocation. */
let scratch = new Uint8Array(MAX_REPAIR_LENGTH);

/** Scans `text` (a mended line) whole as a cycle line: its characters as bytes, any non-ASCII one as a byte no line holds. */
function scansWhole(text: string): boolean {
  if (scratch.length < text.length) scratch = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    scratch[i] = code < 128 ? code : 255;
  }
  return scanCycleAt(scratch, 0, text.length) === text.length;
}

/**
 * Whether bytes[from, to) ends as a trace line does, as GC_LINE_END tests its text: " MB goal, ",
 * then anything but a line terminator, then digits and " P" or " P (forced)" at the end.
 */
function endsLikeGcLine(bytes: Uint8Array, from: number, to: number): boolean {
  let digitsEnd = to - PROCS.length;
  if (literalAt(bytes, to - FORCED.length, to, FORCED)) digitsEnd -= FORCED.length;
  if (digitsEnd - 1 < from || !literalAt(bytes, digitsEnd, to, PROCS)) return false;
  const digit = bytes[digitsEnd - 1];
  if (digit < CODE_0 || digit > CODE_9) return false;
  // "." stops at \r, \u2028 and \u2029 (E2 80 A8/A9 in UTF-8).
  let after = from;
  for (let i = digitsEnd - 1; i >= from; i--) {
    const code = bytes[i];
    if (code === CODE_RETURN || (code === 0xe2 && i + 2 < to && bytes[i + 1] === 0x80 && (bytes[i + 2] === 0xa8 || bytes[i + 2] === 0xa9))) {
      after = i + 1;
      break;
    }
  }
  const goal = indexOfLiteral(bytes, GOAL, after, digitsEnd - 1);
  return goal !== -1;
}

/** Stop-the-world time: the first and last clock phases (sweep and mark termination). */
function pauseOf(bytes: Uint8Array, from: number, to: number): number {
  const first = bytes.indexOf(CODE_PLUS, from);
  if (first === -1 || first >= to) return numberAt(bytes, from, to);
  const last = bytes.lastIndexOf(CODE_PLUS, to - 1);
  return Math.round((numberAt(bytes, from, first) + numberAt(bytes, last + 1, to)) * 1e6) / 1e6;
}

/** Growable columns of the cycles read, and where their text lies (byte offsets into retained chunks of the log). */
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
  /** The log's bytes cycles were read from (UTF-8); only chunks holding a cycle are kept. */
  readonly texts: Uint8Array[] = [];

  /** keepsText false: no text and none of the columns that point into it. */
  constructor(readonly keepsText: boolean) {}

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
    if (!this.keepsText) return;
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
    return decode(this.texts[this.raw[index]], this.rawFrom[index], this.rawTo[index]);
  }

  cycle(index: number): GcCycle {
    const source = this.texts[this.source[index]];
    const stacks = this.stacksMB[index];
    const globals = this.globalsMB[index];
    return {
      n: this.n[index],
      atSeconds: this.atSeconds[index],
      cpuPercent: this.cpuPercent[index],
      clock: decode(source, this.clockFrom[index], this.clockTo[index]),
      cpu: decode(source, this.cpuFrom[index], this.cpuTo[index]),
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

export interface GcTraceParserOptions {
  /**
   * false: keep no log text, for a reader of the columns only (the CLI); rawLine() answers
   * nothing, `cycles` throws, and the caller may reuse the memory of the chunks it pushes.
   */
  keepText?: boolean;
  /** The log's size when known: the columns get their room at once instead of growing (a copy each time). */
  expectedBytes?: number;
}

/**
 * Parses a trace incrementally: feed it the log in chunks of any size (a file being written,
 * a terminal's output) and read `trace` at any time; a line counts once it is finished.
 */
export class GcTraceParser {
  private readonly store: CycleStore;
  private cycleObjects: GcCycle[] = [];
  readonly trace: GcTrace;
  /** The unfinished last line so far, in the pieces it came in. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** A string chunk's last character when it was the first half of a surrogate pair. */
  private pendingHighSurrogate = '';
  /** A line that may hold the beginning of a trace line the application's output cut off. */
  private held: { bytes: Uint8Array; from: number; to: number; line: number } | undefined;
  private repairs = 0;
  /** Index in store.texts of the chunk being read, once a cycle came from it; -2 before. */
  private textIndex = -2;
  private readonly keepsText: boolean;

  constructor(options: GcTraceParserOptions = {}) {
    this.keepsText = options.keepText ?? true;
    this.store = new CycleStore(this.keepsText);
    if (options.expectedBytes) this.store.reserve(Math.ceil(options.expectedBytes / 100));
    const parser = this;
    const trace = {
      get cycles() {
        if (!parser.keepsText) throw new Error('this GC trace parser keeps no text: read trace.columns');
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

  /** The text of a cycle's line (two lines joined when the application split it); undefined when the parser keeps no text. */
  rawLine(index: number): string | undefined {
    return this.keepsText && index >= 0 && index < this.store.length ? this.store.rawLine(index) : undefined;
  }

  /**
   * Adds text, or the log's bytes as UTF-8 (read where they lie: unless told to keep no text, the
   * parser keeps the chunks that hold cycles, so the caller must not reuse their memory); returns
   * how many cycles it completed.
   */
  push(chunk: string | Uint8Array): number {
    const before = this.store.length;
    // A plain view of a Buffer: its indexOf() calls into C++, a Uint8Array's stays in the engine.
    const bytes = typeof chunk === 'string' ? this.encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    // Room for a trace line every 100 bytes: growing the columns would copy them.
    if (this.pendingBytes + bytes.length > 65536) this.store.reserve(Math.ceil((this.pendingBytes + bytes.length) / 100));
    let start = 0;
    if (this.pendingBytes) {
      // The line the last chunk left unfinished: joined with its end, read on its own.
      const newline = bytes.indexOf(CODE_NEWLINE);
      if (newline === -1) {
        this.pending.push(copyOf(bytes, 0, bytes.length));
        this.pendingBytes += bytes.length;
        return 0;
      }
      this.readLines(this.takePending(bytes.subarray(0, newline + 1)), 0, false);
      start = newline + 1;
    }
    const rest = this.readLines(bytes, start, false);
    if (rest < bytes.length) {
      // A copy: the caller's chunk may be a view of memory it reuses.
      this.pending = [copyOf(bytes, rest, bytes.length)];
      this.pendingBytes = bytes.length - rest;
    }
    return this.store.length - before;
  }

  /** A string chunk as UTF-8, a surrogate pair split between two chunks kept whole. */
  private encode(chunk: string): Uint8Array {
    let text = this.pendingHighSurrogate + chunk;
    this.pendingHighSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingHighSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return encoder.encode(text);
  }

  /** The pending pieces and `tail` as one array; empties the pending line. */
  private takePending(tail?: Uint8Array): Uint8Array {
    const joined = new Uint8Array(this.pendingBytes + (tail?.length ?? 0));
    let at = 0;
    for (const piece of this.pending) {
      joined.set(piece, at);
      at += piece.length;
    }
    if (tail) joined.set(tail, at);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }

  /** Reads the unfinished last line as it is (the end of the file). */
  finish(): GcTrace {
    if (this.pendingHighSurrogate) this.push(encoder.encode(this.pendingHighSurrogate));
    this.pendingHighSurrogate = '';
    if (this.pendingBytes) this.readLines(this.takePending(), 0, true);
    if (this.held) this.trace.skippedLines++;
    this.held = undefined;
    return this.trace;
  }

  /**
   * Reads the finished lines of bytes[start..] (and the unfinished last one when `toEnd`), where
   * they lie; returns where the unread rest starts. Each marker is searched for once per chunk, not per line.
   */
  private readLines(bytes: Uint8Array, start: number, toEnd: boolean): number {
    this.textIndex = -2;
    const length = bytes.length;
    // -2: not searched yet.
    let nextGc = -2;
    let nextScav = -2;
    let nextScvg = -2;
    while (start < length) {
      let end = bytes.indexOf(CODE_NEWLINE, start);
      if (end === -1) {
        if (!toEnd) break;
        end = length;
      }
      // A CRLF line ends before its CR.
      const to = end > start && bytes[end - 1] === CODE_RETURN ? end - 1 : end;
      if (nextGc === -2 || (nextGc !== -1 && nextGc < start)) nextGc = indexOfLiteral(bytes, GC, start, length);
      const gcAt = nextGc !== -1 && nextGc < to ? nextGc : -1;
      let scavenger = false;
      if (gcAt === -1) {
        if (nextScav === -2 || (nextScav !== -1 && nextScav < start)) nextScav = indexOfLiteral(bytes, SCAV, start, length);
        if (nextScvg === -2 || (nextScvg !== -1 && nextScvg < start)) nextScvg = indexOfLiteral(bytes, SCVG, start, length);
        scavenger = (nextScav !== -1 && nextScav < to) || (nextScvg !== -1 && nextScvg < to);
      }
      this.readLine(bytes, start, to, gcAt, scavenger);
      start = end + 1;
    }
    // A line held from these bytes outlives them: the caller may reuse their memory.
    const held = this.held;
    if (held?.bytes === bytes) this.held = { bytes: copyOf(bytes, held.from, held.to), from: 0, to: held.to - held.from, line: held.line };
    return Math.min(start, length);
  }

  /** Reads the line bytes[from, to); gcAt is where its first "gc " is (-1: none), scavenger whether it names the scavenger. */
  private readLine(bytes: Uint8Array, from: number, to: number, gcAt: number, scavenger: boolean): void {
    const trace = this.trace;
    const line = trace.totalLines++;
    let matched = false;
    for (let at = gcAt; at !== -1 && at + 3 <= to; at = indexOfLiteral(bytes, GC, at + 1, to)) {
      if (scanCycleAt(bytes, at, to) !== -1) {
        matched = true;
        break;
      }
    }
    const held = this.held;
    this.held = undefined;
    if (held) {
      // The runtime prints a trace line in pieces; application output written meanwhile can
      // cut it in two lines, or sit inside it.
      const repaired = matched || !endsLikeGcLine(bytes, from, to) ? undefined : this.repair(decode(held.bytes, held.from, held.to) + decode(bytes, from, to));
      if (repaired !== undefined) {
        const mended = encoder.encode(repaired);
        const raw = this.keepRaw(held.bytes.subarray(held.from, held.to), bytes.subarray(from, to));
        this.addCycle(mended, this.keep(mended), held.line, raw, 0, held.to - held.from + 1 + to - from);
        return;
      }
      trace.skippedLines++;
    }
    if (matched) {
      if (this.textIndex === -2) this.textIndex = this.keep(bytes);
      this.addCycle(bytes, this.textIndex, line, this.textIndex, from, to);
      return;
    }
    if (gcAt !== -1) {
      const repaired = endsLikeGcLine(bytes, from, to) ? this.repair(decode(bytes, from, to)) : undefined;
      if (repaired !== undefined) {
        const mended = encoder.encode(repaired);
        this.addCycle(mended, this.keep(mended), line, this.keepsText ? this.keep(copyOf(bytes, from, to)) : -1, 0, to - from);
        return;
      }
      this.held = { bytes, from, to, line };
      return;
    }
    if (scavenger) {
      const scavenge = this.readScavenge(decode(bytes, from, to), line);
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
          if (scansWhole(mended)) return mended;
        }
      }
    }
    return undefined;
  }

  /** Keeps bytes cycles were read from; their index (-1 when the parser keeps no text). */
  private keep(bytes: Uint8Array): number {
    return this.keepsText ? this.store.texts.push(bytes) - 1 : -1;
  }

  /** Keeps two lines joined by a newline (a trace line the application split); their index. */
  private keepRaw(first: Uint8Array, second: Uint8Array): number {
    if (!this.keepsText) return -1;
    const joined = new Uint8Array(first.length + 1 + second.length);
    joined.set(first);
    joined[first.length] = CODE_NEWLINE;
    joined.set(second, first.length + 1);
    return this.keep(joined);
  }

  /**
   * Adds the cycle last scanned from `sourceBytes` (kept as text `source`); its raw line is kept
   * text `raw` [rawFrom, rawTo).
   */
  private addCycle(sourceBytes: Uint8Array, source: number, line: number, raw: number, rawFrom: number, rawTo: number): void {
    const trace = this.trace;
    const store = this.store;
    store.reserve();
    const i = store.length++;
    const n = scanned.n;
    if (i === 0 || n <= store.n[i - 1]) trace.runs++;
    store.n[i] = n;
    store.atSeconds[i] = scanned.atSeconds;
    store.cpuPercent[i] = scanned.cpuPercent;
    store.pauseMs[i] = pauseOf(sourceBytes, scanned.clockFrom, scanned.clockTo);
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
    if (!store.keepsText) return;
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
