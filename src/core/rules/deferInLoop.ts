import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Resolver } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import { FUNCTION_TYPES, indentationOf, nodeRange } from '../syntax';
import { DEFER_IN_LOOP_BODY } from '../textHints';
import type { TextEdit } from '../text';

/** Counted loops (`i < 3`) this short run few enough times for their defers not to pile up. */
const SMALL_COUNTED_LOOP = 10;
/**
 * A list written out in the code (a test table, the curves a generator emits) bounds its loop:
 * the defers pile up to a fixed count that does not grow with input.
 */
const LITERAL_LIST_LIMIT = 100;

/** Statements after which an iteration never reaches the loop's next turn. */
const TERMINATING_CALLS = /^(panic|os\.Exit|log\.(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln))$/;

/** Constructs an unlabeled `break` inside them targets instead of the loop. */
const BREAK_TARGETS: ReadonlySet<string> = new Set(['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement']);

export const deferInLoop: Rule = {
  meta: {
    id: 'defer-in-loop',
    family: 'defer',
    defaultSeverity: 'info',
    description: 'A defer inside a loop runs only when the function returns: files, bodies, locks and pooled objects of every iteration pile up until then.',
    docs: 'docs/rules/defer-in-loop.md',
    offByDefault:
      'on 29 real-world projects 22 of its 31 findings were worth changing (71%; 6 debatable, 3 false), below the 90% a rule on by default must reach.',
    fixable: true,
  },
  // Test code ends with its test binary: nothing it leaves behind lasts.
  quietInTests: true,
  // A defer inside a for statement's braces (a function literal's loop is still in it).
  textHint: DEFER_IN_LOOP_BODY,
  query: '(defer_statement) @defer',
  check(context, matches) {
    for (const { captures } of matches) {
      const deferStatement = captures.defer;
      const loop = enclosingLoop(deferStatement);
      if (!loop) continue;
      const body = loop.childForFieldName('body');
      if (!body || !releasesWhatTheIterationMade(deferStatement, body) || recovers(deferStatement)) continue;
      if (!isRelease(deferStatement) || releasedValueOutlivesIteration(context.resolver(), deferStatement, body) || stopsScheduledWork(deferStatement, body)) continue;
      if (runsFewTimes(context, loop) || endsIterationAfter(deferStatement, loop) || runsOnce(deferStatement, loop)) continue;
      report(context, deferStatement, loop, body);
    }
  },
};

/** The loop the defer is inside of within its own function (a function literal is a boundary). */
function enclosingLoop(statement: SyntaxNode): SyntaxNode | null {
  for (let node = statement.parent; node; node = node.parent) {
    if (FUNCTION_TYPES.has(node.type)) return null;
    if (node.type === 'for_statement') return node;
  }
  return null;
}

/**
 * `for _, x := range []T{a, b}` over a list written in the code (directly, or through a
 * variable initialised with one), or `for i := 0; i < 3; i++`.
 */
function runsFewTimes(context: RuleContext, loop: SyntaxNode): boolean {
  const range = loop.namedChildren.find((child) => child?.type === 'range_clause');
  if (range) {
    let list = range.childForFieldName('right');
    if (list?.type === 'int_literal') return Number(list.text) <= SMALL_COUNTED_LOOP;
    if (list?.type === 'identifier') list = literalInitialiser(context, list, loop);
    if (list?.type === 'var_spec') return true;
    if (list?.type !== 'composite_literal') return false;
    const elements = list.childForFieldName('body')?.namedChildren.filter((child) => child?.type !== 'comment') ?? [];
    return elements.length <= LITERAL_LIST_LIMIT;
  }
  const clause = loop.namedChildren.find((child) => child?.type === 'for_clause');
  const condition = clause?.childForFieldName('condition');
  if (condition?.type !== 'binary_expression') return false;
  const operator = condition.childForFieldName('operator')?.text;
  const bound = condition.childForFieldName('right');
  const start = clause?.childForFieldName('initializer')?.childForFieldName('right')?.text;
  return (operator === '<' || operator === '<=') && bound?.type === 'int_literal' && Number(bound.text) <= SMALL_COUNTED_LOOP && (start === '0' || start === '1');
}

/**
 * The composite literal a ranged-over variable is initialised with, when nothing else assigns
 * it: a local declared before the loop in the same function, or a package-level variable.
 */
