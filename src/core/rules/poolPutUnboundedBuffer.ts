import type { Node as SyntaxNode } from 'web-tree-sitter';
import { PoolGet, pooledBufferPut } from '../analysis/pool';
import { poolPutRule } from '../analysis/poolPackage';
import type { Resolver } from '../resolver';
import { statementOf, statementsBefore } from '../analysis/statements';
import type { Fix, Rule, RuleContext } from '../rule';
import type { TextEdit } from '../text';
import { contains, indentationOf, nodeRange, unparenthesize, walkNamed } from '../syntax';
import { callsOf, perFunction } from '../analysis/functionFacts';
import { isResetAfter } from './poolPutWithoutReset';

/** The constant the fix introduces when the package has no size limit of its own yet. */
export const POOLED_BUFFER_LIMIT_NAME = 'maxPooledBufferSize';

/** Readers whose size the caller already bounded. */
const BOUNDED_READERS = /^(io\.LimitReader|http\.MaxBytesReader|io\.NewSectionReader|bytes\.NewReader|strings\.NewReader|bytes\.NewBufferString)\b|^&io\.LimitedReader\b/;

/** Functions whose result is as large as whatever the reader delivers. */
const UNBOUNDED_READ_ALL = /^(io|ioutil)\.ReadAll$/;

// File scope: the rule scans the file's text for Put calls (see WHOLE_FILE_QUERY).
export const poolPutUnboundedBuffer: Rule = poolPutRule(
  {
    id: 'pool-put-unbounded-buffer',
    family: 'pool',
    defaultSeverity: 'warning',
    description: 'A pooled buffer filled from an unbounded source (io.Copy, ReadFrom, io.ReadAll, request bodies) is put back with no capacity guard.',
    docs: 'docs/rules/pool-put-unbounded-buffer.md',
    fixable: true,
  },
  checkPut,
);

function checkPut(context: RuleContext, view: Resolver, put: SyntaxNode): void {
  const buffer = pooledBufferPut(put);
  if (!buffer) return;
  const { name, get } = buffer;
  const fill = unboundedFill(view, name, get, isDeferred(put, get) ? get.function.endIndex : put.startIndex);
  if (!fill || isGuarded(name, get, put)) return;
  const builder = get.assertedType === '*strings.Builder';
  // A strings.Builder's Reset drops its buffer: a reset builder pins nothing, however large it grew.
  if (builder && isResetAfter(fill.node, put, view)) return;

  const fix = capacityGuardFix(context, view, name, put);
  context.report({
    range: nodeRange(put),
    message: `${name} goes back to ${buffer.pool.text} with no capacity guard after ${fill.description}: one large input pins a buffer that big in the pool for good.`,
    remedy: builder
      ? `pool *bytes.Buffer values instead and put one back only if its Cap() is at most a limit you choose (a strings.Builder recycles nothing once reset: its Reset drops the buffer)`
      : `put it back only if ${name}.Cap() is at most a limit you choose`,
    related: [
      { range: nodeRange(fill.node), message: `${name} is filled from an unbounded source here` },
      { range: nodeRange(get.getCall), message: `${name} is taken from the pool here` },
    ],
    fixes: fix ? [fix] : [],
  });
}

interface UnboundedFill {
  node: SyntaxNode;
  description: string;
}

/** The first call after the Get that writes an input of unbounded size into the buffer. */
function unboundedFill(resolver: Resolver, name: string, get: PoolGet, until: number): UnboundedFill | undefined {
  const start = get.statement.startIndex;
  // `buf := pool.Get()` declares buf for its block (or case clause) only: a same-named buffer of
  // another case is another variable.
  const scope = get.statement.type === 'short_var_declaration' ? get.statement.parent : undefined;
  // The calls overlapping [start, until), first in document order (an enclosing call comes before its arguments).
  for (const fill of fillsOf(resolver, get.function).get(name) ?? []) {
    if (fill.node.startIndex >= until) break;
    if (scope && !contains(scope, fill.node)) continue;
    if (fill.node.endIndex > start) return fill;
  }
  return undefined;
}

