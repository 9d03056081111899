import type { Node as SyntaxNode } from 'web-tree-sitter';
import { Declaration, GoType, isNamedOrPointer, NUMERIC_TYPES, Resolver } from '../resolver';
import type { Rule, RuleContext, RuleMeta, SourceFile } from '../rule';
import { unparenthesize } from '../syntax';
import { putCalls, WHOLE_FILE_QUERY } from './pool';

/**
 * What the pool rules ask the package resolver: how a value is stored in an interface, and
 * whether an expression is a sync.Pool (however `sync` is imported, through fields by their
 * owning type). Anything the resolver cannot prove is `unknown`, and the rules stay silent.
 */

/** How a value is stored in an interface: pointer-shaped values are stored as they are. */
export type ValueShape =
  /** `*T` */
  | 'pointer'
  /** maps, channels, funcs, unsafe.Pointer: one machine word, no allocation in an interface */
  | 'pointer-shaped'
  /** already an interface: putting it needs no conversion */
  | 'interface'
  /** slices, strings, numbers, structs, arrays: copied into a fresh allocation */
  | 'value'
  | 'unknown';

export interface ValueFacts {
  shape: ValueShape;
  /** The type as written where it was found (e.g. `[]byte`), when known. */
  text?: string;
  /** A short word for messages: slice, string, struct, array, number... */
  kind?: string;
}

const UNKNOWN_VALUE: ValueFacts = { shape: 'unknown' };

/** How values of a type are stored in an interface. */
export function valueShape(resolver: Resolver, type: GoType, depth = 0): ValueFacts {
  if (depth > 8) return UNKNOWN_VALUE;
  const text = type.text || undefined;
  switch (type.kind) {
    case 'pointer':
      return { shape: 'pointer', text, kind: 'pointer' };
    case 'unsafePointer':
      return { shape: 'pointer-shaped', text, kind: 'unsafe.Pointer' };
    case 'map':
      return { shape: 'pointer-shaped', text, kind: 'map' };
    case 'chan':
      return { shape: 'pointer-shaped', text, kind: 'channel' };
    case 'func':
      return { shape: 'pointer-shaped', text, kind: 'func' };
    case 'interface':
      return { shape: 'interface', text, kind: 'interface' };
    case 'slice':
      return { shape: 'value', text, kind: 'slice' };
    case 'array':
      return { shape: 'value', text, kind: 'array' };
    case 'basic':
      if (type.name === 'string') return { shape: 'value', text: 'string', kind: 'string' };
      if (type.name === 'bool') return { shape: 'value', text: 'bool', kind: 'bool' };
      if (NUMERIC_TYPES.has(type.name!)) return { shape: 'value', text: type.untyped ? undefined : text, kind: 'number' };
      return UNKNOWN_VALUE;
    case 'struct':
      return structShape(resolver, type, depth);
    case 'named': {
      // Generic instantiations and types of other packages the resolver does not know are unknown.
      if (type.typeArgs) return UNKNOWN_VALUE;
      const under = resolver.underlying(type);
      if (under.kind === 'struct' && !under.node) return UNKNOWN_VALUE;
      const shape = valueShape(resolver, under, depth + 1);
      return shape.shape === 'unknown' ? shape : { ...shape, text };
    }
    default:
      return UNKNOWN_VALUE;
  }
}

function structShape(resolver: Resolver, type: GoType, depth: number): ValueFacts {
  if (!type.node) return UNKNOWN_VALUE;
  const fields = resolver.fieldDeclarations(type);
  const fieldCount = fields.reduce((count, field) => count + Math.max(1, field.childrenForFieldName('name').length), 0);
  if (fieldCount === 0) return { shape: 'pointer-shaped', text: type.text, kind: 'empty struct' }; // zero-size values never allocate
  if (fieldCount === 1) {
    // A struct of one pointer-shaped field is itself stored directly in an interface.
    const inner = valueShape(resolver, resolver.typeFromSyntax(fields[0].childForFieldName('type'), type.file), depth + 1);
    if (inner.shape === 'pointer' || inner.shape === 'pointer-shaped') return { shape: 'pointer-shaped', text: type.text, kind: 'struct' };
    if (inner.shape === 'unknown') return UNKNOWN_VALUE;
  }
  return { shape: 'value', text: type.text, kind: 'struct' };
}

/** The shape of an expression's value at its use site. */
export function valueShapeOf(resolver: Resolver, expression: SyntaxNode): ValueFacts {
  const node = unparenthesize(expression);
  // Untyped constants: the shape of their default type, spelled by kind.
  if (node.type === 'int_literal' || node.type === 'float_literal' || node.type === 'rune_literal' || node.type === 'imaginary_literal') return { shape: 'value', kind: 'number' };
  return valueShape(resolver, resolver.typeOf(node));
}

/** A variable declaration found for a name: its declared type and/or initial value. */
export interface VariableDeclaration {
  name: SyntaxNode;
  type?: SyntaxNode;
  value?: SyntaxNode;
  /** The declaring statement or spec. */
  statement: SyntaxNode;
  /** Set when the value is the one result of a comma-ok form (`v, ok := x.(T)`). */
  commaOk?: boolean;
  packageLevel: boolean;
}

/** The variable (local or package-level) a name refers to, in the words the pool rules use. */
export function variableOf(resolver: Resolver, use: SyntaxNode): VariableDeclaration | undefined {
  const declaration = resolver.declarationOf(use);
  if (!declaration || (declaration.kind !== 'var' && declaration.kind !== 'const' && declaration.kind !== 'param' && declaration.kind !== 'receiver' && declaration.kind !== 'result' && declaration.kind !== 'range')) return undefined;
  return asVariable(declaration);
}