function literalInitialiser(context: RuleContext, name: SyntaxNode, loop: SyntaxNode): SyntaxNode | null {
  let fn: SyntaxNode | null = loop.parent;
  while (fn && !FUNCTION_TYPES.has(fn.type)) fn = fn.parent;
  // The function first, then this file, then only the siblings that mention the name: an
  // unparsed sibling stays unparsed unless it could declare the list.
  function* scopes(): Generator<SyntaxNode | null> {
    yield fn?.childForFieldName('body') ?? null;
    yield context.file.tree.rootNode;
    for (const file of context.packageFiles()) if (file.text.includes(name.text)) yield file.tree.rootNode;
  }
  let found: SyntaxNode | null = null;
  let assignments = 0;
  let appended = 0;
  // `var list []T; if c { list = []T{a} } else { list = []T{a, b} }`: every value is a literal list.
  let literalAssignments = 0;
  let longestLiteral = 0;
  for (const scope of scopes()) {
    if (!scope) continue;
    const isPackage = scope.type === 'source_file';
    const candidates = isPackage ? scope.namedChildren.filter((child) => child?.type === 'var_declaration') : [scope];
    for (const candidate of candidates) {
      if (!candidate) continue;
      for (const declaration of candidate.descendantsOfType(['short_var_declaration', 'var_spec', 'assignment_statement'])) {
        if (!declaration || (!isPackage && declaration.startIndex > loop.startIndex)) continue;
        const left = declaration.type === 'var_spec' ? declaration : declaration.childForFieldName('left');
        const names = (left?.namedChildren ?? []).filter((child) => child?.type === 'identifier');
        const index = names.findIndex((child) => child?.text === name.text);
        if (index < 0) continue;
        const values = declaration.type === 'var_spec' ? declaration.childForFieldName('value') : declaration.childForFieldName('right');
        const value = values?.namedChildren.filter((child) => child?.type !== 'comment')[index] ?? null;
        // `list = list[:1]` only shortens the list; `list = append(list, x)` outside a loop adds to it.
        if (declaration.type === 'assignment_statement' && value?.type === 'slice_expression' && value.childForFieldName('operand')?.text === name.text) continue;
        if (declaration.type === 'assignment_statement' && isAppendOnce(value, name.text, declaration)) {
          appended += (value!.childForFieldName('arguments')?.namedChildCount ?? 1) - 1;
          continue;
        }
        assignments++;
        found = value ?? (declaration.type === 'var_spec' ? declaration : null);
        if (value?.type === 'composite_literal') {
          literalAssignments++;
          longestLiteral = Math.max(longestLiteral, value.childForFieldName('body')?.namedChildren.filter((child) => child?.type !== 'comment').length ?? 0);
        } else if (!value && declaration.type === 'var_spec' && declaration.childForFieldName('type')?.type === 'slice_type') {
          literalAssignments++;
        }
      }
    }
    if (found) break;
  }
  const literal = found as SyntaxNode | null;
  if (assignments > 1 && literalAssignments === assignments && literal?.type === 'composite_literal') {
    return longestLiteral + appended <= LITERAL_LIST_LIMIT ? literal : null;
  }
  // `var list []T` starts empty.
  const isEmptyList = literal?.type === 'var_spec' && literal.childForFieldName('type')?.type === 'slice_type';
  if (assignments !== 1 || (literal?.type !== 'composite_literal' && !isEmptyList)) return null;
  const elements = isEmptyList ? 0 : literal!.childForFieldName('body')?.namedChildren.filter((child) => child?.type !== 'comment').length ?? 0;
  return elements + appended <= LITERAL_LIST_LIMIT ? literal : null;
}

function isAppendOnce(value: SyntaxNode | null, name: string, statement: SyntaxNode): boolean {
  if (value?.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'append') return false;
  const args = value.childForFieldName('arguments')?.namedChildren ?? [];
  if (args[0]?.text !== name || value.childForFieldName('arguments')?.text.includes('...')) return false;
  for (let node = statement.parent; node && !FUNCTION_TYPES.has(node.type); node = node.parent) if (node.type === 'for_statement') return false;
  return true;
}

/**
 * The deferred call releases something the iteration itself made: its receiver, an argument
 * or (for `defer cancel()`) the function is a variable declared in the loop body. Releasing
 * what existed before the loop (`defer f.retSparseSet(sset)`, `defer r.closeScope()`) keeps
 * nothing alive that the loop added.
 */
function releasesWhatTheIterationMade(deferStatement: SyntaxNode, body: SyntaxNode): boolean {
  const call = deferStatement.namedChild(0);
  if (call?.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function');
  if (lockedInTheIteration(callee, body, deferStatement)) return true;
  const declared = namesDeclaredBefore(body, deferStatement);
  if (declared.size === 0) return false;
  const roots: SyntaxNode[] = [];
  if (callee?.type === 'func_literal') roots.push(...callee.descendantsOfType('identifier').filter((node): node is SyntaxNode => !!node));
  else if (callee) roots.push(callee);
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) if (argument) roots.push(argument);
  return roots.some((node) => {
    const root = rootIdentifier(node);
    return !!root && declared.has(root);
  });
}