/**
 * Every call of a function that fills some buffer from an unbounded source, by buffer name, in
 * document order; found in one walk per function, since a function may hold hundreds of Puts.
 */
function fillsOf(resolver: Resolver, fn: SyntaxNode): Map<string, UnboundedFill[]> {
  return perFunction(fn, 'unbounded-fills', () => {
    const readAllResults = new Set<string>();
    const boundedReaders = boundedReaderNames(fn);
    // io.ReadAll often runs before the Get: collect its results from the whole function.
    walkNamed(fn, (node) => {
      if (node.type !== 'short_var_declaration' && node.type !== 'assignment_statement') return;
      const value = node.childForFieldName('right')?.namedChild(0);
      const target = node.childForFieldName('left')?.namedChild(0);
      if (value?.type === 'call_expression' && target?.type === 'identifier' && UNBOUNDED_READ_ALL.test(value.childForFieldName('function')?.text ?? '')) {
        readAllResults.add(target.text);
      }
    });
    const fills = new Map<string, UnboundedFill[]>();
    for (const call of callsOf(fn)) {
      const bounded = boundedAt(boundedReaders, call);
      const helper = helperFill(resolver, call, bounded);
      if (helper) {
        let list = fills.get(helper.buffer);
        if (!list) fills.set(helper.buffer, (list = []));
        list.push({ node: call, description: helper.description });
        continue;
      }
      const filled = filledBuffer(call);
      if (filled === undefined) continue;
      const description = describeFill(call, filled, readAllResults, bounded);
      if (!description) continue;
      let list = fills.get(filled);
      if (!list) fills.set(filled, (list = []));
      list.push({ node: call, description });
    }
    return fills;
  });
}

/**
 * A call of a package function that fills one of its arguments from another without a bound:
 * `fill(buf, r)` whose body does `io.Copy(b, src)` (or `b.ReadFrom(src)`) with its parameters,
 * when the reader the caller passes is not a bounded one.
 */
function helperFill(resolver: Resolver, call: SyntaxNode, isBounded: (reader: SyntaxNode) => boolean): { buffer: string; description: string } | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier') return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment') ?? [];
  if (args.length < 2 || !args.some((arg) => arg.type === 'identifier')) return undefined;
  const declaration = resolver.declarationOf(callee);
  if (declaration?.kind !== 'func') return undefined;
  const parameters: string[] = [];
  for (const parameter of declaration.statement.childForFieldName('parameters')?.namedChildren ?? []) {
    if (parameter?.type !== 'parameter_declaration') continue;
    for (const name of parameter.childrenForFieldName('name')) parameters.push(name?.text ?? '');
  }
  const body = declaration.statement.childForFieldName('body');
  if (!body || parameters.length !== args.length) return undefined;
  for (const inner of callsOf(declaration.statement)) {
    const innerCallee = inner.childForFieldName('function');
    const innerArgs = inner.childForFieldName('arguments')?.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment') ?? [];
    const innerText = innerCallee?.text.replace(/\s+/g, '') ?? '';
    let target: string | undefined;
    let source: SyntaxNode | undefined;
    if ((innerText === 'io.Copy' || innerText === 'io.CopyBuffer') && innerArgs.length >= 2) [target, source] = [innerArgs[0].text, innerArgs[1]];
    else if (innerCallee?.type === 'selector_expression' && innerCallee.childForFieldName('field')?.text === 'ReadFrom' && innerArgs.length === 1) [target, source] = [innerCallee.childForFieldName('operand')?.text, innerArgs[0]];
    if (!target || !source || source.type !== 'identifier') continue;
    const bufferIndex = parameters.indexOf(target);
    const sourceIndex = parameters.indexOf(source.text);
    if (bufferIndex < 0 || sourceIndex < 0 || args[bufferIndex].type !== 'identifier') continue;
    const reader = args[sourceIndex];
    if (isBounded(reader)) continue;
    return { buffer: args[bufferIndex].text, description: `${call.text.replace(/\s+/g, ' ')} (which does ${inner.text.replace(/\s+/g, ' ')} in ${callee.text})` };
  }
  return undefined;
}

