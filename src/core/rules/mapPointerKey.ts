import type { Node as SyntaxNode } from 'web-tree-sitter';
import { MapAccess, MapIdentity, mapAccesses, typeOfValue } from '../analysis/maps';
import type { Resolver } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import { anyOf, localAssignedThenUsed } from '../textHints';
import { enclosingFunction, nodeRange, unparenthesize, walkNamed } from '../syntax';
import type { TextEdit } from '../text';

/**
 * The text of a fresh allocation the query matches: `&T{`, `&pkg.T{`, `&T[K]{`, `&[]T{`,
 * `&[N]T{`, `&struct{`, `&map[`, `new(`. Type arguments hold no bracket (as before, a nested
 * one never matched): `[^\]]*` ran from every `&a[` of a long line to its end.
 */
const FRESH_ALLOCATION = String.raw`(?:&\s*(?:[\p{L}_][\p{L}\p{N}_]*(?:\s*\.\s*[\p{L}_][\p{L}\p{N}_]*)?\s*(?:\[[^[\]]*\]\s*)?\{|\[|struct\b|map\b)|\bnew\s*\()`;

export const mapPointerKey: Rule = {
  meta: {
    id: 'map-pointer-key',
    family: 'map',
    defaultSeverity: 'warning',
    description: 'A pointer-keyed map is indexed with a freshly allocated key (&T{...}, new(T)): lookups never hit and inserts are never found again.',
    docs: 'docs/rules/map-pointer-key.md',
    fixable: true,
  },
  // A fresh key `m[&T{}]` / `m[new(T)]`, or a local assigned one and used as an index in the same function.
  textHint: anyOf(new RegExp(String.raw`\[\s*${FRESH_ALLOCATION}`, 'u'), localAssignedThenUsed(new RegExp(FRESH_ALLOCATION, 'u'), /\[\s*([\p{L}_][\p{L}\p{N}_]*)\s*\]/u)),
  query: `
    (index_expression index: (unary_expression operator: "&" operand: (composite_literal)) @fresh) @index
    (index_expression index: (call_expression function: (identifier) @new (#eq? @new "new")) @fresh) @index
    (short_var_declaration right: (expression_list (unary_expression operator: "&" operand: (composite_literal)))) @local
    (short_var_declaration right: (expression_list (call_expression function: (identifier) @new (#eq? @new "new")))) @local
    (var_spec value: (expression_list (unary_expression operator: "&" operand: (composite_literal)))) @local
    (var_spec value: (expression_list (call_expression function: (identifier) @new (#eq? @new "new")))) @local`,
  check(context, matches) {
    const packageIndex = () => context.resolver();
    for (const { captures } of matches) {
      if (captures.index) reportFreshKey(context, captures.index, captures.fresh, undefined, packageIndex);
      else if (captures.local) checkFreshLocal(context, captures.local, packageIndex);
    }
  },
};

/** `&T{...}` or `new(T)` (parenthesized or not). */
function isFreshAllocation(node: SyntaxNode | null | undefined): boolean {
  if (!node) return false;
  const value = unparenthesize(node);
  const allocation = typeOfValue(value);
  return !!allocation?.pointer && value.type !== 'composite_literal';
}

/** A local whose only assignment is a fresh allocation and whose only uses are as a map key. */
interface FreshLocal {
  name: SyntaxNode;
  declaration: SyntaxNode;
  value: SyntaxNode;
  /** The index expressions it keys, and `delete(m, k)` calls. */
  keyUses: SyntaxNode[];
}

function checkFreshLocal(context: RuleContext, statement: SyntaxNode, packageIndex: () => Resolver): void {
  const fn = enclosingFunction(statement);
  if (!fn) return;
  for (const local of freshLocalsOf(packageIndex(), statement, fn)) {
    // One pointer keying several maps links their entries: ranging over one finds the others'
    // entries by that same pointer. Identity is what the author wants here.
    if (new Set(local.keyUses.map(keyedMapText)).size > 1) continue;
    const first = local.keyUses.find((use) => use.type === 'index_expression');
    if (first) reportFreshKey(context, first, first.childForFieldName('index')!, local, packageIndex);
  }
}

