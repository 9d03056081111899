import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Range } from './text';
import { checkDeadline } from './timeBudget';

/** Helpers over the tree-sitter Go syntax tree that several rules share. */

export function nodeRange(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** The nearest function (declaration, method or literal) around a node. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return current;
  }
  return null;
}

/** Depth-first walk over named descendants; return false from `visit` to skip a subtree. */
export function walkNamed(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const cursor = root.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend && cursor.gotoFirstChild()) {
        descend = visitCurrent();
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.currentNode.id === root.id) return;
      }
      descend = visitCurrent();
    }
  } finally {
    cursor.delete();
  }

  function visitCurrent(): boolean {
    checkDeadline();
    if (!cursor.nodeIsNamed) return false;
    return visit(cursor.currentNode) !== false;
  }
}

/** The leading whitespace of the line a node starts on. */
export function indentationOf(node: SyntaxNode, text: string): string {
  const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Whether `inner` lies within `outer` (inclusive). */
export function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Text of an expression with insignificant whitespace removed, for comparing expressions. */
export function normalizedText(node: SyntaxNode): string {
  return node.text.replace(/\s+/g, '');
}

/** Strips parentheses around an expression. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  while (node.type === 'parenthesized_expression' && node.namedChildCount === 1) node = node.namedChild(0)!;
  return node;
}

/** Top-level declarations of one node type, in order, read with a cursor so the others stay unmaterialized. */
export function topLevelOfType(root: SyntaxNode, type: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = root.walk();
  try {
    for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
      if (cursor.nodeType === type) found.push(cursor.currentNode);
    }
  } finally {
    cursor.delete();
  }
  return found;
}

/** A `var` or `const` declaration's specs, grouped or not. */
export function specsOf(declaration: SyntaxNode, type: 'var_spec' | 'const_spec'): SyntaxNode[] {
  const specs: SyntaxNode[] = [];
  for (const child of declaration.namedChildren) {
    if (child?.type === type) specs.push(child);
    else if (child?.type === `${type}_list`) for (const inner of child.namedChildren) if (inner?.type === type) specs.push(inner);
  }
  return specs;
}
