import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { EquivalentCheck, Finding, Rule, SourceFile } from './rule';
import type { Range, TextEdit } from './text';

import type { Tree } from 'web-tree-sitter';

/** Where a suppression might be; confirmed against the tree so strings don't count. */
const DIRECTIVE_TEXT = /\/\/\s*(?:gomem:|nolint|lint:)/g;

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
// staticcheck's forms, exactly as it parses them: no space after //, and a reason is required
// (staticcheck reports a directive without one as malformed and does not honour it).
const STATICCHECK = /^\/\/lint:(ignore|file-ignore)\s+(\S+)\s+\S/;

/** What one directive silences. */
type Directive =
  | { kind: 'gomem'; ids: ReadonlySet<string> }
  | { kind: 'nolint'; linters: ReadonlySet<string> }
  | { kind: 'staticcheck'; checks: readonly RegExp[] };

/**
 * The suppression comments of one file: gomem's own (`//gomem:ignore ID reason`,
 * `//gomem:file-ignore ID reason`), golangci-lint's `//nolint[:linters]`, and staticcheck's
 * `//lint:ignore CHECKS reason` / `//lint:file-ignore CHECKS reason`. The other tools' forms
 * silence a rule when they name gomem, every linter, or the rule's equivalent check there
 * (RuleMeta.equivalents); naming any other linter or check silences nothing.
 */
export class Suppressions {
  private readonly byLine = new Map<number, Directive[]>();
  private readonly wholeFile: Directive[] = [];
  private readonly equivalents: ReadonlyMap<string, readonly EquivalentCheck[]>;

  constructor(comments: readonly SyntaxNode[], rules: readonly Pick<Rule, 'meta'>[] = []) {
    this.equivalents = new Map(rules.map(({ meta }) => [meta.id, meta.equivalents ?? []]));
    for (const comment of comments) this.add(comment);
  }

  private add(comment: SyntaxNode): void {
    const parsed = parseDirective(comment.text);
    if (!parsed) return;
    if (parsed.wholeFile) {
      this.wholeFile.push(parsed.directive);
      return;
    }
    const commentLine = comment.startPosition.row;
    // A directive covers its own line; on a line of its own it also covers the next line.
    const standsAlone = comment.previousSibling === null || comment.previousSibling.endPosition.row < commentLine;
    const lines = standsAlone ? [commentLine, commentLine + 1] : [commentLine];
    for (const line of lines) {
      const directives = this.byLine.get(line) ?? [];
      directives.push(parsed.directive);
      this.byLine.set(line, directives);
    }
  }

  isSuppressed(finding: Pick<Finding, 'ruleId' | 'range'>): boolean {
    const silences = (directive: Directive) => this.silences(directive, finding.ruleId);
    return this.wholeFile.some(silences) || (this.byLine.get(finding.range.start.line) ?? []).some(silences);
  }

  private silences(directive: Directive, ruleId: string): boolean {
    switch (directive.kind) {
      case 'gomem':
        return directive.ids.has('*') || directive.ids.has(ruleId);
      case 'nolint':
        if (directive.linters.has('all') || directive.linters.has('gomem')) return true;
        return (this.equivalents.get(ruleId) ?? []).some((equivalent) => directive.linters.has(equivalent.linter));
      case 'staticcheck':
        return (this.equivalents.get(ruleId) ?? []).some(
          (equivalent) => equivalent.tool === 'staticcheck' && directive.checks.some((check) => check.test(equivalent.check)),
        );
    }
  }
}

function parseDirective(text: string): { directive: Directive; wholeFile: boolean } | undefined {
  const fileMatch = FILE_DIRECTIVE.exec(text);
  if (fileMatch) return { directive: { kind: 'gomem', ids: new Set(splitIds(fileMatch[1])) }, wholeFile: true };
  const lineMatch = LINE_DIRECTIVE.exec(text);
  if (lineMatch) return { directive: { kind: 'gomem', ids: new Set(splitIds(lineMatch[1])) }, wholeFile: false };
  const nolint = NOLINT.exec(text);
  if (nolint) {
    const linters = nolint[1] ? splitIds(nolint[1]).map((linter) => linter.toLowerCase()) : ['all'];
    return { directive: { kind: 'nolint', linters: new Set(linters) }, wholeFile: false };
  }
  const staticcheck = STATICCHECK.exec(text);
  if (staticcheck) {
    const checks = splitIds(staticcheck[2]).map(globPattern);
    return { directive: { kind: 'staticcheck', checks }, wholeFile: staticcheck[1] === 'file-ignore' };
  }
  return undefined;
}

/** staticcheck matches the checks it is given as globs (`SA*`, `SA600?`). */
function globPattern(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
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
