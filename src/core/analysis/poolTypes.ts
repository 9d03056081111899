import type { Node as SyntaxNode } from 'web-tree-sitter';
import { treeIsBuilt } from '../lazySource';
import { spellsName } from '../textFacts';
import type { Rule, RuleContext, RuleMeta, SourceFile } from '../rule';
import { FUNCTION_TYPES, unparenthesize } from '../syntax';
import { nodeAt, RelativeSpan, spanIn, TextMemo } from './poolSpans';
import { putCalls, WHOLE_FILE_QUERY } from './pool';

/**
 * Just enough type resolution for the pool rules: the type of a Put argument (locals,
 * parameters, literals, make/new, conversions, package-level vars and functions) and whether a
 * receiver is a sync.Pool, across the files of one package. Anything it cannot prove is
 * `unknown`, and the rules stay silent on unknowns.
 */

/** How a value is stored in an interface: pointer-shaped values are stored as they are. */
export type ValueShape =
  /** `*T` */
  | 'pointer'
  /** maps, channels, funcs, unsafe.Pointer: one machine word, no allocation in an interface */
  | 'pointer-shaped'
  /** already an interface: putting it needs no conversion */
  | 'interface'
  /** slices, strings, numbers, structs, arrays: copied into a fresh allocation */
  | 'value'
  | 'unknown';

export interface ResolvedType {
  shape: ValueShape;
  /** Source text of the type as written where it was found (e.g. `[]byte`), when known. */
  text?: string;
  /** A short word for messages: slice, string, struct, array, number... */
  kind?: string;
}

const UNKNOWN: ResolvedType = { shape: 'unknown' };

const NUMERIC_TYPES: ReadonlySet<string> = new Set([
  'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'float32', 'float64', 'complex64', 'complex128', 'byte', 'rune',
]);

/** Package-level declarations of a file named `name`, in document order. */
type DeclarationIndex = (name: string) => SyntaxNode[];

/** Top-level declarations of one file by name, kept as long as its syntax tree lives. */
const declarationIndexes = new WeakMap<object, DeclarationIndex>();

/** Across trees: the names a top-level var/const/type declaration declares, by its text, with each spec's span in it. */
const specNames = new TextMemo<[string, RelativeSpan][]>(8192);