/**
 * First words of names that release something: `Close`, `Unlock`, `cancel`, `decrRef`,
 * `RemoveAll`, `Rollback`, `cleanup`... A deferred `config.apply(tc)` or `log(i)` releases
 * nothing: deferring it to the function's end is what the author asked for.
 */
const RELEASE_WORDS: ReadonlySet<string> = new Set([
  'abort', 'cancel', 'clean', 'cleanup', 'clear', 'close', 'closer', 'commit', 'dec', 'decr', 'delete', 'deregister', 'destroy',
  'detach', 'disconnect', 'discard', 'dispose', 'done', 'drain', 'drop', 'end', 'finish', 'flush', 'free', 'kill', 'leave',
  'put', 'recycle', 'release', 'remove', 'reset', 'restore', 'return', 'rollback', 'runlock', 'shutdown', 'stop',
  'teardown', 'terminate', 'unlink', 'unlock', 'unmap', 'unpin', 'unref', 'unregister', 'unsubscribe', 'unwatch', 'wait',
]);

/** The deferred call (or a call in the deferred function literal) releases something by its name, or closes a channel. */
function isRelease(deferStatement: SyntaxNode): boolean {
  const call = deferStatement.namedChild(0);
  const callee = call?.childForFieldName('function');
  if (!callee) return false;
  const calls = callee.type === 'func_literal' ? callee.descendantsOfType('call_expression').filter((node): node is SyntaxNode => !!node) : [call!];
  return calls.some((inner) => {
    const target = inner.childForFieldName('function');
    const name = target?.type === 'selector_expression' ? target.childForFieldName('field')?.text : target?.type === 'identifier' ? target.text : undefined;
    const first = name?.match(/^[a-z]+|^[A-Z][a-z]*/)?.[0].toLowerCase();
    return !!first && RELEASE_WORDS.has(first);
  });
}

/**
 * The released value is kept past its iteration: appended or assigned to something declared
 * outside the loop body, sent on a channel, or used by a goroutine the iteration starts. Then
 * it must stay open (or the goroutine must be signalled) until the function ends, which is when
 * the defer runs: `b, _ := open(p); defer b.Close(); blocks = append(blocks, b)` before a loop
 * that uses all blocks after the loop.
 */
function releasedValueOutlivesIteration(resolver: Resolver, deferStatement: SyntaxNode, body: SyntaxNode): boolean {
  const call = deferStatement.namedChild(0);
  const callee = call?.childForFieldName('function');
  const declared = namesDeclaredBefore(body, deferStatement);
  const roots = new Set<string>();
  const candidates: SyntaxNode[] = [];
  if (callee?.type === 'func_literal') candidates.push(...callee.descendantsOfType('identifier').filter((node): node is SyntaxNode => !!node));
  else if (callee) candidates.push(callee);
  for (const argument of call?.childForFieldName('arguments')?.namedChildren ?? []) if (argument) candidates.push(argument);
  for (const node of candidates) {
    const root = rootIdentifier(node);
    if (root && declared.has(root)) roots.add(root);
  }
  if (roots.size === 0) return false;
  // The value itself, its address, a composite literal holding it (`T{conn: c}`), or a call it is
  // handed to (`NewClient(c)`, which wraps it); a method called on it (`it.Value()`) keeps nothing.
  const isRoot = (node: SyntaxNode | null | undefined): boolean => {
    if (!node) return false;
    const value = node.type === 'unary_expression' && node.childForFieldName('operator')?.text === '&' ? node.childForFieldName('operand') : node.type === 'parenthesized_expression' ? node.namedChild(0) : node;
    if (!value) return false;
    if (value.type === 'identifier') return roots.has(value.text);
    // `buf[:0]` shares buf's backing array: keeping it keeps buf.
    if (value.type === 'slice_expression') return isRoot(value.childForFieldName('operand'));
    if (value.type === 'composite_literal') return (value.childForFieldName('body')?.namedChildren ?? []).some((element) => isRoot(element?.type === 'keyed_element' ? element.namedChild(1) : element));
    if (value.type === 'literal_element') return isRoot(value.namedChild(0));
    if (value.type === 'call_expression') {
      const handed = (value.childForFieldName('arguments')?.namedChildren ?? []).some((argument) => !!argument && (argument.type === 'identifier' || argument.type === 'slice_expression') && isRoot(argument));
      return handed && mayHoldArgument(resolver, value);
    }
    return false;
  };
  const bodyDeclared = namesDeclaredBefore(body, { startIndex: body.endIndex } as SyntaxNode);
  for (const node of body.descendantsOfType(['call_expression', 'assignment_statement', 'send_statement', 'go_statement'])) {
    if (!node) continue;
    if (node.type === 'go_statement' && node.descendantsOfType('identifier').some((identifier) => !!identifier && roots.has(identifier.text))) return true;
    if (node.type === 'send_statement' && isRoot(node.childForFieldName('value'))) return true;
    if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'append' && (node.childForFieldName('arguments')?.namedChildren.slice(1) ?? []).some(isRoot)) return true;
    if (node.type === 'assignment_statement') {
      const targets = node.childForFieldName('left')?.namedChildren ?? [];
      const values = node.childForFieldName('right')?.namedChildren ?? [];
      const keeps = targets.some((target, i) => {
        const root = target && rootIdentifier(target);
        return !!root && root !== '_' && !bodyDeclared.has(root) && isRoot(values[i]);
      });
      if (keeps) return true;
    }
  }
  return false;
}

