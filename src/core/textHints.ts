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
 * Linear in the text: the values are visited in order while the last `=`, `;` and line break
 * before each are tracked, and each assignment's names are read once (a 100,000-character line
 * of `new(T), ` values made a regular expression over the line before each one quadratic).
 */
export function localAssignedThenUsed(values: RegExp, use: RegExp): TextHint {
  const found = new RegExp(values.source, 'gu');
  const uses = new RegExp(use.source, 'gu');
  return {
    test(text: string): boolean {
      let starts: number[] | undefined;
      const names = new Set<string>();
      const read = new Set<string>();
      const seen = new SeenBefore(text);
      for (const match of text.matchAll(found)) {
        seen.advanceTo(match.index);
        const equals = assignmentBefore(text, match.index, seen);
        if (equals < 0) continue;
        starts ??= functionChunkStarts(text);
        const chunk = functionChunkAt(starts, match.index);
        if (read.has(`${chunk}:${equals}`)) continue;
        read.add(`${chunk}:${equals}`);
        for (const name of assignedNames(text, equals)) names.add(`${chunk}:${name}`);
      }
      if (!starts) return false;
      for (const match of text.matchAll(uses)) if (names.has(`${functionChunkAt(starts, match.index)}:${match[1]}`)) return true;
      return false;
    },
  };
}

/** The last `=`, `;` and line break before an offset, for offsets visited in increasing order. */
class SeenBefore {
  equals = -1;
  semicolon = -1;
  lineStart = 0;
  previousLineStart = 0;
  private at = 0;

  constructor(private readonly text: string) {}

  advanceTo(offset: number): void {
    const text = this.text;
    for (; this.at < offset; this.at++) {
      const code = text.charCodeAt(this.at);
      if (code === 61 /* = */) this.equals = this.at;
      else if (code === 59 /* ; */) this.semicolon = this.at;
      else if (code === 10 /* \n */) {
        this.previousLineStart = this.lineStart;
        this.lineStart = this.at + 1;
      }
    }
  }
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12 || (code > 127 && /\s/u.test(String.fromCharCode(code)));
const isNameStart = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || (code > 127 && /[\p{L}\uD800-\uDFFF]/u.test(String.fromCharCode(code)));
const isNamePart = (code: number) => isNameStart(code) || (code >= 48 && code <= 57) || (code > 127 && /\p{N}/u.test(String.fromCharCode(code)));

/**
 * The offset of the `=` (of `=` or `:=`) whose value list holds a value starting at `offset`,
 * first or after a comma, with an optional `(` before it; -1 when there is none. The text
 * searched starts at the value's line, or the line before when that line holds nothing before
 * the value (`k :=` then the value on the next line).
 */
function assignmentBefore(text: string, offset: number, seen: SeenBefore): number {
  let lineStart = seen.lineStart;
  let at = offset;
  while (at > lineStart && isSpace(text.charCodeAt(at - 1))) at--;
  if (at > lineStart && text.charCodeAt(at - 1) === 40 /* ( */) at--;
  while (at > lineStart && isSpace(text.charCodeAt(at - 1))) at--;
  if (at === lineStart && lineStart > 0) {
    lineStart = seen.previousLineStart;
    while (at > lineStart && isSpace(text.charCodeAt(at - 1))) at--;
  }
  if (at === lineStart) return -1;
  const last = text.charCodeAt(at - 1);
  if (last === 61 /* = */) return at - 1;
  // After a comma: the last `=` before it, with no `;` between.
  if (last === 44 /* , */ && seen.equals >= lineStart && seen.equals > seen.semicolon && seen.equals < at) return seen.equals;
  return -1;
}

/** The names right before `=` or `:=` at `equals`: `a, b := `, `var a = `, `if a := `; none when another operator ends there (`==`, `<=`). */
function assignedNames(text: string, equals: number): string[] {
  let at = equals;
  if (at > 0 && text.charCodeAt(at - 1) === 58 /* : */) at--;
  const names: string[] = [];
  for (;;) {
    while (at > 0 && isSpace(text.charCodeAt(at - 1))) at--;
    const end = at;
    while (at > 0 && isNamePart(text.charCodeAt(at - 1))) at--;
    // A name starts with a letter: in `9ab` it is `ab`, and nothing before it belongs to the list.
    let start = at;
    while (start < end && !isNameStart(text.charCodeAt(start))) start++;
    if (start === end) return names;
    names.push(text.slice(start, end));
    if (start !== at) return names;
    while (at > 0 && isSpace(text.charCodeAt(at - 1))) at--;
    if (at === 0 || text.charCodeAt(at - 1) !== 44 /* , */) return names;
    at--;
  }
}

/** A hint that holds when any of its parts does. */
export function anyOf(...hints: readonly TextHint[]): TextHint {
  return { test: (text) => hints.some((hint) => hint.test(text)) };
}

/** What changes the answer of deferInLoopBody: braces, the starts of comments and literals, and the two words. */
const DEFER_IN_LOOP_TOKENS = /[{}"'`/]|\b(?:for|defer)\b/g;

/**
 * A hint for a `defer` written inside the braces of a `for` statement: some `for` earlier in the
 * text, at a brace depth the text has not left since, is shallower than the `defer`. Comments,
 * strings, runes and raw strings are stepped over. It may hold wrongly (a `defer` in a block
 * after the loop but deeper than it, or in a function literal), never fails a `defer` in a
 * loop's body. Linear: the tokens are found natively.
 */
export const DEFER_IN_LOOP_BODY: TextHint = {
  test(text: string): boolean {
    if (!text.includes('defer') || !text.includes('for')) return false;
    // Depths of the `for` keywords whose level is still open, shallowest first.
    const loops: number[] = [];
    let depth = 0;
    const tokens = new RegExp(DEFER_IN_LOOP_TOKENS.source, 'g');
    for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
      const at = match.index;
      switch (match[0]) {
        case '{':
          depth++;
          break;
        case '}':
          depth--;
          while (loops.length && loops[loops.length - 1] > depth) loops.pop();
          break;
        case 'for':
          loops.push(depth);
          break;
        case 'defer':
          if (loops.length && loops[0] < depth) return true;
          break;
        case '/': {
          const next = text.charCodeAt(at + 1);
          if (next === 47 /* / */) tokens.lastIndex = endOf(text.indexOf('\n', at), text);
          else if (next === 42 /* * */) tokens.lastIndex = endOf(text.indexOf('*/', at + 2), text, 2);
          break;
        }
        case '`':
          tokens.lastIndex = endOf(text.indexOf('`', at + 1), text, 1);
          break;
        default:
          tokens.lastIndex = quotedEnd(text, at);
      }
    }
    return false;
  },
};

/** Just past a found end (`length` characters long), or the text's end when it was not found. */
function endOf(found: number, text: string, length = 0): number {
  return found < 0 ? text.length : found + length;
}

/**
 * Just past the interpreted string or rune literal starting at `at`, or at the line break that
 * leaves it unterminated (a literal cannot span lines).
 */
export function quotedEnd(text: string, at: number, quote = text.charCodeAt(at)): number {
  for (let index = at + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 92 /* \ */) index++;
    else if (code === quote) return index + 1;
    else if (code === 10) return index;
  }
  return text.length;
}
