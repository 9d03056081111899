import type { Node as SyntaxNode } from 'web-tree-sitter';

/** Statement-level navigation over tree-sitter-go trees, for simple path reasoning. */

const STATEMENT_CONTAINERS: ReadonlySet<string> = new Set([
  'statement_list',
  'expression_case',
  'type_case',
  'default_case',
  'communication_case',
  'source_file',
]);

/** The statement that holds a node: its ancestor (or itself) whose parent lists statements. */
export function statementOf(node: SyntaxNode): SyntaxNode | null {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.parent && STATEMENT_CONTAINERS.has(current.parent.type)) return current;
  }
  return null;
}

/** The statements of a block (or case clause), in order. */
export function statementsOf(node: SyntaxNode | null): SyntaxNode[] {
  if (!node) return [];
  if (node.type === 'block') {
    const list = node.namedChildren.find((child) => child?.type === 'statement_list');
    return list ? statementsOf(list) : [];
  }
  return node.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment');
}

/** The body block of a function declaration, method or literal. */
export function functionBody(fn: SyntaxNode): SyntaxNode | null {
  return fn.childForFieldName('body');
}

/**
 * Walks outward from a statement: yields, for each enclosing statement list up to `stop`
 * (a function node), the statements that run before the one on the way to the start point.
 * Statements are yielded nearest first.
 */
export function* statementsBefore(start: SyntaxNode, stop: SyntaxNode): Generator<SyntaxNode> {
  let statement = statementOf(start);
  while (statement) {
    for (let previous = statement.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
      if (previous.type !== 'comment') yield previous;
    }
    let enclosing: SyntaxNode | null = null;
    for (let ancestor = statement.parent; ancestor && !enclosing; ancestor = ancestor.parent) {
      if (ancestor.id === stop.id) return;
      if (ancestor.parent && STATEMENT_CONTAINERS.has(ancestor.parent.type)) enclosing = ancestor;
    }
    statement = enclosing;
  }
}

/** Return statements that belong to `fn` itself (not to nested function literals). */
export function ownReturnStatements(fn: SyntaxNode): SyntaxNode[] {
  const body = functionBody(fn);
  if (!body) return [];
  const found: SyntaxNode[] = [];
  const visit = (node: SyntaxNode) => {
    for (const child of node.namedChildren) {
      if (!child || child.type === 'func_literal') continue;
      if (child.type === 'return_statement') found.push(child);
      else visit(child);
    }
  };
  visit(body);
  return found;
}
