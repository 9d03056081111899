import type { Node as SyntaxNode } from 'web-tree-sitter';
import { enclosingFunctionNode, enclosingLoopInFunction, freshName, functionCanEnd, namesIn, timeCall, TIMERS_COLLECTED_GO } from '../analysis/timers';
import { formatGoVersion, goVersionAtLeast } from '../goVersion';
import type { Resolver } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import { indentationOf, nodeRange } from '../syntax';

const TICKERS: ReadonlySet<string> = new Set(['NewTicker', 'Tick']);

export const timerTickerNotStopped: Rule = {
  meta: {
    id: 'timer-ticker-not-stopped',
    family: 'timer',
    defaultSeverity: 'warning',
    description: 'A time.NewTicker never stopped (nor returned, stored or handed on), or time.Tick in a function that can return, in a module older than Go 1.23: the ticker is never collected.',
    docs: 'docs/rules/timer-ticker-not-stopped.md',
    offByDefault:
      'on 29 real-world projects its one finding (a time.Tick in a goroutine that runs until shutdown) was debatable, below the 90% a rule on by default must reach.',
    fixable: true,
    equivalents: [{ tool: 'staticcheck', check: 'SA1015', linter: 'staticcheck' }],
  },
  // Test code ends with its test binary: nothing it leaves behind lasts.
  quietInTests: true,
  textHint: /\b(NewTicker|Tick)\(/,
  query: '(call_expression function: (selector_expression field: (field_identifier) @name (#match? @name "^(NewTicker|Tick)$"))) @call',
  check(context, matches) {
    if (goVersionAtLeast(context.goVersion, TIMERS_COLLECTED_GO)) return;
    const resolver = context.resolver();
    for (const { captures } of matches) {
      const call = captures.call;
      const ticker = timeCall(resolver, context.file, call, TICKERS);
      if (!ticker) continue;
      const fn = enclosingFunctionNode(call);
      if (!fn || !functionCanEnd(fn, call)) continue;
      if (ticker.name === 'Tick') reportTick(context, call, ticker.argument, fn);
      else checkNewTicker(context, resolver, call, fn);
    }
  },
};

function checkNewTicker(context: RuleContext, resolver: Resolver, call: SyntaxNode, fn: SyntaxNode): void {
  const declaration = call.parent?.parent;
  // Only `t := time.NewTicker(d)` / `var t = ...` / `t = ...` into a local: anything else hands the ticker on.
  if (call.parent?.type !== 'expression_list' || !declaration || !['short_var_declaration', 'var_spec', 'assignment_statement'].includes(declaration.type)) return;
  const left = declaration.type === 'var_spec' ? declaration : declaration.childForFieldName('left');
  const names = (left?.namedChildren ?? []).filter((child): child is SyntaxNode => !!child && (child.type === 'identifier' || child.type === 'selector_expression' || child.type === 'index_expression'));
  const values = (call.parent.namedChildren ?? []).filter((child) => child?.type !== 'comment');
  const target = names[values.findIndex((value) => value?.id === call.id)];
  if (target?.type !== 'identifier' || target.text === '_') return;
  // `t = time.NewTicker(d)` assigns a variable declared elsewhere: it must be a local of this function.
  const declaringName = declaration.type === 'assignment_statement' ? resolver.declarationOf(target)?.name : target;
  if (!declaringName || declaringName.startIndex < fn.startIndex || declaringName.endIndex > fn.endIndex) return;
  if (stoppedOrHandedOn(resolver, fn, declaringName)) return;
  const version = formatGoVersion(context.goVersion);
  const statement = declaration.type === 'var_spec' ? declaration.parent : declaration;
  const fix = statement && !enclosingLoopInFunction(statement) && statement.parent?.type === 'statement_list' && declaration.type !== 'assignment_statement'
    ? deferStop(context, statement, target.text)
    : undefined;
  context.report({
    range: nodeRange(call),
    message: `Ticker ${target.text} is never stopped: before Go 1.23 (go.mod says go ${version}) a ticker that is not stopped keeps firing and is never collected after ${functionName(fn)} returns.`,
    remedy: `stop it when done with defer ${target.text}.Stop()`,
    fixes: fix ? [fix] : [],
  });
}

/** Whether the function stops the ticker, or gives it to someone who may (return, store, pass, send, capture in a goroutine). */
function stoppedOrHandedOn(resolver: Resolver, fn: SyntaxNode, ticker: SyntaxNode): boolean {
  for (const use of fn.descendantsOfType('identifier')) {
    if (!use || use.text !== ticker.text || use.id === ticker.id) continue;
    if (resolver.declarationOf(use)?.name.id !== ticker.id) continue;
    const parent = use.parent;
    // t.C and t.Reset(d) use it; t.Stop() stops it.
    if (parent?.type === 'selector_expression' && parent.childForFieldName('operand')?.id === use.id) {
      if (parent.childForFieldName('field')?.text === 'Stop') return true;
      continue;
    }
    // Anything else (return t, x.t = t, f(t), ch <- t, []*Ticker{t}) hands it on.
    return true;
  }
  return false;
}

function deferStop(context: RuleContext, statement: SyntaxNode, name: string): Fix {
  const indent = indentationOf(statement, context.file.text);
  // After the statement's line, trailing comment included.
  const line = nodeRange(statement).end.line;
  const end = { line, character: (context.file.text.split('\n')[line] ?? '').replace(/\r$/, '').length };
  return { title: `Stop ${name} when the function returns`, preferred: true, edits: [{ range: { start: end, end }, newText: `\n${indent}defer ${name}.Stop()` }] };
}

function reportTick(context: RuleContext, call: SyntaxNode, duration: SyntaxNode, fn: SyntaxNode): void {
  const version = formatGoVersion(context.goVersion);
  const fix = tickerInstead(context, call, duration, fn);
  context.report({
    range: nodeRange(call),
    message: `${call.text} creates a ticker nothing can stop, and ${functionName(fn)} can return: before Go 1.23 (go.mod says go ${version}) it keeps firing and is never collected.`,
    remedy: `use time.NewTicker(${duration.text}) and defer its Stop()`,
    fixes: fix ? [fix] : [],
  });
}

/** `for range time.Tick(d)` → a NewTicker before the loop, stopped on return, ranging over its C. */
function tickerInstead(context: RuleContext, call: SyntaxNode, duration: SyntaxNode, fn: SyntaxNode): Fix | undefined {
  const range = call.parent;
  const loop = range?.type === 'range_clause' ? range.parent : null;
  if (!loop || loop.type !== 'for_statement' || enclosingLoopInFunction(loop) || loop.parent?.type !== 'statement_list') return undefined;
  if (duration.descendantsOfType('identifier').some((identifier) => identifier && identifier.startIndex > loop.startIndex && identifier.startIndex < call.startIndex)) return undefined;
  const name = freshName(['ticker', 'tick', 'tickTicker'], namesIn(fn));
  if (!name) return undefined;
  const timePackage = call.childForFieldName('function')!.childForFieldName('operand')?.text ?? 'time';
  const indent = indentationOf(loop, context.file.text);
  const start = nodeRange(loop).start;
  return {
    title: `Use ${timePackage}.NewTicker and stop it when the function returns`,
    preferred: true,
    edits: [
      { range: { start, end: start }, newText: `${name} := ${timePackage}.NewTicker(${duration.text})\n${indent}defer ${name}.Stop()\n${indent}` },
      { range: nodeRange(call), newText: `${name}.C` },
    ],
  };
}

function functionName(fn: SyntaxNode): string {
  return fn.type === 'func_literal' ? 'the function literal' : fn.childForFieldName('name')?.text ?? 'the function';
}
