import type { Node as SyntaxNode } from 'web-tree-sitter';
import { walkNamed } from '../syntax';

/**
 * Facts derived from one function's subtree, computed once per syntax tree. The pool rules check
 * each Put call on its own; a function with hundreds of Get/Put pairs would otherwise be walked
 * once per Put, which is quadratic in its size.
 */

const perTree = new WeakMap<object, Map<string, unknown>>();

/** Remembers `compute()` for this function node of this tree under `key`. */
export function perFunction<T>(fn: SyntaxNode, key: string, compute: () => T): T {
  let entries = perTree.get(fn.tree);
  if (!entries) perTree.set(fn.tree, (entries = new Map()));
  const slot = `${key}@${fn.id}`;
  if (!entries.has(slot)) entries.set(slot, compute());
  return entries.get(slot) as T;
}

/** The function's identifier nodes (its own and its literals'), by name, each list in document order. */
export function identifiersByName(fn: SyntaxNode): ReadonlyMap<string, readonly SyntaxNode[]> {
  return perFunction(fn, 'identifiers', () => {
    const byName = new Map<string, SyntaxNode[]>();
    walkNamed(fn, (node) => {
      if (node.type !== 'identifier') return;
      const name = node.text;
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(node);
    });
    return byName;
  });
}

/** Every call expression below the function (literals included), in document order (pre-order). */
export function callsOf(fn: SyntaxNode): readonly SyntaxNode[] {
  return perFunction(fn, 'calls', () => {
    const calls: SyntaxNode[] = [];
    walkNamed(fn, (node) => {
      if (node.type === 'call_expression') calls.push(node);
    });
    return calls;
  });
}