/** The name of a function declaration, as spelled right after `func`. */
const FUNCTION_NAME = /^func\s+([\p{L}_][\p{L}\p{N}_]*)\s*[([]/u;

function declarationIndex(file: SourceFile): DeclarationIndex {
  let index = declarationIndexes.get(file.tree);
  if (index) return index;
  // While the user types, most declarations keep their text: their names come from the memo and
  // their spec nodes are found again only for the names asked about.
  const entries = new Map<string, (SyntaxNode | { declaration: SyntaxNode; span: RelativeSpan })[]>();
  const add = (name: string | undefined, entry: SyntaxNode | { declaration: SyntaxNode; span: RelativeSpan }) => {
    if (!name || name === '_') return;
    entries.set(name, [...(entries.get(name) ?? []), entry]);
  };
  // A cursor reads each top-level node's type without materializing the many it skips (methods, comments).
  const cursor = file.tree.rootNode.walk();
  try {
    for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
      const type = cursor.nodeType;
      if (type === 'function_declaration') {
        const declaration = cursor.currentNode;
        // `func name(`: the name off the text; the syntax tree only when a comment is in the way.
        const spelled = FUNCTION_NAME.exec(declaration.text);
        add(spelled ? spelled[1] : declaration.childForFieldName('name')?.text, declaration);
      } else if (type === 'var_declaration' || type === 'const_declaration' || type === 'type_declaration') {
        const declaration = cursor.currentNode;
        const text = declaration.text;
        let names = specNames.get(text);
        if (!names) {
          names = [];
          for (const spec of specsOf(declaration)) {
            for (const name of spec.childrenForFieldName('name')) if (name) names.push([name.text, spanIn(declaration, spec)]);
          }
          specNames.set(text, names);
        }
        for (const [name, span] of names) add(name, { declaration, span });
      }
    }
  } finally {
    cursor.delete();
  }
  const located = new Map<string, SyntaxNode[]>();
  let fresh: Map<string, SyntaxNode[]> | undefined;
  index = (name) => {
    if (fresh) return fresh.get(name) ?? [];
    let nodes = located.get(name);
    if (nodes) return nodes;
    const found = (entries.get(name) ?? []).map((entry) => ('span' in entry ? nodeAt(entry.declaration, entry.span) : entry));
    // A remembered spec the tree does not confirm: index this tree from scratch.
    if (!found.every((node) => node)) return (fresh = freshDeclarationIndex(file)).get(name) ?? [];
    located.set(name, (nodes = found as SyntaxNode[]));
    return nodes;
  };
  declarationIndexes.set(file.tree, index);
  return index;
}

/** The same index built from the tree alone. */
function freshDeclarationIndex(file: SourceFile): Map<string, SyntaxNode[]> {
  const index = new Map<string, SyntaxNode[]>();
  const add = (name: string | undefined, node: SyntaxNode) => {
    if (!name || name === '_') return;
    index.set(name, [...(index.get(name) ?? []), node]);
  };
  for (const declaration of file.tree.rootNode.namedChildren) {
    if (!declaration) continue;
    if (declaration.type === 'function_declaration') add(declaration.childForFieldName('name')?.text, declaration);
    if (declaration.type !== 'var_declaration' && declaration.type !== 'const_declaration' && declaration.type !== 'type_declaration') continue;
    for (const spec of specsOf(declaration)) {
      for (const name of spec.childrenForFieldName('name')) add(name?.text, spec);
    }
  }
  return index;
}

/** The files of the current package, the linted file first. */
export class PackageView {
  private files?: readonly SourceFile[];

  constructor(private readonly context: RuleContext) {}

  get current(): SourceFile {
    return this.context.file;
  }

  all(): readonly SourceFile[] {
    return (this.files ??= [this.context.file, ...this.context.packageFiles()]);
  }

  /** The current file, then its siblings, which are only read and parsed if the caller goes on. */
  *filesInOrder(): Generator<SourceFile> {
    yield this.current;
    yield* this.all().slice(1);
  }

  /** Package-level declarations named `name`: var/const specs, type specs, function declarations. */
  declarations(name: string): { node: SyntaxNode; file: SourceFile }[] {
    return [...this.declarationsInOrder(name)];
  }

  /** declarations(), lazily: a caller that stops at the current file's spares loading the siblings. */
  *declarationsInOrder(name: string): Generator<{ node: SyntaxNode; file: SourceFile }> {
    for (const file of this.filesInOrder()) {
      // A file that never spells the name cannot declare it (and its tree need not be built).
      if (spellsName(file, name)) for (const node of declarationIndex(file)(name)) yield { node, file };
    }
  }

  /** The source file a node belongs to (by tree identity). */
  fileOf(node: SyntaxNode): SourceFile {
    if (node.tree === this.current.tree) return this.current;
    return this.all().find((file) => treeIsBuilt(file) && file.tree === node.tree) ?? this.current;
  }
}

function specsOf(declaration: SyntaxNode): SyntaxNode[] {
  const specs: SyntaxNode[] = [];
  for (const child of declaration.namedChildren) {
    if (!child) continue;
    if (child.type.endsWith('_spec_list')) specs.push(...child.namedChildren.filter((n): n is SyntaxNode => !!n && isSpec(n)));
    else if (isSpec(child)) specs.push(child);
  }
  return specs;
}

function isSpec(node: SyntaxNode): boolean {
  return node.type.endsWith('_spec') || node.type === 'type_alias';
}

/** Whether a type node is `sync.Pool` (pointer or not). */
export function isSyncPoolType(type: SyntaxNode | null | undefined): boolean {
  if (!type) return false;
  if (type.type === 'pointer_type') return isSyncPoolType(type.namedChild(0));
  return type.type === 'qualified_type' && type.text.replace(/\s+/g, '') === 'sync.Pool';
}

/** `sync.Pool{...}`, `&sync.Pool{...}` or `new(sync.Pool)`. */
export function isSyncPoolValue(value: SyntaxNode | null | undefined): boolean {
  if (!value) return false;
  value = unparenthesize(value);
  if (value.type === 'unary_expression' && value.child(0)?.text === '&') return isSyncPoolValue(value.childForFieldName('operand'));
  if (value.type === 'composite_literal') return isSyncPoolType(value.childForFieldName('type'));
  if (value.type === 'call_expression' && value.childForFieldName('function')?.text === 'new') {
    return isSyncPoolType(value.childForFieldName('arguments')?.namedChild(0));
  }
  return false;
}

/** A variable declaration found for a name: its declared type and/or initial value. */
export interface VariableDeclaration {
  name: SyntaxNode;
  type?: SyntaxNode;
  value?: SyntaxNode;
  /** The declaring statement or spec. */
  statement: SyntaxNode;
  /** Set when the value is the one result of a comma-ok form (`v, ok := x.(T)`). */
  commaOk?: boolean;
  packageLevel: boolean;
}

/**
 * The declaration of the variable `use` refers to: the nearest enclosing function's
 * parameters and local declarations before the use (inner functions first), then the
 * package's top-level vars.
 */
export function declarationOf(use: SyntaxNode, view: PackageView): VariableDeclaration | undefined {
  const name = use.text;
  for (let scope: SyntaxNode | null = use.parent; scope; scope = scope.parent) {
    if (!FUNCTION_TYPES.has(scope.type)) continue;
    const local = localDeclaration(scope, name, use);
    if (local) return local;
  }
  for (const { node } of view.declarationsInOrder(name)) {
    if (node.type === 'var_spec' || node.type === 'const_spec') return specDeclaration(node, name, true);
  }
  return undefined;
}

function localDeclaration(fn: SyntaxNode, name: string, use: SyntaxNode): VariableDeclaration | undefined {
  let found: VariableDeclaration | undefined;
  for (const list of [fn.childForFieldName('receiver'), fn.childForFieldName('parameters'), resultParameters(fn)]) {
    for (const parameter of list?.namedChildren ?? []) {
      if (!parameter) continue;
      for (const parameterName of parameter.childrenForFieldName('name')) {
        if (parameterName?.text !== name) continue;
        const type = parameter.childForFieldName('type') ?? undefined;
        // `...T` parameters are slices.
        found = { name: parameterName, type, statement: parameter, packageLevel: false };
        if (parameter.type === 'variadic_parameter_declaration') found.type = undefined;
      }
    }
  }
  // The latest declaration of the name before the use whose block encloses the use.
  const candidates = localDeclarationsByName(fn)(name);
  for (let i = candidates.length - 1; i >= 0; i--) {
    const node = candidates[i];
    if (node.startIndex >= use.startIndex || !inScope(node, use)) continue;
    if (node.type === 'short_var_declaration') {
      const candidate = shortVarDeclaration(node, name);
      if (candidate) return candidate;
    } else if (node.type === 'var_spec' || node.type === 'const_spec') {
      const candidate = specDeclaration(node, name, false);
      if (candidate) return candidate;
    } else {
      const target = node.childForFieldName('left')?.namedChildren.find((child) => child?.text === name);
      if (target) return { name: target, statement: node, packageLevel: false };
    }
  }
  return found;
}

const LOCAL_DECLARATION_TYPES: ReadonlySet<string> = new Set(['short_var_declaration', 'var_spec', 'const_spec', 'range_clause']);

/** Across trees: the local declarations of functions by their text, as spans by declared name. */
const declarationSpans = new TextMemo<Map<string, RelativeSpan[]>>(256);

/** Per syntax tree and function: the local declarations of its body (not of nested literals) by declared name, in document order. */
const localDeclarationCache = new WeakMap<object, Map<number, (name: string) => SyntaxNode[]>>();

function localDeclarationsByName(fn: SyntaxNode): (name: string) => SyntaxNode[] {
  let byFunction = localDeclarationCache.get(fn.tree);
  if (!byFunction) localDeclarationCache.set(fn.tree, (byFunction = new Map()));
  const known = byFunction.get(fn.id);
  if (known) return known;
  const text = fn.text;
  const remembered = declarationSpans.get(text);
  let lookup: (name: string) => SyntaxNode[];
  if (remembered) {
    // The same function text as in an earlier tree: relocate the declarations of a name when asked.
    const located = new Map<string, SyntaxNode[]>();
    let fresh: Map<string, SyntaxNode[]> | undefined;
    lookup = (name) => {
      if (fresh) return fresh.get(name) ?? [];
      let nodes = located.get(name);
      if (!nodes) {
        const found = (remembered.get(name) ?? []).map((span) => nodeAt(fn, span));
        // A span the new tree does not confirm: derive everything from this tree instead.
        if (!found.every((node) => node)) return (fresh = collectLocalDeclarations(fn)).get(name) ?? [];
        located.set(name, (nodes = found as SyntaxNode[]));
      }
      return nodes;
    };
  } else {
    const byName = collectLocalDeclarations(fn);
    declarationSpans.set(text, new Map([...byName].map(([name, nodes]) => [name, nodes.map((node) => spanIn(fn, node))])));
    lookup = (name) => byName.get(name) ?? [];
  }
  byFunction.set(fn.id, lookup);
  return lookup;
}

function collectLocalDeclarations(fn: SyntaxNode): Map<string, SyntaxNode[]> {
  const byName = new Map<string, SyntaxNode[]>();
  const add = (name: string | undefined, node: SyntaxNode) => {
    if (name === undefined) return;
    const list = byName.get(name);
    if (!list) byName.set(name, [node]);
    else if (list[list.length - 1].id !== node.id) list.push(node);
  };
  const body = fn.childForFieldName('body');
  if (body) {
    const cursor = body.walk();
    try {
      walk: for (;;) {
        const type = cursor.nodeType;
        if (LOCAL_DECLARATION_TYPES.has(type)) {
          const node = cursor.currentNode;
          if (type === 'var_spec' || type === 'const_spec') for (const name of node.childrenForFieldName('name')) add(name?.text, node);
          else for (const target of node.childForFieldName('left')?.namedChildren ?? []) add(target?.text, node);
        }
        // Declarations inside nested function literals belong to those literals.
        if (type !== 'func_literal' && cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) break walk;
      }
    } finally {
      cursor.delete();
    }
  }
  return byName;
}

function resultParameters(fn: SyntaxNode): SyntaxNode | null {
  const result = fn.childForFieldName('result');
  return result?.type === 'parameter_list' ? result : null;
}

/** A declaration inside a block is visible from `use` when its block encloses `use`. */
function inScope(declaration: SyntaxNode, use: SyntaxNode): boolean {
  let block: SyntaxNode | null = declaration.parent;
  while (block && !['block', 'statement_list', 'expression_case', 'default_case', 'type_case', 'communication_case', 'for_statement', 'if_statement'].includes(block.type)) {
    block = block.parent;
  }
  return !block || (block.startIndex <= use.startIndex && use.endIndex <= block.endIndex);
}

function shortVarDeclaration(node: SyntaxNode, name: string): VariableDeclaration | undefined {
  const targets = node.childForFieldName('left')?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
  const values = node.childForFieldName('right')?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
  const index = targets.findIndex((target) => target.text === name);
  if (index < 0) return undefined;
  if (targets.length === values.length) return { name: targets[index], value: values[index], statement: node, packageLevel: false };
  if (values.length === 1 && index === 0 && unparenthesize(values[0]).type === 'type_assertion_expression') {
    return { name: targets[0], value: values[0], statement: node, commaOk: true, packageLevel: false };
  }
  return { name: targets[index], statement: node, packageLevel: false };
}

function specDeclaration(spec: SyntaxNode, name: string, packageLevel: boolean): VariableDeclaration | undefined {
  const names = spec.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
  const index = names.findIndex((n) => n.text === name);
  if (index < 0) return undefined;
  const type = spec.childForFieldName('type') ?? undefined;
  const values = spec.childForFieldName('value')?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
  const value = values.length === names.length ? values[index] : undefined;
  if (spec.type === 'const_spec' && !type && !value) return undefined; // iota continuation
  return { name: names[index], type, value, statement: spec, packageLevel };
}

/** The type of an expression, as far as the syntax and the package's declarations tell. */
export function typeOfExpression(expression: SyntaxNode, view: PackageView, depth = 0): ResolvedType {
  if (depth > 8) return UNKNOWN;
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'unary_expression':
      if (node.child(0)?.text === '&') return { shape: 'pointer', text: '*', kind: 'pointer' };
      if (node.child(0)?.text === '<-') return UNKNOWN;
      if (node.child(0)?.text === '*') return UNKNOWN;
      return typeOfExpression(node.childForFieldName('operand')!, view, depth + 1);
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return { shape: 'value', text: 'string', kind: 'string' };
    case 'int_literal':
    case 'float_literal':
    case 'rune_literal':
    case 'imaginary_literal':
      return { shape: 'value', kind: 'number' };
    case 'true':
    case 'false':
      return { shape: 'value', text: 'bool', kind: 'bool' };
    case 'composite_literal':
      return classifyType(node.childForFieldName('type'), view, depth + 1);
    case 'func_literal':
      return { shape: 'pointer-shaped', kind: 'func' };
    case 'slice_expression': {
      const operand = typeOfExpression(node.childForFieldName('operand')!, view, depth + 1);
      if (operand.kind === 'string') return operand;
      return { shape: 'value', kind: 'slice', text: operand.kind === 'slice' ? operand.text : undefined };
    }
    case 'type_assertion_expression':
      return classifyType(node.childForFieldName('type'), view, depth + 1);
    case 'type_conversion_expression':
      return classifyType(node.childForFieldName('type'), view, depth + 1);
    case 'identifier': {
      if (node.text === 'nil') return UNKNOWN;
      const declaration = declarationOf(node, view);
      if (!declaration) return UNKNOWN;
      if (declaration.type) return classifyType(declaration.type, view, depth + 1);
      if (declaration.value) return typeOfExpression(declaration.value, view, depth + 1);
      return UNKNOWN;
    }
    case 'call_expression':
      return typeOfCall(node, view, depth);
    default:
      return UNKNOWN;
  }
}

