import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { RuleContext, SourceFile } from '../rule';
import { nodeRange, normalizedText, unparenthesize, walkNamed } from '../syntax';
import type { TextEdit } from '../text';
import type { TextHint } from '../textHints';
import { GoType, INTEGER_TYPES, Resolver } from '../resolver';

/** Shapes of unsafe.Pointer conversion chains shared by the unsafe rules. */

/**
 * An import of "unsafe" (alone, in a group, named or blank): the end of an import spec's path.
 * Every file that converts with `unsafe.Pointer(...)` imports the package itself.
 */
const IMPORTS_UNSAFE = /["`]unsafe["`][ \t]*(?:$|\/[/*]|;|\))/m;

/** A text hint for a rule about `unsafe.Pointer` conversions written in the file: the pattern, in a file that imports unsafe. */
export function unsafeConversionHint(pattern: RegExp): TextHint {
  return { test: (text) => importsUnsafe(text) && pattern.test(text) };
}

/** The last text importsUnsafe answered for: the four unsafe rules ask about the same text in turn. */
let lastImportAnswer: { text: string; imports: boolean } | undefined;

/**
 * Whether a text imports "unsafe". includes() first: it skips a file that never imports the
 * package far faster than a pattern's scan (a comment saying "unsafe" is not enough).
 */
function importsUnsafe(text: string): boolean {
  if (lastImportAnswer?.text !== text) lastImportAnswer = { text, imports: (text.includes('"unsafe"') || text.includes('`unsafe`')) && IMPORTS_UNSAFE.test(text) };
  return lastImportAnswer.imports;
}

/** `unsafe.Pointer(&x)`: the conversion both the string-header and hidden-store rules start from. */
export const ADDRESS_CONVERSION_HINT = unsafeConversionHint(/\bunsafe\.Pointer\(\s*&/);

/** Query pattern for every `unsafe.Pointer(...)` call; rules add their own predicates on top. */
export const UNSAFE_POINTER_CALL = `(call_expression
    function: (selector_expression operand: (identifier) @unsafe.package field: (field_identifier) @unsafe.name)
    (#eq? @unsafe.package "unsafe") (#eq? @unsafe.name "Pointer"))`;

const unsafePointerCallCache = new WeakMap<object, SyntaxNode[]>();

/**
 * Every `unsafe.Pointer(...)` call of a file, in document order, cached per syntax tree. Found
 * from the text's `unsafe` words: a query with `#eq?` predicates would hand every one-argument
 * method call of the file to JavaScript first.
 */
export function unsafePointerCalls(file: SourceFile): SyntaxNode[] {
  let calls = unsafePointerCallCache.get(file.tree);
  if (calls) return calls;
  calls = [];
  const root = file.tree.rootNode;
  const word = /\bunsafe\b/g;
  for (let match = word.exec(file.text); match; match = word.exec(file.text)) {
    const operand = root.descendantForIndex(match.index, match.index + 'unsafe'.length);
    if (operand?.type !== 'identifier' || operand.text !== 'unsafe') continue; // the import path, a comment, a string
    const selector = operand.parent;
    if (selector?.type !== 'selector_expression' || selector.childForFieldName('operand')?.id !== operand.id) continue;
    if (selector.childForFieldName('field')?.text !== 'Pointer') continue;
    const call = selector.parent;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === selector.id) calls.push(call);
  }
  unsafePointerCallCache.set(file.tree, calls);
  return calls;
}

/** The only argument of a call when its argument list holds exactly one node (a query's `. (_) .`). */
export function onlyArgumentNode(call: SyntaxNode): SyntaxNode | null {
  const args = call.childForFieldName('arguments');
  return args?.namedChildCount === 1 ? args.namedChild(0) : null;
}

/** The argument of `unsafe.Pointer(x)`, or null when the node is not that conversion. */
export function unsafePointerArgument(node: SyntaxNode | null): SyntaxNode | null {
  if (!node || node.type !== 'call_expression') return null;
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'selector_expression' || normalizedText(callee) !== 'unsafe.Pointer') return null;
  return singleArgument(node);
}

/** The argument of a call-shaped conversion to the named type (`uintptr(x)`), or null. */
export function conversionArgument(node: SyntaxNode | null, typeName: string): SyntaxNode | null {
  if (!node || node.type !== 'call_expression') return null;
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'identifier' || callee.text !== typeName) return null;
  return singleArgument(node);
}

