import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { SourceFile } from '../rule';
import { enclosingFunction, FUNCTION_TYPES, unparenthesize, walkNamed } from '../syntax';
import type { Declaration, GoType, Resolver } from '../resolver';

/** Finding every use of one map and what its users do with the values, for the map rules. */

/** How code names a map: a package-level variable, a struct field, or a function's local. */
export type MapIdentity =
  | { kind: 'package-var'; name: string }
  /** A struct field, with the struct type that declares it when known. */
  | { kind: 'field'; name: string; owner?: GoType }
  | { kind: 'local'; declaration: Declaration };

/** The type a value expression spells out: `T{}`, `make(T, n)`, `&T{}`, `new(T)` (syntax only). */
export function typeOfValue(value: SyntaxNode): { type: SyntaxNode; pointer: boolean } | undefined {
  value = unparenthesize(value);
  if (value.type === 'composite_literal') {
    const type = value.childForFieldName('type');
    return type ? { type, pointer: false } : undefined;
  }
  if (value.type === 'unary_expression' && value.childForFieldName('operator')?.text === '&') {
    const operand = value.childForFieldName('operand');
    const inner = operand ? typeOfValue(operand) : undefined;
    return inner && !inner.pointer ? { type: inner.type, pointer: true } : undefined;
  }
  if (value.type === 'call_expression') {
    const callee = value.childForFieldName('function')?.text;
    const first = value.childForFieldName('arguments')?.namedChild(0);
    if (!first || (callee !== 'make' && callee !== 'new')) return undefined;
    return { type: first, pointer: callee === 'new' };
  }
  return undefined;
}

/** Whether two owners of a field are the same struct type (a named type, or one struct literal). */
export function sameOwner(a: GoType, b: GoType): boolean {
  if (a.kind === 'named' || b.kind === 'named') return a.kind === b.kind && a.pkg === b.pkg && a.name === b.name;
  return !!a.node && !!b.node && a.node.id === b.node.id && a.node.tree === b.node.tree;
}

export interface MapAccess {
  /** The expression that denotes the map (`m`, `s.cache`). */
  node: SyntaxNode;
  file: SourceFile;
}

/** Every expression in the package that denotes the map. */
export function mapAccesses(resolver: Resolver, identity: MapIdentity): MapAccess[] {
  const accesses: MapAccess[] = [];
  if (identity.kind === 'local') {
    const fn = identity.declaration.function!;
    const file = resolver.fileOf(fn);
    walkNamed(fn, (node) => {
      if (node.type === 'identifier' && node.text === identity.declaration.name.text && node.id !== identity.declaration.name.id) {
        if (resolver.localDeclaration(node)?.name.id === identity.declaration.name.id) accesses.push({ node, file });
      }
    });
    return accesses;
  }
  for (const file of resolver.files()) {
    // Most files of a package never name the map: skip them without walking their trees.
    if (!file.text.includes(identity.name)) continue;
    walkNamed(file.tree.rootNode, (node) => {
      if (identity.kind === 'package-var' && node.type === 'identifier' && node.text === identity.name) {
        if (!isDeclarationName(node) && !resolver.localDeclaration(node)) accesses.push({ node, file });
      } else if (identity.kind === 'field' && node.type === 'selector_expression' && node.childForFieldName('field')?.text === identity.name) {
        // A field of the same name in another struct is another map; an owner the resolver cannot tell counts (silence is safer).
        const owner = identity.owner && resolver.field(resolver.typeOf(node.childForFieldName('operand')!), identity.name)?.owner;
        if (!owner || !identity.owner || sameOwner(owner, identity.owner)) accesses.push({ node, file });
      }
    });
  }
  return accesses;
}

/** The declaring occurrence of a package-level name (`var m = ...`). */
function isDeclarationName(node: SyntaxNode): boolean {
  const parent = node.parent;
  return parent?.type === 'var_spec' && parent.childrenForFieldName('name').some((name) => name?.id === node.id);
}

/**
 * Whether any code changes map values in place through their pointers: `m[k].f = v`,
 * `m[k].n++`, `&m[k].f`, pointer-receiver method calls, or the same through a local that
 * received the pointer (`p := m[k]`, `for _, p := range m`) or that was inserted (`m[k] = p`).
 */