/**
 * Whether a call's result can hold on to what it was handed: anything but strings, numbers,
 * booleans and errors (`n, err := io.Copy(dst, f)` keeps nothing of f). Unknown results may.
 */
function mayHoldArgument(resolver: Resolver, call: SyntaxNode): boolean {
  const type = resolver.typeOf(call);
  const results = type.kind === 'tuple' ? type.results ?? [] : [type];
  return results.some((result) => !(resolver.underlying(result).kind === 'basic' || (result.kind === 'interface' && result.name === 'error') || result.text === 'error'));
}

/**
 * `t := time.AfterFunc(d, f); defer t.Stop()`: the timer is work scheduled to run later (a
 * staggered dial, a deadline), not a resource; stopping it when the function returns cancels
 * what has not run yet, and stopping it each iteration would cancel it before it runs.
 */
function stopsScheduledWork(deferStatement: SyntaxNode, body: SyntaxNode): boolean {
  const callee = deferStatement.namedChild(0)?.childForFieldName('function');
  if (callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Stop') return false;
  const timer = callee.childForFieldName('operand');
  if (timer?.type !== 'identifier') return false;
  return new RegExp(`(^|[^.\\w])${timer.text}\\s*:?=\\s*time\\.AfterFunc\\(`).test(body.text.slice(0, deferStatement.startIndex - body.startIndex));
}

/** `mu.Lock(); defer mu.Unlock()` in the same iteration. */
function lockedInTheIteration(callee: SyntaxNode | null, body: SyntaxNode, before: SyntaxNode): boolean {
  if (callee?.type !== 'selector_expression') return false;
  const method = callee.childForFieldName('field')?.text;
  if (method !== 'Unlock' && method !== 'RUnlock') return false;
  const receiver = callee.childForFieldName('operand');
  // `parent.mu.Lock()` with parent the loop's variable: a chain of locks held on purpose.
  const root = receiver && rootIdentifier(receiver);
  const loop = body.parent;
  const header = loop?.namedChildren.find((child) => child?.type === 'range_clause' || child?.type === 'for_clause');
  const headerNames = header?.type === 'range_clause' ? header.childForFieldName('left') : header?.childForFieldName('initializer')?.childForFieldName('left');
  if (root && headerNames?.namedChildren.some((child) => child?.text === root)) return false;
  const lock = `${receiver?.text}.${method === 'Unlock' ? 'Lock' : 'RLock'}()`;
  const index = body.text.indexOf(lock);
  return index >= 0 && body.startIndex + index < before.startIndex;
}

function rootIdentifier(node: SyntaxNode): string | undefined {
  let current: SyntaxNode | null = node;
  while (current && ['selector_expression', 'index_expression', 'call_expression', 'parenthesized_expression', 'unary_expression', 'slice_expression'].includes(current.type)) {
    current = current.type === 'call_expression' ? current.childForFieldName('function') : current.type === 'parenthesized_expression' ? current.namedChild(0) : current.childForFieldName('operand');
  }
  return current?.type === 'identifier' ? current.text : undefined;
}

/** Names the loop body declares before `before` (outside nested function literals). */
function namesDeclaredBefore(body: SyntaxNode, before: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const declaration of body.descendantsOfType(['short_var_declaration', 'var_spec', 'range_clause'])) {
    if (!declaration || declaration.startIndex >= before.startIndex) continue;
    if (declaration.type === 'range_clause' && !declaration.children.some((child) => child?.type === ':=')) continue;
    const left = declaration.type === 'var_spec' ? declaration : declaration.childForFieldName('left');
    for (const name of left?.namedChildren ?? []) if (name?.type === 'identifier' && name.text !== '_') names.add(name.text);
  }
  return names;
}

