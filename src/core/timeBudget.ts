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

export class Deadline {
  private readonly endsAt: number;

  constructor(readonly seconds: number) {
    this.endsAt = performance.now() + seconds * 1000;
  }

  get expired(): boolean {
    return performance.now() >= this.endsAt;
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