function freshLocalsOf(resolver: Resolver, statement: SyntaxNode, fn: SyntaxNode): FreshLocal[] {
  const pairs: [SyntaxNode, SyntaxNode][] = [];
  if (statement.type === 'short_var_declaration') {
    const targets = statement.childForFieldName('left')?.namedChildren ?? [];
    const values = statement.childForFieldName('right')?.namedChildren ?? [];
    if (targets.length === values.length) targets.forEach((target, i) => pairs.push([target!, values[i]!]));
  } else {
    if (statement.childForFieldName('type')) return [];
    const names = statement.childrenForFieldName('name');
    const values = statement.childForFieldName('value')?.namedChildren ?? [];
    if (names.length === values.length) names.forEach((name, i) => pairs.push([name!, values[i]!]));
  }
  const locals: FreshLocal[] = [];
  for (const [name, value] of pairs) {
    if (name.type !== 'identifier' || name.text === '_' || !isFreshAllocation(value)) continue;
    // Cheap gate: the function must index something with the name at all.
    if (!new RegExp(`\\[\\s*${name.text}\\s*\\]|delete\\(`).test(fn.text)) continue;
    const keyUses: SyntaxNode[] = [];
    let onlyKey = true;
    // The name's identifiers in the function, in document order, found from its text.
    for (const node of identifiersNamed(fn, name.text)) {
      if (node.id === name.id) continue;
      if (resolver.localDeclaration(node)?.name.id !== name.id) continue;
      const use = keyUse(node);
      if (use === 'field') continue;
      if (use) keyUses.push(use);
      else {
        onlyKey = false;
        break;
      }
    }
    if (onlyKey && keyUses.length) locals.push({ name, declaration: statementOf(value), value, keyUses });
  }
  return locals;
}

/** Identifiers spelled `name` inside a node (not the node itself), in document order. */
function identifiersNamed(scope: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const text = scope.text;
  const root = scope.tree.rootNode;
  const word = new RegExp(`(?<![\\p{L}\\p{N}_])${name}(?![\\p{L}\\p{N}_])`, 'gu');
  for (let match = word.exec(text); match; match = word.exec(text)) {
    const start = scope.startIndex + match.index;
    const node = root.descendantForIndex(start, start + name.length);
    if (node?.type === 'identifier' && node.text === name && node.id !== scope.id && node.startIndex >= scope.startIndex && node.endIndex <= scope.endIndex) found.push(node);
  }
  return found;
}

function statementOf(value: SyntaxNode): SyntaxNode {
  let node = value;
  while (node.parent && node.type !== 'short_var_declaration' && node.type !== 'var_spec') node = node.parent;
  return node;
}

/** How a reference to a fresh local is used: as a map key, through a field, or otherwise (undefined). */
function keyUse(reference: SyntaxNode): SyntaxNode | 'field' | undefined {
  const parent = reference.parent;
  if (parent?.type === 'index_expression' && parent.childForFieldName('index')?.id === reference.id) return parent;
  if (parent?.type === 'selector_expression' && parent.childForFieldName('operand')?.id === reference.id) {
    const grand = parent.parent;
    const isCall = grand?.type === 'call_expression' && grand.childForFieldName('function')?.id === parent.id;
    return isCall ? undefined : 'field';
  }
  if (parent?.type === 'argument_list') {
    const call = parent.parent;
    const args = parent.namedChildren;
    if (call?.childForFieldName('function')?.text === 'delete' && args.length === 2 && args[1]?.id === reference.id) return call;
  }
  return undefined;
}