/** `defer func() { if r := recover(); ... }()`: a panic handler per iteration is deliberate. */
function recovers(deferStatement: SyntaxNode): boolean {
  const callee = deferStatement.namedChild(0)?.childForFieldName('function');
  return callee?.type === 'func_literal' && /\brecover\(\)/.test(callee.text);
}

/**
 * Branches the loop takes at most once: `if first { first = false; ...; defer ... }`, and a
 * select case on a timer's channel (`case <-timer.C:`), which a timer sends on once.
 */
function runsOnce(deferStatement: SyntaxNode, loop: SyntaxNode): boolean {
  for (let node = deferStatement.parent; node && node.id !== loop.id; node = node.parent) {
    if (node.type === 'if_statement') {
      const flag = node.childForFieldName('condition')?.text.replace(/^!/, '');
      const consequence = node.childForFieldName('consequence');
      if (flag && /^\w+$/.test(flag) && consequence && new RegExp(`(^|[^.\\w])${flag}\\s*=\\s*(true|false)\\b`).test(consequence.text)) return true;
      // Lazy initialisation: `if sub == nil { sub = subscribe() }`, or a local closure the branch
      // calls that assigns it; the next iteration finds it set.
      const nilChecked = /^(\w+)\s*==\s*nil$/.exec(node.childForFieldName('condition')?.text ?? '')?.[1];
      if (nilChecked && consequence && assignsInBranch(nilChecked, consequence, loop)) return true;
    }
    if (node.type === 'communication_case') {
      const receive = node.childForFieldName('communication')?.text ?? '';
      const timer = /<-\s*(\w+)\.C\s*$/.exec(receive)?.[1];
      const fn = enclosingFunctionText(loop);
      if (timer && new RegExp(`\\b${timer}\\s*:?=\\s*time\\.(NewTimer|AfterFunc)\\(`).test(fn)) return true;
      // A reply channel made with room for one answer (`errc := make(chan error, 1)`).
      const channel = /<-\s*(\w+)\s*$/.exec(receive)?.[1];
      if (channel && new RegExp(`\\b${channel}\\s*:?=\\s*make\\(chan [^,()]+,\\s*1\\)`).test(fn)) return true;
    }
  }
  return false;
}

/** The branch assigns `name` (`name = ...`), itself or through a local closure it calls. */
function assignsInBranch(name: string, branch: SyntaxNode, loop: SyntaxNode): boolean {
  const assigns = new RegExp(`(^|[^.\\w])${name}\\s*=[^=]`);
  if (assigns.test(branch.text)) return true;
  let fn: SyntaxNode | null = loop.parent;
  while (fn && !['function_declaration', 'method_declaration', 'func_literal'].includes(fn.type)) fn = fn.parent;
  if (!fn) return false;
  const closures = new Map<string, SyntaxNode>();
  for (const declaration of fn.descendantsOfType('short_var_declaration')) {
    const left = declaration?.childForFieldName('left')?.namedChildren ?? [];
    const right = declaration?.childForFieldName('right')?.namedChildren ?? [];
    left.forEach((target, i) => {
      if (target?.type === 'identifier' && right[i]?.type === 'func_literal') closures.set(target.text, right[i]!);
    });
  }
  return branch.descendantsOfType('call_expression').some((call) => {
    const callee = call?.childForFieldName('function');
    const literal = callee?.type === 'identifier' ? closures.get(callee.text) : undefined;
    return !!literal && assigns.test(literal.text);
  });
}

function enclosingFunctionText(node: SyntaxNode): string {
  let fn: SyntaxNode | null = node.parent;
  while (fn && !FUNCTION_TYPES.has(fn.type)) fn = fn.parent;
  return fn?.text ?? '';
}

/**
 * Whether every path from the defer leaves the loop before its next iteration: a return,
 * a break out of this loop, or a panic after it in one of the blocks between it and the loop.
 * Then the loop defers at most once, which is what the author meant.
 */
