import type { Node as SyntaxNode } from 'web-tree-sitter';
import { enclosingFunctionNode } from '../analysis/timers';
import { runsOncePerProcess } from '../analysis/goroutines';
import type { Resolver } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import { FUNCTION_TYPES, nodeRange } from '../syntax';

/**
 * goroutine-blocked-send: a channel made unbuffered in a function that starts goroutines
 * sending on it and receives from it itself, where the receiver can stop waiting before every
 * send is taken (a select whose other case gives up, a return before the receive) or receives
 * once while several goroutines send (first answer wins). Every send nobody takes blocks its
 * goroutine forever, with all it references.
 *
 * Conservative: the channel must be a local `ch := make(chan T)`, used only by sends in `go
 * func() {...}()` literals of the same function and receives in that function's own body; any
 * other use (passed on, closed, ranged over, stored, received in a loop) keeps it silent.
 */
export const goroutineBlockedSend: Rule = {
  meta: {
    id: 'goroutine-blocked-send',
    family: 'goroutine',
    defaultSeverity: 'warning',
    description: 'A goroutine sends on an unbuffered channel whose receiver can give up first (a select with a timeout or ctx.Done(), a return before the receive) or receives fewer values than the goroutines send: the senders left over block forever with everything they reference.',
    docs: 'docs/rules/goroutine-blocked-send.md',
    offByDefault:
      'on 29 real-world projects 4 of its 6 findings were worth changing (67%; the other 2 strand a goroutine in a CLI command that exits right after), below the 90% a rule on by default must reach.',
    fixable: true,
  },
  // Test code ends with its test binary: nothing it leaves behind lasts.
  quietInTests: true,
  textHint: /\bmake\(\s*chan\b/,
  query: '(call_expression function: (identifier) @make (#eq? @make "make")) @call',
  check(context, matches) {
    const resolver = context.resolver();
    for (const { captures } of matches) checkMake(context, resolver, captures.call);
  },
};

interface Sender {
  go: SyntaxNode;
  sends: SyntaxNode[];
}

function checkMake(context: RuleContext, resolver: Resolver, call: SyntaxNode): void {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is SyntaxNode => !!arg && arg.type !== 'comment');
  // Unbuffered only: `make(chan T)`.
  if (args.length !== 1 || args[0].type !== 'channel_type') return;
  const declaration = call.parent?.parent;
  if (call.parent?.type !== 'expression_list' || declaration?.type !== 'short_var_declaration') return;
  const names = declaration.childForFieldName('left')?.namedChildren.filter((child) => child?.type === 'identifier') ?? [];
  const values = call.parent.namedChildren.filter((child) => child?.type !== 'comment');
  if (names.length !== values.length) return;
  const channel = names[values.findIndex((value) => value?.id === call.id)];
  if (!channel || channel.text === '_') return;
  const fn = enclosingFunctionNode(call);
  const body = fn?.childForFieldName('body');
  if (!fn || !body) return;

  const senders = new Map<number, Sender>();
  const receives: SyntaxNode[] = [];
  for (const use of body.descendantsOfType('identifier')) {
    if (!use || use.text !== channel.text || use.id === channel.id || use.startIndex < declaration.endIndex) continue;
    if (resolver.declarationOf(use)?.name.id !== channel.id) continue;
    const parent = use.parent;
    const owner = enclosingFunctionNode(use);
    if (parent?.type === 'send_statement' && parent.childForFieldName('channel')?.id === use.id && owner?.type === 'func_literal') {
      // The send must be in a `go func() {...}()` started by this very function.
      const go = owner.parent?.type === 'call_expression' && owner.parent.childForFieldName('function')?.id === owner.id ? owner.parent.parent : null;
      if (go?.type !== 'go_statement' || enclosingFunctionNode(go)?.id !== fn.id) return;
      // A send in a loop sends more than once; a send in a select can give up itself.
      if (loopBetween(parent, owner) || parent.parent?.type === 'communication_case') return;
      const sender = senders.get(go.id) ?? { go, sends: [] };
      sender.sends.push(parent);
      senders.set(go.id, sender);
      continue;
    }
    if (parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '<-' && owner?.id === fn.id && !inDeferOrGo(parent, fn)) {
      receives.push(parent);
      continue;
    }
    // Closed, ranged over, passed on, stored, returned, received elsewhere: out of reach.
    return;
  }
  if (senders.size === 0 || receives.length === 0) return;
  for (const sender of senders.values()) if (!sendsAtMostOnce(sender)) return;
  // A receive in a loop may take every value: unknown.
  if (receives.some((receive) => loopBetween(receive, fn))) {
    // ...except the select loop whose receive ends the loop and whose other case returns.
    if (receives.length !== 1 || senders.size !== 1 || [...senders.values()].some((sender) => loopBetween(sender.go, fn))) return;
  }
  const goInLoop = [...senders.values()].find((sender) => loopBetween(sender.go, fn));
  // Made, started and waited for once in a function that runs once per process (main, or one
  // that returns the exit code): at most one goroutine blocks, until the process exits.
  if (senders.size === 1 && !goInLoop && !loopBetween(call, fn) && !receives.some((receive) => loopBetween(receive, fn)) && runsOncePerProcess(fn, resolver)) return;
  const firstSend = [...senders.values()].flatMap((sender) => sender.sends).sort((a, b) => a.startIndex - b.startIndex)[0];
  const owner = functionName(fn);
  const name = channel.text;

  if (goInLoop || senders.size > receives.length) {
    if (receives.some((receive) => loopBetween(receive, fn))) return;
    const loop = goInLoop ? loopBetween(goInLoop.go, fn) : null;
    const count = loop ? loopCount(loop, call) : String(senders.size);
    const who = loop ? 'goroutines started in a loop send' : `${senders.size} goroutines send`;
    const taken = receives.length === 1 ? 'once' : `${receives.length} times`;
    context.report({
      range: nodeRange(firstSend),
      message: `${who} on unbuffered ${name}, but ${owner} receives only ${taken} (the first answer wins): every goroutine whose value is not received blocks forever on this send, with everything it references.`,
      remedy: count ? `give ${name} room for every send: make(${args[0].text}, ${count})` : `give ${name} a buffer as large as the number of goroutines`,
      related: receives.map((receive) => ({ range: nodeRange(receive), message: `the only receive${receives.length > 1 ? 's' : ''} from ${name}` })),
      fixes: count ? [bufferFix(call, args[0], count, name)] : [],
    });
    return;
  }
  if (senders.size !== 1 || receives.length !== 1) return;
  const receive = receives[0];
  const sender = [...senders.values()][0];
  const why = givesUp(receive, fn, sender.go, sendsOnlyOnServeFailure(sender));
  if (!why) return;
  context.report({
    range: nodeRange(firstSend),
    message: `${name} is unbuffered and ${owner} can stop waiting before it receives (${why.reason}): then nobody ever takes this send, and the goroutine blocks forever with everything it references.`,
    remedy: `give ${name} room for the one send: make(${args[0].text}, 1)`,
    related: [{ range: nodeRange(why.at), message: why.reason }],
    fixes: [bufferFix(call, args[0], '1', name)],
  });
}

