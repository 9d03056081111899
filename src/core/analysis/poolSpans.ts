import type { Node as SyntaxNode } from 'web-tree-sitter';
import { ownCopy } from '../text';

/**
 * Indexes of a function body that survive edits elsewhere in the file. While the user types,
 * every keystroke makes a new syntax tree, but most functions keep their exact text: what was
 * derived from that text is kept as spans relative to the function and turned back into nodes
 * of the new tree on demand.
 */

/** Where a node sits inside its function. */
export interface RelativeSpan {
  start: number;
  end: number;
  type: string;
}

export function spanIn(fn: SyntaxNode, node: SyntaxNode): RelativeSpan {
  return { start: node.startIndex - fn.startIndex, end: node.endIndex - fn.startIndex, type: node.type };
}

/** The node of this function at a remembered span, or undefined when the tree says otherwise. */
export function nodeAt(fn: Pick<SyntaxNode, 'startIndex' | 'tree'>, span: RelativeSpan): SyntaxNode | undefined {
  const start = fn.startIndex + span.start;
  const end = fn.startIndex + span.end;
  // The smallest node covering the span; the one wanted may be an ancestor with the same span.
  for (let node: SyntaxNode | null = fn.tree.rootNode.descendantForIndex(start, end); node; node = node.parent) {
    if (node.startIndex < start || node.endIndex > end) return undefined;
    if (node.startIndex === start && node.endIndex === end && node.type === span.type) return node;
  }
  return undefined;
}

/** A bounded map from function text to what was derived from it (least recently used goes first). */
export class TextMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(text: string): T | undefined {
    const value = this.entries.get(text);
    if (value !== undefined) {
      this.entries.delete(text);
      this.entries.set(text, value);
    }
    return value;
  }

  set(text: string, value: T): void {
    this.entries.delete(text);
    // A slice of a file's text would keep the whole file alive as long as the entry.
    this.entries.set(ownCopy(text), value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}