/** The buffer a call could fill: the first argument of io.Copy/io.CopyBuffer, or the receiver of a method. */
function filledBuffer(call: SyntaxNode): string | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'selector_expression') {
    const calleeText = callee.text.replace(/\s+/g, '');
    if (calleeText === 'io.Copy' || calleeText === 'io.CopyBuffer') return call.childForFieldName('arguments')?.namedChildren.find((n) => !!n && n.type !== 'comment')?.text;
    return callee.childForFieldName('operand')?.text;
  }
  return undefined;
}

function describeFill(call: SyntaxNode, name: string, readAllResults: ReadonlySet<string>, isBoundedReader: (reader: SyntaxNode) => boolean): string | undefined {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment') ?? [];
  const calleeText = callee?.text.replace(/\s+/g, '') ?? '';
  // io.Copy(buf, src) / io.CopyBuffer(buf, src, scratch); io.CopyN is bounded by its count.
  if ((calleeText === 'io.Copy' || calleeText === 'io.CopyBuffer') && args[0]?.text === name && args[1] && !isBoundedReader(args[1])) {
    return `${calleeText}(${name}, ${args[1].text})`;
  }
  if (callee?.type !== 'selector_expression' || callee.childForFieldName('operand')?.text !== name) return undefined;
  const method = callee.childForFieldName('field')?.text;
  if (method === 'ReadFrom' && args[0] && !isBoundedReader(args[0])) return `${name}.ReadFrom(${args[0].text})`;
  if ((method === 'Write' || method === 'WriteString') && args[0]) {
    const data = unparenthesize(args[0]);
    const dataText = data.type === 'type_conversion_expression' || (data.type === 'call_expression' && ['string', '[]byte'].includes(data.childForFieldName('function')?.text ?? ''))
      ? unparenthesize(data.type === 'call_expression' ? data.childForFieldName('arguments')!.namedChild(0)! : data.childForFieldName('operand')!)
      : data;
    if (dataText.type === 'identifier' && readAllResults.has(dataText.text)) return `${name}.${method}(${args[0].text}) of an io.ReadAll result`;
    if (dataText.type === 'call_expression' && UNBOUNDED_READ_ALL.test(dataText.childForFieldName('function')?.text ?? '')) return `${name}.${method}(${args[0].text})`;
    if (isRequestBody(dataText)) return `${name}.${method}(${args[0].text})`;
  }
  return undefined;
}

function normalized(node: SyntaxNode): string {
  return unparenthesize(node).text.replace(/\s+/g, '');
}

/** A reader bounded by an assignment: `r.Body = http.MaxBytesReader(w, r.Body, n)`, `lr := io.LimitReader(src, n)`. */
interface BoundedReader {
  name: string;
  statement: SyntaxNode;
}

/** Readers the function bounds somewhere, with the assignment that bounds each. */
function boundedReaderNames(fn: SyntaxNode): BoundedReader[] {
  const bounded: BoundedReader[] = [];
  walkNamed(fn, (node) => {
    if (node.type !== 'short_var_declaration' && node.type !== 'assignment_statement') return;
    const targets = node.childForFieldName('left')?.namedChildren ?? [];
    const values = node.childForFieldName('right')?.namedChildren ?? [];
    targets.forEach((target, i) => {
      const value = values[i];
      if (target && value && BOUNDED_READERS.test(normalized(value))) bounded.push({ name: normalized(target), statement: node });
    });
  });
  return bounded;
}

/**
 * Whether a reader is bounded where `use` reads it: a bounded reader itself, or one an earlier
 * assignment bounded on every path to `use`, which holds when the block holding that assignment
 * also holds `use`. `if max > 0 { r = io.LimitReader(r, max) }` followed by a read after the `if`
 * bounds r only on one path: no bound; the same assignment followed by a read inside that block is one.
 */
