import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Finding, SourceFile } from './rule';
import type { Range, TextEdit } from './text';

import type { Tree } from 'web-tree-sitter';

/** Where a suppression might be; confirmed against the tree so strings don't count. */
const DIRECTIVE_TEXT = /\/\/\s*(?:gomem:|nolint)/g;

/** The comment nodes that carry a suppression directive, found by a text scan. */
export function suppressionComments(text: string, tree: Tree): SyntaxNode[] {
  const comments: SyntaxNode[] = [];
  for (const match of text.matchAll(DIRECTIVE_TEXT)) {
    const node = tree.rootNode.descendantForIndex(match.index!, match.index! + 2);
    if (node?.type === 'comment' && node.startIndex === match.index) comments.push(node);
  }
  return comments;
}

const LINE_DIRECTIVE = /^\/\/\s*gomem:ignore\s+([\w,-]+)/;
const FILE_DIRECTIVE = /^\/\/\s*gomem:file-ignore\s+([\w,-]+)/;
// golangci-lint's forms: a bare //nolint silences every linter; //nolint:a,b names them.
const NOLINT = /^\/\/\s*nolint(?::([\w,-]+))?(?:\s|$)/;

/** The suppression comments of one file. */
export class Suppressions {
  /** Line number → rule ids silenced there ('*' for all). */
  private readonly byLine = new Map<number, Set<string>>();
  private readonly wholeFile = new Set<string>();

  constructor(comments: readonly SyntaxNode[]) {
    for (const comment of comments) this.add(comment);
  }

  private add(comment: SyntaxNode): void {
    const text = comment.text;
    const fileMatch = FILE_DIRECTIVE.exec(text);
    if (fileMatch) {
      for (const id of splitIds(fileMatch[1])) this.wholeFile.add(id);
      return;
    }
    let ids: string[] | undefined;
    const lineMatch = LINE_DIRECTIVE.exec(text);
    if (lineMatch) ids = splitIds(lineMatch[1]);
    else {
      const nolint = NOLINT.exec(text);
      if (nolint) {
        const linters = nolint[1] ? splitIds(nolint[1]) : ['all'];
        if (linters.includes('gomem') || linters.includes('all')) ids = ['*'];
      }
    }
    if (!ids) return;
    const commentLine = comment.startPosition.row;
    // A directive covers its own line; on a line of its own it also covers the next line.
    const standsAlone = comment.previousSibling === null || comment.previousSibling.endPosition.row < commentLine;
    const lines = standsAlone ? [commentLine, commentLine + 1] : [commentLine];
    for (const line of lines) {
      const set = this.byLine.get(line) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      this.byLine.set(line, set);
    }
  }

  isSuppressed(finding: Pick<Finding, 'ruleId' | 'range'>): boolean {
    if (this.wholeFile.has(finding.ruleId)) return true;
    const ids = this.byLine.get(finding.range.start.line);
    return !!ids && (ids.has('*') || ids.has(finding.ruleId));
  }
}

function splitIds(list: string): string[] {
  return list.split(',').map((id) => id.trim()).filter(Boolean);
}

/** The reason a suppression comment is inserted with, for the user to type over. */
export const SUPPRESSION_REASON_PLACEHOLDER = 'TODO: why this is safe';

/** Where the reason placeholder is once a suppression edit is applied (the edit only inserts). */
export function placeholderRange(edit: TextEdit): Range {
  const before = edit.newText.slice(0, edit.newText.indexOf(SUPPRESSION_REASON_PLACEHOLDER)).split('\n');
  const line = edit.range.start.line + before.length - 1;
  const character = (before.length === 1 ? edit.range.start.character : 0) + before[before.length - 1].length;
  return { start: { line, character }, end: { line, character: character + SUPPRESSION_REASON_PLACEHOLDER.length } };
}

/** The edit that silences one finding on its line, with a reason for the reader to complete. */
export function suppressOnLineEdit(file: SourceFile, finding: Finding): TextEdit {
  const line = finding.range.start.line;
  const indentation = /^[ \t]*/.exec(file.lines.lineText(line))![0];
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indentation}//gomem:ignore ${finding.ruleId} ${SUPPRESSION_REASON_PLACEHOLDER}\n`,
  };
}

/** The edit that silences a rule in the whole file, placed after the package clause. */
export function suppressInFileEdit(file: SourceFile, ruleId: string): TextEdit {
  const packageClause = file.tree.rootNode.namedChildren.find((node) => node?.type === 'package_clause');
  const line = packageClause ? packageClause.endPosition.row + 1 : 0;
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: `\n//gomem:file-ignore ${ruleId} ${SUPPRESSION_REASON_PLACEHOLDER}\n` };
}
