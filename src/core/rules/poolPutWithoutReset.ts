import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asPoolGet, isMethodCallOn, PoolGet, pooledBufferPut, visitAssignments } from '../analysis/pool';
import { poolPutRule } from '../analysis/poolPackage';
import type { Resolver } from '../resolver';
import { functionBody, ownReturnStatements, statementOf, statementsBefore, statementsOf } from '../analysis/statements';
import type { Fix, Rule, RuleContext } from '../rule';
import { contains, indentationOf, nodeRange, unparenthesize, walkNamed } from '../syntax';
import { identifiersByName, perFunction } from '../analysis/functionFacts';

/** Methods that leave no new content behind: they read, size, or reserve room. */
const NON_WRITING_METHODS: ReadonlySet<string> = new Set(['Len', 'Cap', 'String', 'Bytes', 'Available', 'AvailableBuffer', 'Grow', 'WriteTo']);

const RESET: ReadonlySet<string> = new Set(['Reset']);
const TRUNCATE: ReadonlySet<string> = new Set(['Truncate']);

/** How deep helper functions are followed when looking for a reset (`resetBuffer(b)`). */
const HELPER_DEPTH = 2;

// File scope: package helper functions (`resetBuffer(b)`) and closures elsewhere decide whether a Put is clean.
export const poolPutWithoutReset: Rule = poolPutRule(
  {
    id: 'pool-put-without-reset',
    family: 'pool',
    defaultSeverity: 'warning',
    description: 'A pooled *bytes.Buffer or *strings.Builder is put back into its sync.Pool without Reset().',
    docs: 'docs/rules/pool-put-without-reset.md',
    fixable: true,
    milderFindings: { severity: 'info', what: 'strings.Builder pools, which recycle nothing once reset' },
  },
  checkPut,
);

function checkPut(context: RuleContext, view: Resolver, put: SyntaxNode): void {
  const buffer = pooledBufferPut(put);
  if (!buffer) return;
  const { name, get } = buffer;
  const state = stateAtPut(name, get, view, put);
  const builder = get.assertedType === '*strings.Builder';
  const related = [{ range: nodeRange(get.getCall), message: `${name} is taken from the pool here` }];
  if (state === 'reset' && builder) {
    context.report({
      range: nodeRange(put),
      severity: 'info',
      message: `${name}.Reset() drops the strings.Builder's buffer (it sets it to nil), so putting ${name} back into ${buffer.pool.text} recycles nothing but the Builder itself: the next Get grows a new buffer from scratch.`,
      remedy: BUILDER_REMEDY,
      related,
    });
    return;
  }
  if (state !== 'dirty') return;

  const fix = resetFix(context, name, put, deferredPutStatement(put));
  context.report({
    range: nodeRange(put),
    message: builder
      ? `${name} goes back to ${buffer.pool.text} without Reset(): the next Get receives its old contents. A Reset would not make the pool pay off either: it drops the strings.Builder's buffer (sets it to nil), so a reset builder recycles nothing.`
      : `${name} goes back to ${buffer.pool.text} without Reset(): the next Get receives its old contents, and the buffer keeps growing.`,
    remedy: builder ? BUILDER_REMEDY : `call ${name}.Reset() before the Put`,
    related,
    fixes: fix ? [fix] : [],
  });
}

/** What a strings.Builder pool should become: Reset keeps a bytes.Buffer's memory, and a lone builder needs no pool. */
const BUILDER_REMEDY = 'pool *bytes.Buffer values instead (their Reset keeps the memory), or use a local strings.Builder without a pool';

/**
 * The buffer at a Put: `reset` on every path from the Get, `dirty` when written since the Get
 * on some path without a reset, `clean` when it was never written.
 */