function typeOfCall(call: SyntaxNode, view: PackageView, depth: number): ResolvedType {
  const callee = unparenthesize(call.childForFieldName('function')!);
  const firstArgument = call.childForFieldName('arguments')?.namedChild(0) ?? null;
  if (callee.type === 'identifier') {
    switch (callee.text) {
      case 'new':
        return { shape: 'pointer', kind: 'pointer', text: firstArgument ? `*${firstArgument.text}` : undefined };
      case 'make':
        return classifyType(firstArgument, view, depth + 1);
      case 'append':
        return firstArgument ? typeOfExpression(firstArgument, view, depth + 1) : UNKNOWN;
      case 'string':
        return { shape: 'value', text: 'string', kind: 'string' };
      case 'len':
      case 'cap':
        return { shape: 'value', text: 'int', kind: 'number' };
    }
    if (NUMERIC_TYPES.has(callee.text) || callee.text === 'bool') return classifyType(callee, view, depth + 1);
    for (const { node } of view.declarationsInOrder(callee.text)) {
      if (node.type === 'type_spec' || node.type === 'type_alias') return classifyNamedType(callee.text, view, depth + 1);
      if (node.type === 'function_declaration') {
        const result = node.childForFieldName('result');
        if (!result) return UNKNOWN;
        if (result.type !== 'parameter_list') return classifyType(result, view, depth + 1);
        const results = result.namedChildren.filter((n): n is SyntaxNode => !!n);
        if (results.length === 1 && results[0].childrenForFieldName('name').length <= 1) {
          return classifyType(results[0].childForFieldName('type'), view, depth + 1);
        }
      }
    }
    return UNKNOWN;
  }
  if (callee.type === 'slice_type' || callee.type === 'array_type' || callee.type === 'parenthesized_type') {
    return classifyType(callee, view, depth + 1);
  }
  return UNKNOWN;
}