function singleArgument(call: SyntaxNode): SyntaxNode | null {
  const args = call.childForFieldName('arguments');
  if (!args || args.namedChildCount !== 1 || args.text.includes('...')) return null;
  return args.namedChild(0);
}

export interface PointerConversion {
  /** The whole `(*T)(x)` expression. */
  node: SyntaxNode;
  /** T, the type pointed to. */
  target: SyntaxNode;
  operand: SyntaxNode;
  /**
   * The node is `*(*T)(x)`: tree-sitter reads the leading `*` as part of the type when T is a
   * type literal (`*(*[]byte)(x)`), so the dereference is folded into `node`.
   */
  dereferenced?: boolean;
}

/**
 * A conversion to a pointer type, `(*T)(x)`. Tree-sitter gives it two shapes: a call of the
 * parenthesized expression `*T` (when T reads like an expression), or a type conversion.
 */
export function asPointerConversion(node: SyntaxNode | null): PointerConversion | null {
  if (!node) return null;
  if (node.type === 'call_expression') {
    const callee = node.childForFieldName('function');
    if (callee?.type !== 'parenthesized_expression') return null;
    const inner = unparenthesize(callee);
    if (inner.type !== 'unary_expression' || inner.childForFieldName('operator')?.text !== '*') return null;
    const target = inner.childForFieldName('operand');
    const operand = singleArgument(node);
    return target && operand ? { node, target, operand } : null;
  }
  if (node.type === 'type_conversion_expression') {
    let type = node.childForFieldName('type');
    while (type?.type === 'parenthesized_type') type = type.namedChild(0);
    if (type?.type !== 'pointer_type') return null;
    let target = type.namedChild(0);
    const operand = node.childForFieldName('operand');
    if (target?.type === 'parenthesized_type' && target.namedChild(0)?.type === 'pointer_type' && !node.text.startsWith('(')) {
      target = target.namedChild(0)!.namedChild(0);
      return target && operand ? { node, target, operand, dereferenced: true } : null;
    }
    return target && operand ? { node, target, operand } : null;
  }
  return null;
}

/** `(*T)(unsafe.Pointer(x))`: the pointer conversion and the original pointer x. */
export function asUnsafeCast(node: SyntaxNode | null): (PointerConversion & { pointer: SyntaxNode; unsafeCall: SyntaxNode }) | null {
  const conversion = asPointerConversion(node);
  if (!conversion) return null;
  const unsafeCall = unparenthesize(conversion.operand);
  const pointer = unsafePointerArgument(unsafeCall);
  return pointer ? { ...conversion, pointer, unsafeCall } : null;
}

/** The operand of `&x`, or null. */
export function addressOperand(node: SyntaxNode | null): SyntaxNode | null {
  if (!node) return null;
  const inner = unparenthesize(node);
  if (inner.type !== 'unary_expression' || inner.childForFieldName('operator')?.text !== '&') return null;
  return inner.childForFieldName('operand');
}

/** The expression around an expression, looking through parentheses and a sole call argument. */
export function parentExpression(node: SyntaxNode): SyntaxNode | null {
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression' || (parent?.type === 'argument_list' && parent.namedChildCount === 1)) parent = parent.parent;
  return parent;
}

/** The kinds of type the unsafe rules tell apart. */
export type UnsafeKind = 'string' | 'pointer' | 'unsafePointer' | 'map' | 'chan' | 'func' | 'slice' | 'array' | 'struct' | 'interface' | 'integer' | 'other' | 'unknown';

/** What a type is underneath, in the words the unsafe rules reason in ('unknown' when the resolver cannot tell). */
export function unsafeKind(resolver: Resolver, type: GoType): UnsafeKind {
  const under = resolver.underlying(type);
  switch (under.kind) {
    case 'basic':
      if (under.name === 'string') return 'string';
      return INTEGER_TYPES.has(under.name!) ? 'integer' : 'other';
    case 'pointer':
    case 'unsafePointer':
    case 'map':
    case 'slice':
    case 'array':
    case 'struct':
    case 'interface':
    case 'func':
      return under.kind;
    case 'chan':
      return 'chan';
    case 'unknown':
    case 'typeParam':
      // A type of another package the table does not know is still not an unsafe.Pointer or a string.
      return type.kind === 'named' && type.pkg ? 'other' : 'unknown';
    default:
      return 'other';
  }
}