function boundedAt(bounded: readonly BoundedReader[], use: SyntaxNode): (reader: SyntaxNode) => boolean {
  return (reader) => {
    const text = normalized(reader);
    if (BOUNDED_READERS.test(text)) return true;
    return bounded.some(({ name, statement }) => name === text && statement.endIndex <= use.startIndex && !!statement.parent && contains(statement.parent, use));
  };
}

/** `req.Body`, `ctx.PostBody()`, `ctx.Request.Body()`: the peer decides how big these are. */
function isRequestBody(node: SyntaxNode): boolean {
  const target = node.type === 'call_expression' && node.childForFieldName('arguments')?.namedChildCount === 0 ? node.childForFieldName('function') : node;
  if (target?.type !== 'selector_expression') return false;
  return ['Body', 'PostBody'].includes(target.childForFieldName('field')?.text ?? '');
}

/**
 * Whether a size check on the buffer decides whether the Put happens: the Put sits inside an
 * `if` (or `switch`) whose condition reads the buffer's size, or such an `if` runs between the
 * Get and the Put (`if b.Len() > max { return }`).
 */
function isGuarded(name: string, get: PoolGet, put: SyntaxNode): boolean {
  for (let node = put.parent; node && node.id !== get.function.id; node = node.parent) {
    if ((node.type === 'if_statement' || node.type === 'expression_switch_statement') && readsSize(name, conditionOf(node))) return true;
  }
  const stop = get.function;
  for (const statement of statementsBefore(put, stop)) {
    if (contains(statement, get.statement)) break;
    if (containsSizeCheck(name, statement)) return true;
  }
  return false;
}

function isDeferred(put: SyntaxNode, get: PoolGet): boolean {
  for (let node = put.parent; node && node.id !== get.function.id; node = node.parent) {
    if (node.type === 'defer_statement') return true;
  }
  return false;
}

/** The expressions that decide where an `if` or `switch` goes: its condition, tag and case values. */
function conditionOf(statement: SyntaxNode): SyntaxNode[] {
  if (statement.type === 'if_statement') return [statement.childForFieldName('condition')].filter((n): n is SyntaxNode => !!n);
  const decisive = [statement.childForFieldName('value')];
  for (const clause of statement.namedChildren) {
    if (clause?.type === 'expression_case') decisive.push(clause.childForFieldName('value'));
  }
  return decisive.filter((n): n is SyntaxNode => !!n);
}

function containsSizeCheck(name: string, statement: SyntaxNode): boolean {
  let found = false;
  walkNamed(statement, (node) => {
    if (found || node.type === 'func_literal') return false;
    if ((node.type === 'if_statement' || node.type === 'expression_switch_statement') && readsSize(name, conditionOf(node))) found = true;
  });
  if (!found && (statement.type === 'if_statement' || statement.type === 'expression_switch_statement')) return readsSize(name, conditionOf(statement));
  return found;
}

/** `b.Cap()`, `b.Len()`, `cap(b.Bytes())`, `len(b.String())` in an expression. */
function readsSize(name: string, conditions: readonly SyntaxNode[]): boolean {
  if (conditions.length === 0) return false;
  const text = conditions.map((condition) => condition.text.replace(/\s+/g, '')).join(';');
  const escaped = name.replace(/[$]/g, '\\$');
  return new RegExp(`(^|[^\\w.])${escaped}\\.(Cap|Len|Available)\\(\\)|\\b(cap|len)\\(${escaped}\\.(Bytes|String)\\(\\)\\)`).test(text);
}

