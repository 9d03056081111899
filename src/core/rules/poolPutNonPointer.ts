import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asPoolGet, poolPutParts } from '../analysis/pool';
import { inRunOnceTestFunction } from '../analysis/testFiles';
import { genericPoolWrapper, poolPutRule, ResolvedPool, resolvePool, ValueFacts, valueShapeOf, variableOf, VariableDeclaration } from '../analysis/poolPackage';
import type { Resolver } from '../resolver';
import { ownReturnStatements, statementOf } from '../analysis/statements';
import type { Fix, RelatedLocation, Rule, RuleContext, SourceFile } from '../rule';
import type { TextEdit } from '../text';
import { enclosingFunction, indentationOf, nodeRange, unparenthesize, walkNamed } from '../syntax';

// File scope: the fix rewrites every Get and Put of the pool, wherever they are.
export const poolPutNonPointer: Rule = poolPutRule(
  {
    id: 'pool-put-non-pointer',
    family: 'pool',
    defaultSeverity: 'warning',
    description: 'A non-pointer value (slice, string, struct, array, number) is put into a sync.Pool: every Put allocates (SA6002).',
    docs: 'docs/rules/pool-put-non-pointer.md',
    fixable: true,
    equivalents: [{ tool: 'staticcheck', check: 'SA6002', linter: 'staticcheck' }],
  },
  checkPut,
);

function checkPut(context: RuleContext, view: Resolver, put: SyntaxNode): void {
  const parts = poolPutParts(put);
  if (!parts || inRunOnceTestFunction(context.file, put)) return;
  const argument = unparenthesize(parts.argument);
  // Cheap shape checks first: `&x`, `new(T)` and `nil` are never findings.
  if (argument.type === 'unary_expression' && argument.child(0)?.text === '&') return;
  if (argument.type === 'nil' || (argument.type === 'call_expression' && argument.childForFieldName('function')?.text === 'new')) return;
  const type = valueShapeOf(view, argument);
  if (type.shape !== 'value') return;
  const pool = resolvePool(parts.pool, view);
  if (!pool) {
    reportThroughWrapper(context, view, parts.pool, parts.argument, type);
    return;
  }

  const typeName = type.text ?? type.kind ?? 'value';
  const pointerTo = type.text ?? defaultTypeOf(argument) ?? typeName;
  const related: RelatedLocation[] = [];
  if (pool.declaration) {
    const where = pool.newFunction ?? pool.declaration.name;
    related.push({ file: pool.file.path, range: nodeRange(where), message: `${parts.pool.text} is declared here` });
  }
  const fix = pool.declaration ? pointerFix(context, view, parts.pool.text, pool, type) : undefined;
  context.report({
    range: nodeRange(parts.argument),
    message: `${parts.argument.text} is ${withArticle(typeName)}, not a pointer: every Put into ${parts.pool.text} copies it into a new heap allocation to fit it in an interface.`,
    remedy: `pool pointers instead (*${pointerTo}), so that Put stores the pointer itself`,
    related,
    fixes: fix ? [fix] : [],
  });
}

/**
 * `q.Put(buf)` on a generic wrapper of sync.Pool (`Pool[[]byte]`) whose Put hands its argument
 * to the wrapped pool: the same allocation, one call further.
 */
function reportThroughWrapper(context: RuleContext, resolver: Resolver, receiver: SyntaxNode, argument: SyntaxNode, type: ValueFacts): void {
  const wrapper = genericPoolWrapper(resolver, receiver);
  if (!wrapper) return;
  const typeName = type.text ?? type.kind ?? 'value';
  const file = resolver.fileOf(wrapper.put);
  context.report({
    range: nodeRange(argument),
    message: `${argument.text} is ${withArticle(typeName)}, not a pointer: ${wrapper.type.text}.Put hands it to the sync.Pool in its field ${wrapper.field}, which copies it into a new heap allocation to fit it in an interface on every Put.`,
    remedy: `instantiate the wrapper with a pointer type (*${typeName}), so that Put stores the pointer itself`,
    related: [{ file: file.path, range: nodeRange(wrapper.put.childForFieldName('name') ?? wrapper.put), message: `${wrapper.type.text}.Put passes its argument to ${wrapper.field}.Put here` }],
  });
}

/** The type an untyped constant argument takes (`42` → int). */
function defaultTypeOf(argument: SyntaxNode): string | undefined {
  return { int_literal: 'int', float_literal: 'float64', rune_literal: 'rune', imaginary_literal: 'complex128' }[argument.type];
}

/** One use of the pool the fix must rewrite. */
type PoolUse =
  | { kind: 'get'; node: SyntaxNode; assertion: SyntaxNode; assertedType: string }
  | { kind: 'put'; node: SyntaxNode; argument: SyntaxNode };