function endsIterationAfter(deferStatement: SyntaxNode, loop: SyntaxNode): boolean {
  let breakTargetsLoop = true;
  for (let statement: SyntaxNode = deferStatement; statement.id !== loop.id; ) {
    const list = statement.parent;
    if (!list) return false;
    if (list.type === 'statement_list') {
      for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) {
        if (terminates(next, breakTargetsLoop, loop)) return true;
        // `if failed { continue }` before the return: that iteration goes on to the next one.
        if (continuesLoop(next, loop, true)) return false;
      }
    }
    statement = list;
    if (BREAK_TARGETS.has(statement.type) && statement.id !== loop.id) breakTargetsLoop = false;
  }
  return false;
}

/** A `continue` inside `node` that starts the next iteration of `loop`. */
function continuesLoop(node: SyntaxNode, loop: SyntaxNode, unlabeledTargetsLoop: boolean): boolean {
  if (node.type === 'continue_statement') {
    const label = node.namedChild(0)?.text;
    return label ? label === loopLabel(loop) : unlabeledTargetsLoop;
  }
  for (const child of node.namedChildren) {
    if (!child || FUNCTION_TYPES.has(child.type)) continue;
    if (continuesLoop(child, loop, unlabeledTargetsLoop && child.type !== 'for_statement')) return true;
  }
  return false;
}

function terminates(statement: SyntaxNode, breakTargetsLoop: boolean, loop: SyntaxNode): boolean {
  switch (statement.type) {
    case 'return_statement':
      return true;
    case 'break_statement': {
      const label = statement.namedChild(0)?.text;
      return label ? label === loopLabel(loop) : breakTargetsLoop;
    }
    case 'expression_statement': {
      const call = statement.namedChild(0);
      return call?.type === 'call_expression' && TERMINATING_CALLS.test(call.childForFieldName('function')?.text ?? '');
    }
    default:
      return false;
  }
}

function loopLabel(loop: SyntaxNode): string | undefined {
  return loop.parent?.type === 'labeled_statement' ? loop.parent.namedChild(0)?.text : undefined;
}

function report(context: RuleContext, deferStatement: SyntaxNode, loop: SyntaxNode, body: SyntaxNode): void {
  const call = deferStatement.namedChild(0);
  const callText = call?.text ?? '';
  const owner = functionName(loop);
  const endless = isEndless(loop);
  const when = endless ? `${owner} returns, and this loop only ends with it` : `${owner} returns, not at the end of each iteration`;
  const message = `defer ${callText} runs when ${when}: ${whatPilesUp(call)}.`;
  const fix = wrapBodyInFunction(context, loop, body);
  context.report({
    range: nodeRange(deferStatement),
    message,
    remedy: 'move the loop body into a function literal called per iteration, so its defers run at the end of each one',
    fixes: fix ? [fix] : [],
  });
}

function functionName(node: SyntaxNode): string {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'func_literal') return 'the function literal';
    if (current.type === 'function_declaration' || current.type === 'method_declaration') return current.childForFieldName('name')?.text ?? 'the function';
  }
  return 'the function';
}

/** A loop with no condition and no `break` out of it: it ends only when its function does. */
function isEndless(loop: SyntaxNode): boolean {
  const header = loop.namedChildren.filter((child) => child && child.type !== 'block' && child.type !== 'comment');
  const clause = header.length === 1 && header[0]!.type === 'for_clause' ? header[0]! : undefined;
  if (header.length !== 0 && !(clause && !clause.childForFieldName('condition'))) return false;
  const body = loop.childForFieldName('body');
  return !body || !breaksOut(body, loop, true);
}

/** A `break` that leaves `loop`: unlabeled outside nested loops, switches and selects, or labeled with its label. */
function breaksOut(node: SyntaxNode, loop: SyntaxNode, unlabeledTargetsLoop: boolean): boolean {
  for (const child of node.namedChildren) {
    if (!child || FUNCTION_TYPES.has(child.type)) continue;
    if (child.type === 'break_statement') {
      const label = child.namedChild(0)?.text;
      if (label ? label === loopLabel(loop) : unlabeledTargetsLoop) return true;
      continue;
    }
    if (breaksOut(child, loop, unlabeledTargetsLoop && !BREAK_TARGETS.has(child.type))) return true;
  }
  return false;
}