function capacityGuardFix(context: RuleContext, view: Resolver, name: string, put: SyntaxNode): Fix | undefined {
  const text = context.file.text;
  const statement = statementOf(put);
  if (!statement) return undefined;
  const edits: TextEdit[] = [];
  const existing = pooledBufferLimit(view);
  const limit = existing ?? POOLED_BUFFER_LIMIT_NAME;
  if (!existing) {
    if (view.declarations(limit).length > 0) return undefined; // the name is taken by something else
    const insertion = limitDeclaration(context);
    if (!insertion) return undefined;
    edits.push(insertion);
  }
  const indent = indentationOf(statement, text);
  const guard = (inner: string, innerIndent: string) =>
    `if ${name}.Cap() <= ${limit} {\n${innerIndent}\t${inner}\n${innerIndent}}`;
  if (statement.type === 'defer_statement' && statement.namedChild(0)?.id === put.id) {
    edits.push({ range: nodeRange(statement), newText: `defer func() {\n${indent}\t${guard(put.text, `${indent}\t`)}\n${indent}}()` });
  } else if (statement.type === 'expression_statement' && statement.namedChild(0)?.id === put.id) {
    edits.push({ range: nodeRange(statement), newText: guard(put.text, indent) });
  } else {
    return undefined;
  }
  return { title: `Put ${name} back only while its capacity is at most ${limit}`, preferred: true, edits };
}

/** Words of a constant's name that say it is a limit, and words that say it is about a pool. */
const LIMIT_WORDS: ReadonlySet<string> = new Set(['max', 'maximum', 'limit', 'cap']);
const POOL_WORDS: ReadonlySet<string> = new Set(['pool', 'pooled']);

/**
 * A package-level constant the package already bounds its pooled buffers with (`maxPooledBody`,
 * `poolBufferLimit`, `maxPooledBufferSize`): the current file's first, then its siblings'. Its
 * name must say both "limit" and "pool", and it must compare with `Cap()`'s int (untyped or int).
 */
function pooledBufferLimit(view: Resolver): string | undefined {
  // Asked for every Put: answered once per package view.
  if (!limitsByView.has(view)) limitsByView.set(view, findPooledBufferLimit(view));
  return limitsByView.get(view);
}

const limitsByView = new WeakMap<Resolver, string | undefined>();

function findPooledBufferLimit(view: Resolver): string | undefined {
  for (const file of view.filesInOrder()) {
    const seen = new Set<string>();
    // Every word, then those spelling "pool": `\w*pool\w*` would backtrack over each long word.
    for (const [name] of file.text.matchAll(/\w+/g)) {
      if (seen.has(name) || !/pool/i.test(name)) continue;
      seen.add(name);
      if (!namesPooledBufferLimit(name)) continue;
      const constant = view.declarations(name).find(({ node, file: declaredIn }) => declaredIn === file && node.type === 'const_spec');
      const type = constant?.node.childForFieldName('type')?.text;
      if (constant && constant.node.childForFieldName('value') && (type === undefined || type === 'int')) return name;
    }
  }
  return undefined;
}

/** `maxPooledBody` → max, pooled, body: a limit word and a pool word. */
export function namesPooledBufferLimit(name: string): boolean {
  const words = name.split(/_|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).map((word) => word.toLowerCase());
  return words.some((word) => LIMIT_WORDS.has(word)) && words.some((word) => POOL_WORDS.has(word));
}

/** `const maxPooledBufferSize = 64 << 10` after the imports (or the package clause). */
function limitDeclaration(context: RuleContext): TextEdit | undefined {
  const root = context.file.tree.rootNode;
  let anchor: SyntaxNode | undefined;
  for (const child of root.namedChildren) {
    if (!child) continue;
    if (child.type === 'package_clause' || child.type === 'import_declaration') anchor = child;
    else if (child.type !== 'comment') break;
  }
  if (!anchor) return undefined;
  const end = nodeRange(anchor).end;
  const declaration = `\n\n// ${POOLED_BUFFER_LIMIT_NAME} is the largest buffer worth keeping in a pool; larger ones are left to the GC.\nconst ${POOLED_BUFFER_LIMIT_NAME} = 64 << 10`;
  return { range: { start: end, end }, newText: declaration };
}