export function valuesMutatedInPlace(resolver: Resolver, accesses: readonly MapAccess[], valueTypeName: string): boolean {
  const pointerMethods = new Set(resolver.methodsOf(valueTypeName).filter((method) => method.pointerReceiver).map((method) => method.name));
  for (const { node } of accesses) {
    const parent = node.parent;
    if (parent?.type === 'index_expression' && parent.childForFieldName('operand')?.id === node.id) {
      if (isMutatedUse(parent, pointerMethods)) return true;
      const holder = localReceiving(parent);
      if (holder && nameMutated(holder.name, holder.scope, pointerMethods)) return true;
    } else if (parent?.type === 'range_clause' && parent.childForFieldName('right')?.id === node.id) {
      const value = parent.childForFieldName('left')?.namedChild(1);
      const body = parent.parent?.childForFieldName('body');
      if (value?.type === 'identifier' && body && nameMutated(value.text, body, pointerMethods)) return true;
    }
  }
  return false;
}

/** `m[k] = p` → p and its function; `p := m[k]` / `p, ok := m[k]` → p and its function. */
function localReceiving(indexExpression: SyntaxNode): { name: string; scope: SyntaxNode } | undefined {
  const list = indexExpression.parent;
  const statement = list?.parent;
  if (list?.type !== 'expression_list' || !statement) return undefined;
  const scope = enclosingFunction(statement);
  if (!scope) return undefined;
  const left = statement.childForFieldName('left');
  const right = statement.childForFieldName('right');
  if (statement.type === 'assignment_statement' && left?.id === list.id) {
    const position = left.namedChildren.findIndex((child) => child?.id === indexExpression.id);
    const value = right?.namedChildren[position];
    return value?.type === 'identifier' ? { name: value.text, scope } : undefined;
  }
  if ((statement.type === 'short_var_declaration' || statement.type === 'assignment_statement') && right?.id === list.id) {
    const position = right.namedChildren.findIndex((child) => child?.id === indexExpression.id);
    const target = right.namedChildCount === 1 ? left?.namedChild(0) : left?.namedChild(position);
    return target?.type === 'identifier' && target.text !== '_' ? { name: target.text, scope } : undefined;
  }
  return undefined;
}

/** Whether `name` (a pointer) is written through anywhere in `scope`. */
function nameMutated(name: string, scope: SyntaxNode, pointerMethods: ReadonlySet<string>): boolean {
  let mutated = false;
  walkNamed(scope, (node) => {
    if (mutated) return false;
    if (node.type === 'identifier' && node.text === name && isMutatedUse(node, pointerMethods, true)) mutated = true;
  });
  return mutated;
}

/**
 * Whether an expression holding a pointer to a map value is written through: as the base of
 * an assigned or incremented field, under `&`, dereferenced on the left of `=`, or as the
 * receiver of a pointer method.
 */
function isMutatedUse(pointer: SyntaxNode, pointerMethods: ReadonlySet<string>, isLocal = false): boolean {
  let top = pointer;
  let selected = false;
  for (;;) {
    const parent = top.parent;
    if (!parent) break;
    if ((parent.type === 'selector_expression' || parent.type === 'index_expression') && parent.childForFieldName('operand')?.id === top.id) {
      if (parent.type === 'selector_expression') {
        const grand = parent.parent;
        const method = parent.childForFieldName('field')?.text ?? '';
        if (top.id === pointer.id && grand?.type === 'call_expression' && grand.childForFieldName('function')?.id === parent.id && pointerMethods.has(method)) {
          return true;
        }
      }
      selected = true;
      top = parent;
      continue;
    }
    if (parent.type === 'parenthesized_expression') {
      top = parent;
      continue;
    }
    if (parent.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '*' && top.id === pointer.id && isLocal) {
      selected = true;
      top = parent;
      continue;
    }
    break;
  }
  if (!selected) return false;
  const parent = top.parent;
  if (!parent) return false;
  if (parent.type === 'inc_statement' || parent.type === 'dec_statement') return true;
  if (parent.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '&') return true;
  if (parent.type === 'expression_list' && parent.parent?.type === 'assignment_statement') {
    return parent.parent.childForFieldName('left')?.id === parent.id;
  }
  return false;
}

/** The identifier a simple expression stands on (`m`, `s.cache` → `s`), skipping parentheses. */
export function baseName(node: SyntaxNode): SyntaxNode | undefined {
  node = unparenthesize(node);
  while (node.type === 'selector_expression') node = unparenthesize(node.childForFieldName('operand')!);
  return node.type === 'identifier' ? node : undefined;
}

/** Whether a node lies inside a function literal nested within `outer`. */
export function insideNestedLiteral(node: SyntaxNode, outer: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== outer.id; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return true;
  }
  return false;
}