function reportFreshKey(context: RuleContext, indexExpression: SyntaxNode, key: SyntaxNode, local: FreshLocal | undefined, packageIndex: () => Resolver): void {
  const mapExpression = indexExpression.childForFieldName('operand');
  if (!mapExpression) return;
  const allocation = local ? local.value : key;
  const allocated = typeOfValue(unparenthesize(allocation));
  if (!allocated) return;
  const typeName = allocated.type.text;
  const inserts = (local ? local.keyUses : [indexExpression]).some(isInsert);
  // A member put in a set of live objects that the package walks (`for c := range m { c.send(x)
  // }`) is reached by iterating, and deleted with the key the walk gives: the pointer is an
  // identity. Only a plain `m[p] = v`: `m[p] += v` reads an entry for p, which cannot exist.
  const uses = local ? local.keyUses : [indexExpression];
  if (uses.every(isPlainInsert) && iteratedForKeys(packageIndex(), mapExpression)) return;
  const described = local ? `${local.name.text} (${abbreviate(allocation)})` : abbreviate(allocation);
  const consequence = inserts
    ? 'no lookup can find this entry again and the map only grows'
    : 'this lookup can never find an entry';
  const fix = valueKeyFix(context, packageIndex(), mapExpression);
  context.report({
    range: nodeRange(key),
    message: `${described} is a freshly allocated key of ${mapExpression.text}: pointer keys compare by address, ${consequence}.`,
    remedy: `key the map by ${typeName} values`,
    related: local ? [{ range: nodeRange(local.value), message: `${local.name.text} is allocated here` }] : [],
    fixes: fix ? [fix] : [],
  });
}

/** Some `for k := range m` of the package (a key variable, not `_`) walks this map. */
function iteratedForKeys(resolver: Resolver, mapExpression: SyntaxNode): boolean {
  const found = identify(resolver, mapExpression);
  if (!found) return false;
  return mapAccesses(resolver, found.identity).some(({ node }) => {
    const clause = node.parent;
    if (clause?.type !== 'range_clause' || clause.childForFieldName('right')?.id !== node.id) return false;
    const key = clause.childForFieldName('left')?.namedChildren[0];
    return !!key && key.text !== '_';
  });
}

/** `m[k] = v`: an insert that reads nothing of the entry. */
function isPlainInsert(use: SyntaxNode): boolean {
  if (!isInsert(use) || use.parent?.type !== 'expression_list') return false;
  const statement = use.parent.parent;
  return statement?.type === 'assignment_statement' && statement.childForFieldName('operator')?.text === '=';
}

function isInsert(use: SyntaxNode): boolean {
  if (use.type !== 'index_expression') return false;
  const parent = use.parent;
  if (parent?.type === 'inc_statement' || parent?.type === 'dec_statement') return true;
  const statement = parent?.parent;
  return parent?.type === 'expression_list' && statement?.type === 'assignment_statement' && statement.childForFieldName('left')?.id === parent.id;
}

function abbreviate(allocation: SyntaxNode): string {
  const value = unparenthesize(allocation);
  if (value.type === 'unary_expression') {
    const type = value.childForFieldName('operand')?.childForFieldName('type')?.text ?? '';
    return `&${type}{...}`;
  }
  return value.text.replace(/\s+/g, ' ');
}

// ---- the fix: key the map by values --------------------------------------------------

/** The map's identity and the pointer key type as declared. */
function identify(resolver: Resolver, mapExpression: SyntaxNode): { identity: MapIdentity; declaredTypes: SyntaxNode[] } | undefined {
  const node = unparenthesize(mapExpression);
  if (node.type === 'identifier') {
    const declaration = resolver.declarationOf(node);
    if (!declaration || declaration.kind !== 'var') return undefined;
    // `var m map[*T]V = make(map[*T]V)` spells the type twice; keep it simple and leave it.
    if (declaration.type && declaration.value) return undefined;
    const inferred = declaration.value ? typeOfValue(declaration.value) : undefined;
    const type = declaration.type ?? (inferred && !inferred.pointer ? inferred.type : undefined);
    if (!type) return undefined;
    return declaration.packageLevel
      ? { identity: { kind: 'package-var', name: node.text }, declaredTypes: [type] }
      : { identity: { kind: 'local', declaration }, declaredTypes: [type] };
  }
  if (node.type === 'selector_expression') {
    const name = node.childForFieldName('field')!.text;
    const field = resolver.field(resolver.typeOf(node.childForFieldName('operand')!), name);
    const typeNode = field?.declaration?.childForFieldName('type');
    if (!field || !typeNode || field.embedded) return undefined;
    return { identity: { kind: 'field', name, owner: field.owner }, declaredTypes: [typeNode] };
  }
  return undefined;
}

