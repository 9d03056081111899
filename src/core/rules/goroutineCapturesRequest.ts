import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Resolver } from '../resolver';
import {
  addImportEdits,
  freshName,
  identifierReferences,
  identifiersIn,
  importsOf,
  ImportInfo,
  isJoinedAfter,
  mentionedIdentifiers,
  namesDeclaredIn,
  RequestFramework,
  RequestParameter,
  requestParameters,
} from '../analysis/goroutines';
import { statementOf } from '../analysis/statements';
import { GoVersion, goVersionAtLeast } from '../goVersion';
import type { Fix, Rule, RuleContext } from '../rule';
import { inOneFunction } from '../textHints';
import { enclosingFunction, indentationOf, nodeRange, normalizedText, unparenthesize, walkNamed } from '../syntax';
import type { TextEdit } from '../text';

const WITHOUT_CANCEL_GO = '1.21';

/** What a tracked name or expression is, as far as the request's lifetime goes. */
type Role =
  /** The request object itself (or the framework context). */
  | 'request'
  /** The request's context.Context: cancelled when the handler returns. */
  | 'context'
  /** Something the server closes or reuses after the handler (body, multipart files, fasthttp buffers). */
  | 'tied';

interface Tracked {
  role: Role;
  framework: RequestFramework;
  parameter: RequestParameter;
}

/** Request fields and methods whose values can be read before `go` (copies, not views). */
const HOISTABLE_HTTP_SHAPES: readonly RegExp[] = [
  /^R\.(Method|Host|RemoteAddr|RequestURI|Proto|ContentLength)$/,
  /^R\.URL\.(Path|RawPath|RawQuery|Host|Scheme|Fragment)$/,
  /^R\.URL\.(String|EscapedPath|Hostname|Port|Query|RequestURI)\(\)$/,
  /^R\.URL\.Query\(\)\.Get\(A\)$/,
  /^R\.Header\.(Get|Values)\(A\)$/,
  /^R\.(FormValue|PostFormValue)\(A\)$/,
  /^R\.(UserAgent|Referer)\(\)$/,
  /^R\.Context\(\)\.Value\(A\)$/,
];

