import type { Node as SyntaxNode } from 'web-tree-sitter';
import { DeclarationKeyword, mayDeclare, mayDeclareField, spellsName } from '../textFacts';
import type { SourceFile } from '../rule';
import { FUNCTION_TYPES, specsOf, topLevelOfType, unparenthesize, walkNamed } from '../syntax';

/**
 * Syntactic type facts for one package, built from all its files: package-level types and
 * variables, struct fields, the amd64 size and alignment of pointer-free types, and the
 * declared type of a name at a use site. Whatever cannot be known from the syntax is undefined.
 */

export interface Located {
  node: SyntaxNode;
  file: SourceFile;
}

export interface PackageVar {
  name: SyntaxNode;
  /** The spelled-out type, or the type read off the initial value (`map[K]V{}`, `make(T)`, `&T{}`). */
  type: SyntaxNode | null;
  /** Whether the value is `&T{...}` / `new(T)` (the variable then holds a pointer to `type`). */
  pointerToType: boolean;
  file: SourceFile;
}

export interface Layout {
  size: number;
  align: number;
  /** No pointers anywhere inside (strings, slices, maps, interfaces, chans and funcs hold pointers). */
  pointerFree: boolean;
}

const BASIC_LAYOUTS: ReadonlyMap<string, Layout> = new Map(
  (
    [
      ['bool', 1, 1], ['int8', 1, 1], ['uint8', 1, 1], ['byte', 1, 1],
      ['int16', 2, 2], ['uint16', 2, 2],
      ['int32', 4, 4], ['uint32', 4, 4], ['rune', 4, 4], ['float32', 4, 4],
      ['int', 8, 8], ['uint', 8, 8], ['int64', 8, 8], ['uint64', 8, 8], ['uintptr', 8, 8], ['float64', 8, 8],
      ['complex64', 8, 4], ['complex128', 16, 8],
    ] as const
  ).map(([name, size, align]) => [name, { size, align, pointerFree: true }]),
);

/** Pointer-free named types of the standard library that value types commonly embed. */
const KNOWN_QUALIFIED_LAYOUTS: ReadonlyMap<string, Layout> = new Map([
  ['time.Duration', { size: 8, align: 8, pointerFree: true }],
  ['time.Month', { size: 8, align: 8, pointerFree: true }],
  ['time.Weekday', { size: 8, align: 8, pointerFree: true }],
]);

const POINTERFUL_TYPES: ReadonlySet<string> = new Set(['pointer_type', 'slice_type', 'map_type', 'channel_type', 'function_type', 'interface_type']);

/** Other than pointers: basic types that the GC must still scan. */
const POINTERFUL_BASICS: ReadonlySet<string> = new Set(['string', 'error', 'any']);

/**
 * The package-level facts of one file; cached per parsed file, since siblings are reused. Each
 * table is built on first use: most lints need one or two (a package's constants alone can be
 * thousands of specs).
 */
class FileFacts {
  private types?: Map<string, Located>;
  private constantValues?: Map<string, SyntaxNode>;
  private variables?: Map<string, PackageVar>;
  private fields?: Map<string, Located[]>;
  private methods?: Map<string, Set<string>>;

  private static readonly cache = new WeakMap<SourceFile, FileFacts>();

  private constructor(private readonly file: SourceFile) {}

  static of(file: SourceFile): FileFacts {
    let facts = FileFacts.cache.get(file);
    if (!facts) FileFacts.cache.set(file, (facts = new FileFacts(file)));
    return facts;
  }

  get typeDeclarations(): ReadonlyMap<string, Located> {
    if (this.types) return this.types;
    this.types = new Map();
    for (const top of topLevelOfType(this.file.tree.rootNode, 'type_declaration')) {
      for (const spec of top.namedChildren) {
        if (spec?.type !== 'type_spec' && spec?.type !== 'type_alias') continue;
        const name = spec.childForFieldName('name')?.text;
        const type = spec.childForFieldName('type');
        if (!name || !type || spec.childForFieldName('type_parameters')) continue;
        this.types.set(name, { node: type, file: this.file });
      }
    }
    return this.types;
  }

  get vars(): ReadonlyMap<string, PackageVar> {
    if (this.variables) return this.variables;
    this.variables = new Map();
    for (const top of topLevelOfType(this.file.tree.rootNode, 'var_declaration')) for (const spec of specsOf(top, 'var_spec')) this.collectVar(spec, this.file);
    return this.variables;
  }

