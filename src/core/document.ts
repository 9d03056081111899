import type { Parser, Tree } from 'web-tree-sitter';
import { GoLanguage } from './parser';
import { LineIndex, Position, Range } from './text';

export interface TextChange {
  /** In the editor's (LSP) positions; absent means the whole text is replaced. */
  range?: Range;
  text: string;
}

/**
 * One open Go file: its text and syntax tree. Edits re-parse incrementally, reusing the
 * unchanged parts of the previous tree. The parse runs when the tree is first asked for after
 * edits (a burst of edits parses once), under the current lint's time budget: if that runs out,
 * the tree stays unparsed and the next request tries again.
 *
 * Two kinds of positions meet here. The editor's count a lone `\r` as a line break (LSP); the
 * tree's, and so every finding's, count only `\n`. They differ only in a text with a lone `\r`,
 * and `toEditor`/`fromEditor` translate between them.
 */
export class GoDocument {
  private lines!: LineIndex;
  /** The editor's line index when it can differ from `lines` (the text has a `\r`), else undefined. */
  private editorLines: LineIndex | undefined;
  /** The last tree, edited to match the text; it needs a parse while `parsed` is false. */
  private currentTree: Tree | undefined;
  private parsed = false;
  /** The whole text was replaced since the last parse: the old tree is of no use. */
  private fullParseNeeded = true;

  private constructor(
    private readonly language: GoLanguage,
    private readonly parser: Parser,
    private currentText: string,
  ) {
    this.indexLines();
  }

  private indexLines(): void {
    this.lines = new LineIndex(this.currentText);
    this.editorLines = this.currentText.includes('\r') ? new LineIndex(this.currentText, 'lsp') : undefined;
  }

  /** A position of the tree or of a finding, as the editor counts lines. */
  toEditor(position: Position): Position {
    return this.editorLines ? this.editorLines.positionAt(this.lines.offsetAt(position)) : position;
  }

  /** A position sent by the editor, as the tree counts lines. */
  fromEditor(position: Position): Position {
    return this.editorLines ? this.lines.positionAt(this.editorLines.offsetAt(position)) : position;
  }

  static open(language: GoLanguage, text: string): GoDocument {
    return new GoDocument(language, language.createParser(), text);
  }

  get text(): string {
    return this.currentText;
  }

  /** The syntax tree of the current text; throws LintTimeoutError if the parse runs past the current deadline. */
  get tree(): Tree {
    if (!this.parsed || !this.currentTree) {
      const previous = this.currentTree;
      this.currentTree = this.language.parse(this.currentText, this.parser, this.fullParseNeeded ? null : previous);
      if (previous) previous.delete();
      this.parsed = true;
      this.fullParseNeeded = false;
    }
    return this.currentTree;
  }

  get lineIndex(): LineIndex {
    return this.lines;
  }

  applyChanges(changes: readonly TextChange[]): void {
    this.parsed = false;
    for (const change of changes) {
      if (!change.range) {
        this.currentText = change.text;
        this.indexLines();
        this.fullParseNeeded = true;
        continue;
      }
      const editorLines = this.editorLines ?? this.lines;
      // An end before the start is read as the editor would: the range between them.
      const [startIndex, oldEndIndex] = [editorLines.offsetAt(change.range.start), editorLines.offsetAt(change.range.end)].sort((a, b) => a - b);
      const startPosition = this.lines.positionAt(startIndex);
      const oldEndPosition = this.lines.positionAt(oldEndIndex);
      this.currentText = this.currentText.slice(0, startIndex) + change.text + this.currentText.slice(oldEndIndex);
      const newEndIndex = startIndex + change.text.length;
      const newEndPosition = endPositionAfterInsert(startPosition, change.text);
      this.lines = this.lines.afterEdit(this.currentText, startIndex, oldEndIndex, change.text);
      if (this.editorLines || change.text.includes('\r')) this.editorLines = this.currentText.includes('\r') ? new LineIndex(this.currentText, 'lsp') : undefined;
      if (!this.fullParseNeeded && this.currentTree) {
        this.currentTree.edit({
          startIndex,
          oldEndIndex,
          newEndIndex,
          startPosition: toPoint(startPosition),
          oldEndPosition: toPoint(oldEndPosition),
          newEndPosition: toPoint(newEndPosition),
        });
      }
    }
  }

  dispose(): void {
    this.currentTree?.delete();
    this.currentTree = undefined;
    this.parser.delete();
  }
}

function toPoint(position: Position): { row: number; column: number } {
  return { row: position.line, column: position.character };
}

function endPositionAfterInsert(start: Position, inserted: string): Position {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak < 0) return { line: start.line, character: start.character + inserted.length };
  let breaks = 0;
  for (let i = 0; i < inserted.length; i++) if (inserted.charCodeAt(i) === 10) breaks++;
  return { line: start.line + breaks, character: inserted.length - lastBreak - 1 };
}
