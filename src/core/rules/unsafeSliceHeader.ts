import type { Node as SyntaxNode } from 'web-tree-sitter';
import { addressOperand, asPointerConversion, conversionArgument, fixEditsWithImports, parentExpression, UNSAFE_SLICE_GO, UNSAFE_STRING_DATA_GO, unsafeKind, unsafePointerArgument } from '../analysis/unsafe';
import { statementsOf } from '../analysis/statements';
import { GoVersion, goVersionAtLeast } from '../goVersion';
import { WHOLE_FILE_QUERY } from '../analysis/pool';
import type { Fix, Rule, RuleContext, SourceFile } from '../rule';
import { enclosingFunction, indentationOf, nodeRange, normalizedText, unparenthesize } from '../syntax';
import type { TextEdit } from '../text';

type HeaderKind = 'SliceHeader' | 'StringHeader';

export const unsafeSliceHeader: Rule = {
  meta: {
    id: 'unsafe-slice-header',
    family: 'unsafe',
    defaultSeverity: 'warning',
    description: 'A pointer is converted to *reflect.SliceHeader or *reflect.StringHeader, whose uintptr Data field the GC does not see as a pointer.',
    docs: 'docs/rules/unsafe-slice-header.md',
    fixable: true,
    fixMinGoVersion: UNSAFE_STRING_DATA_GO,
  },
  textHint: /\breflect\.(Slice|String)Header\b/,
  // File scope: one fix may rewrite every header use in the file to drop the reflect import.
  scope: 'file',
  // The casts are found from the file's `SliceHeader`/`StringHeader` words (headerCasts): a query
  // with #eq?/#match? predicates would walk the whole tree.
  query: WHOLE_FILE_QUERY,
  check(context) {
    const findings: { cast: SyntaxNode; header: HeaderKind; edits: TextEdit[] | undefined; title: string; minGoVersion: string; overlaid?: Overlaid }[] = [];
    for (const captures of headerCasts(context.file)) {
      const conversion = asPointerConversion(captures.cast);
      if (!conversion) continue;
      const header = captures.header.text as HeaderKind;
      const overlaid = overlaidVariable(context, conversion.node, header);
      const replacement = modernReplacement(context, conversion.node, header, overlaid);
      findings.push({ cast: conversion.node, header, edits: replacement?.edits, title: replacement?.title ?? '', minGoVersion: replacement?.minGoVersion ?? UNSAFE_STRING_DATA_GO, overlaid });
    }

    const withImports = fixEditsWithImports(context.file, findings.map((finding) => finding.edits), ['reflect']);
    findings.forEach((finding, index) => {
      const { cast, header, overlaid } = finding;
      const { edits, merged } = withImports[index];
      const title = merged ? 'Replace every reflect header use in this file with unsafe functions' : finding.title;
      const minGoVersion = merged ? UNSAFE_STRING_DATA_GO : finding.minGoVersion;
      const fixes: Fix[] = edits ? [{ title, preferred: true, edits, minGoVersion }] : [];
      if (overlaid) {
        // Pattern 6 of package unsafe: a header laid over a real slice or string is valid; the
        // variable keeps the data alive. What is wrong with it is only that the type is deprecated.
        const what = header === 'SliceHeader' ? 'slice' : 'string';
        const modern = header === 'SliceHeader' ? 'unsafe.Slice and unsafe.SliceData' : 'unsafe.String and unsafe.StringData';
        context.report({
          range: nodeRange(cast),
          message: `${cast.text} overlays reflect.${header} on ${overlaid.text}, a real ${what} (pattern 6 of package unsafe): valid, since ${overlaid.text} keeps its data alive, but reflect.${header} is deprecated.`,
          remedy: goVersionAtLeast(context.goVersion, UNSAFE_STRING_DATA_GO)
            ? `use ${modern} instead`
            : `keep it as written until go.mod says go ${UNSAFE_STRING_DATA_GO} or later, then use ${modern}`,
          fixes,
        });
        return;
      }
      context.report({
        range: nodeRange(cast),
        message: `${cast.text} reaches a header through reflect.${header}, whose Data field is a uintptr: the GC neither sees a pointer stored there nor keeps what it points to alive (the type is deprecated).`,
        remedy: headerRemedy(context.goVersion, header),
        fixes,
      });
    });
  },
};