export const goroutineCapturesRequest: Rule = {
  meta: {
    id: 'goroutine-captures-request',
    family: 'goroutine',
    defaultSeverity: 'warning',
    description: 'A goroutine started in a request handler captures the request (or its context, body, or framework context) and can outlive it.',
    docs: 'docs/rules/goroutine-captures-request.md',
    fixable: true,
    fixMinGoVersion: WITHOUT_CANCEL_GO,
  },
  // A request type (Request, Context, RequestCtx) and a `go` statement (at a line's start, or
  // after `{`, `;` or a case's `:`) in the same function; the cheaper pattern first.
  textHint: inOneFunction(/Request|Context/, /(?:^|[\n{;:])[ \t]*go\s+[\p{L}_(]/u),
  // The request types count only when imported from their framework (or inside net/http).
  fileHint: /["`](?:net\/http|(?:[^"`\n]*\/)?(?:gin|echo(?:\/v\d+)?|fasthttp))["`]|\bpackage\s+http\b/,
  query: '(go_statement) @go',
  check(context, matches) {
    let imports: ImportInfo | undefined;
    for (const { captures } of matches) {
      imports ??= importsOf(context.file.tree.rootNode);
      checkGoStatement(context, captures.go, imports);
    }
  },
};

/** One place where the goroutine touches the request. */
interface Use {
  /** The expression to change (or report). */
  node: SyntaxNode;
  tracked: Tracked;
  /** How the fix handles it; undefined when it cannot. */
  treatment?: 'hoist' | 'detach-context' | 'gin-copy';
  inArguments: boolean;
}

function checkGoStatement(context: RuleContext, goStatement: SyntaxNode, imports: ImportInfo): void {
  const call = goStatement.namedChild(0);
  if (call?.type !== 'call_expression') return;
  // A go statement inside another goroutine's literal is reported with the outer one.
  for (let node = goStatement.parent; node; node = node.parent) if (node.type === 'go_statement') return;

  const parameters = nearestRequestParameters(goStatement, imports, context.file.tree.rootNode);
  if (parameters.length === 0) return;
  const handler = parameters[0].function;
  const tracked = trackedNames(handler, parameters, goStatement, imports);

  const uses: Use[] = [];
  const callee = call.childForFieldName('function');
  const literal = callee && unparenthesize(callee).type === 'func_literal' ? unparenthesize(callee) : undefined;
  if (literal) {
    const declared = namesDeclaredIn(literal);
    const visible = new Map([...tracked].filter(([name]) => !declared.has(name)));
    const body = literal.childForFieldName('body');
    if (body) {
      for (const reference of identifierReferences(body, new Set(visible.keys()))) {
        uses.push(useInBody(reference, visible.get(reference.text)!, tracked, imports, declared));
      }
    }
  } else if (callee?.type === 'selector_expression') {
    const receiver = classify(callee.childForFieldName('operand'), tracked, imports);
    if (receiver) uses.push({ node: callee.childForFieldName('operand')!, tracked: receiver, inArguments: true });
  }
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!argument || argument.type === 'comment') continue;
    const value = classify(argument, tracked, imports);
    if (value) uses.push(useAsArgument(argument, value));
  }
  if (uses.length === 0) return;
  // A goroutine that waits on the request context's Done ends with the request: a watcher.
  if (literal && watchesRequestDone(literal, tracked, imports)) return;
  // The same when the watching code lives in a function of the package the context is handed to.
  const handedOn = contextHandedOn(context, call, literal, uses, tracked, imports);
  if (handedOn === 'watcher') return;
  if (isJoinedAfter(goStatement, mentionedIdentifiers(goStatement))) return;
  // The handler itself waits for the request's context to end before it returns: the goroutine
  // sees the same cancellation it would see while the handler runs.
  if (waitsForContextEnd(goStatement, handler, tracked, imports)) return;

  const first = uses[0];
  // A goroutine that reads the cancellation (Done, Err) needs it: WithoutCancel would take it away.
  const needsCancellation = handedOn === 'needs-cancellation';
  const fix = needsCancellation ? undefined : buildFix(context, goStatement, handler, uses, imports);
  context.report({
    range: nodeRange(first.node),
    message: messageFor(first),
    remedy: remedyFor(first, context.goVersion, needsCancellation),
    related: [
      { range: nodeRange(goStatement.child(0)!), message: 'the goroutine starts here and may still run after the handler returns' },
      { range: nodeRange(first.tracked.parameter.node), message: `${first.tracked.parameter.name} belongs to one request` },
    ],
    fixes: fix ? [fix] : [],
  });
}

/**
 * Whether the handler's body, after the go statement and with no return in between, blocks on
 * `<-ctx.Done()` of a context of the request as one of its own statements.
 */
function waitsForContextEnd(goStatement: SyntaxNode, handler: SyntaxNode, tracked: ReadonlyMap<string, Tracked>, imports: ImportInfo): boolean {
  const body = handler.childForFieldName('body');
  if (!body) return false;
  const statements = body.namedChildren.find((child) => child?.type === 'statement_list') ?? body;
  const wait = statements.namedChildren.find((statement) => {
    if (statement?.type !== 'expression_statement' || statement.startIndex < goStatement.endIndex) return false;
    const receive = unparenthesize(statement.namedChild(0)!);
    const call = receive?.type === 'unary_expression' && receive.childForFieldName('operator')?.text === '<-' ? unparenthesize(receive.childForFieldName('operand')!) : undefined;
    const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
    return callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === 'Done' && classify(callee.childForFieldName('operand'), tracked, imports)?.role === 'context';
  });
  if (!wait) return false;
  return !body.descendantsOfType('return_statement').some((r) => !!r && r.startIndex > goStatement.endIndex && r.startIndex < wait.startIndex && !insideLiteral(r, body));
}