function valueKeyFix(context: RuleContext, index: Resolver, mapExpression: SyntaxNode): Fix | undefined {
  const found = identify(index, mapExpression);
  if (!found) return undefined;
  const mapType = found.declaredTypes[0];
  if (mapType.type !== 'map_type' || !inFile(mapType, context)) return undefined;
  const keyType = mapType.childForFieldName('key');
  const pointee = keyType?.type === 'pointer_type' ? keyType.namedChild(0) : null;
  const pointeeType = pointee?.type === 'type_identifier' ? index.typeFromSyntax(pointee) : undefined;
  if (!pointee || !pointeeType || !index.typeDeclaration(pointeeType)) return undefined;
  if (index.comparable(pointeeType) !== true) return undefined;
  const keyText = keyType!.text.replace(/\s+/g, '');
  // `new(T)` becomes the zero value `T{}`, which only composite types can spell.
  const zero = ['struct', 'array'].includes(index.underlying(pointeeType).kind) ? `${pointee.text}{}` : undefined;

  const edits = new Map<number, TextEdit>();
  const edit = (node: SyntaxNode, newText: string) => edits.set(node.id, { range: nodeRange(node), newText });
  edit(keyType!, pointee.text);

  const accesses = mapAccesses(index, found.identity);
  for (const access of accesses) {
    if (access.file !== context.file && access.file.path !== context.file.path) return undefined;
    if (!rewriteAccess(index, access, keyText, zero, mapExpression.text, edit)) return undefined;
  }
  if (found.identity.kind === 'field' && !rewriteFieldInitializers(context, found.identity.name, keyText, edit)) return undefined;
  return { title: `Key ${mapExpression.text} by ${pointee.text} values`, edits: [...edits.values()], preferred: true };
}

/** Whether a node belongs to the file being linted (fixes edit that file only). */
function inFile(node: SyntaxNode, context: RuleContext): boolean {
  let root = node;
  while (root.parent) root = root.parent;
  return root.id === context.file.tree.rootNode.id;
}

/** Rewrites one use of the map for value keys; false when it cannot be rewritten. */
function rewriteAccess(resolver: Resolver, access: MapAccess, keyText: string, zero: string | undefined, mapText: string, edit: (node: SyntaxNode, text: string) => void): boolean {
  const node = access.node;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'index_expression' && parent.childForFieldName('operand')?.id === node.id) {
    return rewriteKey(resolver, parent.childForFieldName('index'), zero, mapText, edit);
  }
  if (parent.type === 'argument_list') {
    const callee = parent.parent?.childForFieldName('function')?.text;
    const args = parent.namedChildren;
    if (callee === 'len' && args.length === 1) return true;
    if (callee === 'delete' && args.length === 2 && args[0]?.id === node.id) return rewriteKey(resolver, args[1], zero, mapText, edit);
    return false;
  }
  if (parent.type === 'range_clause' && parent.childForFieldName('right')?.id === node.id) {
    const key = parent.childForFieldName('left')?.namedChild(0);
    const body = parent.parent?.childForFieldName('body');
    return !key || key.text === '_' || (!!body && onlyFieldReads(key.text, body));
  }
  // `m = make(map[*T]V)` / `m = map[*T]V{}`: the new map's type changes too.
  if (parent.type === 'expression_list' && parent.parent?.type === 'assignment_statement' && parent.parent.childForFieldName('left')?.id === parent.id) {
    const position = parent.namedChildren.findIndex((child) => child?.id === node.id);
    const value = parent.parent.childForFieldName('right')?.namedChildren[position];
    return !!value && rewriteMapConstruction(value, keyText, edit);
  }
  // The declaration's own initializer was handled with its type.
  if (parent.type === 'expression_list' && (parent.parent?.type === 'short_var_declaration' || parent.parent?.type === 'var_spec')) return true;
  return false;
}