/** The unsafe kind of an expression's type at its use site. */
export function kindOfExpression(context: RuleContext, expression: SyntaxNode): UnsafeKind {
  const resolver = context.resolver();
  return unsafeKind(resolver, resolver.typeOf(expression));
}

/** The Go version requirement of the unsafe functions the fixes use. */
export const UNSAFE_ADD_GO = '1.17';
export const UNSAFE_STRING_DATA_GO = '1.20';
export const UNSAFE_SLICE_GO = '1.17';

/** The import paths of a file with the name each is used under (`_` and `.` imports included). */
export function fileImports(file: SourceFile): { path: string; name: string; spec: SyntaxNode; declaration: SyntaxNode }[] {
  const imports: { path: string; name: string; spec: SyntaxNode; declaration: SyntaxNode }[] = [];
  for (const declaration of file.tree.rootNode.namedChildren) {
    if (declaration?.type !== 'import_declaration') continue;
    for (const spec of declaration.descendantsOfType('import_spec')) {
      const pathNode = spec?.childForFieldName('path');
      if (!spec || !pathNode) continue;
      const path = pathNode.text.slice(1, -1);
      const name = spec.childForFieldName('name')?.text ?? path.slice(path.lastIndexOf('/') + 1);
      imports.push({ path, name, spec, declaration });
    }
  }
  return imports;
}

/**
 * Edits that keep a file's imports right after a fix: add `unsafe` when the new text uses it
 * and the file lacks it, drop an import whose every use lies inside the replaced ranges.
 * Undefined when an import is needed but the file has no package clause to put it after.
 */
export function importEdits(file: SourceFile, edits: readonly TextEdit[], dropCandidates: readonly string[]): TextEdit[] | undefined {
  const imports = fileImports(file);
  const result: TextEdit[] = [];
  const insideEdits = insideRanges(edits.map((edit) => [file.lines.offsetAt(edit.range.start), file.lines.offsetAt(edit.range.end)]));
  const newText = edits.map((edit) => edit.newText).join('\n');

  if (/\bunsafe\./.test(newText) && !imports.some((entry) => entry.path === 'unsafe' && entry.name === 'unsafe')) {
    const added = addImport(file, 'unsafe');
    if (!added) return undefined;
    result.push(added);
  }
  for (const path of dropCandidates) {
    const entry = imports.find((candidate) => candidate.path === path);
    if (!entry || entry.name === '_' || entry.name === '.') continue;
    if (new RegExp(`\\b${entry.name}\\.`).test(newText)) continue;
    if (packageUses(file, entry.name).some((use) => !insideEdits(use.start, use.end))) continue;
    result.push(removeImport(file, entry.spec, entry.declaration));
  }
  return result;
}

/**
 * Whether [start, end) lies inside one of the ranges: ranges sorted by start with the running
 * maximum of their ends, so each question is a binary search (fixes may carry hundreds of edits).
 */
function insideRanges(ranges: [number, number][]): (start: number, end: number) => boolean {
  ranges.sort((a, b) => a[0] - b[0]);
  const reach: number[] = [];
  for (const [, end] of ranges) reach.push(Math.max(end, reach[reach.length - 1] ?? -1));
  return (start, end) => {
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ranges[middle][0] <= start) low = middle + 1;
      else high = middle;
    }
    return low > 0 && reach[low - 1] >= end;
  };
}

const packageUseCache = new WeakMap<object, Map<string, { start: number; end: number }[]>>();

/**
 * Where a file uses `name.X` (an imported package), once per tree and name: every finding's fix
 * asks, and a file may hold hundreds.
 */
function packageUses(file: SourceFile, name: string): { start: number; end: number }[] {
  let byName = packageUseCache.get(file.tree);
  if (!byName) packageUseCache.set(file.tree, (byName = new Map()));
  let uses = byName.get(name);
  if (uses) return uses;
  const found: { start: number; end: number }[] = [];
  byName.set(name, found);
  if (!file.text.includes(`${name}.`)) return found;
  walkNamed(file.tree.rootNode, (node) => {
    if (node.type === 'import_declaration') return false;
    if ((node.type === 'selector_expression' || node.type === 'qualified_type') && node.namedChild(0)?.text === name) found.push({ start: node.startIndex, end: node.endIndex });
  });
  return found;
}