/** What replaces the header with the APIs the module's Go has. */
function headerRemedy(goVersion: GoVersion, header: HeaderKind): string {
  if (goVersionAtLeast(goVersion, UNSAFE_STRING_DATA_GO)) {
    return header === 'SliceHeader' ? 'use unsafe.Slice and unsafe.SliceData instead' : 'use unsafe.String and unsafe.StringData instead';
  }
  // Before Go 1.20 there is no unsafe.String/StringData/SliceData: a header type of one's own
  // whose Data field is an unsafe.Pointer is what keeps the GC informed.
  const ownHeader = header === 'SliceHeader' ? 'struct{ Data unsafe.Pointer; Len, Cap int }' : 'struct{ Data unsafe.Pointer; Len int }';
  const slice = header === 'SliceHeader' && goVersionAtLeast(goVersion, UNSAFE_SLICE_GO) ? ', or unsafe.Slice(&b[0], n) to build a slice from a pointer' : '';
  return `declare a header type whose Data field is an unsafe.Pointer, ${ownHeader}, and cast to it${slice}`;
}

/**
 * The slice (string for StringHeader) a header is laid over: `x` of
 * `(*reflect.SliceHeader)(unsafe.Pointer(&x))`, or `*p` of `unsafe.Pointer(p)` with p a `*[]T`.
 */
function overlaidVariable(context: RuleContext, cast: SyntaxNode, header: HeaderKind): Overlaid | undefined {
  const conversion = asPointerConversion(cast)!;
  const argument = unsafePointerArgument(unparenthesize(conversion.operand));
  const wanted = header === 'SliceHeader' ? 'slice' : 'string';
  const resolver = context.resolver();
  const variable = addressOperand(argument);
  if (variable) {
    if (variable.type !== 'identifier' && variable.type !== 'selector_expression') return undefined;
    return unsafeKind(resolver, resolver.typeOf(variable)) === wanted ? { node: variable, text: variable.text } : undefined;
  }
  if (argument?.type !== 'identifier') return undefined;
  return unsafeKind(resolver, resolver.pointee(resolver.typeOf(argument))) === wanted ? { node: argument, text: `*${argument.text}`, throughPointer: true } : undefined;
}

/** What a header is laid over, as the fix and message write it. */
interface Overlaid {
  node: SyntaxNode;
  text: string;
  /** `*p`: the node is the pointer. */
  throughPointer?: boolean;
}

interface Replacement {
  edits: TextEdit[];
  title: string;
  /** The oldest Go the replacement builds with (unsafe.Slice alone: 1.17). */
  minGoVersion?: string;
}

/** The edits that express the same thing with the Go 1.20 unsafe functions, when the idiom is a known one. */
function modernReplacement(context: RuleContext, cast: SyntaxNode, header: HeaderKind, overlaid: Overlaid | undefined): Replacement | undefined {
  return wholeConversionFunction(context, cast) ?? dataFieldRead(cast, header) ?? (overlaid ? headerBuild(context, cast, header, overlaid) : undefined);
}

/**
 * A slice or string built by filling in a header laid over it:
 * `h := (*reflect.SliceHeader)(unsafe.Pointer(&s)); h.Data = uintptr(p); h.Len = n; h.Cap = n`
 * becomes `s = unsafe.Slice((*T)(p), n)` (`unsafe.String(p, n)` for a string).
 */