/** Each send but the last is followed by a return in its block: the goroutine sends at most once. */
function sendsAtMostOnce(sender: Sender): boolean {
  const sends = [...sender.sends].sort((a, b) => a.startIndex - b.startIndex);
  return sends.slice(0, -1).every((send) => {
    let next = send.nextNamedSibling;
    while (next?.type === 'comment') next = next.nextNamedSibling;
    return next?.type === 'return_statement';
  });
}

/** Why the receiver can give up before the receive, and where. */
function givesUp(receive: SyntaxNode, fn: SyntaxNode, go: SyntaxNode, serveFailureOnly: boolean): { reason: string; at: SyntaxNode } | undefined {
  // A return between the goroutine's start and the receive (outside literals, not the one holding the receive).
  for (const statement of fn.descendantsOfType('return_statement')) {
    if (!statement || statement.startIndex < go.endIndex || statement.startIndex > receive.startIndex) continue;
    if (statement.endIndex >= receive.endIndex && statement.startIndex <= receive.startIndex) continue;
    if (enclosingFunctionNode(statement)?.id !== fn.id) continue;
    if (serveFailureOnly && shutDownBefore(statement, go, fn)) continue;
    return { reason: 'a return before the receive', at: statement };
  }
  // The receive as a select case with another case that gives up.
  let communication: SyntaxNode | null = receive.parent;
  while (communication && communication.type !== 'communication_case' && communication.type !== 'select_statement' && !FUNCTION_TYPES.has(communication.type)) communication = communication.parent;
  if (communication?.type !== 'communication_case') return undefined;
  // The receive must be the case's communication, not in its body.
  if (!communication.childForFieldName('communication') || communication.childForFieldName('communication')!.endIndex < receive.startIndex) return undefined;
  const select = communication.parent?.type === 'select_statement' ? communication.parent : communication.parent?.parent;
  if (select?.type !== 'select_statement') return undefined;
  const inLoop = !!loopBetween(select, fn);
  for (const other of select.namedChildren) {
    if (!other || other.id === communication.id || (other.type !== 'communication_case' && other.type !== 'default_case')) continue;
    if (inLoop && !leavesLoop(other)) continue;
    // The goroutine sends only when Serve fails on its own, and this way out shuts the server
    // down: Serve then returns http.ErrServerClosed, which the goroutine does not send.
    if (serveFailureOnly && shutsDownAfter(other, select, fn)) continue;
    const what = other.type === 'default_case' ? 'default' : other.childForFieldName('communication')?.text ?? 'another case';
    const reason = other.type === 'default_case'
      ? 'the select has a default case'
      : /\bDone\(\)/.test(what) ? `the select gives up on ${what}` : /\bAfter\(|\.C\b/.test(what) ? `the select times out on ${what}` : `the select can take ${what} instead`;
    return { reason, at: other };
  }
  return undefined;
}

/**
 * Every send of the goroutine sits under a condition that excludes http.ErrServerClosed
 * (`err != http.ErrServerClosed`, `!errors.Is(err, http.ErrServerClosed)`): it reports only a
 * server that failed on its own.
 */
function sendsOnlyOnServeFailure(sender: Sender): boolean {
  return sender.sends.every((send) => {
    for (let current = send.parent; current && !FUNCTION_TYPES.has(current.type); current = current.parent) {
      if (current.type !== 'if_statement') continue;
      const condition = current.childForFieldName('condition')?.text ?? '';
      if (/!=\s*(\w+\.)?ErrServerClosed\b|!\s*errors\.Is\([^)]*\bErrServerClosed\)/.test(condition)) return true;
    }
    return false;
  });
}

