import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Resolver } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import { nodeRange, unparenthesize } from '../syntax';
import type { TextEdit } from '../text';

/** Types whose values point somewhere else: a field of one of these, read, does not reach its owner. */
const REFERENCE_KINDS: ReadonlySet<string> = new Set(['pointer', 'slice', 'map', 'chan', 'func', 'unsafePointer', 'basic', 'named', 'interface']);

export const cleanupSelfReference: Rule = {
  meta: {
    id: 'cleanup-self-reference',
    family: 'cleanup',
    defaultSeverity: 'error',
    description: 'runtime.SetFinalizer or runtime.AddCleanup whose function or argument keeps the object itself reachable, so it is never collected and the cleanup never runs.',
    docs: 'docs/rules/cleanup-self-reference.md',
    fixable: true,
    equivalents: [{ tool: 'staticcheck', check: 'SA5005', linter: 'staticcheck' }],
  },
  textHint: /\b(SetFinalizer|AddCleanup)\(/,
  query: '(call_expression function: (selector_expression field: (field_identifier) @method (#match? @method "^(SetFinalizer|AddCleanup)$"))) @call',
  check(context, matches) {
    const resolver = context.resolver();
    for (const { captures } of matches) {
      const call = captures.call;
      const callee = call.childForFieldName('function')!;
      const packageName = callee.childForFieldName('operand');
      if (packageName?.type !== 'identifier' || resolver.importPath(context.file, packageName.text) !== 'runtime') continue;
      const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is SyntaxNode => !!arg && arg.type !== 'comment');
      const object = args[0] && unparenthesize(args[0]);
      if (object?.type !== 'identifier') continue;
      if (captures.method.text === 'SetFinalizer' && args.length === 2) checkFinalizer(context, resolver, call, object, unparenthesize(args[1]));
      if (captures.method.text === 'AddCleanup' && args.length === 3) checkCleanup(context, resolver, call, object, unparenthesize(args[1]), unparenthesize(args[2]));
    }
  },
};

function checkFinalizer(context: RuleContext, resolver: Resolver, call: SyntaxNode, object: SyntaxNode, finalizer: SyntaxNode): void {
  const references = closureReferences(resolver, finalizer, object);
  if (references.length === 0) return;
  const name = object.text;
  const fix = useTheParameter(finalizer, references, name);
  context.report({
    range: nodeRange(references[0]),
    message: `The finalizer set on ${name} refers to ${name} itself: the closure keeps ${name} reachable, so it is never collected and the finalizer never runs.`,
    remedy: `use the finalizer's parameter, which is ${name}, instead of capturing it`,
    related: [{ range: nodeRange(call), message: `runtime.SetFinalizer(${name}, ...)` }],
    fixes: fix ? [fix] : [],
  });
}

function checkCleanup(context: RuleContext, resolver: Resolver, call: SyntaxNode, object: SyntaxNode, cleanup: SyntaxNode, argument: SyntaxNode): void {
  const name = object.text;
  const inArgument = argumentReaches(resolver, argument, object);
  const inClosure = closureReferences(resolver, cleanup, object);
  const boundMethod = cleanup.type === 'selector_expression' && sameVariable(resolver, cleanup.childForFieldName('operand'), object);
  if (!inArgument && inClosure.length === 0 && !boundMethod) return;
  const why = inArgument
    ? `the cleanup's argument ${argument.text === name ? `is ${name} itself` : `${argument.text} points into ${name}`}`
    : boundMethod
      ? `the cleanup ${cleanup.text} is a method value bound to ${name}`
      : `the cleanup function refers to ${name}`;
  const fix = boundMethod ? undefined : passTheField(resolver, cleanup, argument, object);
  context.report({
    range: nodeRange(inArgument ? argument : boundMethod ? cleanup : inClosure[0]),
    message: `runtime.AddCleanup on ${name}: ${why}, which keeps ${name} reachable, so it is never collected and the cleanup never runs.`,
    remedy: 'pass what the cleanup needs (a field such as a file descriptor or handle) as its argument, and leave the object out of both the function and the argument',
    related: [{ range: nodeRange(call), message: `runtime.AddCleanup(${name}, ...)` }],
    fixes: fix ? [fix] : [],
  });
}

/** References inside a function literal to the same variable as `object` (shadowing respected). */
function closureReferences(resolver: Resolver, fn: SyntaxNode, object: SyntaxNode): SyntaxNode[] {
  if (fn.type !== 'func_literal') return [];
  const body = fn.childForFieldName('body');
  if (!body) return [];
  return body.descendantsOfType('identifier').filter((identifier): identifier is SyntaxNode => !!identifier && identifier.text === object.text && sameVariable(resolver, identifier, object));
}

function sameVariable(resolver: Resolver, a: SyntaxNode | null, b: SyntaxNode): boolean {
  if (a?.type !== 'identifier' || a.text !== b.text) return false;
  const declarationA = resolver.declarationOf(a);
  const declarationB = resolver.declarationOf(b);
  return !!declarationA && !!declarationB && declarationA.name.id === declarationB.name.id;
}

/**
 * Whether the cleanup's argument keeps the object alive: the object itself, its address
 * inside (`&p.buf`, `p.arr[:]`), or a value built around it (`holder{p}`). Reading a field
 * that points elsewhere (`p.fd`) does not.
 */