function insideLiteral(node: SyntaxNode, within: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== within.id; current = current.parent) if (current.type === 'func_literal') return true;
  return false;
}

/**
 * What the functions of the package that the goroutine hands the request's context to do with
 * it: 'watcher' when every use of the context is one such call whose parameter only stops the
 * work early (`<-ctx.Done()`, `select { case <-ctx.Done(): return; default: }`, `ctx.Err()`);
 * 'needs-cancellation' when a callee reads the cancellation among other uses; undefined otherwise.
 */
function contextHandedOn(
  context: RuleContext,
  call: SyntaxNode,
  literal: SyntaxNode | undefined,
  uses: readonly Use[],
  tracked: ReadonlyMap<string, Tracked>,
  imports: ImportInfo,
): 'watcher' | 'needs-cancellation' | undefined {
  if (uses.some((use) => use.tracked.role !== 'context')) return undefined;
  const resolver = context.resolver();
  const calls: { call: SyntaxNode; index: number }[] = [];
  if (!literal) {
    (call.childForFieldName('arguments')?.namedChildren ?? []).forEach((argument, index) => {
      if (argument && classify(argument, tracked, imports)?.role === 'context') calls.push({ call, index });
    });
  } else {
    for (const use of uses) {
      const list = use.node.parent;
      const inner = list?.type === 'argument_list' ? list.parent : null;
      if (inner?.type !== 'call_expression') return undefined; // the context is used some other way
      calls.push({ call: inner, index: list!.namedChildren.findIndex((argument) => argument?.id === use.node.id) });
    }
  }
  if (calls.length === 0) return undefined;
  let everyOneWatches = true;
  let readsCancellation = false;
  for (const { call: handedTo, index } of calls) {
    const use = parameterUse(resolver, handedTo, index);
    everyOneWatches &&= use === 'stops-early';
    readsCancellation ||= use === 'stops-early' || use === 'reads-cancellation';
  }
  return everyOneWatches ? 'watcher' : readsCancellation ? 'needs-cancellation' : undefined;
}

/**
 * How a function of the package uses the parameter a call passes at `index`: only to stop
 * early (every use is `p.Done()` or `p.Err()`), to read the cancellation among other things,
 * or neither (undefined, also when the callee is not declared in the package).
 */
function parameterUse(resolver: Resolver, call: SyntaxNode, index: number): 'stops-early' | 'reads-cancellation' | undefined {
  const callee = unparenthesize(call.childForFieldName('function')!);
  if (index < 0) return undefined;
  let fn: SyntaxNode | undefined;
  if (callee.type === 'identifier') {
    const declaration = resolver.declarationOf(callee);
    if (declaration?.kind === 'func') fn = declaration.statement;
  } else if (callee.type === 'selector_expression') {
    // A method of the package, found through its receiver's type (`tracer.Publish(ctx)`).
    const operand = callee.childForFieldName('operand');
    const method = callee.childForFieldName('field')?.text;
    if (operand && method && resolver.packageOperand(operand) === undefined) fn = resolver.method(resolver.typeOf(operand), method)?.node;
  }
  if (!fn) return undefined;
  const names: string[] = [];
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (parameter?.type !== 'parameter_declaration') continue;
    const declared = parameter.childrenForFieldName('name');
    if (declared.length === 0) names.push('');
    for (const name of declared) names.push(name?.text ?? '');
  }
  const name = names[index];
  const body = fn.childForFieldName('body');
  if (!name || name === '_' || !body) return undefined;
  let cancellation = 0;
  let other = 0;
  walkNamed(body, (node) => {
    if (node.type !== 'identifier' || node.text !== name) return;
    const selector = node.parent;
    const method = selector?.type === 'selector_expression' && selector.childForFieldName('operand')?.id === node.id ? selector.childForFieldName('field')?.text : undefined;
    const called = selector?.parent?.type === 'call_expression' && selector.parent.childForFieldName('function')?.id === selector.id;
    if (called && (method === 'Done' || method === 'Err')) cancellation++;
    else other++;
  });
  if (cancellation > 0 && other === 0) return 'stops-early';
  return cancellation > 0 ? 'reads-cancellation' : undefined;
}

