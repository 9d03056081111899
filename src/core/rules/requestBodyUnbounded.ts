import type { Node as SyntaxNode } from 'web-tree-sitter';
import { addImportEdits, importsOf, requestParameters, type ImportInfo, type RequestParameter } from '../analysis/goroutines';
import type { Resolver } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import { FUNCTION_TYPES, indentationOf, nodeRange, unparenthesize } from '../syntax';
import type { TextEdit } from '../text';

/** The constant the fix adds when the package has none for the limit. */
const DEFAULT_LIMIT_NAME = 'maxRequestBodyBytes';
/** A package-level constant that already names a body size limit. */
const LIMIT_CONSTANT = /^max\w*(Body|Request|Upload|Payload)/i;
/** A limit for every handler a package wraps: http.MaxBytesHandler, echo's BodyLimit middleware. */
const WRAPPING_LIMIT = /\bMaxBytesHandler\(|\bBodyLimit(WithConfig)?\(/;
/** An assignment that bounds a body. */
const BODY_BOUND = /\.Body\s*=\s*[\w.]*(MaxBytesReader|LimitReader)\(/;
/** A function that hands the request on to the handler it wraps. */
const CALLS_NEXT = /\.ServeHTTP\(|\bnext\s*\(|\.Next\(\)/;

/** One read of a whole body: the call to report and the body expression it reads. */
interface BodyRead {
  call: SyntaxNode;
  body: SyntaxNode;
  what: string;
}

/** The calls the rule reads bodies through, as written. */
const READ_CALL_HINT = /\b(ReadAll|ReadFrom|Copy|NewDecoder|GetRawData)\(/;

export const requestBodyUnbounded: Rule = {
  meta: {
    id: 'request-body-unbounded',
    family: 'request',
    defaultSeverity: 'warning',
    description: 'An HTTP handler (net/http, gin, echo) reads the whole request body into memory with no http.MaxBytesReader or io.LimitReader on it first: one large request is one large allocation.',
    docs: 'docs/rules/request-body-unbounded.md',
    fixable: true,
  },
  // Test code ends with its test binary: nothing it leaves behind lasts.
  quietInTests: true,
  // A read call lies in the declaration it is written in: declarations without one are not walked.
  textHint: READ_CALL_HINT,
  // A middleware elsewhere in the package can bound every handler's body.
  outsideFacts: { ofDeclaration: (declaration) => (limitsBodies(declaration) ? 'limits bodies' : '') },
  fileHint: /["`](?:net\/http|(?:[^"`\n]*\/)?(?:gin|echo(?:\/v\d+)?))["`]|\bpackage\s+http\b/,
  query: '(call_expression function: (selector_expression field: (field_identifier) @name (#match? @name "^(ReadAll|ReadFrom|Copy|NewDecoder|GetRawData)$"))) @call',
  check(context, matches) {
    const root = context.file.tree.rootNode;
    let imports: ImportInfo | undefined;
    let packageBounded: boolean | undefined;
    const resolver = context.resolver();
    for (const { captures } of matches) {
      imports ??= importsOf(root);
      const handler = nearestHandler(captures.call, imports, root);
      if (!handler) continue;
      const read = bodyRead(resolver, context, captures.call, handler.parameter);
      if (!read || boundedBefore(read, handler.fn)) continue;
      packageBounded ??= [context.file, ...context.packageFiles()].some(hasBodyLimitMiddleware);
      if (packageBounded) continue;
      report(context, read, handler.fn, handler.parameter, imports);
    }
  },
};

/**
 * Whether the file wraps handlers in a body limit: http.MaxBytesHandler or echo's BodyLimit,
 * or a middleware (a top-level function that bounds `X.Body` and then calls the handler it
 * wraps). Which handlers go through it is not followed: every handler of the package counts as
 * bounded, since a false alarm on each of them would be worse than the odd missed one.
 */
function hasBodyLimitMiddleware(file: { text: string; tree: { rootNode: SyntaxNode } }): boolean {
  if (WRAPPING_LIMIT.test(file.text)) return true;
  if (!BODY_BOUND.test(file.text)) return false;
  return file.tree.rootNode.namedChildren.some((declaration) => !!declaration && isBodyLimitMiddleware(declaration));
}

/** A top-level function that bounds `X.Body` and then calls the handler it wraps. */
function isBodyLimitMiddleware(declaration: SyntaxNode): boolean {
  if (declaration.type !== 'function_declaration' && declaration.type !== 'method_declaration') return false;
  const text = declaration.text;
  const bound = BODY_BOUND.exec(text);
  return !!bound && CALLS_NEXT.test(text.slice(bound.index));
}

/** One declaration's share of hasBodyLimitMiddleware. */
function limitsBodies(declaration: SyntaxNode): boolean {
  return WRAPPING_LIMIT.test(declaration.text) || isBodyLimitMiddleware(declaration);
}

/** The nearest enclosing function with a request parameter, and that parameter. */
function nearestHandler(node: SyntaxNode, imports: ImportInfo, root: SyntaxNode): { fn: SyntaxNode; parameter: RequestParameter } | undefined {
  for (let fn = node.parent; fn; fn = fn.parent) {
    if (!FUNCTION_TYPES.has(fn.type)) continue;
    const parameter = requestParameters(fn, imports, root).find((found) => found.framework !== 'fasthttp');
    if (parameter) return { fn, parameter };
  }
  return undefined;
}

/** The spelling of the request's body for the parameter's framework. */
function bodyText(parameter: RequestParameter): string {
  switch (parameter.framework) {
    case 'gin':
      return `${parameter.name}.Request.Body`;
    case 'echo':
      return `${parameter.name}.Request().Body`;
    default:
      return `${parameter.name}.Body`;
  }
}

function isBody(node: SyntaxNode | null | undefined, parameter: RequestParameter): node is SyntaxNode {
  return !!node && unparenthesize(node).text.replace(/\s+/g, '') === bodyText(parameter);
}

/** Whether `operand` names the standard-library package `path` in this file. */
function isPackage(resolver: Resolver, context: RuleContext, operand: SyntaxNode | null, ...paths: string[]): boolean {
  if (operand?.type !== 'identifier') return false;
  const path = resolver.importPath(context.file, operand.text);
  return !!path && paths.includes(path);
}

/** The whole-body read this call makes, if it reads the handler's request body. */
function bodyRead(resolver: Resolver, context: RuleContext, call: SyntaxNode, parameter: RequestParameter): BodyRead | undefined {
  const callee = call.childForFieldName('function')!;
  const method = callee.childForFieldName('field')?.text;
  const operand = callee.childForFieldName('operand');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is SyntaxNode => !!arg && arg.type !== 'comment');
  switch (method) {
    case 'ReadAll':
      if (args.length === 1 && isBody(args[0], parameter) && isPackage(resolver, context, operand, 'io', 'io/ioutil')) return { call, body: args[0], what: `${operand!.text}.ReadAll` };
      return undefined;
    case 'Copy':
      if (args.length === 2 && isBody(args[1], parameter) && isPackage(resolver, context, operand, 'io') && isBuffer(resolver, args[0])) return { call, body: args[1], what: 'io.Copy into a buffer' };
      return undefined;
    case 'ReadFrom':
      if (args.length === 1 && isBody(args[0], parameter) && operand && isBuffer(resolver, operand)) return { call, body: args[0], what: `${operand.text}.ReadFrom` };
      return undefined;
    case 'NewDecoder':
      if (args.length === 1 && isBody(args[0], parameter) && isPackage(resolver, context, operand, 'encoding/json') && decodes(resolver, call)) return { call, body: args[0], what: 'json.NewDecoder(...).Decode' };
      return undefined;
    case 'GetRawData':
      if (parameter.framework === 'gin' && args.length === 0 && operand?.text === parameter.name) return { call, body: call, what: `${parameter.name}.GetRawData()` };
      return undefined;
    default:
      return undefined;
  }
}

/** A bytes.Buffer or strings.Builder (or a pointer to one): memory that grows with what it reads. */
function isBuffer(resolver: Resolver, node: SyntaxNode): boolean {
  let expression = unparenthesize(node);
  if (expression.type === 'unary_expression' && expression.childForFieldName('operator')?.text === '&') expression = unparenthesize(expression.childForFieldName('operand')!);
  let type = resolver.typeOf(expression);
  if (type.kind === 'pointer' && type.elem) type = type.elem;
  return type.kind === 'named' && ((type.pkg === 'bytes' && type.name === 'Buffer') || (type.pkg === 'strings' && type.name === 'Builder'));
}

/** `json.NewDecoder(body).Decode(&v)`, or a decoder variable whose Decode is called. */
function decodes(resolver: Resolver, call: SyntaxNode): boolean {
  const parent = call.parent;
  if (parent?.type === 'selector_expression' && parent.childForFieldName('field')?.text === 'Decode') return true;
  const list = parent?.type === 'expression_list' ? parent : null;
  const declaration = list?.parent;
  if (!declaration || declaration.type !== 'short_var_declaration' && declaration.type !== 'var_spec' && declaration.type !== 'assignment_statement') return false;
  const left = declaration.type === 'var_spec' ? declaration : declaration.childForFieldName('left');
  const name = (left?.namedChildren ?? []).find((child) => child?.type === 'identifier');
  if (!name) return false;
  const fn = enclosingFunction(call);
  return !!fn && fn.descendantsOfType('selector_expression').some((selector) => {
    const operand = selector?.childForFieldName('operand');
    return selector?.childForFieldName('field')?.text === 'Decode' && operand?.type === 'identifier' && operand.text === name.text && selector.startIndex > call.startIndex;
  });
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let fn = node.parent; fn; fn = fn.parent) if (FUNCTION_TYPES.has(fn.type)) return fn;
  return null;
}

/**
 * Whether the handler bounds its body before the read: an assignment to the body (a
 * MaxBytesReader, a LimitReader or any wrapper: stay silent when unsure) or a MaxBytesReader
 * or LimitReader over it, in a block the read is inside of. A limit applied only under a
 * condition (`if max > 0 { ... }`) does not bound the read after the `if`.
 */
function boundedBefore(read: BodyRead, fn: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const bodySpelling = read.body.text.replace(/\s+/g, '');
  const request = bodySpelling.replace(/\.Body$/, '');
  for (const node of body.descendantsOfType(['assignment_statement', 'call_expression'])) {
    if (!node || node.startIndex >= read.call.startIndex) continue;
    let bounds = false;
    if (node.type === 'assignment_statement') {
      const targets = node.childForFieldName('left')?.namedChildren ?? [];
      // `r.Body = ...`, or `r = r.WithContext(...)`-style replacement of the request with a bounded one.
      bounds = targets.some((target) => target?.text.replace(/\s+/g, '') === bodySpelling || (target?.text === request && /MaxBytesReader|LimitReader/.test(node.text)));
    } else {
      const name = node.childForFieldName('function')?.text ?? '';
      bounds = /(^|\.)(MaxBytesReader|LimitReader)$/.test(name) && node.text.replace(/\s+/g, '').includes(bodySpelling);
    }
    if (bounds && encloses(blockOf(node), read.call)) return true;
  }
  return false;
}

/** Where a statement's effect holds: a case of a switch or select runs without its siblings. */
const BLOCK_TYPES: ReadonlySet<string> = new Set(['block', 'expression_case', 'type_case', 'default_case', 'communication_case']);

/** The innermost block (or case clause) holding the statement. */
function blockOf(node: SyntaxNode): SyntaxNode | null {
  for (let current = node.parent; current; current = current.parent) if (BLOCK_TYPES.has(current.type)) return current;
  return null;
}

function encloses(outer: SyntaxNode | null, inner: SyntaxNode): boolean {
  return !!outer && outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function report(context: RuleContext, read: BodyRead, fn: SyntaxNode, parameter: RequestParameter, imports: ImportInfo): void {
  const owner = fn.type === 'func_literal' ? 'this handler' : fn.childForFieldName('name')?.text ?? 'this handler';
  const body = bodyText(parameter);
  const fix = limitFix(context, read, fn, parameter, imports);
  context.report({
    range: nodeRange(read.call),
    message: `${owner} reads the whole request body into memory (${read.what}) with no http.MaxBytesReader or io.LimitReader on ${body} first: one large request is one large allocation.`,
    remedy: `bound it first: ${body} = http.MaxBytesReader(w, ${body}, ${DEFAULT_LIMIT_NAME})`,
    fixes: fix ? [fix] : [],
  });
}

/** The ResponseWriter to hand MaxBytesReader (it closes the connection on a too-large body). */
function writerFor(fn: SyntaxNode, parameter: RequestParameter, imports: ImportInfo): string | undefined {
  if (parameter.framework === 'gin') return `${parameter.name}.Writer`;
  if (parameter.framework === 'echo') return `${parameter.name}.Response()`;
  for (const declaration of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const type = declaration?.type === 'parameter_declaration' ? declaration.childForFieldName('type') : null;
    if (!type) continue;
    const isWriter = type.type === 'qualified_type'
      ? type.childForFieldName('name')?.text === 'ResponseWriter' && imports.byName.get(type.childForFieldName('package')?.text ?? '') === 'net/http'
      : type.type === 'type_identifier' && type.text === 'ResponseWriter';
    if (!isWriter) continue;
    const name = declaration!.childrenForFieldName('name').find((child) => !!child)?.text;
    return name && name !== '_' ? name : undefined;
  }
  return undefined;
}

/**
 * `r.Body = http.MaxBytesReader(w, r.Body, maxRequestBodyBytes)` before the statement that
 * reads, with the package's own limit constant when it has one, else a new documented one.
 */
function limitFix(context: RuleContext, read: BodyRead, fn: SyntaxNode, parameter: RequestParameter, imports: ImportInfo): Fix | undefined {
  const writer = writerFor(fn, parameter, imports);
  if (!writer) return undefined;
  let statement: SyntaxNode | null = read.call;
  while (statement && statement.parent?.type !== 'statement_list') statement = statement.parent;
  // Only in the handler itself: a goroutine or callback inside it may run after the handler returned.
  if (!statement || enclosingFunction(read.call)?.id !== fn.id) return undefined;
  const root = context.file.tree.rootNode;
  const inHttp = packageName(root) === 'http';
  const httpName = inHttp ? '' : imports.byPath.get('net/http');
  if (!inHttp && httpName === undefined && imports.byName.has('http')) return undefined;
  const qualifier = inHttp ? '' : `${httpName ?? 'http'}.`;
  const edits: TextEdit[] = [];
  if (!inHttp && httpName === undefined) edits.push(...addImportEdits(root, 'net/http'));
  const limit = existingLimit(context) ?? DEFAULT_LIMIT_NAME;
  if (limit === DEFAULT_LIMIT_NAME && !declaresConstant(context, DEFAULT_LIMIT_NAME)) {
    // One file of the package (the first by path) gets the constant, whichever handler's fix
    // adds it: fixes applied together in several files declare it once.
    const home = [context.file, ...context.packageFiles()].reduce((first, file) => (file.path < first.path ? file : first));
    const anchor = lastImportOrPackage(home.tree.rootNode);
    if (!anchor) return undefined;
    const end = nodeRange(anchor).end;
    edits.push({
      ...(home === context.file ? {} : { file: home.path }),
      range: { start: end, end },
      newText: `\n\n// ${DEFAULT_LIMIT_NAME} bounds what a handler reads from one request body: a bigger body is an error, not an allocation of its size.\nconst ${DEFAULT_LIMIT_NAME} = 1 << 20`,
    });
  }
  const indent = indentationOf(statement, context.file.text);
  const start = nodeRange(statement).start;
  const body = bodyText(parameter);
  edits.push({ range: { start, end: start }, newText: `${body} = ${qualifier}MaxBytesReader(${writer}, ${body}, ${limit})\n${indent}` });
  return { title: `Bound the body with ${qualifier}MaxBytesReader before reading it`, preferred: true, edits };
}

function packageName(root: SyntaxNode): string | undefined {
  return root.namedChildren.find((child) => child?.type === 'package_clause')?.namedChild(0)?.text;
}

function lastImportOrPackage(root: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (const child of root.namedChildren) {
    if (!child) continue;
    if (child.type === 'package_clause' || child.type === 'import_declaration') found = child;
    else if (child.type !== 'comment') break;
  }
  return found;
}

/** Package-level const specs of this file first, then of the package's other files. */
function constantNames(context: RuleContext): string[] {
  const names: string[] = [];
  for (const file of [context.file, ...context.packageFiles()]) {
    for (const declaration of file.tree.rootNode.namedChildren) {
      if (declaration?.type !== 'const_declaration') continue;
      for (const spec of declaration.descendantsOfType('const_spec')) {
        for (const name of spec?.childrenForFieldName('name') ?? []) if (name) names.push(name.text);
      }
    }
  }
  return names;
}

function existingLimit(context: RuleContext): string | undefined {
  return constantNames(context).find((name) => LIMIT_CONSTANT.test(name));
}

function declaresConstant(context: RuleContext, name: string): boolean {
  return constantNames(context).includes(name);
}
