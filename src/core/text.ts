/** Positions are 0-based lines and UTF-16 columns, as LSP and web-tree-sitter count them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
  /** Absolute path of the file the edit applies to; absent means the file being linted. */
  file?: string;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * What ends a line. `newline` counts only `\n`, as tree-sitter's rows do (and so every range the
 * rules compute); `lsp` also counts a lone `\r`, as LSP and editors do. The two differ only in a
 * text with a `\r` not followed by `\n`.
 */
export type LineBreaks = 'newline' | 'lsp';

/** Maps between string offsets and positions for one text. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(
    private readonly text: string,
    readonly lineBreaks: LineBreaks = 'newline',
    knownStarts?: number[],
  ) {
    if (knownStarts) {
      this.lineStarts = knownStarts;
      return;
    }
    const starts = [0];
    if (lineBreaks === 'lsp' && hasLoneCarriageReturn(text)) {
      for (const match of text.matchAll(/\r\n?|\n/g)) starts.push(match.index! + match[0].length);
    } else {
      // indexOf scans natively; a character loop costs a millisecond per edit in a 340 KB file.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  /**
   * The index of `newText`, which is this text with `[start, oldEnd)` replaced by `inserted`:
   * the lines before the edit are kept and the ones after it shifted, instead of scanning the
   * whole text again (2.7 ms per keystroke in a 340 KB file). Only `\n` line breaks are
   * incremental; an index that counts a lone `\r` is rebuilt.
   */
  afterEdit(newText: string, start: number, oldEnd: number, inserted: string): LineIndex {
    if (this.lineBreaks !== 'newline') return new LineIndex(newText, this.lineBreaks);
    const starts = this.lineStarts;
    // Lines that start at or before the edit's start are unchanged.
    let firstAfter = this.positionAt(start).line + 1;
    const next: number[] = starts.slice(0, firstAfter);
    for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) next.push(start + i + 1);
    // Lines that started inside the replaced range are gone; the rest move by the length change.
    while (firstAfter < starts.length && starts[firstAfter] <= oldEnd) firstAfter++;
    const shift = inserted.length - (oldEnd - start);
    for (let line = firstAfter; line < starts.length; line++) next.push(starts[line] + shift);
    return new LineIndex(newText, 'newline', next);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /**
   * The offset of a position. A character past the end of its line means the line's end (before
   * its line break), as LSP says; a line past the last one means the end of the text.
   */
  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const line = Math.max(0, position.line);
    const lineStart = this.lineStarts[line];
    return Math.min(lineStart + Math.max(0, position.character), this.lineEnd(line));
  }

  /** The offset just before the line break ending `line` (the text's end on the last line). */
  private lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1] - 1;
    if (this.lineBreaks === 'lsp' && end > this.lineStarts[line] && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.lineStarts[low] };
  }

  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

/**
 * Translates positions in a text from tree-sitter's rows to the editor's (LSP) lines; undefined
 * when they are the same (no lone `\r`).
 */
export function editorPositions(text: string): ((position: Position) => Position) | undefined {
  if (!hasLoneCarriageReturn(text)) return undefined;
  const rows = new LineIndex(text);
  const lines = new LineIndex(text, 'lsp');
  return (position) => lines.positionAt(rows.offsetAt(position));
}

/**
 * A copy of a string that keeps no larger one alive. In V8 a slice of a file's text (a
 * declaration, a name) refers to the whole text, so a cache that outlives the file keyed by such
 * slices keeps every version of the file it has seen: typing 400 characters into a struct of
 * net/http's h2_bundle.go left 290 MB live this way. Prepending forces a flat copy of just this
 * text, and the slice after it refers to that copy only. For what long-lived caches keep.
 */
export function ownCopy(text: string): string {
  // V8 copies slices shorter than this anyway (most names): copying again only makes garbage.
  if (text.length < SHORTEST_SHARED_SLICE) return text;
  return (' ' + text).slice(1);
}

/** V8's SlicedString::kMinLength: a shorter slice is a copy of its characters, not a view. */
const SHORTEST_SHARED_SLICE = 13;

/** Whether a text has a `\r` that is not part of `\r\n`: only then do LSP lines differ from tree-sitter rows. */
export function hasLoneCarriageReturn(text: string): boolean {
  return /\r(?!\n)/.test(text);
}

/** Applies non-overlapping edits to a text; used by the CLI's --fix and by tests. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((edit) => ({ start: index.offsetAt(edit.range.start), end: index.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let lastStart = Infinity;
  for (const edit of sorted) {
    if (edit.end > lastStart) throw new Error('overlapping edits');
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    lastStart = edit.start;
  }
  return result;
}
