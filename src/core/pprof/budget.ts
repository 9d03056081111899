// The memory a decoded profile may take. Typed arrays live outside V8's heap, so neither a
// worker's heap limit nor --max-old-space-size stops them: the decoder counts what it keeps and
// stops with one sentence past the budget, instead of the process dying of a native out-of-memory.
import { ProfileError } from './model';

export const DEFAULT_MAX_MEMORY_MEGABYTES = 1024;

/** Refusal past the memory budget; the message says how to raise it when the caller told us. */
export class ProfileBudgetError extends ProfileError {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileBudgetError';
  }
}

export class MemoryBudget {
  private used = 0;

  /**
   * @param limitBytes what the decoded profile may take
   * @param raiseHint how the user raises it, e.g. "--max-memory-mb" (named in the refusal)
   */
  constructor(
    readonly limitBytes: number,
    private readonly raiseHint?: string,
  ) {}

  static unlimited(): MemoryBudget {
    return new MemoryBudget(Infinity);
  }

  static ofMegabytes(megabytes: number, raiseHint?: string): MemoryBudget {
    return new MemoryBudget(megabytes * 1024 * 1024, raiseHint);
  }

  get usedBytes(): number {
    return this.used;
  }

  /** Counts bytes about to be kept for `what` ("stacks", "locations"...); throws past the limit. */
  charge(bytes: number, what: string): void {
    this.used += bytes;
    if (this.used > this.limitBytes) {
      const megabytes = Math.round(this.limitBytes / (1024 * 1024));
      const raise = this.raiseHint ? `; raise it with ${this.raiseHint} to open this profile` : '';
      throw new ProfileBudgetError(`The profile needs more memory than its ${megabytes} MB budget (it ran out while reading its ${what})${raise}.`);
    }
  }
}