function headerBuild(context: RuleContext, cast: SyntaxNode, header: HeaderKind, target: Overlaid): Replacement | undefined {
  const declaration = cast.parent?.parent;
  if (declaration?.type !== 'short_var_declaration' || cast.parent?.namedChildCount !== 1) return undefined;
  const names = declaration.childForFieldName('left')?.namedChildren ?? [];
  if (names.length !== 1 || names[0]?.type !== 'identifier') return undefined;
  const name = names[0].text;
  const resolver = context.resolver();
  const fields = new Map<string, { statement: SyntaxNode; value: SyntaxNode }>();
  for (let next = declaration.nextNamedSibling; next && (next.type === 'assignment_statement' || next.type === 'comment'); next = next.nextNamedSibling) {
    if (next.type === 'comment') continue;
    const left = next.childForFieldName('left')?.namedChildren ?? [];
    const right = next.childForFieldName('right')?.namedChildren ?? [];
    if (next.childForFieldName('operator')?.text !== '=' || left.length !== 1 || right.length !== 1 || left[0]?.type !== 'selector_expression') break;
    if (left[0].childForFieldName('operand')?.text !== name) break;
    const field = left[0].childForFieldName('field')!.text;
    if (fields.has(field) || !/^(Data|Len|Cap)$/.test(field)) return undefined;
    fields.set(field, { statement: next, value: right[0]! });
  }
  const data = fields.get('Data');
  const length = fields.get('Len');
  if (!data || !length || (header === 'StringHeader' && fields.has('Cap'))) return undefined;
  // `h.Cap = h.Len` after `h.Len = n` is a capacity of n.
  const capFromLen = fields.get('Cap')?.value.text.replace(/\s+/g, '') === `${name}.Len` && fields.get('Cap')!.statement.startIndex > length.statement.startIndex;
  // The header variable must serve only these assignments.
  const fn = enclosingFunction(declaration);
  const uses = fn ? (fn.text.match(new RegExp(`(?<![\\p{L}\\p{N}_.])${name}(?![\\p{L}\\p{N}_])`, 'gu')) ?? []).length : 0;
  if (uses !== 1 + fields.size + (capFromLen ? 1 : 0)) return undefined;
  const targetType = target.throughPointer ? resolver.pointee(resolver.typeOf(target.node)) : resolver.typeOf(target.node);
  const element = header === 'SliceHeader' ? resolver.underlying(targetType).elem?.text : 'byte';
  if (!element) return undefined;
  // Data is `uintptr(e)`: e as a *T.
  const address = conversionArgument(unparenthesize(data.value), 'uintptr');
  if (!address) return undefined;
  const pointer = unsafePointerArgument(unparenthesize(address));
  let pointerText: string;
  if (pointer && resolver.typeOf(pointer).text.replace(/\s+/g, '') === `*${element}`) pointerText = pointer.text;
  else if (pointer) pointerText = `(*${element})(unsafe.Pointer(${pointer.text}))`;
  else if (unsafeKind(resolver, resolver.typeOf(address)) === 'unsafePointer') pointerText = `(*${element})(${address.text})`;
  else return undefined; // an integer address: no pointer to hand over
  const cap = fields.get('Cap');
  const lengthText = argumentText(length.value);
  if (lengthText === undefined) return undefined;
  const built =
    header === 'StringHeader'
      ? `unsafe.String(${pointerText}, ${lengthText})`
      : !cap || capFromLen || cap.value.text === lengthText
        ? `unsafe.Slice(${pointerText}, ${lengthText})`
        : `unsafe.Slice(${pointerText}, ${argumentText(cap.value) ?? cap.value.text})[:${lengthText}]`;
  const edits: TextEdit[] = [{ range: nodeRange(declaration), newText: `${target.text} = ${built}` }];
  for (const { statement } of fields.values()) edits.push({ range: { start: { line: statement.startPosition.row - 1, character: lineEnd(context, statement.startPosition.row - 1) }, end: nodeRange(statement).end }, newText: '' });
  return { edits, title: `Build ${target.text} with ${built}`, minGoVersion: header === 'SliceHeader' ? UNSAFE_SLICE_GO : UNSAFE_STRING_DATA_GO };
}

/**
 * An expression as gofmt prints it as a call argument: binary operators lose their spaces
 * (`h.Len = len(x) * 8` becomes `unsafe.Slice(p, len(x)*8)`). Undefined where dropping them
 * would join two operators (`a - -b`).
 */
