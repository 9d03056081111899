import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asPoolGet, findPoolGet, isMethodCallOn, PoolGet, poolPutParts, POOLED_BUFFER_TYPES, visitAssignments } from '../analysis/pool';
import { functionBody, ownReturnStatements, statementOf, statementsBefore, statementsOf } from '../analysis/statements';
import type { Fix, Rule, RuleContext } from '../rule';
import { contains, indentationOf, nodeRange, walkNamed } from '../syntax';

const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['Len', 'Cap', 'String', 'Bytes', 'Available', 'AvailableBuffer']);

export const poolPutWithoutReset: Rule = {
  meta: {
    id: 'pool-put-without-reset',
    family: 'pool',
    defaultSeverity: 'warning',
    description: 'A pooled *bytes.Buffer or *strings.Builder is put back into its sync.Pool without Reset().',
    docs: 'docs/rules/pool-put-without-reset.md',
    fixable: true,
  },
  query: `(call_expression
    function: (selector_expression field: (field_identifier) @method)
    arguments: (argument_list)
    (#eq? @method "Put")) @put`,
  check(context, matches) {
    for (const { captures } of matches) checkPut(context, captures.put);
  },
};

function checkPut(context: RuleContext, put: SyntaxNode): void {
  const parts = poolPutParts(put);
  if (!parts || parts.argument.type !== 'identifier') return;
  const name = parts.argument.text;
  const get = findPoolGet(name, parts.pool, put);
  if (!get || !POOLED_BUFFER_TYPES.has(get.assertedType)) return;

  const deferStatement = deferredPutStatement(put);
  const resets = new ResetFinder(name, get);
  const covered = deferStatement ? resets.coverDeferredPut(put, deferStatement) : resets.coverBefore(put);
  if (covered || !isWrittenBetween(name, get, put, deferStatement !== undefined)) return;

  const fix = resetFix(context, name, put, deferStatement);
  context.report({
    range: nodeRange(put),
    message: `${name} goes back to ${parts.pool.text} without Reset(): the next Get receives its old contents, and the buffer keeps growing.`,
    related: [{ range: nodeRange(get.getCall), message: `${name} is taken from the pool here` }],
    fixes: fix ? [fix] : [],
  });
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

/** Decides whether a Reset runs on every path from the Get to a Put. */
class ResetFinder {
  private readonly closures = new Map<string, SyntaxNode>();

  constructor(private readonly name: string, private readonly get: PoolGet) {
    // Local helper closures (`reset := func() { b.Reset() }`) count when called.
    visitAssignments(get.function, (target, value) => {
      if (value.type === 'func_literal') this.closures.set(target.text, value);
    });
  }

  /** A reset runs unconditionally after the Get and before `point`. */
  coverBefore(point: SyntaxNode): boolean {
    for (const statement of statementsBefore(point, this.get.function)) {
      if (contains(statement, this.get.statement)) return false;
      if (this.definitelyResets(statement)) return true;
    }
    return false;
  }

  /** A deferred Put runs at return: a reset must run before it on every way out. */
  coverDeferredPut(put: SyntaxNode, deferStatement: SyntaxNode): boolean {
    if (this.coverBefore(put)) return true;
    // `defer b.Reset()` registered after the Put's defer runs first (defers run last-in, first-out).
    for (let next = deferStatement.nextNamedSibling; next; next = next.nextNamedSibling) {
      if (next.type === 'defer_statement' && this.isResetCall(next.namedChild(0))) return true;
    }
    const exits = ownReturnStatements(this.get.function).filter((exit) => exit.startIndex > deferStatement.endIndex);
    const body = statementsOf(functionBody(this.get.function));
    const last = body[body.length - 1];
    const fallsOffEnd = last && last.type !== 'return_statement';
    if (!fallsOffEnd && exits.length === 0) return false;
    if (fallsOffEnd && !(this.definitelyResets(last) || this.coverBefore(last))) return false;
    return exits.every((exit) => this.coverBefore(exit));
  }

  private isResetCall(node: SyntaxNode | null): boolean {
    if (!node || node.type !== 'call_expression') return false;
    if (isMethodCallOn(node, this.name, new Set(['Reset']))) return true;
    if (!isMethodCallOn(node, this.name, new Set(['Truncate']))) return false;
    return node.childForFieldName('arguments')?.namedChild(0)?.text === '0';
  }

  private definitelyResets(statement: SyntaxNode): boolean {
    switch (statement.type) {
      case 'expression_statement': {
        const call = statement.namedChild(0);
        if (this.isResetCall(call)) return true;
        const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
        const closure = callee?.type === 'identifier' ? this.closures.get(callee.text) : undefined;
        return !!closure && statementsOf(closure.childForFieldName('body')).some((inner) => this.definitelyResets(inner));
      }
      case 'block':
        return statementsOf(statement).some((inner) => this.definitelyResets(inner));
      case 'if_statement': {
        const consequence = statement.childForFieldName('consequence');
        const alternative = statement.childForFieldName('alternative');
        return !!consequence && !!alternative && this.definitelyResets(consequence) && this.definitelyResets(alternative);
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
 * Whether the buffer is used for anything but reading its size between the Get and the Put
 * (for a deferred Put: anywhere after the Get). An untouched buffer carries no stale data.
 */
function isWrittenBetween(name: string, get: PoolGet, put: SyntaxNode, deferred: boolean): boolean {
  const from = get.statement.endIndex;
  let to = deferred ? get.function.endIndex : put.startIndex;
  // Inside a loop, what the rest of the body writes reaches the Put on the next iteration.
  for (let node = put.parent; node && node.id !== get.function.id; node = node.parent) {
    if (node.type === 'for_statement' && node.startIndex > from) to = Math.max(to, node.endIndex);
  }
  let written = false;
  walkNamed(get.function, (node) => {
    if (written || node.endIndex < from || node.startIndex > to) return false;
    if (node.type !== 'identifier' || node.text !== name || contains(put, node)) return;
    const selector = node.parent;
    if (selector?.type === 'selector_expression' && selector.childForFieldName('operand')?.id === node.id) {
      const method = selector.childForFieldName('field')?.text ?? '';
      if (READ_ONLY_METHODS.has(method) || method === 'Reset' || method === 'Truncate') return;
    }
    if (selector && asPoolGet(selector)) return;
    written = true;
  });
  return written;
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