function stateAtPut(name: string, get: PoolGet, view: Resolver, put: SyntaxNode): 'reset' | 'dirty' | 'clean' {
  const resets = new ResetFinder(name, get, view);
  // A Put inside a named closure (`release := func() { pool.Put(b) }`) runs where it is called.
  const closure = resets.namedClosureAround(put);
  if (closure) {
    if (resets.coverWithin(put, closure.literal)) return 'reset';
    const calls = callSites(closure.name, get.function, closure.literal);
    let covered = 0;
    for (const call of calls) {
      const callDefer = statementOf(call)?.type === 'defer_statement' ? statementOf(call)! : undefined;
      if (callDefer ? resets.coverDeferredPut(call, callDefer) : resets.coverBefore(call)) covered++;
      else if (isWrittenBetween(name, get, call, put, callDefer !== undefined)) return 'dirty';
    }
    return calls.length > 0 && covered === calls.length ? 'reset' : 'clean';
  }
  const deferStatement = deferredPutStatement(put);
  if (deferStatement ? resets.coverDeferredPut(put, deferStatement) : resets.coverBefore(put)) return 'reset';
  if (!isWrittenBetween(name, get, put, put, deferStatement !== undefined)) return 'clean';
  // Every write goes through a package helper that resets the buffer first (`encode(list, i, buf)`
  // whose body starts with `buf.Reset()`): the function cleans before each use, the accepted idiom.
  return resets.onlyResettingHelpersWrite(put) ? 'reset' : 'dirty';
}

/**
 * A plain (not deferred, not closure) Put of a pooled buffer that is reset on every path after
 * `since` (a fill): for the capacity rule, a strings.Builder reset there holds no memory.
 */
export function isResetAfter(since: SyntaxNode, put: SyntaxNode, view: Resolver): boolean {
  const buffer = pooledBufferPut(put);
  if (!buffer || deferredPutStatement(put)) return false;
  const resets = new ResetFinder(buffer.name, buffer.get, view);
  return !resets.namedClosureAround(put) && resets.coverSince(since, put);
}

/** The `defer` statement whose call is this Put, directly or inside a deferred closure. */
function deferredPutStatement(put: SyntaxNode): SyntaxNode | undefined {
  const statement = statementOf(put);
  if (statement?.type === 'defer_statement') return statement;
  for (let node = put.parent; node; node = node.parent) {
    if (node.type === 'func_literal') {
      const call = node.parent;
      const outer = call?.type === 'call_expression' ? call.parent : null;
      return outer?.type === 'defer_statement' ? outer : undefined;
    }
  }
  return undefined;
}

/** Calls of a local closure by name in a function, outside the closure itself. */
function callSites(name: string, fn: SyntaxNode, literal: SyntaxNode): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  walkNamed(fn, (node) => {
    if (node.id === literal.id) return false;
    if (node.type === 'call_expression' && node.childForFieldName('function')?.type === 'identifier' && node.childForFieldName('function')!.text === name) calls.push(node);
  });
  return calls;
}

/** A function's closures bound to local names (`reset := func() {...}`), the last binding winning; once per function and tree. */
function localClosures(fn: SyntaxNode): ReadonlyMap<string, SyntaxNode> {
  return perFunction(fn, 'local-closures', () => {
    const closures = new Map<string, SyntaxNode>();
    visitAssignments(fn, (target, value) => {
      if (value.type === 'func_literal') closures.set(target.text, value);
    });
    return closures;
  });
}

/** Decides whether a Reset runs on every path from the Get to a Put. */
class ResetFinder {
  private readonly closures: ReadonlyMap<string, SyntaxNode>;

  constructor(private readonly name: string, private readonly get: PoolGet, private readonly view: Resolver, private readonly depth = 0) {
    // Local helper closures (`reset := func() { b.Reset() }`) count when called.
    this.closures = localClosures(get.function);
  }

  /** The local closure a Put sits in, when it is bound to a name and called by that name. */
  namedClosureAround(put: SyntaxNode): { name: string; literal: SyntaxNode } | undefined {
    for (const [name, literal] of this.closures) {
      if (contains(literal, put) && literal.id !== this.get.function.id) return { name, literal };
    }
    return undefined;
  }