function argumentText(node: SyntaxNode): string | undefined {
  const gaps: [number, number][] = [];
  const visit = (current: SyntaxNode) => {
    if (current.type === 'binary_expression') {
      const left = current.childForFieldName('left');
      const operator = current.childForFieldName('operator');
      const right = current.childForFieldName('right');
      if (left && operator && right) gaps.push([left.endIndex, operator.startIndex], [operator.endIndex, right.startIndex]);
    }
    for (const child of current.namedChildren) if (child) visit(child);
  };
  visit(node);
  let text = '';
  let cursor = node.startIndex;
  const source = node.text;
  for (const [start, end] of gaps.sort((a, b) => a[0] - b[0])) {
    text += source.slice(cursor - node.startIndex, start - node.startIndex);
    cursor = end;
  }
  text += source.slice(cursor - node.startIndex);
  return /[-+&|^<>=!*/%]{2}/.test(text.replace(/&&|\|\||<<|>>|&\^|==|!=|<=|>=/g, '')) ? undefined : text;
}

function lineEnd(context: RuleContext, line: number): number {
  return context.file.lines.lineText(line).length;
}

/**
 * The classic zero-copy helpers: a function of one string (or []byte) parameter returning
 * []byte (or string) whose body only shuffles header fields. The whole body becomes one line.
 */
function wholeConversionFunction(context: RuleContext, cast: SyntaxNode): { edits: TextEdit[]; title: string } | undefined {
  const fn = enclosingFunction(cast);
  if (!fn) return undefined;
  const parameters = fn.childForFieldName('parameters')?.namedChildren.filter((p) => p?.type === 'parameter_declaration') ?? [];
  const result = fn.childForFieldName('result');
  if (parameters.length !== 1 || !result) return undefined;
  const names = parameters[0]!.childrenForFieldName('name');
  const parameterType = normalizedText(parameters[0]!.childForFieldName('type')!);
  if (names.length !== 1 || !names[0]) return undefined;
  const resultType = resultTypeText(result);
  const name = names[0].text;
  let expression: string;
  if (parameterType === 'string' && (resultType === '[]byte' || resultType === '[]uint8')) expression = `unsafe.Slice(unsafe.StringData(${name}), len(${name}))`;
  else if ((parameterType === '[]byte' || parameterType === '[]uint8') && resultType === 'string') expression = `unsafe.String(unsafe.SliceData(${name}), len(${name}))`;
  else return undefined;

  const body = fn.childForFieldName('body');
  const statements = statementsOf(body);
  if (!body || statements.length === 0 || statements.length > 8 || !statements.every(isHeaderShuffle)) return undefined;
  const indentation = indentationOf(fn, context.file.text);
  const newText = `{\n${indentation}\treturn ${expression}\n${indentation}}`;
  return { edits: [{ range: nodeRange(body), newText }], title: `Replace the body with return ${expression}` };
}

function resultTypeText(result: SyntaxNode): string {
  if (result.type !== 'parameter_list') return normalizedText(result);
  const declarations = result.namedChildren.filter((p) => p?.type === 'parameter_declaration');
  if (declarations.length !== 1 || declarations[0]!.childrenForFieldName('name').length > 1) return '';
  return normalizedText(declarations[0]!.childForFieldName('type')!);
}

/** A statement of a header-juggling conversion helper: header variables, their fields, the result. */
function isHeaderShuffle(statement: SyntaxNode): boolean {
  const text = statement.text;
  switch (statement.type) {
    case 'short_var_declaration':
    case 'var_declaration':
      return /\breflect\.(Slice|String)Header\b/.test(text) || /^var\s+\w+\s+(\[\]byte|\[\]uint8|string)$/.test(text);
    case 'assignment_statement': {
      const left = statement.childForFieldName('left')?.namedChildren ?? [];
      return left.every((target) => target?.type === 'selector_expression' && /^(Data|Len|Cap)$/.test(target.childForFieldName('field')?.text ?? ''));
    }
    case 'return_statement':
      return /^return(\s+[\w*().&\s[\]]*)?$/.test(text.replace(/unsafe\.Pointer/g, 'up'));
    default:
      return false;
  }
}

