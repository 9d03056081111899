import type { Node as SyntaxNode } from 'web-tree-sitter';
import { MapIdentity, mapAccesses, typeOfValue, valuesMutatedInPlace } from '../analysis/maps';
import { inTestFile } from '../analysis/testFiles';
import { statementOf } from '../analysis/statements';
import type { Declaration, GoType, Layout, Resolver } from '../resolver';
import { goVersionAtLeast } from '../goVersion';
import type { Fix, Rule, RuleContext, SourceFile } from '../rule';
import { anyOf, inOneFunction } from '../textHints';
import { contains, enclosingFunction, nodeRange, specsOf, unparenthesize, walkNamed } from '../syntax';

/** Values up to this size are cheaper stored inline in the map than as separate objects. */
const SMALL_VALUE_BYTES = 128;

/**
 * `map[K]*T` (also with a bracketed key, `map[[4]byte]*T`) with T a plain name: only a type of
 * this package can be a small pointer-free struct worth storing inline (not `*pkg.T`, `*T[P]`).
 * An inner bracket holds no bracket, so the search stays linear on a line of `map[map[...`.
 */
const POINTER_VALUE_MAP = /map\s*\[(?:[^[\]\n]|\[[^[\]\n]*\])*\]\s*\*\s*[\p{L}_][\p{L}\p{N}_]*(?![\p{L}\p{N}_.[])/u;

/** Part (b): a cost paid for as long as the map lives, not a bug; reported as information. */
const LONG_LIVED_MAPS = { severity: 'info', what: 'long-lived maps of pointers to small pointer-free structs' } as const;

export const mapPointerValue: Rule = {
  meta: {
    id: 'map-pointer-value',
    family: 'map',
    defaultSeverity: 'warning',
    description: 'A map stores pointers to copies (`&c` of a dereferenced copy or range variable), or a long-lived map holds pointers to small pointer-free structs.',
    docs: 'docs/rules/map-pointer-value.md',
    fixable: true,
    milderFindings: LONG_LIVED_MAPS,
  },
  // (a) a store `m[k] = &c`; (b) a `var` or `type` declaration and a map of pointers in one chunk.
  textHint: anyOf(/\]\s*=\s*&\s*[\p{L}_][\p{L}\p{N}_]*\s*(?:$|[;}]|\/[/*])/mu, inOneFunction(POINTER_VALUE_MAP, /(?:^|\n)[ \t]*(?:var|type)\b/)),
  query: `
    (assignment_statement
      left: (expression_list (index_expression) @target)
      right: (expression_list (unary_expression operator: "&" operand: (identifier) @copy) @address)) @store
    (source_file (var_declaration) @packageVar)
    (source_file (type_declaration) @packageType)`,
  check(context, matches) {
    const packageIndex = () => context.resolver();
    const longLived: SyntaxNode[] = [];
    for (const { captures } of matches) {
      if (captures.store) checkStoredAddress(context, captures, packageIndex);
      else if (captures.packageVar) longLived.push(captures.packageVar);
      else if (captures.packageType) longLived.push(captures.packageType);
    }
    // Cheap gate before any package-wide work: the file must spell a map of pointers.
    if (longLived.length && POINTER_VALUE_MAP.test(context.file.text)) checkLongLivedMaps(context, longLived, packageIndex());
  },
};

// ---- (a) the address of a copy stored into a map ---------------------------------------

function checkStoredAddress(context: RuleContext, captures: Record<string, SyntaxNode>, packageIndex: () => Resolver): void {
  const { store, target, address, copy } = captures;
  const left = store.childForFieldName('left')!;
  const right = store.childForFieldName('right')!;
  if (left.namedChildCount !== 1 || right.namedChildCount !== 1) return;
  const resolver = packageIndex();
  const declaration = resolver.localDeclaration(copy);
  if (!declaration?.function) return;
  const mapExpression = target.childForFieldName('operand');
  if (!mapExpression || !isMap(resolver, mapExpression)) return;
  const mapText = mapExpression.text;
  const name = copy.text;

  if (declaration.kind === 'range') {
    const names = declaration.statement.childForFieldName('left')?.namedChildren ?? [];
    // Only the value variable (`for _, v := range xs`) is a copy of an element.
    if (names.length !== 2 || names[1]?.id !== declaration.name.id) return;
    const perIteration = goVersionAtLeast(context.goVersion, '1.22');
    // Since Go 1.22 this costs an allocation per entry, which a test does not keep; before, every
    // entry is the same variable, a bug in a test too.
    if (perIteration && inTestFile(context.file, context.module)) return;
    // Since Go 1.22, a map's or channel's elements cannot be pointed at: the copy is the only way
    // to a pointer, which the map's type asks for.
    if (perIteration && !elementsAddressable(resolver, declaration.statement)) return;
    if (perIteration && storedForSomeIterations(declaration.statement, store)) return;
    context.report({
      range: nodeRange(address),
      message: perIteration
        ? `&${name} stores the address of range variable ${name} in ${mapText}: each iteration copies the element into its own heap object that the map keeps alive.`
        : `&${name} stores the address of range variable ${name} in ${mapText}: before Go 1.22 every entry points to the same variable, which ends up holding the last element, and it escapes to the heap.`,
      remedy: 'store a pointer to the element itself (range over the indexes, &s[i]) or keep values in the map',
      related: [{ range: nodeRange(declaration.statement), message: `${name} is a copy of each element` }],
    });
    return;
  }

  // `c := v` of the range value variable v: a copy of the element made each iteration, which
  // `&c` moves to the heap just like `&v`.
  // The copies below cost an allocation per entry: nothing a test keeps.
  if (inTestFile(context.file, context.module)) return;
  const rangeCopy = rangeVariableCopied(resolver, declaration);
  if (rangeCopy) {
    if (!isOnlyAssignment(resolver, declaration, copy)) return;
    // A copy of an element of a map or channel (`vv := v`, the idiom before Go 1.22): no element
    // can be pointed at instead.
    const copied = resolver.localDeclaration(rangeCopy);
    if (copied && !elementsAddressable(resolver, copied.statement)) return;
    if (copied && storedForSomeIterations(copied.statement, store)) return;
    // A copy changed before it is stored is a deliberate variant, not a stand-in for the element.
    if (isChangedBetween(declaration.function, copy.text, declaration.statement, address)) return;
    context.report({
      range: nodeRange(address),
      message: `&${name} stores the address of ${name}, a copy of range variable ${rangeCopy.text}, in ${mapText}: each iteration copies the element into its own heap object that the map keeps alive.`,
      remedy: 'store a pointer to the element itself (range over the indexes, &s[i]) or keep values in the map',
      related: [{ range: nodeRange(declaration.statement), message: `${name} copies the element held by ${rangeCopy.text}` }],
    });
    return;
  }

  const source = dereferencedSource(declaration.value ?? null);
  if (!source || !isOnlyAssignment(resolver, declaration, copy)) return;
  // A copy changed before it is stored is a deliberate variant of the original; it is only
  // worth reporting when the values are small and pointer-free enough to live in the map.
  // The same when the original is changed after the copy: the copy is a snapshot.
  // So is a copy of each element of a collection of pointers (`for k, p := range src { c := *p;
  // dst[k] = &c }`): a clone, whose entries must not be the objects src still holds.
  const deliberate =
    isChangedBetween(declaration.function, copy.text, declaration.statement, address) ||
    isChangedBetween(declaration.function, baseIdentifier(source)?.text ?? '', declaration.statement, declaration.function) ||
    isRangeValue(resolver, source);
  // Values in the map would change its type, which is not this code's to change when the map's
  // type belongs to the package's API or to another package.
  if (deliberate && (!isSmallPointerFreePointee(resolver, source) || typeFixedElsewhere(resolver, mapExpression))) return;
  // A deliberate copy must stay a copy: storing the original would share it.
  const fix = deliberate ? undefined : storeExistingPointerFix(context, declaration.function, declaration.statement, declaration.name, address, source);
  context.report({
    range: nodeRange(address),
    message: `&${name} stores the address of a copy of *${source.text} in ${mapText}: every entry becomes its own heap allocation that the map keeps alive and the GC must scan.`,
    remedy: deliberate ? 'keep values in the map: the copies then live in it, with no allocation each' : `store ${source.text} itself or keep values in the map`,
    related: [{ range: nodeRange(declaration.statement), message: `${name} copies *${source.text} here` }],
    fixes: fix ? [fix] : [],
  });
}

function isChangedBetween(fn: SyntaxNode, name: string, from: SyntaxNode, to: SyntaxNode): boolean {
  let changed = false;
  walkNamed(fn, (node) => {
    if (changed || node.endIndex <= from.endIndex || (to.id !== fn.id && node.startIndex >= to.startIndex)) return false;
    if (node.type === 'identifier' && node.text === name && isWritten(node)) changed = true;
  });
  return changed;
}

/**
 * Whether the elements a range clause walks can be pointed at (`&s[i]`): not those of a map or
 * a channel (nor a string's runes). Unknown collections count as addressable, as before.
 */
function elementsAddressable(resolver: Resolver, rangeClause: SyntaxNode): boolean {
  const ranged = rangeClause.type === 'range_clause' ? rangeClause.childForFieldName('right') : null;
  if (!ranged) return true;
  const kind = resolver.underlying(resolver.typeOf(ranged)).kind;
  return kind !== 'map' && kind !== 'chan' && !(kind === 'basic' && resolver.underlying(resolver.typeOf(ranged)).name === 'string');
}

/**
 * Whether the loop of a range clause stores only the elements a condition picks: the store sits
 * under an `if`, `switch` or `select` of the loop body, or after a `continue` of this loop. A
 * pointer into the slice (`&s[i]`) would then keep the whole slice alive for the few entries the
 * map holds, and copying those few is the smaller cost.
 */
function storedForSomeIterations(rangeClause: SyntaxNode, store: SyntaxNode): boolean {
  const loop = rangeClause.parent;
  const body = loop?.type === 'for_statement' ? loop.childForFieldName('body') : null;
  if (!body || !contains(body, store)) return false;
  for (let node = store.parent; node && node.id !== body.id; node = node.parent) {
    if (CONDITIONAL_STATEMENTS.has(node.type)) return true;
    if (node.type === 'func_literal') return false;
  }
  let skipped = false;
  walkNamed(body, (node) => {
    if (skipped || node.startIndex >= store.startIndex) return false;
    if (node.type === 'func_literal') return false;
    if (node.type === 'continue_statement' && continuesLoop(node, loop!)) skipped = true;
  });
  return skipped;
}

const CONDITIONAL_STATEMENTS = new Set(['if_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement']);

/** A `continue` that goes to the next iteration of `loop` (unlabelled in its body, or labelled with its label). */
function continuesLoop(statement: SyntaxNode, loop: SyntaxNode): boolean {
  const label = statement.namedChild(0)?.text;
  if (label) return loop.parent?.type === 'labeled_statement' && loop.parent.childForFieldName('label')?.text === label;
  for (let node = statement.parent; node; node = node.parent) if (node.type === 'for_statement') return node.id === loop.id;
  return false;
}

/** The range value variable a local is a plain copy of (`c := v`, `var c = v`). */
function rangeVariableCopied(resolver: Resolver, declaration: Declaration): SyntaxNode | undefined {
  const value = declaration.value ? unparenthesize(declaration.value) : undefined;
  if (value?.type !== 'identifier') return undefined;
  const source = resolver.localDeclaration(value);
  if (source?.kind !== 'range' || source.multi?.index !== 1) return undefined;
  return value;
}

/** The value variable of a range loop (`p` in `for _, p := range ps`). */
function isRangeValue(resolver: Resolver, node: SyntaxNode): boolean {
  const value = unparenthesize(node);
  if (value.type !== 'identifier') return false;
  const declaration = resolver.localDeclaration(value);
  return declaration?.kind === 'range' && declaration.multi?.index === 1;
}

/** `u` of type `*T` with T a small pointer-free struct of this package. */
function isSmallPointerFreePointee(index: Resolver, pointer: SyntaxNode): boolean {
  const type = index.typeOf(pointer);
  const layout = type.kind === 'pointer' && type.elem ? index.layout(type.elem) : undefined;
  return !!layout && layout.pointerFree && layout.size > 0 && layout.size <= SMALL_VALUE_BYTES;
}

/**
 * Whether a map's type is one its users or another package rely on: an exported field of an
 * exported type of this package, a field of another package's type, or an exported package
 * variable.
 */
function typeFixedElsewhere(index: Resolver, mapExpression: SyntaxNode): boolean {
  const expression = unparenthesize(mapExpression);
  if (expression.type === 'selector_expression') {
    const field = expression.childForFieldName('field')?.text ?? '';
    const operand = expression.childForFieldName('operand');
    let owner = operand ? index.typeOf(operand) : undefined;
    if (owner?.kind === 'pointer' && owner.elem) owner = owner.elem;
    if (owner?.kind !== 'named' || !owner.name) return false;
    return owner.pkg !== '' || (isExported(owner.name) && isExported(field));
  }
  if (expression.type === 'identifier') {
    const declaration = index.declarationOf(expression);
    return !!declaration?.packageLevel && isExported(expression.text);
  }
  return false;
}

/** A Go name visible outside its package: it starts with an upper-case letter. */
function isExported(name: string): boolean {
  return /^\p{Lu}/u.test(name);
}

function isMap(index: Resolver, expression: SyntaxNode): boolean {
  return index.underlying(index.typeOf(expression)).kind === 'map';
}

/** `*u` (or `*s.user`) → the pointer expression; only simple names, whose value is stable. */
function dereferencedSource(value: SyntaxNode | null): SyntaxNode | undefined {
  if (!value) return undefined;
  value = unparenthesize(value);
  if (value.type !== 'unary_expression' || value.childForFieldName('operator')?.text !== '*') return undefined;
  const operand = unparenthesize(value.childForFieldName('operand')!);
  for (let node: SyntaxNode | null = operand; node; node = node.type === 'selector_expression' ? node.childForFieldName('operand') : null) {
    if (node.type === 'identifier') return operand;
    if (node.type !== 'selector_expression') return undefined;
  }
  return undefined;
}

/** The copy is declared once and never assigned again in its function. */
function isOnlyAssignment(resolver: Resolver, declaration: Declaration, copy: SyntaxNode): boolean {
  let reassigned = false;
  walkNamed(declaration.function!, (node) => {
    if (reassigned) return false;
    if (node.type === 'identifier' && node.text === copy.text && node.id !== declaration.name.id && isReassigned(node)) {
      if (resolver.localDeclaration(node)?.name.id === declaration.name.id) reassigned = true;
    }
  });
  return !reassigned;
}

/** `x = ...` (the whole variable, not a part of it). */
function isReassigned(identifier: SyntaxNode): boolean {
  const list = identifier.parent;
  const statement = list?.parent;
  return list?.type === 'expression_list' && statement?.type === 'assignment_statement' && statement.childForFieldName('left')?.id === list.id;
}

/** `x = ...`, `x.f = ...`, `x.n++`, `x[i] = ...`: the variable (or part of it) is written. */
function isWritten(identifier: SyntaxNode): boolean {
  let top = identifier;
  while (top.parent && ['selector_expression', 'index_expression', 'parenthesized_expression'].includes(top.parent.type)) {
    if (top.parent.type !== 'parenthesized_expression' && top.parent.childForFieldName('operand')?.id !== top.id) break;
    top = top.parent;
  }
  const parent = top.parent;
  if (!parent) return false;
  if (parent.type === 'inc_statement' || parent.type === 'dec_statement') return true;
  if (parent.type === 'expression_list') {
    const statement = parent.parent;
    if ((statement?.type === 'assignment_statement' || statement?.type === 'short_var_declaration') && statement.childForFieldName('left')?.id === parent.id) {
      return statement.type === 'assignment_statement' || top.id !== identifier.id;
    }
  }
  return false;
}

/**
 * Replace `&c` by the pointer it was copied from, when neither the copy nor the pointer is
 * changed and the copy's address is taken nowhere else; drop the copy if nothing else reads it.
 * Not preferred: the map then shares the object with whoever else holds the pointer.
 */
function storeExistingPointerFix(
  context: RuleContext,
  fn: SyntaxNode,
  copyStatement: SyntaxNode,
  copyName: SyntaxNode,
  address: SyntaxNode,
  source: SyntaxNode,
): Fix | undefined {
  const sourceRoot = source.type === 'identifier' ? source : baseIdentifier(source);
  let otherUses = 0;
  let blocked = false;
  walkNamed(fn, (node) => {
    if (blocked) return false;
    if (node.type !== 'identifier') return;
    if (node.text === copyName.text && node.id !== copyName.id && !contains(address, node)) {
      if (context.resolver().localDeclaration(node)?.name.id !== copyName.id) return;
      otherUses++;
      const parent = node.parent;
      const addressTaken = parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '&';
      const methodCall = parent?.type === 'selector_expression' && parent.parent?.type === 'call_expression' && parent.parent.childForFieldName('function')?.id === parent.id;
      if (addressTaken || methodCall || isWritten(node)) blocked = true;
    }
    // The pointer must still point at the same object when it is stored.
    if (sourceRoot && node.text === sourceRoot.text && node.startIndex > copyStatement.endIndex && node.startIndex < address.startIndex && isWritten(node)) blocked = true;
  });
  if (blocked || enclosingFunction(address)?.id !== fn.id) return undefined;
  const edits = [{ range: nodeRange(address), newText: source.text }];
  if (otherUses === 0) {
    const statement = statementOf(copyStatement) ?? copyStatement;
    if (statement.type !== 'short_var_declaration' && statement.type !== 'var_declaration') return undefined;
    edits.push({ range: wholeLines(context.file, statement), newText: '' });
  }
  return { title: `Store ${source.text} instead of the address of a copy`, edits, preferred: false };
}

function baseIdentifier(node: SyntaxNode): SyntaxNode | undefined {
  node = unparenthesize(node);
  while (node.type === 'selector_expression') node = node.childForFieldName('operand')!;
  return node.type === 'identifier' ? node : undefined;
}

/** The full lines a statement occupies, with their line break, for deleting it. */
function wholeLines(file: SourceFile, statement: SyntaxNode) {
  return { start: { line: statement.startPosition.row, character: 0 }, end: { line: statement.endPosition.row + 1, character: 0 } };
}

// ---- (b) long-lived maps of pointers to small pointer-free structs --------------------

function checkLongLivedMaps(context: RuleContext, declarations: readonly SyntaxNode[], index: Resolver): void {
  const reported = new Set<number>();
  const report = (mapType: SyntaxNode, identity: MapIdentity, holder: string) => {
    if (reported.has(mapType.id)) return;
    reported.add(mapType.id);
    checkMapType(context, index, mapType, identity, holder);
  };
  for (const declaration of declarations) {
    if (declaration.type === 'var_declaration') {
      for (const spec of specsOf(declaration, 'var_spec')) {
        for (const name of spec.childrenForFieldName('name')) {
          const variable = name ? index.packageDeclaration(name.text) : undefined;
          if (variable?.kind !== 'var' || variable.name.id !== name!.id) continue;
          const inferred = variable.value && !variable.type ? typeOfValue(variable.value) : undefined;
          if (inferred?.pointer) continue;
          const type = variable.type ?? inferred?.type;
          if (type?.type === 'map_type') report(type, { kind: 'package-var', name: name!.text }, name!.text);
          else if (type?.type === 'struct_type') {
            const owner = index.typeFromSyntax(type);
            for (const field of mapFields(type)) report(field.type, { kind: 'field', name: field.name, owner }, `${name!.text}.${field.name}`);
          }
        }
      }
    } else {
      for (const spec of declaration.namedChildren) {
        if (spec?.type !== 'type_spec' || spec.childForFieldName('type_parameters')) continue;
        const typeName = spec.childForFieldName('name')?.text ?? '';
        const type = spec.childForFieldName('type');
        if (!type || (type.type !== 'map_type' && type.type !== 'struct_type')) continue;
        // Only maps of pointers to small pointer-free structs are reported: others need no holder lookup.
        const maps = type.type === 'map_type' ? [type] : mapFields(type).map((field) => field.type);
        if (!maps.some((map) => smallPointerFreePointee(index, map))) continue;
        // Package-level variables of this named type.
        const holders = index.varsOfType(typeName);
        if (holders.length === 0) continue;
        if (type.type === 'map_type') {
          for (const holder of holders) if (index.declaredType(holder).kind !== 'pointer') report(type, { kind: 'package-var', name: holder.name.text }, holder.name.text);
        } else if (type.type === 'struct_type') {
          const owner: GoType = { kind: 'named', pkg: '', name: typeName, text: typeName };
          for (const field of mapFields(type)) report(field.type, { kind: 'field', name: field.name, owner }, `${holders[0].name.text}.${field.name}`);
        }
      }
    }
  }
}

function mapFields(struct: SyntaxNode): { name: string; type: SyntaxNode }[] {
  const fields: { name: string; type: SyntaxNode }[] = [];
  const list = struct.namedChildren.find((child) => child?.type === 'field_declaration_list');
  for (const field of list?.namedChildren ?? []) {
    const type = field?.type === 'field_declaration' ? field.childForFieldName('type') : null;
    if (type?.type !== 'map_type') continue;
    for (const name of field!.childrenForFieldName('name')) if (name) fields.push({ name: name.text, type });
  }
  return fields;
}

/** The pointee of `map[K]*T` with T a small pointer-free struct of this package, and its layout. */
function smallPointerFreePointee(index: Resolver, mapType: SyntaxNode): { pointee: SyntaxNode; layout: Layout } | undefined {
  const value = mapType.childForFieldName('value');
  const pointee = value?.type === 'pointer_type' ? value.namedChild(0) : null;
  if (pointee?.type !== 'type_identifier') return undefined;
  const pointeeType = index.typeFromSyntax(pointee);
  if (!index.typeDeclaration(pointeeType) || index.underlying(pointeeType).kind !== 'struct') return undefined;
  const layout = index.layout(pointeeType);
  if (!layout || !layout.pointerFree || layout.size === 0 || layout.size > SMALL_VALUE_BYTES) return undefined;
  return { pointee, layout };
}

function checkMapType(context: RuleContext, index: Resolver, mapType: SyntaxNode, identity: MapIdentity, holder: string): void {
  const small = smallPointerFreePointee(index, mapType);
  if (!small) return;
  const { pointee, layout } = small;
  if (valuesMutatedInPlace(index, mapAccesses(index, identity), pointee.text)) return;

  const key = mapType.childForFieldName('key');
  const keyLayout = key ? index.layout(index.typeFromSyntax(key)) : undefined;
  const valueMap = `map[${key?.text ?? 'K'}]${pointee.text}`;
  const gcNote = keyLayout?.pointerFree ? ', and with no pointers in key or value the GC skips the whole map' : " in the map's buckets";
  context.report({
    severity: LONG_LIVED_MAPS.severity,
    range: nodeRange(mapType),
    message: `${holder} holds *${pointee.text} values (${layout.size} bytes, no pointers): every entry is a separate heap allocation the GC must trace on each cycle.`,
    remedy: `use ${valueMap}: it stores them inline${gcNote}`,
  });
}
