import type { Node as SyntaxNode } from 'web-tree-sitter';
import { enclosingFunctionNode, enclosingLoopInFunction, freshName, namesIn, timeCall, TIMERS_COLLECTED_GO } from '../analysis/timers';
import { formatGoVersion, goVersionAtLeast } from '../goVersion';
import type { Resolver } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import { indentationOf, nodeRange } from '../syntax';

const AFTER: ReadonlySet<string> = new Set(['After']);

export const timerAfterInLoop: Rule = {
  meta: {
    id: 'timer-after-in-loop',
    family: 'timer',
    defaultSeverity: 'warning',
    description: 'time.After evaluated on every iteration of a loop in a module older than Go 1.23: each call leaves a timer alive until it fires.',
    docs: 'docs/rules/timer-after-in-loop.md',
    fixable: true,
  },
  // Test code ends with its test binary: nothing it leaves behind lasts.
  quietInTests: true,
  textHint: /\bAfter\(/,
  query: '(call_expression function: (selector_expression field: (field_identifier) @name (#eq? @name "After"))) @call',
  check(context, matches) {
    if (goVersionAtLeast(context.goVersion, TIMERS_COLLECTED_GO)) return;
    const resolver = context.resolver();
    for (const { captures } of matches) {
      const call = captures.call;
      const after = timeCall(resolver, context.file, call, AFTER);
      if (!after) continue;
      const loop = enclosingLoopInFunction(call);
      if (!loop) continue;
      const selectStatement = selectOfCase(call);
      // Handed to a function (`defer wait(time.After(d))`), the channel may well be received from.
      if (!selectStatement && !assignedToLocal(call)) continue;
      // A select whose only case is the timer always waits for it: every timer fires.
      if (selectStatement && selectCases(selectStatement).length === 1) continue;
      report(context, resolver, call, after.argument, loop, selectStatement);
    }
  },
};

/** `timeout := time.After(d)`, to be used in a select of the same iteration. */
function assignedToLocal(call: SyntaxNode): boolean {
  return call.parent?.type === 'expression_list' && ['short_var_declaration', 'assignment_statement', 'var_spec'].includes(call.parent.parent?.type ?? '') && call.parent.parent?.childForFieldName('right')?.id === call.parent.id
    || call.parent?.parent?.type === 'var_spec';
}

/** The select statement whose case receives directly from this call (`case <-time.After(d):`). */
function selectOfCase(call: SyntaxNode): SyntaxNode | undefined {
  const receive = call.parent;
  if (receive?.type !== 'unary_expression' || receive.childForFieldName('operator')?.text !== '<-') return undefined;
  let communication = receive.parent;
  // `case v := <-time.After(d):` wraps the receive in a receive_statement.
  if (communication?.type === 'expression_list') communication = communication.parent;
  if (communication?.type === 'receive_statement') communication = communication.parent;
  if (communication?.type !== 'communication_case') return undefined;
  return communication.parent?.type === 'select_statement' ? communication.parent : undefined;
}

function selectCases(selectStatement: SyntaxNode): SyntaxNode[] {
  return selectStatement.namedChildren.filter((child): child is SyntaxNode => child?.type === 'communication_case' || child?.type === 'default_case');
}

function report(context: RuleContext, resolver: Resolver, call: SyntaxNode, duration: SyntaxNode, loop: SyntaxNode, selectStatement: SyntaxNode | undefined): void {
  const version = formatGoVersion(context.goVersion);
  const fix = selectStatement ? reusedTimer(context, resolver, call, duration, loop, selectStatement) : undefined;
  context.report({
    range: nodeRange(call),
    message: `${call.text} starts a new timer on every iteration of this loop; before Go 1.23 (go.mod says go ${version}) a timer is not collected until it fires, so each iteration that ends another way leaves one alive for ${duration.text}.`,
    remedy: 'create one timer with time.NewTimer before the loop, and Stop, drain and Reset it in each iteration',
    fixes: fix ? [fix] : [],
  });
}

/**
 * One timer before the loop; before the select, Stop it, drain a value it may have sent (pre-1.23
 * channels are buffered: a stale tick would fire the case at once), and Reset it to the same
 * duration, which is evaluated at the same point as the original `time.After(d)`.
 */
function reusedTimer(context: RuleContext, resolver: Resolver, call: SyntaxNode, duration: SyntaxNode, loop: SyntaxNode, selectStatement: SyntaxNode): Fix | undefined {
  const fn = enclosingFunctionNode(loop);
  if (!fn || enclosingLoopInFunction(loop)) return undefined;
  if (!invariantIn(resolver, duration, loop)) return undefined;
  if (selectStatement.parent?.type !== 'statement_list') return undefined;
  const otherAfters = loop.descendantsOfType('call_expression').filter((other) => other && other.id !== call.id && /\bAfter$/.test(other.childForFieldName('function')?.text ?? ''));
  if (otherAfters.length > 0) return undefined;
  const name = freshName(['timer', 'timeout', 'afterTimer'], namesIn(fn));
  if (!name) return undefined;
  const text = context.file.text;
  const timePackage = call.childForFieldName('function')!.childForFieldName('operand')?.text ?? 'time';
  const loopIndent = indentationOf(loop, text);
  const selectIndent = indentationOf(selectStatement, text);
  const loopStart = nodeRange(loop.parent?.type === 'labeled_statement' ? loop.parent : loop).start;
  return {
    title: `Reuse one ${timePackage}.NewTimer instead of ${call.text} per iteration`,
    preferred: true,
    edits: [
      { range: { start: loopStart, end: loopStart }, newText: `${name} := ${timePackage}.NewTimer(${duration.text})\n${loopIndent}defer ${name}.Stop()\n${loopIndent}` },
      {
        range: { start: nodeRange(selectStatement).start, end: nodeRange(selectStatement).start },
        newText: `if !${name}.Stop() {\n${selectIndent}\tselect {\n${selectIndent}\tcase <-${name}.C:\n${selectIndent}\tdefault:\n${selectIndent}\t}\n${selectIndent}}\n${selectIndent}${name}.Reset(${duration.text})\n${selectIndent}`,
      },
      { range: nodeRange(call), newText: `${name}.C` },
    ],
  };
}

/** The duration uses only names declared outside the loop (and no calls), so it can be evaluated before it too. */
function invariantIn(resolver: Resolver, duration: SyntaxNode, loop: SyntaxNode): boolean {
  if (duration.descendantsOfType('call_expression').some((call) => call && !/^(time\.Duration|int64|float64)$/.test(call.childForFieldName('function')?.text ?? ''))) return false;
  return duration.descendantsOfType('identifier').every((identifier) => {
    if (!identifier) return true;
    const declaration = resolver.declarationOf(identifier);
    if (!declaration || declaration.packageLevel) return true;
    const at = declaration.name.startIndex;
    return at < loop.startIndex || at > loop.endIndex;
  });
}
