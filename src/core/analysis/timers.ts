import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Resolver } from '../resolver';
import type { SourceFile } from '../rule';
import { FUNCTION_TYPES } from '../syntax';

/** Facts the timer rules share: which calls are the time package's, and loops around them. */

/** Go 1.23 collects unreferenced timers and tickers, stopped or not (and makes their channels unbuffered). */
export const TIMERS_COLLECTED_GO = '1.23';

/** `time.After(d)` / `time.NewTicker(d)` / ... as this file spells the time package; the call's argument. */
export function timeCall(resolver: Resolver, file: SourceFile, call: SyntaxNode, names: ReadonlySet<string>): { name: string; argument: SyntaxNode } | undefined {
  if (call.type !== 'call_expression') return undefined;
  const callee = call.childForFieldName('function');
  let name: string | undefined;
  if (callee?.type === 'selector_expression') {
    const pkg = callee.childForFieldName('operand');
    if (pkg?.type !== 'identifier' || resolver.importPath(file, pkg.text) !== 'time') return undefined;
    // A local variable named like the package shadows it (a package-level one cannot: Go
    // forbids a name in both the file's imports and the package block).
    if (resolver.localDeclaration(pkg)) return undefined;
    name = callee.childForFieldName('field')?.text;
  } else if (callee?.type === 'identifier' && resolver.importNames(file, 'time').includes('.')) {
    name = callee.text;
  }
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is SyntaxNode => !!arg && arg.type !== 'comment');
  if (!name || !names.has(name) || args.length !== 1) return undefined;
  return { name, argument: args[0] };
}

/** The nearest `for` loop around a node within its own function. */
export function enclosingLoopInFunction(node: SyntaxNode): SyntaxNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return null;
    if (current.type === 'for_statement') return current;
  }
  return null;
}

export function enclosingFunctionNode(node: SyntaxNode): SyntaxNode | null {
  for (let current = node.parent; current; current = current.parent) if (FUNCTION_TYPES.has(current.type)) return current;
  return null;
}

/** Identifiers a fix may not take: every name written in the function. */
export function namesIn(node: SyntaxNode): Set<string> {
  return new Set(node.descendantsOfType('identifier').map((identifier) => identifier?.text ?? ''));
}

export function freshName(wanted: readonly string[], taken: ReadonlySet<string>): string | undefined {
  return wanted.find((name) => !taken.has(name));
}

/**
 * Whether the function can return (or a goroutine end) once the node has run: a `return`, or a
 * loop around it that some `break` leaves, or code after an ending loop. A function that only
 * loops forever keeps its ticker busy for good: nothing leaks.
 */
export function functionCanEnd(fn: SyntaxNode, after?: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return true;
  let canEnd = false;
  const visit = (node: SyntaxNode) => {
    for (const child of node.namedChildren) {
      if (!child || canEnd || child.type === 'func_literal') continue;
      if (child.type === 'return_statement' || child.type === 'break_statement' || child.type === 'goto_statement') {
        // A way out taken before the node runs (`if !enabled { return }` ahead of it, in no
        // loop that also holds the node) leaves nothing behind.
        if (after && child.endIndex <= after.startIndex && !sharedLoop(child, after, fn)) continue;
        canEnd = true;
        return;
      }
      visit(child);
    }
  };
  visit(body);
  if (canEnd) return true;
  // No return and no break: the function ends only by falling off its end, which it does
  // unless its last statement is an endless loop.
  const list = body.namedChildren.find((child) => child?.type === 'statement_list');
  const statements = list?.namedChildren.filter((child) => child?.type !== 'comment') ?? [];
  const last = statements[statements.length - 1];
  return !(last && last.type === 'for_statement' && loopHasNoCondition(last));
}

/** A for loop of `fn` that holds both nodes (so the earlier one may run again after the later). */
function sharedLoop(a: SyntaxNode, b: SyntaxNode, fn: SyntaxNode): boolean {
  for (let loop = a.parent; loop && loop.id !== fn.id; loop = loop.parent) {
    if (loop.type === 'for_statement' && loop.startIndex <= b.startIndex && b.endIndex <= loop.endIndex) return true;
  }
  return false;
}

/** `for { }` or `for range ch` / `for x := range ch`: ends only by a break or return inside it. */
export function loopHasNoCondition(loop: SyntaxNode): boolean {
  const header = loop.namedChildren.filter((child) => child && child.type !== 'block' && child.type !== 'comment');
  if (header.length === 0) return true;
  const range = header.find((child) => child?.type === 'range_clause');
  // Ranging over a ticker's channel never ends: the channel is never closed.
  if (range) return /\.C$|\bTick\(/.test(range.childForFieldName('right')?.text ?? '');
  const clause = header.find((child) => child?.type === 'for_clause');
  return !!clause && !clause.childForFieldName('condition');
}