function rewriteMapConstruction(value: SyntaxNode, keyText: string, edit: (node: SyntaxNode, text: string) => void): boolean {
  const constructed = typeOfValue(value);
  if (!constructed || constructed.pointer || constructed.type.type !== 'map_type') return false;
  const key = constructed.type.childForFieldName('key');
  if (!key || key.text.replace(/\s+/g, '') !== keyText) return false;
  edit(key, key.namedChild(0)!.text);
  return true;
}

/** `field: make(map[*T]V)` in composite literals of the package's structs. */
function rewriteFieldInitializers(context: RuleContext, field: string, keyText: string, edit: (node: SyntaxNode, text: string) => void): boolean {
  let ok = true;
  walkNamed(context.file.tree.rootNode, (node) => {
    if (!ok) return false;
    if (node.type !== 'keyed_element') return;
    const key = node.namedChild(0);
    const value = node.namedChild(1);
    if (unparenthesize(key?.namedChild(0) ?? key!).text !== field || !value) return;
    const inner = value.type === 'literal_element' ? value.namedChild(0) : value;
    if (inner && !rewriteMapConstruction(inner, keyText, edit)) ok = false;
  });
  return ok;
}

/** `&T{...}` → `T{...}`, `new(T)` → `T{}`, a fresh local → its declaration; false otherwise. */
function rewriteKey(resolver: Resolver, key: SyntaxNode | null | undefined, zero: string | undefined, mapText: string, edit: (node: SyntaxNode, text: string) => void): boolean {
  if (!key) return false;
  const value = unparenthesize(key);
  if (isFreshAllocation(value)) {
    const replacement = valueAllocation(value, zero);
    if (replacement === undefined) return false;
    edit(key, replacement);
    return true;
  }
  if (value.type !== 'identifier') return false;
  const declaration = resolver.localDeclaration(value);
  if (!declaration?.value || !declaration.function || !isFreshAllocation(declaration.value)) return false;
  const fn = declaration.function;
  const local = freshLocalsOf(resolver, statementOf(declaration.value), fn).find((candidate) => candidate.name.id === declaration.name.id);
  // Once a value, the local can only key maps that are rewritten too: this one.
  if (!local || !local.keyUses.every((use) => keyedMapText(use) === mapText)) return false;
  const replacement = valueAllocation(unparenthesize(declaration.value), zero);
  if (replacement === undefined) return false;
  edit(declaration.value, replacement);
  return true;
}

function keyedMapText(use: SyntaxNode): string | undefined {
  if (use.type === 'index_expression') return use.childForFieldName('operand')?.text;
  return use.childForFieldName('arguments')?.namedChild(0)?.text;
}

function valueAllocation(allocation: SyntaxNode, zero: string | undefined): string | undefined {
  if (allocation.type === 'unary_expression') return allocation.childForFieldName('operand')!.text;
  return zero;
}

/** Whether `name` is only used as `name.field` (reads) in `scope`. */
function onlyFieldReads(name: string, scope: SyntaxNode): boolean {
  let ok = true;
  walkNamed(scope, (node) => {
    if (!ok) return false;
    if (node.type !== 'identifier' || node.text !== name) return;
    const parent = node.parent;
    const isSelector = parent?.type === 'selector_expression' && parent.childForFieldName('operand')?.id === node.id;
    const isCall = isSelector && parent!.parent?.type === 'call_expression' && parent!.parent.childForFieldName('function')?.id === parent!.id;
    if (!isSelector || isCall) ok = false;
  });
  return ok;
}
