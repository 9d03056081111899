import * as fs from 'fs';

/**
 * The per-file time budget. Lints are synchronous and one at a time per thread, so the deadline
 * of the lint running now is held here, where parsing (through tree-sitter's progress callback),
 * queries and tree walks check it; past it, they throw LintTimeoutError, which the engine lets
 * through to the caller instead of counting it as a rule failure.
 */

export const DEFAULT_FILE_TIME_BUDGET_SECONDS = 5;

/**
 * A file's lint was stopped before its end: the file gets one sentence (`stopped: <reason>`)
 * instead of findings, the other files go on. The engine lets it through rules.
 */
export class LintStoppedError extends Error {
  constructor(readonly reason: string) {
    super(`stopped: ${reason}`);
  }
}

/** A file's lint ran past its budget; the message is one sentence a user can act on. */
export class LintTimeoutError extends LintStoppedError {
  constructor(readonly seconds: number) {
    super(`linting it took longer than the ${seconds} s budget per file (raise it with --file-time-budget or the gomem.lint.fileTimeBudgetSeconds setting)`);
  }
}

/**
 * A busy machine (a CI runner, a laptop compiling) stretches wall time, not the work a file
 * costs: past the budget in wall time, the deadline asks how much CPU this thread has spent and
 * only expires once that, too, is past the budget. Where the thread's CPU time cannot be read,
 * or the wall time runs past this many budgets, wall time alone decides.
 */
const WALL_LIMIT_IN_BUDGETS = 10;

export class Deadline {
  private endsAt: number;
  private readonly startedAt: number;
  private readonly cpuAtStart: number | undefined;

  constructor(readonly seconds: number) {
    this.startedAt = performance.now();
    this.endsAt = this.startedAt + seconds * 1000;
    this.cpuAtStart = recentThreadCpuMilliseconds(seconds * 1000 * STALE_CPU_READING_IN_BUDGETS);
  }

  get expired(): boolean {
    const now = performance.now();
    if (now < this.endsAt) return false;
    const budgetMs = this.seconds * 1000;
    const cpuNow = this.cpuAtStart === undefined ? undefined : threadCpuMilliseconds();
    if (cpuNow === undefined || now - this.startedAt >= budgetMs * WALL_LIMIT_IN_BUDGETS) return true;
    const spent = cpuNow - this.cpuAtStart!;
    if (spent >= budgetMs) return true;
    // The CPU budget cannot run out before the rest of it has passed in wall time.
    this.endsAt = now + (budgetMs - spent);
    return false;
  }
}

/**
 * A deadline's start may take a CPU reading this much older (in budgets, at most
 * MAX_STALE_CPU_READING_MS): a CLI run starts one per file, and where Node cannot tell a
 * thread's CPU time each reading is a read of /proc. An older start reading can only make the
 * spent CPU look larger, by at most this much.
 */
const STALE_CPU_READING_IN_BUDGETS = 0.02;
const MAX_STALE_CPU_READING_MS = 100;

let lastCpuReading: { at: number; cpu: number | undefined } | undefined;

/** The calling thread's CPU time as read at most `maxAgeMs` ago (wall time), or read now. */
function recentThreadCpuMilliseconds(maxAgeMs: number): number | undefined {
  const now = performance.now();
  if (lastCpuReading && now - lastCpuReading.at <= Math.min(maxAgeMs, MAX_STALE_CPU_READING_MS)) return lastCpuReading.cpu;
  lastCpuReading = { at: now, cpu: threadCpuMilliseconds() };
  return lastCpuReading.cpu;
}

/** User + system CPU time of the calling thread, in ms, or undefined where it cannot be read. */
export function threadCpuMilliseconds(): number | undefined {
  const threadCpuUsage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (typeof threadCpuUsage === 'function') {
    const usage = threadCpuUsage.call(process);
    return (usage.user + usage.system) / 1000;
  }
  if (process.platform !== 'linux') return undefined;
  try {
    // utime and stime, fields 14 and 15, in clock ticks (100 per second on Linux).
    const stat = fs.readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

let current: Deadline | undefined;
let ticks = 0;

/** Runs `work` under a deadline (none: unbounded), restoring the outer one afterwards. */
export function underDeadline<T>(deadline: Deadline | undefined, work: () => T): T {
  const outer = current;
  current = deadline;
  try {
    return work();
  } finally {
    current = outer;
  }
}

export function currentDeadline(): Deadline | undefined {
  return current;
}

/** Throws once the current deadline has passed. Cheap enough to call for every node of a walk. */
export function checkDeadline(): void {
  if (current && (++ticks & 255) === 0 && current.expired) throw new LintTimeoutError(current.seconds);
}

/** Like checkDeadline, but reads the clock every time (between the larger steps of a lint). */
export function checkDeadlineNow(): void {
  if (current?.expired) throw new LintTimeoutError(current.seconds);
}

/** The seconds a setting or flag gives, or undefined when it is not a positive number. */
export function parseBudgetSeconds(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