/**
 * Switches the whole pool to pointers in one fix: New returns a pointer, every Get asserts
 * the pointer type, every Put hands one over. Offered only when every use of the pool in the
 * package has a shape it can rewrite; a partial rewrite would make a Get panic.
 */
function pointerFix(context: RuleContext, view: Resolver, poolName: string, pool: ResolvedPool, putType: ValueFacts): Fix | undefined {
  const declaration = pool.declaration!;
  if (!pool.newFunction || !/^[A-Za-z_]\w*$/.test(poolName)) return undefined;
  const uses = poolUses(poolName, declaration, view);
  if (!uses) return undefined;
  const assertedTypes = new Set(uses.filter((use) => use.kind === 'get').map((use) => (use as { assertedType: string }).assertedType));
  if (assertedTypes.size > 1) return undefined;
  const valueType = [...assertedTypes][0] ?? putType.text;
  if (!valueType || (putType.text && putType.text.replace(/\s+/g, '') !== valueType)) return undefined;

  const edits = new EditSet(context.file.path);
  if (!rewriteNew(pool.newFunction, pool.file, edits)) return undefined;
  const pointerVariables = new Map<number, string>(); // Get statement id → its pointer variable
  for (const use of uses) {
    if (use.kind !== 'put') continue;
    if (!rewritePut(use, poolName, valueType, view, edits, pointerVariables)) return undefined;
  }
  for (const use of uses) {
    if (use.kind !== 'get' || pointerVariables.has(statementOf(use.node)?.id ?? -1)) continue;
    const file = view.fileOf(use.node);
    const replacement = `*${poolName}.Get().(*${valueType})`;
    const parent = use.assertion.parent?.type ?? '';
    const bare = ['expression_list', 'argument_list', 'literal_element'].includes(parent);
    edits.add(file, use.assertion, bare ? replacement : `(${replacement})`);
  }
  return { title: `Pool *${valueType} instead of ${valueType} in ${poolName}`, preferred: true, edits: edits.list() };
}

/** Every reference to the pool variable, or undefined when one is neither a Get nor a Put. */
function poolUses(poolName: string, declaration: VariableDeclaration, view: Resolver): PoolUse[] | undefined {
  const roots: SyntaxNode[] = declaration.packageLevel
    ? view.files().filter((file) => file.text.includes(poolName)).map((file) => file.tree.rootNode)
    : [enclosingFunction(declaration.statement) ?? declaration.statement];
  const uses: PoolUse[] = [];
  let rewritable = true;
  for (const root of roots) {
    walkNamed(root, (node) => {
      if (!rewritable) return false;
      if (node.type !== 'identifier' || node.text !== poolName || node.id === declaration.name.id) return;
      if (variableOf(view, node)?.statement.id !== declaration.statement.id) return; // a different, shadowing variable
      const selector = node.parent;
      const method = selector?.type === 'selector_expression' ? selector.childForFieldName('field')?.text : undefined;
      const call = selector?.parent;
      if (!method || call?.type !== 'call_expression') {
        rewritable = false;
        return;
      }
      if (method === 'Put') {
        const parts = poolPutParts(call);
        if (parts) uses.push({ kind: 'put', node: call, argument: parts.argument });
        else rewritable = false;
        return;
      }
      const assertion = call.parent;
      const get = method === 'Get' && assertion ? asPoolGet(assertion) : undefined;
      if (!get || !assertion) {
        rewritable = false;
        return;
      }
      // `v, ok := pool.Get().(T)` cannot take a `*` in front.
      const statement = assertion.parent?.parent;
      if (statement && (statement.type === 'short_var_declaration' || statement.type === 'assignment_statement')
        && statement.childForFieldName('left')!.namedChildCount !== statement.childForFieldName('right')!.namedChildCount) {
        rewritable = false;
        return;
      }
      uses.push({ kind: 'get', node: call, assertion, assertedType: get.assertedType });
    });
  }
  return rewritable ? uses : undefined;
}

/** New returns a pointer: `&x` for variables and composite literals, a named copy otherwise. */
function rewriteNew(fn: SyntaxNode, file: SourceFile, edits: EditSet): boolean {
  const returns = ownReturnStatements(fn);
  if (returns.length === 0) return false;
  const singleLine = fn.startPosition.row === fn.endPosition.row;
  const indent = indentationOf(singleLine ? fn : returns[0], file.text);
  const statements: string[] = [];
  for (const statement of returns) {
    const values = statement.namedChild(0)?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
    if (values.length !== 1) return false;
    const value = unparenthesize(values[0]);
    let replacement: string[];
    if (value.type === 'identifier' || value.type === 'composite_literal') replacement = [`return &${value.text}`];
    else if (value.type === 'call_expression' || value.type === 'slice_expression') {
      const name = freshName(fn, ['b', 'v', 'value']);
      if (!name) return false;
      replacement = [`${name} := ${value.text}`, `return &${name}`];
    } else return false;
    if (singleLine) statements.push(...replacement);
    else edits.add(file, statement, replacement.join(`\n${indentationOf(statement, file.text)}`));
  }
  if (singleLine) {
    const body = fn.childForFieldName('body')!;
    if (statementCount(body) !== returns.length) return false;
    edits.add(file, body, `{\n${statements.map((line) => `${indent}\t${line}`).join('\n')}\n${indent}}`);
  }
  return true;
}