  get constants(): ReadonlyMap<string, SyntaxNode> {
    if (this.constantValues) return this.constantValues;
    const constants = (this.constantValues = new Map());
    for (const top of topLevelOfType(this.file.tree.rootNode, 'const_declaration')) {
      for (const spec of specsOf(top, 'const_spec')) {
        const names = spec.childrenForFieldName('name');
        const values = spec.childForFieldName('value')?.namedChildren ?? [];
        names.forEach((name, i) => {
          if (name && values[i]) constants.set(name.text, values[i]!);
        });
      }
    }
    return constants;
  }

  get pointerMethods(): ReadonlyMap<string, Set<string>> {
    if (this.methods) return this.methods;
    this.methods = new Map();
    for (const top of topLevelOfType(this.file.tree.rootNode, 'method_declaration')) {
      const receiverType = top.childForFieldName('receiver')?.namedChild(0)?.childForFieldName('type');
      const base = receiverType?.type === 'pointer_type' ? receiverType.namedChild(0) : null;
      const method = top.childForFieldName('name')?.text;
      if (base?.type === 'type_identifier' && method) {
        if (!this.methods.has(base.text)) this.methods.set(base.text, new Set());
        this.methods.get(base.text)!.add(method);
      }
    }
    return this.methods;
  }

  /** Fields of package-level types (local types inside functions are out of reach anyway). */
  get fieldTypes(): ReadonlyMap<string, Located[]> {
    if (this.fields) return this.fields;
    this.fields = new Map();
    for (const top of topLevelOfType(this.file.tree.rootNode, 'type_declaration')) this.collectFields(top, this.file);
    return this.fields;
  }

  private collectFields(declaration: SyntaxNode, file: SourceFile): void {
    walkNamed(declaration, (node) => {
      if (node.type !== 'field_declaration') return;
      const type = node.childForFieldName('type');
      if (!type) return false;
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (!this.fields!.has(name.text)) this.fields!.set(name.text, []);
        this.fields!.get(name.text)!.push({ node: type, file });
      }
      return false;
    });
  }

  private collectVar(spec: SyntaxNode, file: SourceFile): void {
    const names = spec.childrenForFieldName('name');
    const declared = spec.childForFieldName('type');
    const values = spec.childForFieldName('value')?.namedChildren ?? [];
    names.forEach((name, i) => {
      if (!name || name.text === '_') return;
      const value = values.length === names.length ? values[i] : null;
      const inferred = value ? typeOfValue(value) : undefined;
      this.variables!.set(name.text, {
        name,
        type: declared ?? inferred?.type ?? null,
        pointerToType: !declared && !!inferred?.pointer,
        file,
      });
    });
  }

}

export class PackageIndex {
  readonly files: readonly SourceFile[];
  /** Each file's facts, in file order; where files disagree, the last one wins (as in one merged map). */
  private readonly facts: readonly FileFacts[];
  private mergedVars: Map<string, PackageVar> | undefined;
  private readonly fieldTypes = new Map<string, Located[]>();
  private readonly pointerMethods = new Map<string, Set<string>>();
  private readonly layouts = new Map<string, Layout | undefined>();

  constructor(file: SourceFile, siblings: readonly SourceFile[]) {
    this.files = [file, ...siblings];
    this.facts = this.files.map((source) => FileFacts.of(source));
  }

  /** Package-level variables by name (merged on first use: most lints only look up a few names). */
  get vars(): ReadonlyMap<string, PackageVar> {
    if (!this.mergedVars) {
      this.mergedVars = new Map();
      for (const facts of this.facts) for (const [name, value] of facts.vars) this.mergedVars.set(name, value);
    }
    return this.mergedVars;
  }

  /**
   * Package-level variables whose type is the named type `typeName`, in the order `vars` lists
   * them (by where each name is first declared), looking only into files that spell the names.
   */
  varsOfType(typeName: string): [string, PackageVar][] {
    const names = new Set<string>();
    this.facts.forEach((facts, i) => {
      if (!spellsName(this.files[i], typeName)) return;
      for (const [name, variable] of facts.vars) if (variable.type?.type === 'type_identifier' && variable.type.text === typeName) names.add(name);
    });
    const holders: { name: string; variable: PackageVar; file: number; position: number }[] = [];
    for (const name of names) {
      const variable = this.varNamed(name);
      if (variable?.type?.type !== 'type_identifier' || variable.type.text !== typeName) continue;
      const file = this.facts.findIndex((facts, i) => mayDeclare(this.files[i], 'var', name) && facts.vars.has(name));
      holders.push({ name, variable, file, position: [...this.facts[file].vars.keys()].indexOf(name) });
    }
    holders.sort((a, b) => a.file - b.file || a.position - b.position);
    return holders.map((holder) => [holder.name, holder.variable]);
  }

