// Keeps line-anchored marks on their lines while a document is edited: each change moves the
// marks below it by the lines it added or removed, in time proportional to the marks, so typing in
// a decorated file costs no recomputation.

/** A change as VS Code reports it: the replaced range's first and last line and the new text's line count. */
export interface LineChange {
  startLine: number;
  endLine: number;
  /** Line breaks in the inserted text. */
  insertedLineBreaks: number;
  /**
   * The change began in the start line's indentation (or at its start): the code of that line
   * moves down with the change (Enter before a statement), and so does its mark.
   */
  beforeStartLineCode: boolean;
}

/**
 * Moves `lines` (0-based, any order) through one change, in place. Lines after the replaced
 * range move by the difference; the start line stays unless the change began before its code;
 * lines inside the range stay within the new text, collapsing onto its last line when it is
 * shorter. Returns whether any line moved.
 */
export function shiftLines(lines: Int32Array | number[], change: LineChange): boolean {
  const removed = change.endLine - change.startLine;
  const delta = change.insertedLineBreaks - removed;
  const lastNewLine = change.startLine + change.insertedLineBreaks;
  const startMoves = change.beforeStartLineCode && change.insertedLineBreaks > 0 && removed === 0;
  if (delta === 0 && !startMoves) return false;
  let moved = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let next = line;
    if (line > change.endLine) next = line + delta;
    else if (line === change.startLine) next = startMoves ? lastNewLine : line;
    else if (line > lastNewLine) next = lastNewLine;
    if (next !== line) {
      lines[i] = next;
      moved = true;
    }
  }
  return moved;
}

/** Line breaks in a text (\n, \r\n and a lone \r each count once). */
export function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) count++;
    else if (code === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/**
 * The line of the `func` that encloses `line` (0-based), for a CodeLens when the profile records
 * no start line for the function (Go before 1.21 writes none): walking up, the first unmatched
 * `{` on a line that says `func`. Braces in strings and comments are skipped roughly (quotes and
 * `//`); undefined when none is found within `limit` lines.
 */
export function enclosingFunctionLine(lineText: (line: number) => string, line: number, limit = 2000): number | undefined {
  let depth = 0;
  for (let current = line; current >= 0 && current >= line - limit; current--) {
    const code = stripStringsAndComments(lineText(current));
    // On the sampled line itself only an opening brace that precedes it counts (a closure's `func(` line).
    if (current === line && /\bfunc\b/.test(code) && code.includes('{')) return current;
    const from = current === line ? -1 : code.length - 1;
    for (let i = from; i >= 0; i--) {
      const c = code[i];
      if (c === '}') depth++;
      else if (c === '{') {
        if (depth > 0) depth--;
        else if (/\bfunc\b/.test(code.slice(0, i))) return current;
      }
    }
  }
  return undefined;
}

function stripStringsAndComments(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'/g, '""').replace(/\/\/.*$/, '');
}