function statementCount(body: SyntaxNode): number {
  const list = body.namedChildren.find((n) => n?.type === 'statement_list');
  return list?.namedChildren.filter((n) => n && n.type !== 'comment').length ?? 0;
}

/**
 * `pool.Put(b)` of a variable taken from this pool in the same function keeps the pointer
 * from the Get (`bPtr := pool.Get().(*T)`; `*bPtr = b; pool.Put(bPtr)`): no allocation at
 * all. Other Puts pass `&x`.
 */
function rewritePut(use: Extract<PoolUse, { kind: 'put' }>, poolName: string, valueType: string, view: Resolver, edits: EditSet, pointerVariables: Map<number, string>): boolean {
  const file = view.fileOf(use.node);
  const statement = statementOf(use.node);
  if (!statement) return false;
  const deferred = statement.type === 'defer_statement' && statement.namedChild(0)?.id === use.node.id;
  const plain = statement.type === 'expression_statement' && statement.namedChild(0)?.id === use.node.id;
  if (!deferred && !plain) return false;
  const argument = unparenthesize(use.argument);
  const base = argument.type === 'slice_expression' ? argument.childForFieldName('operand') : argument;
  if (base?.type !== 'identifier') return false;
  const declaration = variableOf(view, base);
  const getStatement = declaration && !declaration.commaOk && declaration.statement.type === 'short_var_declaration' && declaration.value
    && asPoolGet(declaration.value)?.pool.text === poolName && declaration.statement.childForFieldName('left')!.namedChildCount === 1
    ? declaration.statement : undefined;
  const indent = indentationOf(statement, file.text);

  if (getStatement && (plain || !isReassigned(base.text, getStatement))) {
    let pointer = pointerVariables.get(getStatement.id);
    if (!pointer) {
      pointer = freshName(enclosingFunction(getStatement) ?? getStatement, [`${base.text}Ptr`, `${base.text}Pointer`]);
      if (!pointer) return false;
      pointerVariables.set(getStatement.id, pointer);
      const getIndent = indentationOf(getStatement, file.text);
      edits.add(file, getStatement, `${pointer} := ${poolName}.Get().(*${valueType})\n${getIndent}${base.text} := *${pointer}`);
    }
    edits.add(file, statement, plain ? `*${pointer} = ${argument.text}\n${indent}${poolName}.Put(${pointer})` : `defer ${poolName}.Put(${pointer})`);
    return true;
  }
  if (argument.type === 'identifier') {
    edits.add(file, use.argument, `&${argument.text}`);
    return true;
  }
  if (!plain) return false;
  edits.add(file, statement, `${base.text} = ${argument.text}\n${indent}${poolName}.Put(&${base.text})`);
  return true;
}

/** Whether `name` is assigned again after its declaration in the declaring function. */
function isReassigned(name: string, declaration: SyntaxNode): boolean {
  const fn = enclosingFunction(declaration);
  let assigned = false;
  if (!fn) return true;
  walkNamed(fn, (node) => {
    if (assigned) return false;
    if (node.type !== 'assignment_statement' && node.type !== 'inc_statement') return;
    if (node.childForFieldName('left')?.namedChildren.some((target) => target?.text === name)) assigned = true;
  });
  return assigned;
}

/** The first candidate name that no identifier in `scope` uses. */
function freshName(scope: SyntaxNode, candidates: readonly string[]): string | undefined {
  const used = new Set<string>();
  walkNamed(scope, (node) => {
    if (node.type === 'identifier') used.add(node.text);
  });
  return candidates.find((name) => !used.has(name));
}

/** Edits across the package's files, deduplicated by range (several Puts share a Get rewrite). */
class EditSet {
  private readonly edits = new Map<string, TextEdit>();

  constructor(private readonly currentFile: string) {}

  add(file: SourceFile, node: SyntaxNode, newText: string): void {
    const range = nodeRange(node);
    const key = `${file.path}:${node.startIndex}:${node.endIndex}`;
    this.edits.set(key, file.path === this.currentFile ? { range, newText } : { range, newText, file: file.path });
  }

  list(): TextEdit[] {
    return [...this.edits.values()];
  }
}

/** `an int`, `an Item`, `a uint32`, `a []byte`: the article as the type's name is spoken. */
function withArticle(typeName: string): string {
  return /^(?!uint)[aeiouAEIOU]/.test(typeName) ? `an ${typeName}` : `a ${typeName}`;
}