  /** The package-level variable of this name (the last file's, if several declare it). */
  varNamed(name: string): PackageVar | undefined {
    return this.lastDeclared(name, 'var', (facts) => facts.vars);
  }

  private lastDeclared<T>(name: string, keyword: DeclarationKeyword, table: (facts: FileFacts) => ReadonlyMap<string, T>): T | undefined {
    for (let i = this.facts.length - 1; i >= 0; i--) {
      // A file whose text cannot declare the name needs no tree to say so.
      if (!mayDeclare(this.files[i], keyword, name)) continue;
      const found = table(this.facts[i]).get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private typeDeclarationNamed(name: string): Located | undefined {
    return this.lastDeclared(name, 'type', (facts) => facts.typeDeclarations);
  }

  typeDeclaration(name: string): Located | undefined {
    return this.typeDeclarationNamed(name);
  }

  /** Whether the named type has methods with pointer receivers (which may change it in place). */
  pointerMethodsOf(name: string): ReadonlySet<string> {
    let methods = this.pointerMethods.get(name);
    if (!methods) {
      methods = new Set();
      const found = methods;
      this.facts.forEach((facts, i) => {
        if (spellsName(this.files[i], name)) for (const method of facts.pointerMethods.get(name) ?? []) found.add(method);
      });
      this.pointerMethods.set(name, methods);
    }
    return methods;
  }

  /** The types of struct fields with this name anywhere in the package. */
  fieldTypesNamed(name: string): readonly Located[] {
    let types = this.fieldTypes.get(name);
    if (!types) {
      types = this.facts.flatMap((facts, i) => (mayDeclareField(this.files[i], name) ? facts.fieldTypes.get(name) ?? [] : []));
      this.fieldTypes.set(name, types);
    }
    return types;
  }

  /** Follows named types of this package to what they are defined as. */
  underlying(type: SyntaxNode | null): SyntaxNode | null {
    const seen = new Set<string>();
    while (type) {
      type = unparenthesizeType(type);
      if (type.type !== 'type_identifier' || seen.has(type.text)) return type;
      seen.add(type.text);
      const declaration = this.typeDeclarationNamed(type.text);
      if (!declaration) return type;
      type = declaration.node;
    }
    return type;
  }

  /** amd64 size and alignment of a type, following this package's named types. */
  layout(type: SyntaxNode, visiting: Set<string> = new Set()): Layout | undefined {
    type = unparenthesizeType(type);
    switch (type.type) {
      case 'type_identifier': {
        const basic = BASIC_LAYOUTS.get(type.text);
        if (basic) return basic;
        if (POINTERFUL_BASICS.has(type.text)) return { size: 16, align: 8, pointerFree: false };
        if (this.layouts.has(type.text)) return this.layouts.get(type.text);
        const declaration = this.typeDeclarationNamed(type.text);
        if (!declaration || visiting.has(type.text)) return undefined;
        visiting.add(type.text);
        const layout = this.layout(declaration.node, visiting);
        visiting.delete(type.text);
        this.layouts.set(type.text, layout);
        return layout;
      }
      case 'qualified_type':
        if (type.text.replace(/\s+/g, '') === 'unsafe.Pointer') return { size: 8, align: 8, pointerFree: false };
        return KNOWN_QUALIFIED_LAYOUTS.get(type.text.replace(/\s+/g, ''));
      case 'array_type': {
        const length = this.constantInt(type.childForFieldName('length'));
        const element = type.childForFieldName('element');
        const inner = element ? this.layout(element, visiting) : undefined;
        if (length === undefined || !inner) return undefined;
        return { size: length * inner.size, align: inner.align, pointerFree: inner.pointerFree || length === 0 };
      }
      case 'struct_type':
        return this.structLayout(type, visiting);
      default:
        if (POINTERFUL_TYPES.has(type.type)) return { size: 8, align: 8, pointerFree: false };
        return undefined;
    }
  }

  private structLayout(struct: SyntaxNode, visiting: Set<string>): Layout | undefined {
    const list = struct.namedChildren.find((child) => child?.type === 'field_declaration_list');
    let offset = 0;
    let align = 1;
    let pointerFree = true;
    let lastSize = -1;
    for (const field of list?.namedChildren ?? []) {
      if (field?.type !== 'field_declaration') continue;
      const type = field.childForFieldName('type');
      if (!type) return undefined;
      const layout = this.layout(type, visiting);
      if (!layout) return undefined;
      const count = Math.max(1, field.childrenForFieldName('name').length);
      for (let i = 0; i < count; i++) {
        offset = roundUp(offset, layout.align) + layout.size;
        lastSize = layout.size;
      }
      align = Math.max(align, layout.align);
      pointerFree &&= layout.pointerFree;
    }
    // A zero-size final field gets a byte of padding so its address stays inside the struct.
    if (lastSize === 0 && offset > 0) offset += 1;
    return { size: roundUp(offset, align), align, pointerFree };
  }

  private constantInt(node: SyntaxNode | null): number | undefined {
    if (!node) return undefined;
    node = unparenthesize(node);
    if (node.type === 'int_literal') {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    if (node.type === 'identifier') {
      const value = this.lastDeclared(node.text, 'const', (facts) => facts.constants);
      return value && value.type === 'int_literal' ? this.constantInt(value) : undefined;
    }
    return undefined;
  }

  /** Whether values of a type can be map keys (== is defined); undefined when unknown. */
  comparable(type: SyntaxNode, visiting: Set<string> = new Set()): boolean | undefined {
    type = unparenthesizeType(type);
    switch (type.type) {
      case 'type_identifier': {
        if (BASIC_LAYOUTS.has(type.text) || POINTERFUL_BASICS.has(type.text)) return true;
        const declaration = this.typeDeclarationNamed(type.text);
        if (!declaration || visiting.has(type.text)) return undefined;
        visiting.add(type.text);
        return this.comparable(declaration.node, visiting);
      }
      case 'pointer_type':
      case 'channel_type':
      case 'interface_type':
        return true;
      case 'slice_type':
      case 'map_type':
      case 'function_type':
        return false;
      case 'array_type': {
        const element = type.childForFieldName('element');
        return element ? this.comparable(element, visiting) : undefined;
      }
      case 'struct_type': {
        const list = type.namedChildren.find((child) => child?.type === 'field_declaration_list');
        let result: boolean | undefined = true;
        for (const field of list?.namedChildren ?? []) {
          if (field?.type !== 'field_declaration') continue;
          const fieldType = field.childForFieldName('type');
          const comparable = fieldType ? this.comparable(fieldType, visiting) : undefined;
          if (comparable === false) return false;
          if (comparable === undefined) result = undefined;
        }
        return result;
      }
      case 'qualified_type':
        return type.text.replace(/\s+/g, '') === 'time.Duration' ? true : undefined;
      default:
        return undefined;
    }
  }

  /**
   * The declared type of an identifier or selector at a use site: locals and parameters of
   * the enclosing functions, then package-level variables; `x.f` by the package's fields
   * named `f` when they all agree. Named types are not followed (use `underlying`).
   */
  typeOf(expression: SyntaxNode): SyntaxNode | undefined {
    const node = unparenthesize(expression);
    if (node.type === 'identifier') {
      const local = findLocalDeclaration(node);
      if (local) return local.type ?? undefined;
      const global = this.varNamed(node.text);
      return global && !global.pointerToType ? global.type ?? undefined : undefined;
    }
    if (node.type === 'selector_expression') {
      const field = node.childForFieldName('field')?.text;
      const candidates = field ? this.fieldTypesNamed(field) : [];
      if (candidates.length === 0) return undefined;
      const text = candidates[0].node.text;
      return candidates.every((candidate) => candidate.node.text === text) ? candidates[0].node : undefined;
    }
    return undefined;
  }
}

function unparenthesizeType(type: SyntaxNode): SyntaxNode {
  while (type.type === 'parenthesized_type' && type.namedChild(0)) type = type.namedChild(0)!;
  return type;
}

/** The type a value expression spells out: `T{}`, `make(T, n)`, `&T{}`, `new(T)`. */
export function typeOfValue(value: SyntaxNode): { type: SyntaxNode; pointer: boolean } | undefined {
  value = unparenthesize(value);
  if (value.type === 'composite_literal') {
    const type = value.childForFieldName('type');
    return type ? { type, pointer: false } : undefined;
  }
  if (value.type === 'unary_expression' && value.childForFieldName('operator')?.text === '&') {
    const operand = value.childForFieldName('operand');
    const inner = operand ? typeOfValue(operand) : undefined;
    return inner && !inner.pointer ? { type: inner.type, pointer: true } : undefined;
  }
  if (value.type === 'call_expression') {
    const callee = value.childForFieldName('function')?.text;
    const first = value.childForFieldName('arguments')?.namedChild(0);
    if (!first || (callee !== 'make' && callee !== 'new')) return undefined;
    return { type: first, pointer: callee === 'new' };
  }
  return undefined;
}

export interface LocalDeclaration {
  /** The declaring identifier. */
  name: SyntaxNode;
  /** Its type (spelled or read off the value), or null when it cannot be read. */
  type: SyntaxNode | null;
  /** The declaring statement, parameter or range clause. */
  declaration: SyntaxNode;
  /** The initial value, for `x := v` / `var x = v`. */
  value: SyntaxNode | null;
  /** The function whose body or signature declares it. */
  function: SyntaxNode;
}

/**
 * The local declaration an identifier refers to: the nearest declaration of the name before
 * it in an enclosing function (parameters, receivers, `var`, `:=`, range clauses). Scopes are
 * approximated by "declared earlier in an enclosing block".
 */
export function findLocalDeclaration(identifier: SyntaxNode): LocalDeclaration | undefined {
  const name = identifier.text;
  for (let fn = identifier.parent; fn; fn = fn.parent) {
    if (!FUNCTION_TYPES.has(fn.type)) continue;
    let found: LocalDeclaration | undefined;
    const body = fn.childForFieldName('body');
    if (body) {
      walkNamed(body, (node) => {
        if (node.startIndex >= identifier.startIndex) return false;
        if (FUNCTION_TYPES.has(node.type) && !(node.startIndex < identifier.startIndex && identifier.endIndex <= node.endIndex)) return false;
        // A declaration only counts if its scope (block, for, if, switch, case) encloses the use.
        if (SCOPE_TYPES.has(node.type) && !(node.startIndex <= identifier.startIndex && identifier.endIndex <= node.endIndex)) return false;
        const declared = declarationIn(node, name, fn!);
        if (declared) found = declared;
      });
    }
    if (found) return found;
    for (const list of [fn.childForFieldName('receiver'), fn.childForFieldName('parameters'), fn.childForFieldName('result')]) {
      for (const parameter of list?.namedChildren ?? []) {
        if (parameter?.type !== 'parameter_declaration' && parameter?.type !== 'variadic_parameter_declaration') continue;
        const match = parameter.childrenForFieldName('name').find((n) => n?.text === name);
        if (match) {
          const type = parameter.childForFieldName('type');
          return { name: match, type: parameter.type === 'parameter_declaration' ? type : null, declaration: parameter, value: null, function: fn };
        }
      }
    }
  }
  return undefined;
}

const SCOPE_TYPES: ReadonlySet<string> = new Set([
  'block',
  'for_statement',
  'if_statement',
  'expression_switch_statement',
  'type_switch_statement',
  'select_statement',
  'expression_case',
  'type_case',
  'default_case',
  'communication_case',
]);

function declarationIn(node: SyntaxNode, name: string, fn: SyntaxNode): LocalDeclaration | undefined {
  if (node.type === 'short_var_declaration') {
    const targets = node.childForFieldName('left')?.namedChildren ?? [];
    const values = node.childForFieldName('right')?.namedChildren ?? [];
    const index = targets.findIndex((target) => target?.text === name);
    if (index < 0) return undefined;
    const value = targets.length === values.length ? values[index] ?? null : null;
    const inferred = value ? typeOfValue(value) : undefined;
    return { name: targets[index]!, type: inferred && !inferred.pointer ? inferred.type : null, declaration: node, value, function: fn };
  }
  if (node.type === 'var_spec') {
    const names = node.childrenForFieldName('name');
    const index = names.findIndex((n) => n?.text === name);
    if (index < 0) return undefined;
    const values = node.childForFieldName('value')?.namedChildren ?? [];
    const value = values.length === names.length ? values[index] ?? null : null;
    const inferred = value ? typeOfValue(value) : undefined;
    return { name: names[index]!, type: node.childForFieldName('type') ?? (inferred && !inferred.pointer ? inferred.type : null), declaration: node, value, function: fn };
  }
  if (node.type === 'range_clause') {
    const target = node.childForFieldName('left')?.namedChildren.find((n) => n?.text === name);
    return target ? { name: target, type: null, declaration: node, value: null, function: fn } : undefined;
  }
  return undefined;
}

function roundUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}