function asVariable(declaration: Declaration): VariableDeclaration {
  const variable: VariableDeclaration = { name: declaration.name, statement: declaration.statement, packageLevel: declaration.packageLevel };
  if (declaration.type && !declaration.variadic) variable.type = declaration.type;
  if (declaration.value) variable.value = declaration.value;
  else if (declaration.multi && declaration.kind === 'var' && declaration.multi.index === 0 && unparenthesize(declaration.multi.value).type === 'type_assertion_expression') {
    variable.value = declaration.multi.value;
    variable.commaOk = true;
  }
  return variable;
}

/** What the pool rules know about the sync.Pool a Put or Get goes to. */
export interface ResolvedPool {
  /** The variable declaration, when the pool is a named variable (package-level or local). */
  declaration?: VariableDeclaration;
  /** The `New` function literal, when the declaration shows it. */
  newFunction?: SyntaxNode;
  /** The file that declares the pool. */
  file: SourceFile;
}

/**
 * Resolves a pool expression (`bufPool`, `s.pool`, `pools[i]`) to a sync.Pool, or undefined
 * when it is not provably one (other types have Put methods too).
 */
export function resolvePool(expression: SyntaxNode, resolver: Resolver): ResolvedPool | undefined {
  const node = unparenthesize(expression);
  if (node.type === 'identifier') {
    const declaration = resolver.declarationOf(node);
    if (!declaration || (declaration.kind !== 'var' && declaration.kind !== 'param')) return undefined;
    const variable = asVariable(declaration);
    if (variable.commaOk || !isNamedOrPointer(resolver.declaredType(declaration), 'sync', 'Pool')) return undefined;
    return { declaration: variable, newFunction: newFunctionOf(variable.value), file: declaration.file };
  }
  if (!isNamedOrPointer(resolver.typeOf(node), 'sync', 'Pool')) return undefined;
  if (node.type === 'selector_expression') {
    const field = resolver.field(resolver.typeOf(node.childForFieldName('operand')!), node.childForFieldName('field')!.text);
    return { file: field?.declaration ? resolver.fileOf(field.declaration) : resolver.fileOf(node) };
  }
  return { file: resolver.fileOf(node) };
}

/** The `New: func() any {...}` literal of a pool's initial value. */
export function newFunctionOf(value: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!value) return undefined;
  let literal = unparenthesize(value);
  if (literal.type === 'unary_expression') literal = literal.childForFieldName('operand') ?? literal;
  if (literal.type !== 'composite_literal') return undefined;
  for (const element of literal.childForFieldName('body')?.namedChildren ?? []) {
    if (element?.type !== 'keyed_element') continue;
    if (element.childForFieldName('key')?.text !== 'New') continue;
    const fn = element.childForFieldName('value')?.namedChild(0);
    return fn?.type === 'func_literal' ? fn : undefined;
  }
  return undefined;
}

/**
 * A generic wrapper of sync.Pool whose `Put(x T)` hands x to the wrapped pool
 * (`type Pool[T any] struct{ p sync.Pool }`, `func (q *Pool[T]) Put(x T) { q.p.Put(x) }`):
 * the receiver's type, the method, and the wrapped pool's field.
 */
export function genericPoolWrapper(resolver: Resolver, receiver: SyntaxNode): { type: GoType; put: SyntaxNode; field: string } | undefined {
  let type = resolver.typeOf(receiver);
  if (type.kind === 'pointer') type = type.elem!;
  if (type.kind !== 'named' || type.pkg !== '' || !type.typeArgs) return undefined;
  const method = resolver.methodOf(type.name!, 'Put');
  if (!method) return undefined;
  const parameters = method.node.childForFieldName('parameters')?.namedChildren.filter((p) => p?.type === 'parameter_declaration') ?? [];
  const parameter = parameters.length === 1 ? parameters[0]!.childrenForFieldName('name')[0] : null;
  const receiverName = method.node.childForFieldName('receiver')?.namedChildren.find((p) => p?.type === 'parameter_declaration')?.childrenForFieldName('name')[0]?.text;
  if (!parameter || !receiverName) return undefined;
  // The body hands the parameter itself to a sync.Pool field of the receiver.
  for (const put of method.node.descendantsOfType('call_expression')) {
    const callee = put?.childForFieldName('function');
    if (!put || callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Put') continue;
    const args = put.childForFieldName('arguments')?.namedChildren ?? [];
    const selector = callee.childForFieldName('operand');
    if (args.length !== 1 || unparenthesize(args[0]!).text !== parameter.text || selector?.type !== 'selector_expression') continue;
    if (selector.childForFieldName('operand')?.text !== receiverName) continue;
    const field = resolver.field(type, selector.childForFieldName('field')!.text);
    if (field && isNamedOrPointer(field.type, 'sync', 'Pool')) return { type, put: method.node, field: field.name };
  }
  return undefined;
}

/** Every pool rule looks at Put calls; one shared hint is tested once per file. */
const PUT_CALL = /\.Put\(/;

/**
 * A sync.Pool rule: gated on `.Put(`, file scope (whether a Put is clean depends on other
 * functions of the package), checking each Put call the file holds against the package.
 */
export function poolPutRule(meta: RuleMeta, checkPut: (context: RuleContext, resolver: Resolver, put: SyntaxNode) => void): Rule {
  return {
    meta,
    query: WHOLE_FILE_QUERY,
    textHint: PUT_CALL,
    scope: 'file',
    check(context) {
      const resolver = context.resolver();
      for (const put of putCalls(context.file)) checkPut(context, resolver, put);
    },
  };
}