/** What the deferred call keeps, in words a reader of the loop recognises. */
function whatPilesUp(call: SyntaxNode | null): string {
  const callee = call?.childForFieldName('function');
  const method = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : undefined;
  const receiver = callee?.type === 'selector_expression' ? callee.childForFieldName('operand')?.text : undefined;
  switch (method) {
    case 'Close':
      return `every iteration's ${receiver} stays open, with its buffers, until then`;
    case 'Unlock':
      return `${receiver} stays locked until then, so the next iteration's ${receiver}.Lock() waits forever, and so does every other goroutine that locks it`;
    case 'RUnlock':
      return `${receiver} stays read-locked until then: writers wait for the whole loop, and once one does, the next iteration's ${receiver}.RLock() waits forever`;
    case 'Put':
      return `nothing goes back to ${receiver} until then, so every iteration allocates anew`;
    case 'Stop':
      return `every iteration's ${receiver} keeps running until then`;
    default:
      if (callee?.type === 'identifier' && /cancel/i.test(callee.text)) return `every iteration's context and its timer stay alive until then`;
      return 'every iteration adds a deferred call, and everything it references stays alive until then';
  }
}

/**
 * `for ... { body }` → `for ... { func() { body }() }`, so each iteration's defers run at its
 * end. Control flow that leaves the body must keep its meaning: `continue` becomes `return`;
 * a `return err` in a function whose only result is an error becomes a return from the literal
 * that the loop hands on; anything else (break, goto, other returns) gets no fix.
 */
function wrapBodyInFunction(context: RuleContext, loop: SyntaxNode, body: SyntaxNode): Fix | undefined {
  const exits = exitsOf(body, loop);
  if (!exits || hasMultilineRawString(body) || iterationValuesEscape(body)) return undefined;
  const text = context.file.text;
  const returnsError = exits.returns.length > 0;
  if (returnsError && !(onlyErrorResult(loop) && exits.returns.every(returnsNonNilError))) return undefined;

  const indent = indentationOf(loop, text);
  const inner = text.slice(body.startIndex + 1, body.endIndex - 1).replace(/^[ \t]*\n/, '').replace(/\s+$/, '');
  const edits: TextEdit[] = [];
  // Rewrite the `continue`s inside the inner text before re-indenting it.
  let rewritten = '';
  let cursor = body.startIndex + 1 + (text.slice(body.startIndex + 1).match(/^[ \t]*\n/)?.[0].length ?? 0);
  const innerStart = cursor;
  for (const exit of exits.continues) {
    rewritten += text.slice(cursor, exit.startIndex) + (returnsError ? 'return nil' : 'return');
    cursor = exit.endIndex;
  }
  rewritten += text.slice(cursor, innerStart + inner.length);
  const indented = rewritten.split('\n').map((line) => (line.trim() === '' ? '' : `\t${line}`)).join('\n');
  const lastStatement = lastStatementOf(body);
  const closing = returnsError
    ? `${lastStatement?.type === 'return_statement' ? '' : `\n${indent}\t\treturn nil`}\n${indent}\t}(); err != nil {\n${indent}\t\treturn err\n${indent}\t}`
    : `\n${indent}\t}()`;
  const opening = returnsError ? `if err := func() error {` : `func() {`;
  edits.push({ range: nodeRange(body), newText: `{\n${indent}\t${opening}\n${indented}${closing}\n${indent}}` });
  return { title: 'Run the loop body in a function literal, so its defers run each iteration', preferred: false, edits };
}

/**
 * Whether something the body declares leaves the iteration (sent on a channel, handed to a
 * goroutine, appended or assigned to a variable from outside): released at the end of the
 * iteration instead of the function's, it would be closed or cancelled under its new owner.
 */
function iterationValuesEscape(body: SyntaxNode): boolean {
  const released = releasedNames(body);
  if (released.size === 0) return false;
  const mentions = (node: SyntaxNode | null) => !!node && node.descendantsOfType('identifier').some((identifier) => !!identifier && released.has(identifier.text));
  const declared = namesDeclaredBefore(body, { startIndex: body.endIndex } as SyntaxNode);
  for (const node of body.descendantsOfType(['send_statement', 'go_statement', 'assignment_statement', 'call_expression', 'return_statement'])) {
    if (!node) continue;
    if (node.type === 'send_statement' && mentions(node.childForFieldName('value'))) return true;
    if ((node.type === 'go_statement' || node.type === 'return_statement') && mentions(node)) return true;
    if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'append' && mentions(node.childForFieldName('arguments'))) return true;
    if (node.type === 'assignment_statement') {
      const targets = node.childForFieldName('left')?.namedChildren ?? [];
      const outside = targets.some((target) => {
        const root = target && rootIdentifier(target);
        return !!root && root !== '_' && !declared.has(root);
      });
      if (outside && mentions(node.childForFieldName('right'))) return true;
    }
  }
  return false;
}

/**
 * What the body's defers release, with the names declared alongside (`ctx` with its `cancel`,
 * `f` with its `err`): the values whose lifetime the fix shortens to the iteration.
 */