/** `(*reflect.SliceHeader)(unsafe.Pointer(&b)).Data` read in place: the data pointer, or its length. */
function dataFieldRead(cast: SyntaxNode, header: HeaderKind): { edits: TextEdit[]; title: string } | undefined {
  const conversion = asPointerConversion(cast)!;
  const variable = addressOperand(unsafePointerArgument(unparenthesize(conversion.operand)));
  if (!variable || (variable.type !== 'identifier' && variable.type !== 'selector_expression')) return undefined;
  const selector = parentExpression(cast);
  if (selector?.type !== 'selector_expression') return undefined;
  const assignment = selector.parent?.parent;
  if (assignment?.type === 'assignment_statement' && selector.parent?.id === assignment.childForFieldName('left')?.id) return undefined;
  const name = variable.text;
  const field = selector.childForFieldName('field')?.text;
  const data = header === 'SliceHeader' ? `unsafe.SliceData(${name})` : `unsafe.StringData(${name})`;
  const replace = (node: SyntaxNode, newText: string) => ({ edits: [{ range: nodeRange(node), newText }], title: `Use ${newText}` });
  if (field === 'Len') return replace(selector, `len(${name})`);
  if (field === 'Cap' && header === 'SliceHeader') return replace(selector, `cap(${name})`);
  if (field !== 'Data') return undefined;
  const around = parentExpression(selector);
  if (around && unsafePointerArgument(around) && unparenthesize(unsafePointerArgument(around)!).id === selector.id) return replace(around, `unsafe.Pointer(${data})`);
  return replace(selector, `uintptr(unsafe.Pointer(${data}))`);
}

/**
 * Conversions to `*reflect.SliceHeader` / `*reflect.StringHeader` in document order, in the two
 * shapes tree-sitter gives them: a call of `(*reflect.X)` or a type conversion to `(*reflect.X)`.
 */
function headerCasts(file: SourceFile): { cast: SyntaxNode; header: SyntaxNode }[] {
  const casts: { cast: SyntaxNode; header: SyntaxNode }[] = [];
  const root = file.tree.rootNode;
  const word = /\b(?:Slice|String)Header\b/g;
  for (let match = word.exec(file.text); match; match = word.exec(file.text)) {
    const header = root.descendantForIndex(match.index, match.index + match[0].length);
    if (!header || header.text !== match[0]) continue;
    if (header.type === 'field_identifier') {
      // (*reflect.X)(p): call_expression → parenthesized_expression → unary `*` → selector reflect.X
      const selector = header.parent;
      if (selector?.type !== 'selector_expression' || selector.childForFieldName('field')?.id !== header.id) continue;
      const operand = selector.childForFieldName('operand');
      if (operand?.type !== 'identifier' || operand.text !== 'reflect') continue;
      const star = selector.parent;
      if (star?.type !== 'unary_expression' || star.childForFieldName('operator')?.text !== '*' || star.childForFieldName('operand')?.id !== selector.id) continue;
      const parenthesized = star.parent;
      if (parenthesized?.type !== 'parenthesized_expression') continue;
      const cast = parenthesized.parent;
      if (cast?.type === 'call_expression' && cast.childForFieldName('function')?.id === parenthesized.id) casts.push({ cast, header });
    } else if (header.type === 'type_identifier') {
      // (*reflect.X)(p) read as a type: type_conversion_expression → parenthesized_type → pointer_type → qualified_type
      const qualified = header.parent;
      if (qualified?.type !== 'qualified_type' || qualified.childForFieldName('name')?.id !== header.id) continue;
      const pkg = qualified.childForFieldName('package');
      if (pkg?.type !== 'package_identifier' || pkg.text !== 'reflect') continue;
      const pointer = qualified.parent;
      if (pointer?.type !== 'pointer_type') continue;
      const parenthesized = pointer.parent;
      if (parenthesized?.type !== 'parenthesized_type') continue;
      const cast = parenthesized.parent;
      if (cast?.type === 'type_conversion_expression' && cast.childForFieldName('type')?.id === parenthesized.id) casts.push({ cast, header });
    }
  }
  return casts;
}
