import type { Node as SyntaxNode } from 'web-tree-sitter';
import { WHOLE_FILE_QUERY } from '../analysis/pool';
import { UnsafeKind, unsafeKind, ADDRESS_CONVERSION_HINT, addressOperand, asPointerConversion, onlyArgumentNode, parentExpression, PointerConversion, UNSAFE_STRING_DATA_GO, unsafePointerArgument, unsafePointerCalls } from '../analysis/unsafe';
import { goVersionAtLeast } from '../goVersion';
import type { Fix, Rule, RuleContext } from '../rule';
import { nodeRange, normalizedText, unparenthesize } from '../syntax';

/** Target kinds that read a string's header as if it were the text, or as raw words. */
const REINTERPRETING_KINDS: ReadonlySet<UnsafeKind> = new Set(['array', 'slice', 'integer', 'unsafePointer', 'pointer']);
const BYTE_TYPES: ReadonlySet<string> = new Set(['byte', 'uint8']);

export const unsafeStringHeaderCast: Rule = {
  meta: {
    id: 'unsafe-string-header-cast',
    family: 'unsafe',
    defaultSeverity: 'error',
    description: 'unsafe.Pointer(&s) with s a string is converted to a pointer to bytes or words: it reads the string header, not the text.',
    docs: 'docs/rules/unsafe-string-header-cast.md',
    fixable: true,
    fixMinGoVersion: UNSAFE_STRING_DATA_GO,
  },
  textHint: ADDRESS_CONVERSION_HINT,
  // File scope: whether the variable is a string can depend on a package-level declaration in another file.
  scope: 'file',
  // The conversions `unsafe.Pointer(&x)` are found by a text scan (unsafePointerCalls).
  query: WHOLE_FILE_QUERY,
  check(context) {
    for (const unsafeCall of unsafePointerCalls(context.file)) {
      const argument = onlyArgumentNode(unsafeCall);
      if (argument?.type !== 'unary_expression' || argument.childForFieldName('operator')?.text !== '&') continue;
      const cast = asPointerConversion(parentExpression(unsafeCall));
      if (!cast || unparenthesize(cast.operand).id !== unsafeCall.id) continue;
      const variable = addressOperand(unsafePointerArgument(unsafeCall));
      if (!variable || (variable.type !== 'identifier' && variable.type !== 'selector_expression')) continue;
      const resolver = context.resolver();
      if (!REINTERPRETING_KINDS.has(unsafeKind(resolver, resolver.typeFromSyntax(cast.target)))) continue;
      if (unsafeKind(resolver, resolver.typeOf(variable)) !== 'string') continue;
      report(context, cast, unsafeCall, variable);
    }
  },
};

function report(context: RuleContext, conversion: PointerConversion, unsafeCall: SyntaxNode, variable: SyntaxNode): void {
  const name = variable.text;
  const { target } = conversion;
  const cast = conversion.node;
  const dereference = conversion.dereferenced ? cast : parentExpression(cast);
  const isRead = conversion.dereferenced || (dereference?.type === 'unary_expression' && dereference.childForFieldName('operator')?.text === '*');
  const fix = stringDataFix(cast, unsafeCall, name, target, isRead, dereference);
  const range = nodeRange(isRead ? dereference! : cast);
  const expression = (isRead ? dereference! : cast).text;
  const targetText = normalizedText(target);
  const readsWord = targetText === 'uintptr' || targetText === 'unsafe.Pointer';
  const hasStringData = goVersionAtLeast(context.goVersion, UNSAFE_STRING_DATA_GO);
  const message = readsWord
    ? `${expression} reads the data pointer out of the header of string ${name} by its layout.`
    : `${expression} reinterprets the header of string ${name} (a data pointer and a length), not its bytes.`;
  // Before Go 1.20 nothing reaches a string's bytes without its header: copy them.
  const remedy = readsWord
    ? hasStringData
      ? `unsafe.StringData(${name}) gives the same address without depending on the layout`
      : `pass ${name} itself, or copy it with []byte(${name}) where bytes are needed`
    : hasStringData
      ? `use unsafe.StringData(${name}) to reach the text`
      : `copy the text with []byte(${name})`;
  context.report({
    range,
    message,
    remedy,
    fixes: fix ? [{ ...fix, minGoVersion: UNSAFE_STRING_DATA_GO }] : [],
  });
}

function stringDataFix(cast: SyntaxNode, unsafeCall: SyntaxNode, name: string, target: SyntaxNode, isRead: boolean, dereference: SyntaxNode | null): Fix | undefined {
  const targetText = normalizedText(target);
  const data = `unsafe.StringData(${name})`;
  const replace = (node: SyntaxNode, newText: string, title: string): Fix => ({ title, preferred: true, edits: [{ range: nodeRange(node), newText }] });

  if (isRead) {
    if (targetText === '[]byte' || targetText === '[]uint8') return replace(dereference!, `unsafe.Slice(${data}, len(${name}))`, `Use unsafe.Slice(${data}, len(${name}))`);
    if (targetText === 'unsafe.Pointer') return replace(dereference!, `unsafe.Pointer(${data})`, `Use unsafe.Pointer(${data})`);
    if (targetText === 'uintptr') return replace(dereference!, `uintptr(unsafe.Pointer(${data}))`, `Use the address from ${data}`);
  }
  if (isRead) return undefined;
  if (BYTE_TYPES.has(targetText)) return replace(cast, data, `Use ${data}`);
  const array = /^\[[^\]]+\](byte|uint8)$/.exec(targetText);
  if (array) {
    return replace(unsafeCall, `unsafe.Pointer(${data})`, `Point at the bytes with ${data}`);
  }
  return undefined;
}