/** A `Shutdown(...)`/`Close()` call after the go statement on the way to this return (in a statement before it, in a block holding it). */
function shutDownBefore(statement: SyntaxNode, go: SyntaxNode, fn: SyntaxNode): boolean {
  for (let path: SyntaxNode | null = statement; path && path.id !== fn.id; path = path.parent) {
    for (let previous = path.previousNamedSibling; previous && previous.startIndex >= go.endIndex; previous = previous.previousNamedSibling) {
      if (stopsServer(previous, fn)) return true;
    }
  }
  return false;
}

function stopsServer(node: SyntaxNode, fn: SyntaxNode): boolean {
  return [node, ...node.descendantsOfType('call_expression')].some((call) => {
    if (call?.type !== 'call_expression') return false;
    const callee = call.childForFieldName('function');
    return callee?.type === 'selector_expression' && /^(Shutdown|Close)$/.test(callee.childForFieldName('field')?.text ?? '') && enclosingFunctionNode(call)?.id === fn.id;
  });
}

/** A `Shutdown(...)` or `Close()` call in the case's body, or after the select in its block, before any return. */
function shutsDownAfter(caseNode: SyntaxNode, select: SyntaxNode, fn: SyntaxNode): boolean {
  const stops = (node: SyntaxNode): boolean => stopsServer(node, fn);
  const body = caseNode.namedChildren.filter((child) => child && child.id !== caseNode.childForFieldName('communication')?.id);
  for (const statement of body) {
    if (statement && stops(statement)) return true;
    if (statement && (statement.type === 'return_statement' || statement.descendantsOfType('return_statement').length > 0)) return false;
  }
  for (let next = select.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (stops(next)) return true;
    if (next.type === 'return_statement' || next.descendantsOfType('return_statement').some((r) => !!r && enclosingFunctionNode(r)?.id === fn.id)) return false;
  }
  return false;
}