  /** A reset runs inside `scope` before `point`. */
  coverWithin(point: SyntaxNode, scope: SyntaxNode): boolean {
    for (const statement of statementsBefore(point, scope)) {
      if (this.definitelyResets(statement)) return true;
    }
    return false;
  }

  /** A reset runs unconditionally after the Get and before `point`. */
  coverBefore(point: SyntaxNode): boolean {
    for (const statement of statementsBefore(point, this.get.function)) {
      if (contains(statement, this.get.statement)) return false;
      if (this.definitelyResets(statement)) return true;
    }
    return false;
  }

  /** A reset runs unconditionally after `since` and before `point`, both in the Get's function. */
  coverSince(since: SyntaxNode, point: SyntaxNode): boolean {
    for (const statement of statementsBefore(point, this.get.function)) {
      if (statement.startIndex < since.endIndex) return false;
      if (this.definitelyResets(statement)) return true;
    }
    return false;
  }

  /** A deferred Put runs at return: a reset must run before it on every way out. */
  coverDeferredPut(put: SyntaxNode, deferStatement: SyntaxNode): boolean {
    if (this.coverBefore(put)) return true;
    // `defer b.Reset()` registered after the Put's defer runs first (defers run last-in, first-out).
    for (let next = deferStatement.nextNamedSibling; next; next = next.nextNamedSibling) {
      if (next.type === 'defer_statement' && this.callResets(next.namedChild(0))) return true;
    }
    const exits = perFunction(this.get.function, 'own-returns', () => ownReturnStatements(this.get.function)).filter((exit) => exit.startIndex > deferStatement.endIndex);
    const body = statementsOf(functionBody(this.get.function));
    const last = body[body.length - 1];
    const fallsOffEnd = !!last && !isTerminating(last);
    if (!fallsOffEnd && exits.length === 0) return false;
    if (fallsOffEnd && !(this.definitelyResets(last) || this.coverBefore(last))) return false;
    return exits.every((exit) => this.coverBefore(exit));
  }

  /** Every use of the buffer after the Get, but the Put and methods that write nothing, hands it to a call that resets it. */
  onlyResettingHelpersWrite(put: SyntaxNode): boolean {
    let handed = 0;
    for (const node of identifiersByName(this.get.function).get(this.name) ?? []) {
      if (node.endIndex <= this.get.statement.endIndex || contains(put, node)) continue;
      const parent = node.parent;
      if (parent?.type === 'selector_expression' && parent.childForFieldName('operand')?.id === node.id && NON_WRITING_METHODS.has(parent.childForFieldName('field')?.text ?? '')) continue;
      const call = parent?.type === 'argument_list' ? parent.parent : null;
      if (call?.type !== 'call_expression' || !this.callResets(call)) return false;
      handed++;
    }
    return handed > 0;
  }

  private isResetCall(node: SyntaxNode | null): boolean {
    if (!node || node.type !== 'call_expression') return false;
    if (isMethodCallOn(node, this.name, RESET)) return true;
    // A bytes.Buffer drained by WriteTo resets itself.
    if (this.get.assertedType === '*bytes.Buffer' && isMethodCallOn(node, this.name, new Set(['WriteTo']))) return true;
    if (!isMethodCallOn(node, this.name, TRUNCATE)) return false;
    return node.childForFieldName('arguments')?.namedChild(0)?.text === '0';
  }

  /**
   * A call that resets the buffer: `b.Reset()`, a local closure or an immediately called
   * literal that resets, or a package function that resets the parameter it gets `b` as.
   */
  private callResets(node: SyntaxNode | null): boolean {
    if (!node || node.type !== 'call_expression') return false;
    if (this.isResetCall(node)) return true;
    const callee = unparenthesize(node.childForFieldName('function')!);
    if (callee.type === 'func_literal') return statementsOf(callee.childForFieldName('body')).some((inner) => this.definitelyResets(inner));
    if (callee.type !== 'identifier') return false;
    const closure = this.closures.get(callee.text);
    if (closure) return statementsOf(closure.childForFieldName('body')).some((inner) => this.definitelyResets(inner));
    return this.helperResets(callee.text, node);
  }