/** Classifies a type node: what its values look like inside an interface. */
export function classifyType(type: SyntaxNode | null | undefined, view: PackageView, depth = 0): ResolvedType {
  if (!type || depth > 8) return UNKNOWN;
  const text = type.text;
  switch (type.type) {
    case 'parenthesized_type':
      return classifyType(type.namedChild(0), view, depth + 1);
    case 'pointer_type':
      return { shape: 'pointer', text, kind: 'pointer' };
    case 'map_type':
      return { shape: 'pointer-shaped', text, kind: 'map' };
    case 'channel_type':
      return { shape: 'pointer-shaped', text, kind: 'channel' };
    case 'function_type':
      return { shape: 'pointer-shaped', text, kind: 'func' };
    case 'interface_type':
      return { shape: 'interface', text, kind: 'interface' };
    case 'slice_type':
      return { shape: 'value', text, kind: 'slice' };
    case 'array_type':
      return { shape: 'value', text, kind: 'array' };
    case 'struct_type':
      return classifyStruct(type, text, view, depth);
    case 'qualified_type':
      if (text.replace(/\s+/g, '') === 'unsafe.Pointer') return { shape: 'pointer-shaped', text, kind: 'unsafe.Pointer' };
      return UNKNOWN;
    case 'type_identifier':
    case 'identifier': {
      if (text === 'string') return { shape: 'value', text, kind: 'string' };
      if (text === 'bool') return { shape: 'value', text, kind: 'bool' };
      if (NUMERIC_TYPES.has(text)) return { shape: 'value', text, kind: 'number' };
      if (text === 'any' || text === 'error') return { shape: 'interface', text, kind: 'interface' };
      const named = classifyNamedType(text, view, depth + 1);
      return named.shape === 'unknown' ? named : { ...named, text };
    }
    default:
      return UNKNOWN;
  }
}

