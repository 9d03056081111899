import type { Node as SyntaxNode } from 'web-tree-sitter';
import { addressOperand, asUnsafeCast, conversionArgument, fixEditsWithImports, isRuntimePackage, UnsafeKind, unsafeKind, unsafeConversionHint, unsafePointerArgument } from '../analysis/unsafe';
import type { GoType, Resolver } from '../resolver';
import { WHOLE_FILE_QUERY } from '../analysis/pool';
import type { Rule, SourceFile } from '../rule';
import { nodeRange, normalizedText, unparenthesize } from '../syntax';
import type { TextEdit } from '../text';

/** Kinds whose values are pointers the garbage collector must see written. */
const POINTER_KINDS: ReadonlySet<UnsafeKind> = new Set(['pointer', 'unsafePointer', 'map', 'chan', 'func']);

export const unsafeHiddenPointerStore: Rule = {
  meta: {
    id: 'unsafe-hidden-pointer-store',
    family: 'unsafe',
    defaultSeverity: 'error',
    description: 'A pointer variable is written through an integer alias (*(*uintptr)(unsafe.Pointer(&p)) = ...), hiding the store from the GC write barrier.',
    docs: 'docs/rules/unsafe-hidden-pointer-store.md',
    fixable: true,
  },
  // `*(*uintptr)(unsafe.Pointer(` with any integer type and blanks.
  textHint: unsafeConversionHint(/\*\s*\(\s*\*\s*u?int(?:8|16|32|64|ptr)?\s*\)\s*\(\s*unsafe\.Pointer\(/),
  // File scope: one fix may rewrite every hidden store in the file to drop the unsafe import.
  scope: 'file',
  // The stores are found from the file's `unsafe` words (hiddenStores): a query with #eq?/#match?
  // predicates would walk the whole tree and hand candidates to JavaScript.
  query: WHOLE_FILE_QUERY,
  check(context) {
    if (isRuntimePackage(context.file)) return;
    const stores: { target: SyntaxNode; name: string; integer: string; edits: TextEdit[] | undefined }[] = [];
    for (const captures of hiddenStores(context.file)) {
      const target = captures.target;
      const cast = asUnsafeCast(unparenthesize(target.childForFieldName('operand')!));
      if (!cast) continue;
      const resolver = context.resolver();
      const stored = storedVariable(resolver, unparenthesize(cast.pointer));
      if (!stored || !POINTER_KINDS.has(unsafeKind(resolver, stored.type))) continue;
      const assignment = captures.assignment;
      const edits = typedAssignment(resolver, assignment, stored.name, stored.type);
      stores.push({ target, name: stored.name, integer: captures.integer.text, edits });
    }
    const withImports = fixEditsWithImports(context.file, stores.map((store) => store.edits), ['unsafe']);
    stores.forEach((store, index) => {
      const { edits, merged } = withImports[index];
      const name = store.name;
      context.report({
        range: nodeRange(store.target),
        message: `${name} holds a pointer but is written as a ${store.integer}, so the GC write barrier never sees the store and can free what ${name} now points to.`,
        remedy: `assign ${name} with its own pointer type (or through *unsafe.Pointer)`,
        fixes: edits ? [{ title: merged ? 'Assign every hidden pointer in this file with its own type' : `Assign ${name} with its own type`, preferred: true, edits }] : [],
      });
    });
  },
};

/**
 * The variable a hidden store writes and its type: `x` of `unsafe.Pointer(&x)`, or `*pp` of
 * `unsafe.Pointer(pp)` with pp a pointer to a pointer (a `**T` parameter).
 */
function storedVariable(resolver: Resolver, address: SyntaxNode): { name: string; type: GoType } | undefined {
  const variable = addressOperand(address);
  if (variable) {
    if (variable.type !== 'identifier' && variable.type !== 'selector_expression') return undefined;
    return { name: variable.text, type: resolver.typeOf(variable) };
  }
  if (address.type !== 'identifier' && address.type !== 'selector_expression') return undefined;
  const pointee = resolver.pointee(resolver.typeOf(address));
  return pointee.kind === 'unknown' ? undefined : { name: `*${address.text}`, type: pointee };
}

/** `p = q` (or a typed conversion) for stores whose value is plainly a pointer; undefined otherwise. */
function typedAssignment(resolver: Resolver, assignment: SyntaxNode, variable: string, type: GoType): TextEdit[] | undefined {
  if (assignment.childForFieldName('operator')?.text !== '=') return undefined;
  const values = assignment.childForFieldName('right')?.namedChildren ?? [];
  if (values.length !== 1 || !values[0]) return undefined;
  const value = unparenthesize(values[0]);
  const replaceWith = (expression: string): TextEdit[] => [{ range: nodeRange(assignment), newText: `${variable} = ${expression}` }];
  const kind = unsafeKind(resolver, type);

  if (value.type === 'int_literal' && /^0+$|^0x0+$/i.test(value.text)) return replaceWith('nil');

  // The value is another pointer variable read through the same kind of alias.
  const aliasRead = value.type === 'unary_expression' && value.childForFieldName('operator')?.text === '*' ? asUnsafeCast(unparenthesize(value.childForFieldName('operand')!)) : null;
  const source = addressOperand(aliasRead?.pointer ?? null);
  if (source) {
    const sourceType = resolver.typeOf(source);
    return sourceType.text && type.text && normalizedText(source) !== variable.replace(/\s+/g, '') && sameType(sourceType, type) ? replaceWith(source.text) : undefined;
  }

  // uintptr(unsafe.Pointer(e)): the pointer e, converted to the variable's type.
  const pointer = unsafePointerArgument(unparenthesize(conversionArgument(value, 'uintptr') ?? value));
  if (!pointer || !conversionArgument(value, 'uintptr')) return undefined;
  if (kind === 'unsafePointer') return replaceWith(`unsafe.Pointer(${pointer.text})`);
  if (kind !== 'pointer' || !type.text) return undefined;
  const pointerType = resolver.typeOf(pointer);
  if (sameType(pointerType, type)) return replaceWith(pointer.text);
  return replaceWith(`(${type.text})(unsafe.Pointer(${pointer.text}))`);
}

function sameType(a: GoType, b: GoType): boolean {
  return !!a.text && a.text.replace(/\s+/g, '') === b.text.replace(/\s+/g, '');
}

/** Integer types a hidden store writes through (`*(*uintptr)(unsafe.Pointer(&p)) = ...`). */
const INTEGER_TARGET = /^u?int(8|16|32|64|ptr)?$/;

/**
 * Assignments `*(*<integer>)(unsafe.<F>(<one argument>)) = ...` with that target alone on the
 * left, in document order: found from the `unsafe` words of the file.
 */
function hiddenStores(file: SourceFile): { assignment: SyntaxNode; target: SyntaxNode; integer: SyntaxNode }[] {
  const stores: { assignment: SyntaxNode; target: SyntaxNode; integer: SyntaxNode }[] = [];
  const root = file.tree.rootNode;
  const word = /\bunsafe\b/g;
  for (let match = word.exec(file.text); match; match = word.exec(file.text)) {
    const operand = root.descendantForIndex(match.index, match.index + 'unsafe'.length);
    if (operand?.type !== 'identifier' || operand.text !== 'unsafe') continue;
    const selector = operand.parent;
    if (selector?.type !== 'selector_expression' || selector.childForFieldName('operand')?.id !== operand.id) continue;
    const unsafeCall = selector.parent;
    if (unsafeCall?.type !== 'call_expression' || unsafeCall.childForFieldName('function')?.id !== selector.id) continue;
    const args = unsafeCall.parent;
    if (args?.type !== 'argument_list' || args.namedChildCount !== 1) continue;
    const cast = args.parent;
    if (cast?.type !== 'call_expression' || cast.childForFieldName('arguments')?.id !== args.id) continue;
    const callee = cast.childForFieldName('function');
    if (callee?.type !== 'parenthesized_expression') continue;
    const integer = callee.namedChildren
      .map((child) => (child?.type === 'unary_expression' && child.childForFieldName('operator')?.text === '*' ? child.childForFieldName('operand') : null))
      .find((inner) => inner?.type === 'identifier' && INTEGER_TARGET.test(inner.text));
    if (!integer) continue;
    const target = cast.parent;
    if (target?.type !== 'unary_expression' || target.childForFieldName('operator')?.text !== '*' || target.childForFieldName('operand')?.id !== cast.id) continue;
    const left = target.parent;
    if (left?.type !== 'expression_list' || left.namedChildCount !== 1) continue;
    const assignment = left.parent;
    if (assignment?.type !== 'assignment_statement' || assignment.childForFieldName('left')?.id !== left.id) continue;
    stores.push({ assignment, target, integer });
  }
  return stores;
}
