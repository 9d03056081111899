/**
 * Text hints: cheap tests on raw Go text that say whether a rule could have anything to say
 * about it, so that text failing them is neither queried nor (in the CLI) even parsed.
 * A hint may say yes wrongly, never no: see `Rule.textHint` for the contract.
 */

/** What a rule needs to see in a text (a RegExp is one). */
export interface TextHint {
  test(text: string): boolean;
}

/** Where a line starts with `func`: gofmt puts every top-level function there. */
const FUNCTION_START = /\nfunc\b/g;

/**
 * Splits a text into function-sized chunks: each top-level function with whatever precedes it
 * up to the previous one. Returns the offsets where chunks 1, 2, ... start.
 */
export function functionChunkStarts(text: string): number[] {
  return Array.from(text.matchAll(FUNCTION_START), (match) => match.index);
}

/** The chunk an offset falls in (0 before the first function). */
export function functionChunkAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle] <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A hint that holds when every pattern matches inside one function-sized chunk, for rules
 * whose evidence lies within one function (a `go` statement and the request parameter of the
 * function it is in). Linear: each pattern is searched once over the whole text. Put the
 * pattern that rejects most text fastest first (one starting with a literal word).
 */
export function inOneFunction(...patterns: readonly RegExp[]): TextHint {
  const global = patterns.map((pattern) => new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '') + 'g'));
  return {
    test(text: string): boolean {
      if (!patterns.every((pattern) => pattern.test(text))) return false;
      const starts = functionChunkStarts(text);
      let shared: Set<number> | undefined;
      for (const pattern of global) {
        const chunks = new Set<number>();
        for (const match of text.matchAll(pattern)) {
          const chunk = functionChunkAt(starts, match.index);
          if (!shared || shared.has(chunk)) chunks.add(chunk);
        }
        if (chunks.size === 0) return false;
        shared = chunks;
      }
      return true;
    },
  };
}

/**
 * A hint for a local that is assigned one of some values and used somewhere in the same
 * function: each value `values` finds must follow `=` or `:=` (first in the value list or after
 * a comma of it, on the same line or the next), the names are read back from before that `=`,
 * and `use` (with the name as its first group) must find one of them in the same chunk.
 */
export function localAssignedThenUsed(values: RegExp, use: RegExp): TextHint {
  const found = new RegExp(values.source, 'gu');
  const uses = new RegExp(use.source, 'gu');
  return {
    test(text: string): boolean {
      let starts: number[] | undefined;
      const names = new Set<string>();
      for (const match of text.matchAll(found)) {
        const left = ASSIGNED_NAMES.exec(lineBefore(text, match.index));
        if (!left) continue;
        starts ??= functionChunkStarts(text);
        const chunk = functionChunkAt(starts, match.index);
        for (const name of left[1].split(',')) names.add(`${chunk}:${name.trim()}`);
      }
      if (!starts) return false;
      for (const match of text.matchAll(uses)) if (names.has(`${functionChunkAt(starts, match.index)}:${match[1]}`)) return true;
      return false;
    },
  };
}

/** The text from the start of the line to an offset, and the line before when this one starts blank (`k :=` then the value). */
function lineBefore(text: string, offset: number): string {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart > 0 && /^\s*\(?\s*$/.test(text.slice(lineStart, offset))) lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  return text.slice(lineStart, offset);
}

/**
 * The names a statement declares or assigns, right before `=` or `:=` and the start of the
 * value list or a later element of it: `a, b := x, `, `var a = (`, `if a := `.
 */
const ASSIGNED_NAMES = /([\p{L}_][\p{L}\p{N}_]*(?:\s*,\s*[\p{L}_][\p{L}\p{N}_]*)*)\s*:?=\s*(?:[^=;]*,\s*)?\(?\s*$/u;

/** A hint that holds when any of its parts does. */
export function anyOf(...hints: readonly TextHint[]): TextHint {
  return { test: (text) => hints.some((hint) => hint.test(text)) };
}