  /** `resetBuffer(b)` where `func resetBuffer(x *bytes.Buffer) { x.Reset() }` is in the package. */
  private helperResets(functionName: string, call: SyntaxNode): boolean {
    if (this.depth >= HELPER_DEPTH) return false;
    const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment') ?? [];
    const position = args.findIndex((arg) => arg.type === 'identifier' && arg.text === this.name);
    if (position < 0) return false;
    const helpers = this.view.declarations(functionName).filter(({ node }) => node.type === 'function_declaration');
    if (helpers.length !== 1) return false;
    const helper = helpers[0].node;
    const parameterNames: string[] = [];
    for (const parameter of helper.childForFieldName('parameters')?.namedChildren ?? []) {
      if (parameter?.type !== 'parameter_declaration') return false;
      const names = parameter.childrenForFieldName('name');
      if (names.length === 0) parameterNames.push('_');
      for (const name of names) parameterNames.push(name?.text ?? '_');
    }
    const parameter = parameterNames[position];
    if (!parameter || parameter === '_') return false;
    const inner = new ResetFinder(parameter, { ...this.get, function: helper }, this.view, this.depth + 1);
    return statementsOf(functionBody(helper)).some((statement) => inner.definitelyResets(statement));
  }

  private definitelyResets(statement: SyntaxNode): boolean {
    switch (statement.type) {
      case 'expression_statement':
        return this.callResets(statement.namedChild(0));
      case 'short_var_declaration':
      case 'assignment_statement': {
        // `_, err := b.WriteTo(w)`
        const values = statement.childForFieldName('right')?.namedChildren ?? [];
        return values.some((value) => !!value && this.callResets(value));
      }
      case 'block':
      case 'statement_list':
        return statementsOf(statement).some((inner) => this.definitelyResets(inner));
      case 'if_statement': {
        const initializer = statement.childForFieldName('initializer');
        if (initializer && this.definitelyResets(initializer)) return true;
        const consequence = statement.childForFieldName('consequence');
        const alternative = statement.childForFieldName('alternative');
        return !!consequence && !!alternative && this.definitelyResets(consequence) && this.definitelyResets(alternative);
      }
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement': {
        // Every branch resets, and one of them always runs (a default, or a select that blocks).
        const clauses = statement.namedChildren.filter((child): child is SyntaxNode => !!child && /_case$/.test(child.type));
        const alwaysBranches = statement.type === 'select_statement' || clauses.some((clause) => clause.type === 'default_case');
        return alwaysBranches && clauses.length > 0 && clauses.every((clause) => statementsOf(clause).some((inner) => this.definitelyResets(inner)));
      }
      case 'labeled_statement': {
        const inner = statement.namedChildren.find((child) => child?.type !== 'label_name');
        return !!inner && this.definitelyResets(inner);
      }
      default:
        return false;
    }
  }
}

/**
 * A terminating statement in the sense of the Go spec (simplified): control never falls off
 * its end, so a function ending in one leaves only through its returns (or a panic).
 */
