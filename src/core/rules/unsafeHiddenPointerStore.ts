import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { PackageTypes, ResolvedType } from '../analysis/goTypes';
import { ADDRESS_CONVERSION_HINT, addressOperand, asUnsafeCast, conversionArgument, fixEditsWithImports, isRuntimePackage, packageTypes, unsafePointerArgument } from '../analysis/unsafe';
import { WHOLE_FILE_QUERY } from '../analysis/pool';
import type { Rule, SourceFile } from '../rule';
import { nodeRange, normalizedText, unparenthesize } from '../syntax';
import type { TextEdit } from '../text';

/** Kinds whose values are pointers the garbage collector must see written. */
const POINTER_KINDS: ReadonlySet<ResolvedType['kind']> = new Set(['pointer', 'unsafePointer', 'map', 'chan', 'func']);

export const unsafeHiddenPointerStore: Rule = {
  meta: {
    id: 'unsafe-hidden-pointer-store',
    family: 'unsafe',
    defaultSeverity: 'error',
    description: 'A pointer variable is written through an integer alias (*(*uintptr)(unsafe.Pointer(&p)) = ...), hiding the store from the GC write barrier.',
    docs: 'docs/rules/unsafe-hidden-pointer-store.md',
    fixable: true,
  },
  textHint: ADDRESS_CONVERSION_HINT,
  // File scope: one fix may rewrite every hidden store in the file to drop the unsafe import.
  scope: 'file',
  // The stores are found from the file's `unsafe` words (hiddenStores): a query with #eq?/#match?
  // predicates would walk the whole tree and hand candidates to JavaScript.
  query: WHOLE_FILE_QUERY,
  check(context) {
    if (isRuntimePackage(context.file)) return;
    let types: PackageTypes | undefined;
    const stores: { target: SyntaxNode; variable: SyntaxNode; type: ResolvedType; integer: string; edits: TextEdit[] | undefined }[] = [];
    for (const captures of hiddenStores(context.file)) {
      const target = captures.target;
      const cast = asUnsafeCast(unparenthesize(target.childForFieldName('operand')!));
      const variable = addressOperand(cast?.pointer ?? null);
      if (!cast || !variable || (variable.type !== 'identifier' && variable.type !== 'selector_expression')) continue;
      types ??= packageTypes(context);
      const type = types.typeOfExpression(variable);
      if (!POINTER_KINDS.has(type.kind)) continue;
      const assignment = captures.assignment;
      const edits = typedAssignment(types, assignment, variable, type);
      stores.push({ target, variable, type, integer: captures.integer.text, edits });
    }
    const withImports = fixEditsWithImports(context.file, stores.map((store) => store.edits), ['unsafe']);
    stores.forEach((store, index) => {
      const { edits, merged } = withImports[index];
      const name = store.variable.text;
      context.report({
        range: nodeRange(store.target),
        message: `${name} holds a pointer but is written as a ${store.integer}, so the GC write barrier never sees the store and can free what ${name} now points to.`,
        remedy: `assign ${name} with its own pointer type (or through *unsafe.Pointer)`,
        fixes: edits ? [{ title: merged ? 'Assign every hidden pointer in this file with its own type' : `Assign ${name} with its own type`, preferred: true, edits }] : [],
      });
    });
  },
};

/** `p = q` (or a typed conversion) for stores whose value is plainly a pointer; undefined otherwise. */
function typedAssignment(types: PackageTypes, assignment: SyntaxNode, variable: SyntaxNode, type: ResolvedType): TextEdit[] | undefined {
  if (assignment.childForFieldName('operator')?.text !== '=') return undefined;
  const values = assignment.childForFieldName('right')?.namedChildren ?? [];
  if (values.length !== 1 || !values[0]) return undefined;
  const value = unparenthesize(values[0]);
  const replaceWith = (expression: string): TextEdit[] => [{ range: nodeRange(assignment), newText: `${variable.text} = ${expression}` }];

  if (value.type === 'int_literal' && /^0+$|^0x0+$/i.test(value.text)) return replaceWith('nil');

  // The value is another pointer variable read through the same kind of alias.
  const aliasRead = value.type === 'unary_expression' && value.childForFieldName('operator')?.text === '*' ? asUnsafeCast(unparenthesize(value.childForFieldName('operand')!)) : null;
  const source = addressOperand(aliasRead?.pointer ?? null);
  if (source) {
    const sourceType = types.typeOfExpression(source);
    return sourceType.text && type.text && normalizedText(source) !== normalizedText(variable) && sameType(sourceType, type) ? replaceWith(source.text) : undefined;
  }

  // uintptr(unsafe.Pointer(e)): the pointer e, converted to the variable's type.
  const pointer = unsafePointerArgument(unparenthesize(conversionArgument(value, 'uintptr') ?? value));
  if (!pointer || !conversionArgument(value, 'uintptr')) return undefined;
  if (type.kind === 'unsafePointer') return replaceWith(`unsafe.Pointer(${pointer.text})`);
  if (type.kind !== 'pointer' || !type.text) return undefined;
  const pointerType = types.typeOfExpression(pointer);
  if (sameType(pointerType, type)) return replaceWith(pointer.text);
  return replaceWith(`(${type.text})(unsafe.Pointer(${pointer.text}))`);
}

function sameType(a: ResolvedType, b: ResolvedType): boolean {
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