function addImport(file: SourceFile, path: string): TextEdit | undefined {
  const imports = fileImports(file);
  const block = imports.find((entry) => entry.declaration.descendantsOfType('import_spec_list').length > 0);
  if (block) {
    // gofmt keeps each group sorted: go in before the first path that sorts after ours.
    const specs = imports.filter((entry) => entry.declaration.id === block.declaration.id);
    const next = specs.find((entry) => entry.path > path);
    if (next) {
      const at = nodeRange(next.spec).start;
      return { range: { start: at, end: at }, newText: `"${path}"\n\t` };
    }
    const end = nodeRange(specs[specs.length - 1].spec).end;
    return { range: { start: end, end }, newText: `\n\t"${path}"` };
  }
  const last = imports[imports.length - 1];
  const anchor = last?.declaration ?? file.tree.rootNode.namedChildren.find((node) => node?.type === 'package_clause');
  if (!anchor) return undefined; // a file being typed, without its package clause yet
  const at = nodeRange(anchor).end;
  return { range: { start: at, end: at }, newText: `\n${last ? '' : '\n'}import "${path}"` };
}

function removeImport(file: SourceFile, spec: SyntaxNode, declaration: SyntaxNode): TextEdit {
  const specs = declaration.descendantsOfType('import_spec');
  const target = specs.length === 1 ? declaration : spec;
  const range = nodeRange(target);
  // Take the whole line (and its newline); a whole declaration takes the blank line after it too.
  const blankAfter = target === declaration && file.lines.lineText(range.end.line + 1).trim() === '';
  return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + (blankAfter ? 2 : 1), character: 0 } }, newText: '' };
}

/** Whether the expression text mentions any of these names as whole words. */
export function mentionsName(node: SyntaxNode, names: ReadonlySet<string>): boolean {
  let found = false;
  walkNamed(node, (child) => {
    if (found) return false;
    if (child.type === 'identifier' && names.has(child.text)) found = true;
  });
  return found || (node.type === 'identifier' && names.has(node.text));
}

/**
 * Import upkeep for a rule's fixes in one file. Each fix stands alone; but when the fixes
 * together retire every use of a dropped import while none does alone, each of them carries all
 * of them, so applying any one (or all, as "fix all" does) leaves a file that builds.
 * Returns, per finding, the full edit list (undefined stays undefined) and whether it was merged.
 */
export function fixEditsWithImports(
  file: SourceFile,
  perFinding: readonly (TextEdit[] | undefined)[],
  dropCandidates: readonly string[],
): { edits: TextEdit[] | undefined; merged: boolean }[] {
  const fixable = perFinding.filter((edits): edits is TextEdit[] => !!edits);
  const union = uniqueEdits(fixable.flat());
  const unionImports = fixable.length > 1 && fixable.length === perFinding.length ? importEdits(file, union, dropCandidates) : [];
  const ownImports = new Map(fixable.map((edits) => [edits, importEdits(file, edits, dropCandidates)]));
  const mergeAll = !!unionImports && unionImports.length > [...ownImports.values()].map((imports) => imports?.length ?? 0).reduce((a, b) => Math.max(a, b), 0);
  return perFinding.map((edits) => {
    if (!edits) return { edits: undefined, merged: false };
    if (mergeAll) return { edits: [...union, ...unionImports!], merged: true };
    const imports = ownImports.get(edits);
    return { edits: imports && [...edits, ...imports], merged: false };
  });
}

function uniqueEdits(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = `${JSON.stringify(edit.range)}${edit.newText}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The runtime (package runtime and its internal packages) is the garbage collector itself: it
 * bypasses write barriers and keeps addresses of memory it manages by hand (stacks, spans,
 * off-heap allocations) on purpose, under rules that do not apply to other code.
 */
export function isRuntimePackage(file: SourceFile): boolean {
  if (/[\\/]src[\\/](runtime|internal[\\/]runtime)[\\/]/.test(file.path)) return true;
  const clause = file.tree.rootNode.namedChildren.find((node) => node?.type === 'package_clause');
  return clause?.namedChild(0)?.text === 'runtime';
}
