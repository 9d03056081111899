/**
 * Counts of what a fuzz campaign saw, by outcome, with the first input of each outcome kept so
 * a failure can be replayed. Outcomes named in `failures` make `npm run fuzz` exit non-zero.
 */
export class OutcomeCounts {
  readonly counts = new Map<string, number>();
  readonly examples = new Map<string, string>();

  constructor(readonly failures: ReadonlySet<string>) {}

  add(outcome: string, example?: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
    if (example !== undefined && !this.examples.has(outcome)) this.examples.set(outcome, example);
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  failed(): string[] {
    return [...this.counts.keys()].filter((outcome) => this.failures.has(outcome));
  }
}

export interface CampaignOptions {
  seed: number;
  /** How many inputs to try (each campaign says what one input is). */
  iterations: number;
  /** A scratch folder of the campaign's own, removed afterwards. */
  workDir: string;
  /** Progress lines, printed on stderr. */
  log(line: string): void;
}

/** One fuzz campaign: a module under scripts/fuzz/ exporting an object of this shape. */
export interface FuzzCampaign {
  name: string;
  /** What one iteration does, printed with the figures. */
  description: string;
  /** Iterations of a default run (`npm run fuzz` without --iterations). */
  defaultIterations: number;
  run(options: CampaignOptions): Promise<OutcomeCounts>;
}
