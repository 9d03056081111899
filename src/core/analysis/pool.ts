import type { Node as SyntaxNode } from 'web-tree-sitter';
import { contains, enclosingFunction, FUNCTION_TYPES, normalizedText, unparenthesize } from '../syntax';
import { perFunction } from './functionFacts';
import { nodeAt, RelativeSpan, spanIn, TextMemo } from './poolSpans';

/** Facts about `sync.Pool` use that the pool rules share. */

/** Pointer types the pool rules understand as reusable buffers. */
export const POOLED_BUFFER_TYPES: ReadonlySet<string> = new Set(['*bytes.Buffer', '*strings.Builder']);

export interface PoolGet {
  /** The statement that assigns the pooled value to the variable. */
  statement: SyntaxNode;
  /** The `pool.Get()` call. */
  getCall: SyntaxNode;
  /** The asserted type, e.g. `*bytes.Buffer`. */
  assertedType: string;
  /** The function whose body holds the Get. */
  function: SyntaxNode;
}

/** The `Put` call shape: `<pool>.Put(<arg>)`; returns its parts or undefined. */
export function poolPutParts(call: SyntaxNode): { pool: SyntaxNode; argument: SyntaxNode } | undefined {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Put') return undefined;
  const pool = callee.childForFieldName('operand');
  const argumentNodes = args?.namedChildren.filter((node) => node?.type !== 'comment') ?? [];
  if (!pool || argumentNodes.length !== 1 || !argumentNodes[0]) return undefined;
  return { pool, argument: argumentNodes[0] };
}

/**
 * A Put of a pooled buffer variable: `pool.Put(b)` where `b` was taken from the same pool by a
 * Get asserted to `*bytes.Buffer` or `*strings.Builder`. The shape the Reset and capacity rules check.
 */
export function pooledBufferPut(put: SyntaxNode): { pool: SyntaxNode; name: string; get: PoolGet } | undefined {
  const parts = poolPutParts(put);
  if (!parts || parts.argument.type !== 'identifier') return undefined;
  const name = parts.argument.text;
  const get = findPoolGet(name, parts.pool, put);
  if (!get || !POOLED_BUFFER_TYPES.has(get.assertedType)) return undefined;
  return { pool: parts.pool, name, get };
}

/**
 * Finds where `name` was last assigned `<pool>.Get().(*T)` before `before`, looking through the
 * enclosing functions (a Put inside a deferred closure refers to the outer function's Get).
 */
export function findPoolGet(name: string, poolExpression: SyntaxNode, before: SyntaxNode): PoolGet | undefined {
  const poolText = normalizedText(poolExpression);
  for (let fn = enclosingFunction(before); fn; fn = enclosingFunction(fn)) {
    let found: PoolGet | undefined;
    for (const assignment of poolGetAssignments(fn).get(name) ?? []) {
      if (assignment.statement.startIndex >= before.startIndex || assignment.poolText !== poolText) continue;
      // `b := pool.Get()` in another block (another case of a switch) declares another b.
      const scope = assignment.statement.type === 'short_var_declaration' ? assignment.statement.parent : undefined;
      if (scope && !contains(scope, before)) continue;
      // The nearest one before: the list is not in document order.
      if (found && found.statement.startIndex > assignment.statement.startIndex) continue;
      found = { statement: assignment.statement, getCall: assignment.getCall, assertedType: assignment.assertedType, function: fn };
    }
    if (found) return found;
    if (fn.type !== 'func_literal') return undefined;
  }
  return undefined;
}

interface PoolGetAssignment {
  statement: SyntaxNode;
  getCall: SyntaxNode;
  assertedType: string;
  poolText: string;
}

/**
 * A function's assignments of `<pool>.Get().(*T)` by target name, in visitAssignments order;
 * found once per function and tree (a function may hold hundreds of Puts, each looking for its Get).
 */
function poolGetAssignments(fn: SyntaxNode): Map<string, PoolGetAssignment[]> {
  return perFunction(fn, 'pool-gets', () => {
    const byName = new Map<string, PoolGetAssignment[]>();
    visitAssignments(fn, (target, value, statement) => {
      const get = asPoolGet(value);
      if (!get) return;
      const name = target.text;
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push({ statement, getCall: get.call, assertedType: get.assertedType, poolText: normalizedText(get.pool) });
    });
    return byName;
  });
}

/** `<pool>.Get().(*T)` → its pool expression, the Get call and `*T`. */
export function asPoolGet(expression: SyntaxNode): { pool: SyntaxNode; call: SyntaxNode; assertedType: string } | undefined {
  const value = unparenthesize(expression);
  if (value.type !== 'type_assertion_expression') return undefined;
  const call = value.childForFieldName('operand');
  const type = value.childForFieldName('type');
  if (call?.type !== 'call_expression' || !type) return undefined;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Get') return undefined;
  if (call.childForFieldName('arguments')?.namedChildCount !== 0) return undefined;
  const pool = callee.childForFieldName('operand');
  return pool ? { pool, call, assertedType: type.text.replace(/\s+/g, '') } : undefined;
}

/**
 * Calls `visit` for each single-name assignment in a function's own body and nested
 * literals: `x := v`, `x = v`, `var x = v`, `var x T = v`.
 */
