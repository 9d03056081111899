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
 * unchanged parts of the previous tree.
 *
 * Two kinds of positions meet here. The editor's count a lone `\r` as a line break (LSP); the
 * tree's, and so every finding's, count only `\n`. They differ only in a text with a lone `\r`,
 * and `toEditor`/`fromEditor` translate between them.
 */
export class GoDocument {
  private lines!: LineIndex;
  /** The editor's line index when it can differ from `lines` (the text has a `\r`), else undefined. */
  private editorLines: LineIndex | undefined;

  private constructor(
    private readonly parser: Parser,
    private currentText: string,
    private currentTree: Tree,
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
    const parser = language.createParser();
    return new GoDocument(parser, text, language.parse(text, parser));
  }

  get text(): string {
    return this.currentText;
  }

  get tree(): Tree {
    return this.currentTree;
  }

  get lineIndex(): LineIndex {
    return this.lines;
  }

  applyChanges(changes: readonly TextChange[]): void {
    let needsFullParse = false;
    for (const change of changes) {
      if (!change.range) {
        this.currentText = change.text;
        this.indexLines();
        needsFullParse = true;
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
      this.indexLines();
      if (!needsFullParse) {
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
    const previous = this.currentTree;
    const tree = this.parser.parse(this.currentText, needsFullParse ? null : previous);
    if (!tree) throw new Error('tree-sitter returned no tree');
    this.currentTree = tree;
    previous.delete();
  }

  dispose(): void {
    this.currentTree.delete();
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