function isTerminating(statement: SyntaxNode): boolean {
  switch (statement.type) {
    case 'return_statement':
    case 'goto_statement':
      return true;
    case 'expression_statement': {
      const callee = statement.namedChild(0)?.type === 'call_expression' ? statement.namedChild(0)!.childForFieldName('function')?.text : undefined;
      return callee === 'panic' || callee === 'os.Exit' || /^log\.(Fatal|Panic)/.test(callee ?? '');
    }
    case 'block':
    case 'statement_list': {
      const statements = statementsOf(statement);
      return statements.length > 0 && isTerminating(statements[statements.length - 1]);
    }
    case 'if_statement': {
      const consequence = statement.childForFieldName('consequence');
      const alternative = statement.childForFieldName('alternative');
      return !!consequence && !!alternative && isTerminating(consequence) && isTerminating(alternative);
    }
    case 'for_statement': {
      // `for { ... }`: nothing but the body (no condition, clause or range), and no break of its own.
      const body = statement.childForFieldName('body');
      if (statement.namedChildren.some((child) => !!child && child.id !== body?.id && child.type !== 'comment')) return false;
      return !hasOwnBreak(body);
    }
    case 'expression_switch_statement':
    case 'type_switch_statement':
    case 'select_statement': {
      const clauses = statement.namedChildren.filter((child): child is SyntaxNode => !!child && /_case$/.test(child.type));
      const hasDefault = statement.type === 'select_statement' || clauses.some((clause) => clause.type === 'default_case');
      return hasDefault && clauses.every((clause) => {
        const list = clause.namedChildren.find((child) => child?.type === 'statement_list');
        return !!list && isTerminating(list) && !hasOwnBreak(list);
      });
    }
    default:
      return false;
  }
}

/** A `break` that leaves `node`'s enclosing loop or switch (not one of a nested loop, switch or select). */
function hasOwnBreak(node: SyntaxNode | null): boolean {
  if (!node) return false;
  let found = false;
  walkNamed(node, (child) => {
    if (found || child.type === 'func_literal') return false;
    if (['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement'].includes(child.type)) return false;
    if (child.type === 'break_statement') found = true;
  });
  return found;
}

/**
 * Whether the buffer is used for anything but reading its size between the Get and the Put
 * (for a deferred Put: anywhere after the Get). An untouched buffer carries no stale data.
 */
function isWrittenBetween(name: string, get: PoolGet, put: SyntaxNode, putCall: SyntaxNode, deferred: boolean): boolean {
  const from = get.statement.endIndex;
  let to = deferred ? get.function.endIndex : put.startIndex;
  // Inside a loop, what the rest of the body writes reaches the Put on the next iteration.
  for (let node = put.parent; node && node.id !== get.function.id; node = node.parent) {
    if (node.type === 'for_statement' && node.startIndex > from) to = Math.max(to, node.endIndex);
  }
  // The walk this replaces visited every node overlapping [from, to]: the identifiers there, in document order.
  for (const node of identifiersByName(get.function).get(name) ?? []) {
    if (node.startIndex > to) break;
    if (node.endIndex < from || contains(put, node) || contains(putCall, node)) continue;
    const selector = node.parent;
    if (selector?.type === 'selector_expression' && selector.childForFieldName('operand')?.id === node.id) {
      const method = selector.childForFieldName('field')?.text ?? '';
      if (NON_WRITING_METHODS.has(method) || method === 'Reset' || method === 'Truncate') continue;
    }
    if (selector && asPoolGet(selector)) continue;
    return true;
  }
  return false;
}

function resetFix(context: RuleContext, name: string, put: SyntaxNode, deferStatement: SyntaxNode | undefined): Fix | undefined {
  const text = context.file.text;
  const title = `Reset ${name} before putting it back`;
  if (deferStatement && deferStatement.namedChild(0)?.id === put.id) {
    const newText = `defer func() { ${name}.Reset(); ${put.text} }()`;
    return { title, preferred: true, edits: [{ range: nodeRange(deferStatement), newText }] };
  }
  const statement = statementOf(put);
  if (statement?.type !== 'expression_statement' || statement.namedChild(0)?.id !== put.id) return undefined;
  const start = nodeRange(statement).start;
  return {
    title,
    preferred: true,
    edits: [{ range: { start, end: start }, newText: `${name}.Reset()\n${indentationOf(statement, text)}` }],
  };
}