function classifyNamedType(name: string, view: PackageView, depth: number): ResolvedType {
  const specs = view.declarations(name).filter(({ node }) => node.type === 'type_spec' || node.type === 'type_alias');
  // Generic types and names declared twice (build-tagged files) are left alone.
  if (specs.length !== 1 || specs[0].node.childForFieldName('type_parameters')) return UNKNOWN;
  return classifyType(specs[0].node.childForFieldName('type'), view, depth + 1);
}

function classifyStruct(type: SyntaxNode, text: string, view: PackageView, depth: number): ResolvedType {
  const fields = type.namedChildren.find((n) => n?.type === 'field_declaration_list')?.namedChildren.filter((n): n is SyntaxNode => n?.type === 'field_declaration') ?? [];
  const fieldCount = fields.reduce((count, field) => count + Math.max(1, field.childrenForFieldName('name').length), 0);
  if (fieldCount === 0) return { shape: 'pointer-shaped', text, kind: 'empty struct' }; // zero-size values never allocate
  if (fieldCount === 1) {
    // A struct of one pointer-shaped field is itself stored directly in an interface.
    const inner = classifyType(fields[0].childForFieldName('type'), view, depth + 1);
    if (inner.shape === 'pointer' || inner.shape === 'pointer-shaped') return { shape: 'pointer-shaped', text, kind: 'struct' };
    if (inner.shape === 'unknown') return UNKNOWN;
  }
  return { shape: 'value', text, kind: 'struct' };
}

