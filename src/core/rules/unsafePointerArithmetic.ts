import type { Node as SyntaxNode } from 'web-tree-sitter';
import { WHOLE_FILE_QUERY } from '../analysis/pool';
import { conversionArgument, kindOfExpression, onlyArgumentNode, UNSAFE_ADD_GO, unsafeConversionHint, unsafePointerArgument, unsafePointerCalls } from '../analysis/unsafe';
import { goVersionAtLeast } from '../goVersion';
import { INTEGER_TYPES } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import { nodeRange, unparenthesize } from '../syntax';

export const unsafePointerArithmetic: Rule = {
  meta: {
    id: 'unsafe-pointer-arithmetic',
    family: 'unsafe',
    defaultSeverity: 'info',
    description: 'unsafe.Pointer(uintptr(p) + off) is valid in one expression; unsafe.Add(p, off) says it without an integer a later edit could store.',
    docs: 'docs/rules/unsafe-pointer-arithmetic.md',
    fixable: true,
    fixMinGoVersion: UNSAFE_ADD_GO,
  },
  // Spaces and line breaks are allowed inside the parentheses (x/sys/unix/ioctl_linux.go breaks the line).
  textHint: unsafeConversionHint(/\bunsafe\.Pointer\(\s*uintptr\s*\(/),
  // File scope: the pointer's type can come from a package-level declaration in another file.
  scope: 'file',
  // The conversions `unsafe.Pointer(<binary expression>)` are found by a text scan (unsafePointerCalls).
  query: WHOLE_FILE_QUERY,
  check(context) {
    for (const conversion of unsafePointerCalls(context.file)) {
      if (onlyArgumentNode(conversion)?.type !== 'binary_expression') continue;
      const captures = { conversion };
      const sum = unsafePointerArgument(captures.conversion);
      if (sum?.type !== 'binary_expression') continue;
      const chain = arithmeticChain(sum);
      if (!chain) continue;
      const pointer = unparenthesize(chain.pointer);
      const isPointer = unsafePointerArgument(pointer) !== null || kindOfExpression(context, pointer) === 'unsafePointer';
      if (!isPointer) continue;
      report(context, captures.conversion, pointer, chain);
    }
  },
};

interface ArithmeticChain {
  /** The pointer converted to uintptr at the start of the chain. */
  pointer: SyntaxNode;
  /** Each step after `uintptr(p)`: the operator and its right operand. */
  steps: { operator: string; operand: SyntaxNode }[];
}

/** `uintptr(p) ± a ± b ...` (left-nested, no parentheses), or null for any other shape. */
function arithmeticChain(sum: SyntaxNode): ArithmeticChain | null {
  const steps: ArithmeticChain['steps'] = [];
  let node = sum;
  while (node.type === 'binary_expression') {
    const operator = node.childForFieldName('operator')?.text ?? '';
    if (operator !== '+' && operator !== '-') return null;
    steps.push({ operator, operand: node.childForFieldName('right')! });
    node = node.childForFieldName('left')!;
  }
  const pointer = conversionArgument(node, 'uintptr');
  // Collected from the end (the chain nests to the left); unshift would make it quadratic.
  return pointer ? { pointer, steps: steps.reverse() } : null;
}

function report(context: RuleContext, conversion: SyntaxNode, pointer: SyntaxNode, chain: ArithmeticChain): void {
  const offset = offsetText(context, chain);
  // unsafe.Add takes an unsafe.Pointer: converting one that already is would be noise.
  const inner = unsafePointerArgument(pointer);
  const pointerText = inner && kindOfExpression(context, inner) === 'unsafePointer' ? inner.text : pointer.text;
  const suggestion = offset === undefined ? `unsafe.Add(${pointerText}, …)` : `unsafe.Add(${pointerText}, ${offset})`;
  const fixes: Fix[] = [];
  if (offset !== undefined) {
    fixes.push({ title: `Use ${suggestion}`, preferred: true, edits: [{ range: nodeRange(conversion), newText: suggestion }], minGoVersion: UNSAFE_ADD_GO });
  }
  context.report({
    range: nodeRange(conversion),
    message: `${conversion.text.replace(/\s*\n\s*/g, ' ')} is valid pointer arithmetic (pattern 3 of package unsafe) as long as it stays one expression.`,
    // Before unsafe.Add, the conversion and the arithmetic in one expression is the valid form.
    remedy: goVersionAtLeast(context.goVersion, UNSAFE_ADD_GO)
      ? `${suggestion} says it without an integer in between that a later edit could keep in a variable`
      : 'keep the conversion and the arithmetic in this one expression, never in a uintptr variable',
    fixes,
  });
}

/** Signed integer types: a value of one can be negated and passed to unsafe.Add as it is. */
const SIGNED_INTEGERS: ReadonlySet<string> = new Set(['int', 'int8', 'int16', 'int32', 'int64']);

/** The offset as unsafe.Add's second argument, or undefined when it cannot be written simply. */
function offsetText(context: RuleContext, chain: ArithmeticChain): string | undefined {
  const text = context.file.text;
  const [first, ...rest] = chain.steps;
  if (first.operator === '+') {
    // unsafe.Add takes any integer type: `uintptr(i)` alone is just `i`.
    if (rest.length === 0) {
      const integer = integerInsideConversion(context, first.operand);
      if (integer) return compactText(text, integer.startIndex, integer.endIndex, [integer]);
    }
    const last = chain.steps[chain.steps.length - 1].operand;
    const operators = chain.steps.slice(1).map((step) => step.operand.previousSibling!);
    return compactText(text, first.operand.startIndex, last.endIndex, [...operators, ...chain.steps.map((step) => step.operand)]);
  }
  if (rest.length > 0) return undefined;
  let operand = unparenthesize(first.operand);
  const signed = (node: SyntaxNode) => {
    const type = context.resolver().typeOf(node);
    return type.kind === 'basic' && !type.untyped && SIGNED_INTEGERS.has(type.name!);
  };
  const integer = integerInsideConversion(context, operand);
  if (integer && signed(integer)) operand = integer;
  const written = compactText(text, operand.startIndex, operand.endIndex, [operand]);
  const wrapped = operand.type === 'identifier' || operand.type === 'int_literal' || operand.type === 'selector_expression' || operand.type === 'call_expression' ? written : `(${written})`;
  // A uintptr constant (unsafe.Sizeof, a typed const) cannot be negated; an int can.
  return operand.type === 'int_literal' || signed(operand) ? `-${wrapped}` : `-int(${written})`;
}

/** `e` of `uintptr(e)` when e is of a known integer type (unsafe.Add takes it as it is). */
function integerInsideConversion(context: RuleContext, node: SyntaxNode): SyntaxNode | undefined {
  const inner = conversionArgument(unparenthesize(node), 'uintptr');
  if (!inner) return undefined;
  const resolver = context.resolver();
  const type = resolver.underlying(resolver.typeOf(inner));
  return type.kind === 'basic' && !type.untyped && INTEGER_TYPES.has(type.name!) ? inner : undefined;
}

/**
 * The source between two offsets with the blanks around binary operators removed, as gofmt
 * prints an expression that is the second argument of a call (`unsafe.Add(p, i*8+4)`).
 */
export function compactText(text: string, start: number, end: number, roots: readonly SyntaxNode[]): string {
  const gaps: [number, number][] = [];
  const visit = (node: SyntaxNode) => {
    if (node.type === 'binary_expression') {
      const left = node.childForFieldName('left')!;
      const operator = node.childForFieldName('operator')!;
      const right = node.childForFieldName('right')!;
      gaps.push([left.endIndex, operator.startIndex], [operator.endIndex, right.startIndex]);
    } else if (node.type === 'comment') {
      return;
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  for (const root of roots) {
    if (root.type === '+' || root.type === '-') gaps.push([root.previousSibling!.endIndex, root.startIndex], [root.endIndex, root.nextSibling!.startIndex]);
    else visit(root);
  }
  gaps.sort((a, b) => a[0] - b[0]);
  let result = '';
  let at = start;
  for (const [from, to] of gaps) {
    if (from < at || to > end || !/^\s*$/.test(text.slice(from, to))) continue;
    result += text.slice(at, from);
    at = to;
  }
  return result + text.slice(at, end);
}