export function visitAssignments(fn: SyntaxNode, visit: (target: SyntaxNode, value: SyntaxNode, statement: SyntaxNode) => void): void {
  for (const node of assignmentStatements(fn)) {
    if (node.type === 'short_var_declaration' || node.type === 'assignment_statement') {
      pairUp(node.childForFieldName('left'), node.childForFieldName('right'), node, visit);
    } else {
      const names = node.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
      const values = node.childForFieldName('value')?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
      if (names.length === values.length) names.forEach((target, i) => visit(target, values[i], node));
    }
  }
}

const ASSIGNMENT_TYPES: ReadonlySet<string> = new Set(['short_var_declaration', 'assignment_statement', 'var_spec']);

/** Across trees: the assignment spans of functions by their text. */
const assignmentSpans = new TextMemo<RelativeSpan[]>(256);

/** Per syntax tree: each function's assignment statements and var specs, by function node id. */
const assignmentCache = new WeakMap<object, Map<number, SyntaxNode[]>>();

/**
 * The assignments and var specs in a function's body, in the order visitAssignments has always
 * met them (a depth-first walk taking the last child first: the reverse of a post-order walk).
 * Found with a tree cursor, so only these nodes are materialized; cached per tree and function.
 */
function assignmentStatements(fn: SyntaxNode): SyntaxNode[] {
  let byFunction = assignmentCache.get(fn.tree);
  if (!byFunction) assignmentCache.set(fn.tree, (byFunction = new Map()));
  const cached = byFunction.get(fn.id);
  if (cached) return cached;
  // The same function text as in an earlier tree (the user typed elsewhere): relocate its nodes.
  const text = fn.text;
  const remembered = assignmentSpans.get(text)?.map((span) => nodeAt(fn, span));
  if (remembered && remembered.every((node) => node)) {
    byFunction.set(fn.id, remembered as SyntaxNode[]);
    return remembered as SyntaxNode[];
  }
  const postOrder: SyntaxNode[] = [];
  const body = fn.childForFieldName('body');
  if (body) {
    const cursor = body.walk();
    try {
      walk: for (;;) {
        if (cursor.gotoFirstChild()) continue;
        for (;;) {
          if (ASSIGNMENT_TYPES.has(cursor.nodeType)) postOrder.push(cursor.currentNode);
          if (cursor.gotoNextSibling()) break;
          if (!cursor.gotoParent()) break walk;
        }
      }
    } finally {
      cursor.delete();
    }
  }
  const statements = postOrder.reverse();
  byFunction.set(fn.id, statements);
  assignmentSpans.set(text, statements.map((node) => spanIn(fn, node)));
  return statements;
}

function pairUp(left: SyntaxNode | null, right: SyntaxNode | null, statement: SyntaxNode, visit: (t: SyntaxNode, v: SyntaxNode, s: SyntaxNode) => void) {
  const targets = left?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
  const values = right?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
  if (targets.length === values.length) targets.forEach((target, i) => visit(target, values[i], statement));
  // `b, ok := pool.Get().(*bytes.Buffer)`: the first target holds the asserted value.
  else if (targets.length === 2 && values.length === 1 && unparenthesize(values[0]).type === 'type_assertion_expression') {
    visit(targets[0], values[0], statement);
  }
}

/** Whether a call is `<name>.<method>(...)` with one of the given methods. */
export function isMethodCallOn(call: SyntaxNode, name: string, methods: ReadonlySet<string>): boolean {
  if (call.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'selector_expression') return false;
  const operand = callee.childForFieldName('operand');
  return operand?.type === 'identifier' && operand.text === name && methods.has(callee.childForFieldName('field')?.text ?? '');
}

/** Whether any function between `node` and `outer` is a literal (a closure boundary). */
export function crossesFunctionBoundary(node: SyntaxNode, outer: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== outer.id; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return true;
  }
  return false;
}

/**
 * The query the pool rules register: one match per file. Their Put calls are found by a text
 * scan instead (`putCalls`), because a `#eq? "Put"` predicate makes tree-sitter hand every
 * method call of the file to JavaScript, which costs more than the rest of the rules together.
 */
export const WHOLE_FILE_QUERY = '(source_file) @file';

const putCallCache = new WeakMap<object, SyntaxNode[]>();

/** Every `<expr>.Put(...)` call of a file, in document order (cached per syntax tree). */
export function putCalls(file: { text: string; tree: { rootNode: SyntaxNode } }): SyntaxNode[] {
  const cached = putCallCache.get(file.tree);
  if (cached) return cached;
  const calls: SyntaxNode[] = [];
  const root = file.tree.rootNode;
  for (let index = file.text.indexOf('.Put('); index >= 0; index = file.text.indexOf('.Put(', index + 5)) {
    const field = root.descendantForIndex(index + 1, index + 4);
    if (field?.type !== 'field_identifier') continue; // inside a comment or a string
    const selector = field.parent;
    const call = selector?.parent;
    if (selector?.type === 'selector_expression' && call?.type === 'call_expression' && call.childForFieldName('function')?.id === selector.id) calls.push(call);
  }
  putCallCache.set(file.tree, calls);
  return calls;
}