function argumentReaches(resolver: Resolver, argument: SyntaxNode, object: SyntaxNode): boolean {
  const uses = [argument, ...argument.descendantsOfType('identifier')].filter((node): node is SyntaxNode => !!node && node.type === 'identifier' && sameVariable(resolver, node, object));
  return uses.some((use) => {
    let top = use;
    while (top.parent && (top.parent.type === 'selector_expression' || top.parent.type === 'index_expression') && top.parent.childForFieldName('operand')?.id === top.id) top = top.parent;
    if (top.id === use.id) return true;
    const parent = top.parent;
    if (parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '&') return true;
    if (parent?.type === 'slice_expression' && parent.childForFieldName('operand')?.id === top.id) return resolver.typeOf(top).kind === 'array';
    // A field read copies the value; a struct or array copy could still hold a pointer back. A
    // field whose type is unknown (another package's struct) may be either: unknown stays silent.
    const kind = resolver.typeOf(top).kind;
    return kind !== 'unknown' && kind !== 'typeParam' && !REFERENCE_KINDS.has(kind);
  });
}

/** `func(_ *T) { r.Close() }` → `func(r *T) { r.Close() }`; `func(x *T) { r.Close() }` → `x.Close()`. */
function useTheParameter(finalizer: SyntaxNode, references: readonly SyntaxNode[], name: string): Fix | undefined {
  const parameters = (finalizer.childForFieldName('parameters')?.namedChildren ?? []).filter((parameter) => parameter?.type === 'parameter_declaration');
  if (parameters.length !== 1) return undefined;
  const names = parameters[0]!.namedChildren.filter((child) => child?.type === 'identifier');
  const type = parameters[0]!.childForFieldName('type');
  if (!type || names.length > 1) return undefined;
  const parameterName = names[0]?.text;
  const edits: TextEdit[] = [];
  if (!parameterName || parameterName === '_') {
    edits.push(parameterName ? { range: nodeRange(names[0]!), newText: name } : { range: { start: nodeRange(type).start, end: nodeRange(type).start }, newText: `${name} ` });
  } else {
    for (const reference of references) edits.push({ range: nodeRange(reference), newText: parameterName });
  }
  return { title: `Use the finalizer's parameter instead of capturing ${name}`, preferred: true, edits };
}

/**
 * `runtime.AddCleanup(f, func(f *File) { f.fd.Close() }, f)` → `runtime.AddCleanup(f,
 * func(fd *os.File) { fd.Close() }, f.fd)`, when the cleanup uses exactly one field of the
 * object (through the closure or through its parameter, when the argument is the object).
 */
function passTheField(resolver: Resolver, cleanup: SyntaxNode, argument: SyntaxNode, object: SyntaxNode): Fix | undefined {
  if (cleanup.type !== 'func_literal') return undefined;
  const parameters = (cleanup.childForFieldName('parameters')?.namedChildren ?? []).filter((parameter) => parameter?.type === 'parameter_declaration');
  if (parameters.length !== 1) return undefined;
  const parameterNames = parameters[0]!.namedChildren.filter((child) => child?.type === 'identifier');
  if (parameterNames.length > 1) return undefined;
  const parameter = parameterNames[0];
  const argumentIsObject = argument.type === 'identifier' && sameVariable(resolver, argument, object);
  const body = cleanup.childForFieldName('body');
  if (!body) return undefined;
  const viaObject = (identifier: SyntaxNode) => sameVariable(resolver, identifier, object);
  const viaParameter = (identifier: SyntaxNode) => argumentIsObject && !!parameter && parameter.text !== '_' && identifier.text === parameter.text && resolver.declarationOf(identifier)?.name.id === parameter.id;
  const uses = body.descendantsOfType('identifier').filter((identifier): identifier is SyntaxNode => !!identifier && (viaObject(identifier) || viaParameter(identifier)));
  if (uses.length === 0) return undefined;
  const selectors: SyntaxNode[] = [];
  for (const use of uses) {
    const parent = use.parent;
    if (parent?.type !== 'selector_expression' || parent.childForFieldName('operand')?.id !== use.id) return undefined;
    selectors.push(parent);
  }
  const fieldNames = new Set(selectors.map((selector) => selector.childForFieldName('field')!.text));
  if (fieldNames.size !== 1) return undefined;
  const [field] = fieldNames;
  const fieldType = resolver.typeOf(selectors[0]);
  if (!fieldType.text || fieldType.kind === 'unknown' || fieldType.kind === 'typeParam' || !REFERENCE_KINDS.has(fieldType.kind)) return undefined;
  // Selecting a method value is not a field (`p.Close`): the resolver types it as a func.
  if (fieldType.kind === 'func' && !resolver.field(resolver.typeOf(object), field)) return undefined;
  const taken = new Set(body.descendantsOfType('identifier').map((identifier) => identifier?.text));
  const newName = taken.has(field) ? 'v' : field;
  if (taken.has(newName)) return undefined;
  const edits: TextEdit[] = [
    { range: nodeRange(parameters[0]!), newText: `${newName} ${fieldType.text}` },
    ...selectors.map((selector) => ({ range: nodeRange(selector), newText: newName })),
    { range: nodeRange(argument), newText: `${object.text}.${field}` },
  ];
  return { title: `Pass ${object.text}.${field} as the cleanup's argument`, preferred: true, edits };
}
