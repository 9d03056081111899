import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * Young-generation garbage collection between lints. A keystroke's lint allocates a few MB (the
 * new text, its tree's nodes, per-declaration maps); left to V8, a scavenge lands inside about
 * every fifth lint and adds 5-10 ms to it. Run once the lint has published, while the editor
 * waits for the next keystroke, the same collection costs about a millisecond that no one waits
 * for. Without access to the collector (a runtime that refuses the flag) nothing changes.
 */
type CollectGarbage = (options: { type: 'minor' }) => void;

let collector: CollectGarbage | null | undefined;
let scheduled = false;

function youngGenerationCollector(): CollectGarbage | null {
  if (collector === undefined) {
    try {
      // The flag gives contexts created from now on a `gc` function; the server's own is unchanged.
      v8.setFlagsFromString('--expose-gc');
      const exposed: unknown = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
      collector = typeof exposed === 'function' ? (exposed as CollectGarbage) : null;
    } catch {
      collector = null;
    }
  }
  return collector;
}

/** Collects the young generation after the messages already queued have been handled. */
export function collectYoungGenerationWhenIdle(): void {
  if (scheduled) return;
  const collect = youngGenerationCollector();
  if (!collect) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    collect({ type: 'minor' });
  });
}