/** A case whose body returns (or breaks out with a label): in a loop, it leaves for good. */
function leavesLoop(caseNode: SyntaxNode): boolean {
  for (const statement of caseNode.descendantsOfType(['return_statement', 'break_statement', 'goto_statement'])) {
    if (!statement || enclosingFunctionNode(statement)?.id !== enclosingFunctionNode(caseNode)?.id) continue;
    if (statement.type === 'return_statement' || statement.namedChildCount > 0) return true;
  }
  return false;
}

/** The nearest for loop between a node and a function around it (exclusive). */
function loopBetween(node: SyntaxNode, fn: SyntaxNode): SyntaxNode | null {
  for (let current = node.parent; current && current.id !== fn.id; current = current.parent) {
    if (current.type === 'for_statement') return current;
    if (FUNCTION_TYPES.has(current.type)) return null;
  }
  return null;
}

function inDeferOrGo(node: SyntaxNode, fn: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== fn.id; current = current.parent) if (current.type === 'defer_statement' || current.type === 'go_statement') return true;
  return false;
}

/**
 * How many goroutines the loop starts, when the code says it plainly: `len(list)` for
 * `range list` over a name or field, `n` for `for i := 0; i < n; i++`, and only when that
 * expression is already known where the channel is made.
 */
function loopCount(loop: SyntaxNode, make: SyntaxNode): string | undefined {
  const range = loop.namedChildren.find((child) => child?.type === 'range_clause');
  if (range) {
    const right = range.childForFieldName('right');
    if (!right || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(right.text)) return undefined;
    if (right.type === 'int_literal') return right.text;
    return declaredAfter(right, make, loop) ? undefined : `len(${right.text})`;
  }
  const clause = loop.namedChildren.find((child) => child?.type === 'for_clause');
  const condition = clause?.childForFieldName('condition');
  const start = clause?.childForFieldName('initializer')?.childForFieldName('right')?.text;
  if (condition?.type !== 'binary_expression' || condition.childForFieldName('operator')?.text !== '<' || start !== '0') return undefined;
  const bound = condition.childForFieldName('right');
  if (!bound || !/^([A-Za-z_]\w*(\.[A-Za-z_]\w*)*|\d+|len\([A-Za-z_][\w.]*\))$/.test(bound.text)) return undefined;
  return declaredAfter(bound, make, loop) ? undefined : bound.text;
}

/** Whether a name the expression uses is declared or assigned between the make and the loop. */
function declaredAfter(expression: SyntaxNode, make: SyntaxNode, loop: SyntaxNode): boolean {
  const fn = enclosingFunctionNode(make);
  if (!fn || make.startIndex > loop.startIndex) return true;
  const used = new Set(expression.descendantsOfType('identifier').map((identifier) => identifier?.text ?? ''));
  if (expression.type === 'identifier') used.add(expression.text);
  for (const statement of fn.descendantsOfType(['short_var_declaration', 'assignment_statement', 'var_spec'])) {
    if (!statement || statement.startIndex < make.endIndex || statement.startIndex > loop.startIndex) continue;
    const left = statement.type === 'var_spec' ? statement : statement.childForFieldName('left');
    if (left?.namedChildren.some((child) => child && used.has(child.text))) return true;
  }
  return false;
}

function bufferFix(call: SyntaxNode, type: SyntaxNode, count: string, name: string): Fix {
  const end = nodeRange(type).end;
  return {
    title: count === '1' ? `Give ${name} room for the one send` : `Give ${name} room for every goroutine's send`,
    preferred: true,
    edits: [{ range: { start: end, end }, newText: `, ${count}` }],
  };
}

function functionName(fn: SyntaxNode): string {
  return fn.type === 'func_literal' ? 'the function literal' : fn.childForFieldName('name')?.text ?? 'the function';
}