/** Whether the literal receives from `<ctx>.Done()` of a context tied to the request. */
function watchesRequestDone(literal: SyntaxNode, tracked: ReadonlyMap<string, Tracked>, imports: ImportInfo): boolean {
  let watches = false;
  walkNamed(literal, (node) => {
    if (watches) return false;
    if (node.type !== 'unary_expression' || node.childForFieldName('operator')?.text !== '<-') return;
    const call = unparenthesize(node.childForFieldName('operand')!);
    const callee = call.type === 'call_expression' ? call.childForFieldName('function') : null;
    if (callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Done') return;
    watches = classify(callee.childForFieldName('operand'), tracked, imports)?.role === 'context';
  });
  return watches;
}

/** The request parameters of the nearest enclosing function that has any. */
function nearestRequestParameters(goStatement: SyntaxNode, imports: ImportInfo, root: SyntaxNode): RequestParameter[] {
  for (let fn = enclosingFunction(goStatement); fn; fn = enclosingFunction(fn)) {
    const found = requestParameters(fn, imports, root);
    if (found.length) return found;
  }
  return [];
}

/** The request parameters plus locals assigned from them before the go statement that stay tied to the request. */
function trackedNames(handler: SyntaxNode, parameters: readonly RequestParameter[], goStatement: SyntaxNode, imports: ImportInfo): Map<string, Tracked> {
  const tracked = new Map<string, Tracked>(parameters.map((parameter) => [parameter.name, { role: 'request', framework: parameter.framework, parameter }]));
  const body = handler.childForFieldName('body');
  if (!body) return tracked;
  walkNamed(body, (node) => {
    if (node.startIndex >= goStatement.startIndex) return false;
    if (node.type === 'short_var_declaration' || node.type === 'assignment_statement') {
      const targets = node.childForFieldName('left')?.namedChildren ?? [];
      const values = node.childForFieldName('right')?.namedChildren ?? [];
      // `ctx, cancel := context.WithTimeout(r.Context(), d)`: the first result carries the request.
      const pairs = values.length === 1 ? [[targets[0], values[0]]] : targets.map((target, i) => [target, values[i]]);
      for (const [target, value] of pairs) track(target, value);
    } else if (node.type === 'var_spec') {
      const names = node.childrenForFieldName('name');
      const values = node.childForFieldName('value')?.namedChildren ?? [];
      names.forEach((name, i) => track(name, values[i]));
    }
  });
  return tracked;

  function track(target: SyntaxNode | null | undefined, value: SyntaxNode | null | undefined): void {
    if (target?.type !== 'identifier' || !value || target.text === '_') return;
    const kind = classify(value, tracked, imports);
    if (kind) tracked.set(target.text, kind);
    else if (!parameters.some((parameter) => parameter.name === target.text)) tracked.delete(target.text);
  }
}

/** Whether an expression evaluates to something still tied to the request, and how. */
function classify(expression: SyntaxNode | null, tracked: ReadonlyMap<string, Tracked>, imports: ImportInfo): Tracked | undefined {
  if (!expression) return undefined;
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'identifier':
      return tracked.get(node.text);
    case 'unary_expression': {
      if (node.childForFieldName('operator')?.text !== '&') return undefined;
      const base = classify(node.childForFieldName('operand'), tracked, imports);
      return base && base.framework === 'fasthttp' ? { ...base, role: 'tied' } : undefined;
    }
    case 'selector_expression': {
      const base = classify(node.childForFieldName('operand'), tracked, imports);
      if (!base || base.role !== 'request') return undefined;
      const field = node.childForFieldName('field')?.text ?? '';
      if (base.framework === 'http' && ['Body', 'GetBody', 'MultipartForm'].includes(field)) return { ...base, role: 'tied' };
      if (base.framework === 'gin' && field === 'Request') return { ...base, framework: 'http' };
      if (base.framework === 'fasthttp') return { ...base, role: 'tied' };
      return undefined;
    }
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      if (callee?.type !== 'selector_expression') return undefined;
      const method = callee.childForFieldName('field')?.text ?? '';
      const operand = callee.childForFieldName('operand');
      if (operand?.type === 'identifier' && imports.byName.get(operand.text) === 'context') {
        if (method === 'WithoutCancel') return undefined;
        const parent = classify(node.childForFieldName('arguments')?.namedChild(0) ?? null, tracked, imports);
        return parent?.role === 'context' ? parent : undefined;
      }
      const base = classify(operand, tracked, imports);
      if (!base || base.role !== 'request') return undefined;
      switch (base.framework) {
        case 'http':
          if (method === 'Context') return { ...base, role: 'context' };
          if (method === 'WithContext' || method === 'Clone') return base;
          return undefined;
        case 'gin':
          return undefined;
        case 'echo':
          if (method === 'Request') return { ...base, framework: 'http' };
          if (method === 'Response') return { ...base, role: 'tied' };
          return undefined;
        case 'fasthttp':
          // Its byte slices and argument views point into buffers reused for the next request.
          return method === 'String' || method === 'Value' ? undefined : { ...base, role: 'tied' };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Decides how a reference inside the goroutine's literal can be rewritten. */
function useInBody(reference: SyntaxNode, tracked: Tracked, all: ReadonlyMap<string, Tracked>, imports: ImportInfo, declared: ReadonlySet<string>): Use {
  const use: Use = { node: reference, tracked, inArguments: false };
  if (tracked.framework === 'gin' && tracked.role === 'request' && tracked.parameter.name === reference.text) {
    return { ...use, treatment: 'gin-copy' };
  }
  if (tracked.role === 'context') return { ...use, treatment: 'detach-context' };
  if (tracked.framework !== 'http' || tracked.role !== 'request') return use;
  // Find the largest expression around the reference that reads a copyable request field,
  // and the first that is still tied to the request (its context, its body).
  let best: SyntaxNode | undefined;
  let tied: { node: SyntaxNode; tracked: Tracked } | undefined;
  for (let node: SyntaxNode | null = reference; node; node = node.parent) {
    const parent: SyntaxNode | null = node.parent;
    const shape = shapeOf(node, reference, declared);
    if (shape && HOISTABLE_HTTP_SHAPES.some((pattern) => pattern.test(shape))) best = node;
    if (!best && !tied && node.id !== reference.id) {
      const value = classify(node, all, imports);
      if (value && value.role !== 'request') tied = { node, tracked: value };
    }
    const extends_ =
      parent &&
      ((parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === node.id) ||
        (parent.type === 'call_expression' && parent.childForFieldName('function')?.id === node.id));
    if (!extends_) break;
  }
  if (best) return { ...use, node: best, treatment: 'hoist' };
  if (tied) return { ...use, ...tied, treatment: tied.tracked.role === 'context' ? 'detach-context' : undefined };
  return use;
}

/** `r.URL.Query().Get("id")` → `R.URL.Query().Get(A)`; undefined when an argument is not a constant or outer name. */
function shapeOf(node: SyntaxNode, root: SyntaxNode, declared: ReadonlySet<string>): string | undefined {
  if (node.id === root.id) return 'R';
  if (node.type === 'selector_expression') {
    const operand = node.childForFieldName('operand');
    const inner = operand ? shapeOf(operand, root, declared) : undefined;
    return inner && `${inner}.${node.childForFieldName('field')?.text}`;
  }
  if (node.type === 'call_expression') {
    const fn = node.childForFieldName('function');
    const inner = fn ? shapeOf(fn, root, declared) : undefined;
    if (!inner) return undefined;
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
    if (!args.every((argument) => isOuterValue(argument, declared))) return undefined;
    return `${inner}(${args.map(() => 'A').join(',')})`;
  }
  return undefined;
}

/** Literals and names declared outside the goroutine: the same value when evaluated before `go`. */
function isOuterValue(node: SyntaxNode, declared: ReadonlySet<string>): boolean {
  if (['interpreted_string_literal', 'raw_string_literal', 'int_literal'].includes(node.type)) return true;
  return node.type === 'identifier' && !declared.has(node.text);
}

function useAsArgument(argument: SyntaxNode, tracked: Tracked): Use {
  const use: Use = { node: argument, tracked, inArguments: true };
  if (tracked.role === 'context') return { ...use, treatment: 'detach-context' };
  if (tracked.framework === 'gin' && tracked.role === 'request' && unparenthesize(argument).text === tracked.parameter.name) {
    return { ...use, treatment: 'gin-copy' };
  }
  return use;
}

function messageFor(use: Use): string {
  const expression = normalizedText(use.node);
  const name = use.tracked.parameter.name;
  const verb = use.inArguments ? 'receives' : 'uses';
  const what = (kind: string) => (expression === name ? `${kind} ${name}` : `${expression} of ${kind} ${name}`);
  switch (use.tracked.parameter.framework) {
    case 'gin':
      return `The goroutine ${verb} ${what('gin context')}: gin reuses the context for another request once the handler returns.`;
    case 'echo':
      return `The goroutine ${verb} ${what('echo context')}: echo returns the context, its request and response to its pool when the handler returns.`;
    case 'fasthttp':
      return `The goroutine ${verb} ${what('*fasthttp.RequestCtx')}: fasthttp reuses the context and its buffers for another request once the handler returns.`;
  }
  if (use.tracked.role === 'context') {
    return `The goroutine ${verb} ${expression}, a context of request ${name}: the server cancels it when the handler returns, so whatever the goroutine still does with it fails with context.Canceled.`;
  }
  if (use.tracked.role === 'tied') {
    return `The goroutine ${verb} ${what('request')}, which the server closes when the handler returns; the request stays reachable until the goroutine ends.`;
  }
  return `The goroutine ${verb} ${what('request')}: the *http.Request with its headers and body stays reachable until the goroutine ends, after the handler has returned.`;
}

/** What to do instead, with what the module's Go has. */
function remedyFor(use: Use, goVersion: GoVersion, needsCancellation = false): string {
  const expression = normalizedText(use.node);
  const name = use.tracked.parameter.name;
  switch (use.tracked.parameter.framework) {
    case 'gin':
      return `pass ${name}.Copy() instead`;
    case 'echo':
    case 'fasthttp':
      return `copy what the goroutine needs out of ${name} into locals before the go statement`;
  }
  if (use.tracked.role === 'context') {
    if (needsCancellation) return 'give the goroutine a context of its own with the deadline it needs (context.WithTimeout of context.Background()), since it relies on being cancelled';
    return goVersionAtLeast(goVersion, WITHOUT_CANCEL_GO)
      ? `detach it with context.WithoutCancel(${expression})`
      : 'give the goroutine a context of its own (context.Background(), with a timeout) and pass it the values it needs';
  }
  if (use.tracked.role === 'tied') return `read ${expression} before the go statement and pass the goroutine the result`;
  return 'copy the request values the goroutine reads into locals before the go statement';
}

function buildFix(context: RuleContext, goStatement: SyntaxNode, handler: SyntaxNode, uses: readonly Use[], imports: ImportInfo): Fix | undefined {
  if (uses.some((use) => !use.treatment)) return undefined;
  if (statementOf(goStatement)?.id !== goStatement.id) return undefined;
  const needsContext = uses.some((use) => use.treatment === 'detach-context');

  const taken = identifiersIn(handler);
  const contextPackage = imports.byPath.get('context') ?? 'context';
  const indent = indentationOf(goStatement, context.file.text);
  const hoisted = new Map<string, string>(); // expression text → local name
  const declarations: string[] = [];
  const edits: TextEdit[] = [];
  const hoist = (expression: string, wanted: string, value: string, fallbackPrefix?: string): string => {
    let name = hoisted.get(expression);
    if (!name) {
      name = freshName(wanted, taken, fallbackPrefix);
      hoisted.set(expression, name);
      declarations.push(`${name} := ${value}\n${indent}`);
    }
    return name;
  };

  for (const use of uses) {
    const text = use.node.text;
    let replacement: string;
    switch (use.treatment) {
      case 'hoist':
        replacement = hoist(normalizedText(use.node), localNameFor(use.node), text);
        break;
      case 'detach-context':
        replacement = use.inArguments
          ? `${contextPackage}.WithoutCancel(${text})`
          : hoist(normalizedText(use.node), 'ctx', `${contextPackage}.WithoutCancel(${text})`, 'detached');
        break;
      case 'gin-copy':
        replacement = use.inArguments ? `${text}.Copy()` : hoist(`${text}.Copy()`, `${text}Copy`, `${text}.Copy()`);
        break;
      default:
        return undefined;
    }
    edits.push({ range: nodeRange(use.node), newText: replacement });
  }
  if (declarations.length) {
    const start = nodeRange(goStatement).start;
    edits.push({ range: { start, end: start }, newText: declarations.join('') });
  }
  if (needsContext && !imports.byPath.has('context')) edits.push(...addImportEdits(context.file.tree.rootNode, 'context'));
  const title = needsContext
    ? 'Give the goroutine a context that outlives the request (context.WithoutCancel)'
    : uses.some((use) => use.treatment === 'gin-copy')
      ? 'Pass the goroutine a copy of the gin context'
      : 'Copy the request values the goroutine reads before it starts';
  return { title, edits, preferred: true, minGoVersion: needsContext ? WITHOUT_CANCEL_GO : undefined };
}

/** A readable local name for a hoisted request read: `r.URL.Path` → `path`, `r.Header.Get("X-Trace-ID")` → `xTraceID`. */
function localNameFor(node: SyntaxNode): string {
  if (node.type === 'call_expression') {
    const argument = node.childForFieldName('arguments')?.namedChild(0);
    if (argument && (argument.type === 'interpreted_string_literal' || argument.type === 'raw_string_literal')) {
      const fromLiteral = camelCase(argument.text.slice(1, -1));
      if (fromLiteral) return fromLiteral;
    }
    const callee = node.childForFieldName('function');
    const method = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text ?? '' : '';
    if (method === 'String' || method === 'Get' || method === 'Value') {
      const operand = callee?.childForFieldName('operand');
      const owner = operand?.type === 'call_expression' ? operand.childForFieldName('function') : operand;
      const ownerName = owner?.type === 'selector_expression' ? owner.childForFieldName('field')?.text : undefined;
      if (ownerName) return lowerFirst(ownerName) + method;
    }
    return lowerFirst(method) || 'value';
  }
  const field = node.type === 'selector_expression' ? node.childForFieldName('field')?.text ?? 'value' : 'value';
  return field === 'URL' ? 'url' : lowerFirst(field);
}

function camelCase(text: string): string | undefined {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length === 0 || /^\d/.test(words[0])) return undefined;
  return words.map((word, i) => (i === 0 ? lowerFirst(word) : word.charAt(0).toUpperCase() + word.slice(1))).join('');
}

function lowerFirst(word: string): string {
  // Initialisms lower as a whole: ID → id, URL → url, RemoteAddr → remoteAddr.
  if (/^[A-Z0-9]+$/.test(word)) return word.toLowerCase();
  return word.charAt(0).toLowerCase() + word.slice(1);
}
