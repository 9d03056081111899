import type { Parser, Tree } from 'web-tree-sitter';
import { GoLanguage } from './parser';
import { LineIndex, Position, Range } from './text';

export interface TextChange {
  /** Absent means the whole text is replaced. */
  range?: Range;
  text: string;
}

/**
 * One open Go file: its text and syntax tree. Edits re-parse incrementally, reusing the
 * unchanged parts of the previous tree.
 */
export class GoDocument {
  private lines: LineIndex;

  private constructor(
    private readonly parser: Parser,
    private currentText: string,
    private currentTree: Tree,
  ) {
    this.lines = new LineIndex(currentText);
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
        this.lines = new LineIndex(this.currentText);
        needsFullParse = true;
        continue;
      }
      const startIndex = this.lines.offsetAt(change.range.start);
      const oldEndIndex = this.lines.offsetAt(change.range.end);
      const startPosition = this.lines.positionAt(startIndex);
      const oldEndPosition = this.lines.positionAt(oldEndIndex);
      this.currentText = this.currentText.slice(0, startIndex) + change.text + this.currentText.slice(oldEndIndex);
      const newEndIndex = startIndex + change.text.length;
      const newEndPosition = endPositionAfterInsert(startPosition, change.text);
      this.lines = new LineIndex(this.currentText);
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
