import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { PackageTypes, ResolvedType } from '../analysis/goTypes';
import { addressOperand, asUnsafeCast, conversionArgument, fixEditsWithImports, isRuntimePackage, packageTypes, unsafePointerArgument } from '../analysis/unsafe';
import type { Rule } from '../rule';
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
  textHint: /\bunsafe\.Pointer\(\s*&/,
  // File scope: one fix may rewrite every hidden store in the file to drop the unsafe import.
  scope: 'file',
  query: `(assignment_statement
    left: (expression_list . (unary_expression operator: "*"
      operand: (call_expression
        function: (parenthesized_expression (unary_expression operator: "*" operand: (identifier) @integer))
        arguments: (argument_list . (call_expression function: (selector_expression operand: (identifier) @package)) .))) @target .)
    (#match? @integer "^u?int(8|16|32|64|ptr)?$") (#eq? @package "unsafe")) @assignment`,
  check(context, matches) {
    if (isRuntimePackage(context.file)) return;
    let types: PackageTypes | undefined;
    const stores: { target: SyntaxNode; variable: SyntaxNode; type: ResolvedType; integer: string; edits: TextEdit[] | undefined }[] = [];
    for (const { captures } of matches) {
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