function releasedNames(body: SyntaxNode): Set<string> {
  const released = new Set<string>();
  for (const deferStatement of body.descendantsOfType('defer_statement')) {
    const call = deferStatement?.namedChild(0);
    if (!call || call.type !== 'call_expression') continue;
    const roots = [call.childForFieldName('function'), ...(call.childForFieldName('arguments')?.namedChildren ?? [])];
    for (const node of roots) {
      const root = node && rootIdentifier(node);
      if (root) released.add(root);
    }
  }
  for (const declaration of body.descendantsOfType(['short_var_declaration', 'var_spec'])) {
    if (!declaration) continue;
    const left = declaration.type === 'var_spec' ? declaration : declaration.childForFieldName('left');
    const names = (left?.namedChildren ?? []).filter((name) => name?.type === 'identifier').map((name) => name!.text);
    if (names.some((name) => released.has(name))) for (const name of names) if (name !== '_' && name !== 'err') released.add(name);
  }
  return released;
}

interface BodyExits {
  continues: SyntaxNode[];
  returns: SyntaxNode[];
}

/** The statements in the body that leave it; undefined when one cannot move into a function literal. */
function exitsOf(body: SyntaxNode, loop: SyntaxNode): BodyExits | undefined {
  const exits: BodyExits = { continues: [], returns: [] };
  const labelsInside = new Set<string>();
  let movable = true;
  const visit = (node: SyntaxNode, breakTargetsLoop: boolean, continueTargetsLoop: boolean) => {
    for (const child of node.namedChildren) {
      if (!child || !movable || child.type === 'func_literal') continue;
      if (child.type === 'labeled_statement') labelsInside.add(child.namedChild(0)?.text ?? '');
      switch (child.type) {
        case 'return_statement':
          exits.returns.push(child);
          continue;
        case 'goto_statement':
          movable = false;
          continue;
        case 'break_statement':
        case 'continue_statement': {
          const label = child.namedChild(0)?.text;
          const isContinue = child.type === 'continue_statement';
          if (label) {
            if (!labelsInside.has(label)) movable = label === loopLabel(loop) && isContinue;
            if (movable && !labelsInside.has(label)) exits.continues.push(child);
          } else if (isContinue ? continueTargetsLoop : breakTargetsLoop) {
            if (isContinue) exits.continues.push(child);
            else movable = false;
          }
          continue;
        }
      }
      const nestedLoop = child.type === 'for_statement';
      visit(child, breakTargetsLoop && !BREAK_TARGETS.has(child.type), continueTargetsLoop && !nestedLoop);
    }
  };
  visit(body, true, true);
  return movable ? exits : undefined;
}

/** The function around the loop returns exactly one unnamed `error`. */
function onlyErrorResult(loop: SyntaxNode): boolean {
  for (let current = loop.parent; current; current = current.parent) {
    if (!FUNCTION_TYPES.has(current.type)) continue;
    const result = current.childForFieldName('result');
    return result?.type === 'type_identifier' && result.text === 'error';
  }
  return false;
}

/**
 * A return whose error cannot be nil: `return err` under `if err != nil`, or a fresh
 * `fmt.Errorf`/`errors.New`. A nil one would end the function where the literal only ends an
 * iteration.
 */
function returnsNonNilError(statement: SyntaxNode): boolean {
  const values = statement.namedChild(0)?.namedChildren.filter((child) => child?.type !== 'comment') ?? [];
  if (values.length !== 1 || !values[0]) return false;
  const value = values[0];
  if (value.type === 'call_expression') return /^(fmt\.Errorf|errors\.New)$/.test(value.childForFieldName('function')?.text ?? '');
  if (value.type !== 'identifier') return false;
  for (let current = statement.parent; current && !FUNCTION_TYPES.has(current.type); current = current.parent) {
    if (current.type !== 'if_statement') continue;
    const condition = current.childForFieldName('condition')?.text.replace(/\s+/g, '');
    const consequence = current.childForFieldName('consequence');
    if (condition === `${value.text}!=nil` && consequence && consequence.startIndex <= statement.startIndex && statement.endIndex <= consequence.endIndex) return true;
  }
  return false;
}

function hasMultilineRawString(body: SyntaxNode): boolean {
  return body.descendantsOfType('raw_string_literal').some((literal) => literal?.text.includes('\n'));
}

function lastStatementOf(body: SyntaxNode): SyntaxNode | undefined {
  const list = body.namedChildren.find((child) => child?.type === 'statement_list');
  const statements = list?.namedChildren.filter((child) => child?.type !== 'comment') ?? [];
  return statements[statements.length - 1] ?? undefined;
}