/** What the pool rules know about the sync.Pool a Put or Get goes to. */
export interface ResolvedPool {
  /** The variable declaration, when the pool is a named variable (package-level or local). */
  declaration?: VariableDeclaration;
  /** The `New` function literal, when the declaration shows it. */
  newFunction?: SyntaxNode;
  /** The file that declares the pool. */
  file: SourceFile;
}

/**
 * Resolves a pool expression (`bufPool`, `s.pool`, `pools[i]`) to a sync.Pool, or undefined
 * when it is not provably one (other types have Put methods too).
 */
export function resolvePool(expression: SyntaxNode, view: PackageView): ResolvedPool | undefined {
  const node = unparenthesize(expression);
  if (node.type === 'identifier') {
    const declaration = declarationOf(node, view);
    if (!declaration || declaration.commaOk) return undefined;
    if (!isSyncPoolType(declaration.type) && !isSyncPoolValue(declaration.value)) return undefined;
    return { declaration, newFunction: newFunctionOf(declaration.value), file: view.fileOf(declaration.statement) };
  }
  if (node.type === 'index_expression') {
    const operand = node.childForFieldName('operand');
    if (operand?.type !== 'identifier') return undefined;
    const declaration = declarationOf(operand, view);
    const type = declaration?.type ?? (declaration?.value?.type === 'composite_literal' ? declaration.value.childForFieldName('type') : null);
    if (!type || !['array_type', 'slice_type', 'implicit_length_array_type'].includes(type.type)) return undefined;
    return isSyncPoolType(type.childForFieldName('element')) ? { file: view.fileOf(type) } : undefined;
  }
  if (node.type === 'selector_expression') {
    const field = node.childForFieldName('field')?.text;
    if (!field) return undefined;
    return poolFieldNamed(field, view);
  }
  return undefined;
}

/** A struct field of the package named `field` whose type is sync.Pool or *sync.Pool. */
function poolFieldNamed(field: string, view: PackageView): ResolvedPool | undefined {
  for (const file of view.filesInOrder()) if (spellsName(file, field) && poolFieldNames(file).has(field)) return { file };
  return undefined;
}

const poolFieldCache = new WeakMap<object, Set<string>>();

/** Names of the sync.Pool fields of a file's package-level struct types (per syntax tree). */
function poolFieldNames(file: SourceFile): Set<string> {
  let names = poolFieldCache.get(file.tree);
  if (names) return names;
  names = new Set();
  // A sync.Pool field spells `Pool`; most files have none.
  if (file.text.includes('Pool')) {
    for (const declaration of file.tree.rootNode.namedChildren) {
      if (declaration?.type !== 'type_declaration') continue;
      for (const spec of specsOf(declaration)) {
        const type = spec.childForFieldName('type');
        if (type?.type !== 'struct_type') continue;
        const list = type.namedChildren.find((n) => n?.type === 'field_declaration_list');
        for (const fieldDeclaration of list?.namedChildren ?? []) {
          if (fieldDeclaration?.type !== 'field_declaration' || !isSyncPoolType(fieldDeclaration.childForFieldName('type'))) continue;
          for (const name of fieldDeclaration.childrenForFieldName('name')) if (name) names.add(name.text);
        }
      }
    }
  }
  poolFieldCache.set(file.tree, names);
  return names;
}

/** The `New: func() any {...}` literal of a pool's initial value. */
export function newFunctionOf(value: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!value) return undefined;
  let literal = unparenthesize(value);
  if (literal.type === 'unary_expression') literal = literal.childForFieldName('operand') ?? literal;
  if (literal.type !== 'composite_literal') return undefined;
  for (const element of literal.childForFieldName('body')?.namedChildren ?? []) {
    if (element?.type !== 'keyed_element') continue;
    if (element.childForFieldName('key')?.text !== 'New') continue;
    const fn = element.childForFieldName('value')?.namedChild(0);
    return fn?.type === 'func_literal' ? fn : undefined;
  }
  return undefined;
}

/** Every pool rule looks at Put calls; one shared hint is tested once per file. */
const PUT_CALL = /\.Put\(/;

/**
 * A sync.Pool rule: gated on `.Put(`, file scope (whether a Put is clean depends on other
 * functions of the package), checking each Put call the file holds against the package.
 */
export function poolPutRule(meta: RuleMeta, checkPut: (context: RuleContext, view: PackageView, put: SyntaxNode) => void): Rule {
  return {
    meta,
    query: WHOLE_FILE_QUERY,
    textHint: PUT_CALL,
    scope: 'file',
    check(context) {
      const view = new PackageView(context);
      for (const put of putCalls(context.file)) checkPut(context, view, put);
    },
  };
}
