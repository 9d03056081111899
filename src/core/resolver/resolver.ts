import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import { treeIsBuilt } from '../lazySource';
import type { SourceFile } from '../rule';
import { FUNCTION_TYPES, unparenthesize } from '../syntax';
import { mayDeclare, mayDeclareField, spellsName } from '../textFacts';
import { FileSummary, ImportSpec, MethodDeclaration, TopDeclaration } from './fileSummary';
import { basic, BASIC_TYPES, GoType, isKnown, NIL, pointerTo, sliceOf, TYPE_PARAM, UNKNOWN } from './goType';
import { stdField, stdFunctionResults, stdMethodResults, stdUnderlying } from './stdlib';

/** The declaration a name refers to at a use site. */
export interface Declaration {
  kind: 'var' | 'const' | 'param' | 'receiver' | 'result' | 'range' | 'receive' | 'typeSwitch' | 'func' | 'type';
  /** The declaring identifier (for a function, its name). */
  name: SyntaxNode;
  /** The declaring statement, spec, parameter, range clause, or function declaration. */
  statement: SyntaxNode;
  /** The type as spelled, when it is. */
  type?: SyntaxNode;
  /** The initial value, when there is one per name. */
  value?: SyntaxNode;
  /** `a, b := f()` (`index` among f's results) or a comma-ok form `v, ok := m[k]`. */
  multi?: { value: SyntaxNode; index: number };
  /** `...T` parameters: a `[]T` inside the function. */
  variadic?: boolean;
  packageLevel: boolean;
  /** The function whose body or signature declares a local. */
  function?: SyntaxNode;
  file: SourceFile;
}

/** A struct field found through its owning type. */
export interface ResolvedField {
  name: string;
  type: GoType;
  /** The field's declaration (absent for fields the standard-library table lists). */
  declaration?: SyntaxNode;
  /** The struct type (named, or a literal) that declares it. */
  owner: GoType;
  /** Reached through embedded fields. */
  promoted: boolean;
  embedded: boolean;
}

/** Types written with these node types are values of their own syntax (a conversion's callee). */
const TYPE_LITERALS: ReadonlySet<string> = new Set([
  'slice_type', 'array_type', 'map_type', 'channel_type', 'pointer_type', 'function_type', 'struct_type', 'interface_type', 'parenthesized_type', 'qualified_type', 'generic_type',
]);

const MAX_DEPTH = 12;

/**
 * One package's index and type resolver: package-level declarations merged from every file's
 * summary (files that cannot declare a name are never parsed to say so), and the type of an
 * expression at a use site as far as the syntax tells. One instance serves every rule of a lint
 * (RuleContext.resolver()); per-file summaries outlive it, kept per syntax tree.
 * See README.md in this folder.
 */
export class Resolver {
  private siblingsLoader: (() => readonly SourceFile[]) | undefined;
  private allFiles: readonly SourceFile[] | undefined;
  private readonly expressionTypes = new WeakMap<Tree, Map<number, GoType>>();
  private readonly declarationsByName = new Map<string, TopDeclaration[]>();
  private readonly declarationsOfKind = new Map<string, TopDeclaration | undefined>();
  private readonly packageDeclarations = new Map<string, Declaration | undefined>();
  private readonly methodsByType = new Map<string, MethodDeclaration[]>();
  private readonly underlyingByName = new Map<string, GoType>();
  private readonly statementNames = new WeakMap<Tree, Map<number, Map<string, SyntaxNode[]>>>();

  constructor(readonly file: SourceFile, siblings: () => readonly SourceFile[]) {
    this.siblingsLoader = siblings;
  }

  // ---- the package index ----

  /** This file first, then its package siblings (read on first need). */
  files(): readonly SourceFile[] {
    if (!this.allFiles) {
      this.allFiles = [this.file, ...(this.siblingsLoader?.() ?? [])];
      this.siblingsLoader = undefined;
    }
    return this.allFiles;
  }

  /** This file, then the siblings, which are only loaded if the caller goes on. */
  *filesInOrder(): Generator<SourceFile> {
    yield this.file;
    yield* this.files().slice(1);
  }

  /** The file a node belongs to (by tree identity). */
  fileOf(node: SyntaxNode): SourceFile {
    if (node.tree === this.file.tree) return this.file;
    return this.files().find((file) => treeIsBuilt(file) && file.tree === node.tree) ?? this.file;
  }

  /** Package-level declarations of a name (types, vars, consts, funcs, methods), this file's first. */
  declarations(name: string): readonly TopDeclaration[] {
    let found = this.declarationsByName.get(name);
    if (!found) {
      found = [];
      // A file that never spells the name cannot declare it, and its tree need not be built.
      for (const file of this.filesInOrder()) if (summaryAnswers(file) || mayDeclareAtTop(file, name)) found.push(...FileSummary.of(file).declarations(name).filter((d) => d.kind !== 'method'));
      this.declarationsByName.set(name, found);
    }
    return found;
  }

  /** declarations(), stopping early: a caller satisfied by this file's spares loading siblings. */
  *declarationsInOrder(name: string): Generator<TopDeclaration> {
    const known = this.declarationsByName.get(name);
    if (known) return yield* known;
    for (const file of this.filesInOrder()) {
      if (summaryAnswers(file) || mayDeclareAtTop(file, name)) for (const declaration of FileSummary.of(file).declarations(name)) if (declaration.kind !== 'method') yield declaration;
    }
  }

  /** The one package-level declaration of a name with this kind (undefined when none, or several disagree). */
  declarationOfKind(name: string, kind: 'type' | 'var' | 'const' | 'func'): TopDeclaration | undefined {
    // Asked for every type name a rule reads (`int`, `string` included): each answer is kept.
    const key = `${kind} ${name}`;
    if (this.declarationsOfKind.has(key)) return this.declarationsOfKind.get(key);
    const found = this.findDeclarationOfKind(name, kind);
    this.declarationsOfKind.set(key, found);
    return found;
  }

  private findDeclarationOfKind(name: string, kind: 'type' | 'var' | 'const' | 'func'): TopDeclaration | undefined {
    let found: TopDeclaration | undefined;
    for (const file of this.filesInOrder()) {
      if (!summaryAnswers(file) && (kind === 'func' ? !mayDeclareFunction(file, name) : !mayDeclare(file, kind, name))) continue;
      for (const declaration of FileSummary.of(file).declarations(name)) {
        if (declaration.kind !== kind) continue;
        // Build-tagged twins that say the same are one declaration; twins that differ are unknown.
        if (found && found.node.text !== declaration.node.text) return undefined;
        found ??= declaration;
      }
    }
    return found;
  }

  /**
   * Package-level variables whose type is the package's named type `typeName` or a pointer to
   * it (`var s = &Service{}`), in file order and, within a file, in declaration order.
   */
  varsOfType(typeName: string): Declaration[] {
    const found: Declaration[] = [];
    for (const file of this.filesInOrder()) {
      if (!spellsName(file, typeName)) continue;
      for (const name of FileSummary.of(file).names('var')) {
        const declaration = this.packageDeclaration(name);
        if (declaration?.kind !== 'var' || declaration.file !== file || found.some((known) => known.name.id === declaration.name.id)) continue;
        let type = this.declaredType(declaration);
        if (type.kind === 'pointer') type = type.elem ?? UNKNOWN;
        if (type.kind === 'named' && type.pkg === '' && type.name === typeName) found.push(declaration);
      }
    }
    return found;
  }

  /** The methods the package declares on the named type (pointer and value receivers). */
  methodsOf(typeName: string): readonly MethodDeclaration[] {
    let methods = this.methodsByType.get(typeName);
    if (!methods) {
      methods = [];
      for (const file of this.filesInOrder()) {
        if (!spellsName(file, typeName)) continue;
        for (const method of FileSummary.of(file).methods()) if (method.receiverType === typeName) methods.push(method);
      }
      this.methodsByType.set(typeName, methods);
    }
    return methods;
  }

  /** The method `name` of the package's named type `typeName`. */
  methodOf(typeName: string, name: string): MethodDeclaration | undefined {
    return this.methodsOf(typeName).find((method) => method.name === name);
  }

  /** A file's imports. */
  imports(file: SourceFile): readonly ImportSpec[] {
    return FileSummary.of(file).imports();
  }

  /** The import path a file uses a package name for (`sync` → "sync", `u` → "unsafe" for `u "unsafe"`). */
  importPath(file: SourceFile, name: string): string | undefined {
    for (const spec of this.imports(file)) if (spec.name === name) return spec.path;
    return undefined;
  }

  /** The names a file refers to a package by ('.' for a dot import); empty when it does not import it. */
  importNames(file: SourceFile, path: string): string[] {
    return this.imports(file).filter((spec) => spec.path === path).map((spec) => spec.name);
  }

  /** How a file spells `pkg.name`: `sync.Pool`, `s.Pool` under an alias, `Pool` under a dot import; undefined if not imported. */
  spelling(file: SourceFile, pkg: string, name: string): string | undefined {
    const names = this.importNames(file, pkg).filter((n) => n !== '_');
    if (names.length === 0) return undefined;
    return names[0] === '.' ? name : `${names[0]}.${name}`;
  }

  // ---- types written in the source ----

  /** The type a type expression (or an expression used as a type) stands for. */
  typeFromSyntax(node: SyntaxNode | null | undefined, file?: SourceFile, depth = 0): GoType {
    if (!node || depth > MAX_DEPTH) return UNKNOWN;
    file ??= this.fileOf(node);
    const type = this.typeFromSyntaxNode(node, file, depth);
    // Where the type is spelled, for rules that rewrite it (unknown and aliases keep their own).
    return type.kind === 'unknown' || type.kind === 'typeParam' || type.node ? type : { ...type, node, file };
  }

  private typeFromSyntaxNode(node: SyntaxNode, file: SourceFile, depth: number): GoType {
    const text = node.text;
    switch (node.type) {
      case 'parenthesized_type':
      case 'parenthesized_expression':
        return this.typeFromSyntax(node.namedChild(0), file, depth + 1);
      case 'type_identifier':
      case 'identifier':
        return this.namedFromIdentifier(node, file, depth);
      case 'qualified_type':
      case 'selector_expression': {
        const packageNode = node.childForFieldName(node.type === 'qualified_type' ? 'package' : 'operand');
        const nameNode = node.childForFieldName(node.type === 'qualified_type' ? 'name' : 'field');
        if (!packageNode || !nameNode || (packageNode.type !== 'package_identifier' && packageNode.type !== 'identifier')) return UNKNOWN;
        const path = this.importPath(file, packageNode.text);
        if (!path) return UNKNOWN;
        if (path === 'unsafe' && nameNode.text === 'Pointer') return { kind: 'unsafePointer', text };
        return { kind: 'named', pkg: path, name: nameNode.text, text };
      }
      case 'generic_type': {
        const base = this.typeFromSyntax(node.childForFieldName('type'), file, depth + 1);
        if (base.kind !== 'named') return UNKNOWN;
        const args = node.childForFieldName('type_arguments')?.namedChildren ?? [];
        return { ...base, text, typeArgs: args.map((arg) => this.typeFromSyntax(arg?.type === 'type_elem' ? arg.namedChild(0) : arg, file, depth + 1)) };
      }
      case 'type_elem':
        return node.namedChildCount === 1 ? this.typeFromSyntax(node.namedChild(0), file, depth + 1) : UNKNOWN;
      case 'pointer_type':
        return { kind: 'pointer', elem: this.typeFromSyntax(node.namedChild(0), file, depth + 1), text };
      case 'unary_expression':
        // `(*T)(x)` reads its type as an expression.
        return node.childForFieldName('operator')?.text === '*' ? { kind: 'pointer', elem: this.typeFromSyntax(node.childForFieldName('operand'), file, depth + 1), text } : UNKNOWN;
      case 'slice_type':
        return { kind: 'slice', elem: this.typeFromSyntax(node.childForFieldName('element'), file, depth + 1), text };
      case 'array_type':
        return { kind: 'array', elem: this.typeFromSyntax(node.childForFieldName('element'), file, depth + 1), length: this.constantInt(node.childForFieldName('length')), text };
      case 'implicit_length_array_type':
        return { kind: 'array', elem: this.typeFromSyntax(node.childForFieldName('element'), file, depth + 1), text };
      case 'map_type':
        return { kind: 'map', key: this.typeFromSyntax(node.childForFieldName('key'), file, depth + 1), elem: this.typeFromSyntax(node.childForFieldName('value'), file, depth + 1), text };
      case 'channel_type':
        return { kind: 'chan', elem: this.typeFromSyntax(node.childForFieldName('value'), file, depth + 1), text };
      case 'function_type':
        return { kind: 'func', results: this.resultTypes(node.childForFieldName('result'), file, depth), node, file, text };
      case 'struct_type':
        return { kind: 'struct', node, file, text };
      case 'interface_type':
        return { kind: 'interface', node, file, text };
      default:
        return UNKNOWN;
    }
  }

  private namedFromIdentifier(node: SyntaxNode, file: SourceFile, depth: number): GoType {
    const name = node.text;
    if (this.isTypeParameter(node, file)) return TYPE_PARAM;
    const declared = this.declarationOfKind(name, 'type');
    if (declared) {
      const alias = declared.node;
      if (alias.type === 'type_alias') return this.typeFromSyntax(alias.childForFieldName('type'), this.fileOf(alias), depth + 1);
      return { kind: 'named', pkg: '', name, text: name };
    }
    if (BASIC_TYPES.has(name)) return basic(name);
    if (name === 'error') return { kind: 'interface', name: 'error', text: name };
    if (name === 'any') return { kind: 'interface', text: name };
    // A dot-imported package's type: known only when one package is dot-imported.
    const dots = this.imports(file).filter((spec) => spec.name === '.');
    if (dots.length === 1) return { kind: 'named', pkg: dots[0].path, name, text: name };
    return UNKNOWN;
  }

  /** Whether a type name is a type parameter of the declaration it is written in. */
  private isTypeParameter(node: SyntaxNode, file: SourceFile): boolean {
    if (!mayBeGeneric(file)) return false;
    for (let scope = node.parent; scope; scope = scope.parent) {
      const parameters =
        scope.type === 'function_declaration' || scope.type === 'type_spec'
          ? scope.childForFieldName('type_parameters')
          : scope.type === 'method_declaration'
            ? receiverTypeArguments(scope)
            : null;
      if (parameters && declaresTypeParameter(parameters, node.text)) return true;
      if (scope.type === 'source_file') return false;
    }
    return false;
  }

  /** The result types of a function type or declaration's `result` field. */
  resultTypes(result: SyntaxNode | null, file: SourceFile, depth = 0): GoType[] {
    if (!result) return [];
    if (result.type !== 'parameter_list') return [this.typeFromSyntax(result, file, depth + 1)];
    const types: GoType[] = [];
    for (const parameter of result.namedChildren) {
      if (parameter?.type !== 'parameter_declaration') continue;
      const type = this.typeFromSyntax(parameter.childForFieldName('type'), file, depth + 1);
      const count = Math.max(1, parameter.childrenForFieldName('name').length);
      for (let i = 0; i < count; i++) types.push(type);
    }
    return types;
  }

  /** The value of an integer constant expression the syntax shows (`16`, `size` for `const size = 16`). */
  constantInt(node: SyntaxNode | null, depth = 0): number | undefined {
    if (!node || depth > 4) return undefined;
    node = unparenthesize(node);
    if (node.type === 'int_literal') {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    if (node.type === 'identifier') {
      const constant = this.declarationOfKind(node.text, 'const')?.node;
      if (!constant) return undefined;
      const names = constant.childrenForFieldName('name');
      const values = constant.childForFieldName('value')?.namedChildren ?? [];
      const index = names.findIndex((n) => n?.text === node!.text);
      return index >= 0 && values.length === names.length ? this.constantInt(values[index], depth + 1) : undefined;
    }
    return undefined;
  }

  // ---- what named types are ----

  /** Follows named types to what they are defined as: this package's declarations, and a table of the standard library's. */
  underlying(type: GoType, depth = 0): GoType {
    if (type.kind !== 'named' || depth > MAX_DEPTH) return type.kind === 'named' ? UNKNOWN : type;
    if (type.pkg) return stdUnderlying(type.pkg, type.name!) ?? UNKNOWN;
    const key = type.name!;
    let known = this.underlyingByName.get(key);
    if (!known) {
      this.underlyingByName.set(key, UNKNOWN); // a cycle resolves to unknown
      const declaration = this.declarationOfKind(key, 'type');
      known = declaration ? this.underlying(this.typeFromSyntax(declaration.node.childForFieldName('type'), declaration.file, depth + 1), depth + 1) : UNKNOWN;
      this.underlyingByName.set(key, known);
    }
    return known;
  }

  /** The type spec of a named type of this package. */
  typeDeclaration(type: GoType): TopDeclaration | undefined {
    return type.kind === 'named' && type.pkg === '' ? this.declarationOfKind(type.name!, 'type') : undefined;
  }

  /** A pointer's element type (through named pointer types); unknown for anything else. */
  pointee(type: GoType): GoType {
    const under = this.underlying(type);
    return under.kind === 'pointer' ? under.elem ?? UNKNOWN : UNKNOWN;
  }

  /** The field `name` of a struct type (or a pointer to one), including fields promoted from embedded ones. */
  field(type: GoType, name: string): ResolvedField | undefined {
    let base = type;
    if (base.kind === 'pointer') base = base.elem ?? UNKNOWN;
    return this.findField(base, name, 0);
  }

  private findField(owner: GoType, name: string, depth: number): ResolvedField | undefined {
    if (depth > 4) return undefined;
    if (owner.kind === 'named' && owner.pkg) {
      const type = stdField(owner.pkg, owner.name!, name);
      return type ? { name, type, owner, promoted: false, embedded: false } : undefined;
    }
    const struct = this.underlying(owner);
    if (struct.kind !== 'struct' || !struct.node) return undefined;
    const embedded: GoType[] = [];
    for (const field of this.fieldDeclarations(struct)) {
      const typeNode = field.childForFieldName('type');
      const names = field.childrenForFieldName('name');
      const type = this.typeFromSyntax(typeNode, struct.file);
      if (names.length === 0) {
        // An embedded field is named after its type: `T`, `*T`, `pkg.T`, `T[int]`.
        const embeddedType = field.text.trimStart().startsWith('*') && type.kind !== 'pointer' ? pointerTo(type) : type;
        const typeName = embeddedName(typeNode);
        if (typeName === name) return { name, type: embeddedType, declaration: field, owner, promoted: false, embedded: true };
        embedded.push(embeddedType.kind === 'pointer' ? embeddedType.elem ?? UNKNOWN : embeddedType);
        continue;
      }
      if (names.some((n) => n?.text === name)) return { name, type, declaration: field, owner, promoted: false, embedded: false };
    }
    // Promoted fields: one embedded type must provide it; two at the same depth are ambiguous.
    let found: ResolvedField | undefined;
    for (const inner of embedded) {
      const candidate = this.findField(inner, name, depth + 1);
      if (!candidate) continue;
      if (found) return undefined;
      found = { ...candidate, promoted: true };
    }
    return found;
  }

  /** The field declarations of a struct type literal. */
  fieldDeclarations(struct: GoType): SyntaxNode[] {
    const list = struct.node?.namedChildren.find((child) => child?.type === 'field_declaration_list');
    return (list?.namedChildren ?? []).filter((field): field is SyntaxNode => field?.type === 'field_declaration');
  }

  /** The fields of a struct type (direct ones, embedded ones under their type's name), in order. */
  fields(type: GoType): ResolvedField[] {
    const struct = this.underlying(type.kind === 'pointer' ? type.elem ?? UNKNOWN : type);
    if (struct.kind !== 'struct' || !struct.node) return [];
    const fields: ResolvedField[] = [];
    for (const field of this.fieldDeclarations(struct)) {
      const typeNode = field.childForFieldName('type');
      const fieldType = this.typeFromSyntax(typeNode, struct.file);
      const names = field.childrenForFieldName('name');
      if (names.length === 0) {
        const embeddedType = field.text.trimStart().startsWith('*') && fieldType.kind !== 'pointer' ? pointerTo(fieldType) : fieldType;
        fields.push({ name: embeddedName(typeNode) ?? '', type: embeddedType, declaration: field, owner: type, promoted: false, embedded: true });
      }
      for (const name of names) if (name) fields.push({ name: name.text, type: fieldType, declaration: field, owner: type, promoted: false, embedded: false });
    }
    return fields;
  }

  /**
   * Package-level struct types with a field of this name, by owner: for questions about every
   * place a field may be written (`x.name = ...` anywhere in the package).
   */
  structsWithField(name: string): { owner: GoType; field: ResolvedField }[] {
    const found: { owner: GoType; field: ResolvedField }[] = [];
    for (const file of this.filesInOrder()) {
      if (!mayDeclareField(file, name)) continue;
      for (const declaration of FileSummary.of(file).names('type')) {
        const owner: GoType = { kind: 'named', pkg: '', name: declaration, text: declaration };
        const field = this.fields(owner).find((f) => f.name === name);
        if (field) found.push({ owner, field });
      }
    }
    return found;
  }

  /** The method `name` of a type of this package (or a pointer to one), promoted ones included. */
  method(type: GoType, name: string): MethodDeclaration | undefined {
    const base = type.kind === 'pointer' ? type.elem ?? UNKNOWN : type;
    if (base.kind !== 'named' || base.pkg) return undefined;
    const own = this.methodOf(base.name!, name);
    if (own) return own;
    for (const field of this.fields(base)) {
      if (!field.embedded) continue;
      const promoted = this.method(field.type, name);
      if (promoted) return promoted;
    }
    return undefined;
  }

  // ---- names at use sites ----

  /** The declaration an identifier refers to: locals and parameters by Go's scopes, then the package's. */
  declarationOf(identifier: SyntaxNode): Declaration | undefined {
    return this.localDeclaration(identifier) ?? this.packageDeclaration(identifier.text);
  }

  /** A package-level var, const or func of this name. */
  packageDeclaration(name: string): Declaration | undefined {
    if (this.packageDeclarations.has(name)) return this.packageDeclarations.get(name);
    const found = this.findPackageDeclaration(name);
    this.packageDeclarations.set(name, found);
    return found;
  }

  private findPackageDeclaration(name: string): Declaration | undefined {
    for (const declaration of this.declarationsInOrder(name)) {
      if (declaration.kind === 'func') {
        const nameNode = declaration.node.childForFieldName('name');
        if (nameNode) return { kind: 'func', name: nameNode, statement: declaration.node, packageLevel: true, file: declaration.file };
      }
      if (declaration.kind === 'var' || declaration.kind === 'const') {
        const found = specDeclaration(declaration.node, name, declaration.kind, declaration.file, true);
        if (found) return found;
      }
      if (declaration.kind === 'type') {
        const nameNode = declaration.node.childForFieldName('name');
        if (nameNode) return { kind: 'type', name: nameNode, statement: declaration.node, packageLevel: true, file: declaration.file };
      }
    }
    return undefined;
  }

  /**
   * The local declaration (variable, constant, parameter, receiver, named result, range or
   * receive variable, type-switch binding) an identifier refers to, searching outward through
   * blocks, statement headers and enclosing functions; undefined for package-level names.
   */
  localDeclaration(identifier: SyntaxNode): Declaration | undefined {
    const name = identifier.text;
    let file: SourceFile | undefined;
    const fileOf = () => (file ??= this.fileOf(identifier));
    let child: SyntaxNode = identifier;
    for (let scope = identifier.parent; scope; child = scope, scope = scope.parent) {
      switch (scope.type) {
        case 'source_file':
          return undefined;
        case 'statement_list':
        case 'block': {
          const statements = this.declaringStatements(scope).get(name);
          if (!statements) break;
          for (let i = statements.length - 1; i >= 0; i--) {
            if (statements[i].startIndex >= child.startIndex) continue;
            const found = statementDeclaration(statements[i], name, fileOf());
            if (found) return withFunction(found, scope);
          }
          break;
        }
        case 'if_statement':
        case 'expression_switch_statement':
        case 'type_switch_statement': {
          const initializer = scope.childForFieldName('initializer');
          if (initializer && initializer.id !== child.id) {
            const found = statementDeclaration(initializer, name, fileOf());
            if (found) return withFunction(found, scope);
          }
          if (scope.type === 'type_switch_statement' && child.type === 'type_case') {
            const alias = scope.childForFieldName('alias')?.namedChildren.find((n) => n?.text === name);
            if (alias) {
              const types = child.childrenForFieldName('type');
              return withFunction({ kind: 'typeSwitch', name: alias, statement: scope, type: types.length === 1 && types[0]?.text !== 'nil' ? types[0]! : undefined, packageLevel: false, file: fileOf() }, scope);
            }
          }
          break;
        }
        case 'for_statement': {
          for (const header of scope.namedChildren) {
            if (!header || header.id === child.id) continue;
            if (header.type === 'for_clause') {
              const initializer = header.childForFieldName('initializer');
              const found = initializer && initializer.id !== child.id ? statementDeclaration(initializer, name, fileOf()) : undefined;
              if (found) return withFunction(found, scope);
            } else if (header.type === 'range_clause' && /^[^=]*:=/.test(header.text)) {
              const left = header.childForFieldName('left')?.namedChildren ?? [];
              const index = left.findIndex((id) => id?.type === 'identifier' && id.text === name);
              if (index >= 0) return withFunction({ kind: 'range', name: left[index]!, statement: header, multi: { value: header.childForFieldName('right')!, index }, packageLevel: false, file: fileOf() }, scope);
            }
          }
          break;
        }
        case 'communication_case': {
          const receive = scope.childForFieldName('communication');
          if (receive?.type === 'receive_statement' && receive.id !== child.id && /^[^=]*:=/.test(receive.text)) {
            const left = receive.childForFieldName('left')?.namedChildren ?? [];
            const index = left.findIndex((id) => id?.text === name);
            if (index >= 0) return withFunction({ kind: 'receive', name: left[index]!, statement: receive, multi: { value: receive.childForFieldName('right')!, index }, packageLevel: false, file: fileOf() }, scope);
          }
          break;
        }
        case 'function_declaration':
        case 'method_declaration':
        case 'func_literal': {
          for (const [field, kind] of [['receiver', 'receiver'], ['parameters', 'param'], ['result', 'result']] as const) {
            const list = scope.childForFieldName(field);
            if (!list || list.type !== 'parameter_list') continue;
            for (const parameter of list.namedChildren) {
              if (parameter?.type !== 'parameter_declaration' && parameter?.type !== 'variadic_parameter_declaration') continue;
              const declared = parameter.childrenForFieldName('name').find((id) => id?.text === name);
              if (!declared) continue;
              const type = parameter.childForFieldName('type') ?? undefined;
              return { kind, name: declared, statement: parameter, type, variadic: parameter.type === 'variadic_parameter_declaration', packageLevel: false, function: scope, file: fileOf() };
            }
          }
          if (scope.type !== 'func_literal') return undefined;
          break;
        }
      }
    }
    return undefined;
  }

  /** The statements of a block that declare names, by name, in order (once per block and tree). */
  private declaringStatements(block: SyntaxNode): Map<string, SyntaxNode[]> {
    let byBlock = this.statementNames.get(block.tree);
    if (!byBlock) this.statementNames.set(block.tree, (byBlock = new Map()));
    let names = byBlock.get(block.id);
    if (names) return names;
    names = new Map();
    const add = (name: string | undefined, statement: SyntaxNode) => {
      if (!name || name === '_') return;
      const list = names!.get(name);
      if (!list) names!.set(name, [statement]);
      else if (list[list.length - 1].id !== statement.id) list.push(statement);
    };
    const cursor = block.walk();
    try {
      for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
        const type = cursor.nodeType;
        if (type === 'short_var_declaration') {
          const statement = cursor.currentNode;
          for (const target of statement.childForFieldName('left')?.namedChildren ?? []) add(target?.text, statement);
        } else if (type === 'var_declaration' || type === 'const_declaration' || type === 'type_declaration') {
          const statement = cursor.currentNode;
          for (const spec of innerSpecs(statement)) for (const n of spec.childrenForFieldName('name')) add(n?.text, statement);
        } else if (type === 'labeled_statement') {
          // `label: x := ...` declares like the statement it labels.
          const statement = cursor.currentNode;
          const inner = statement.namedChildren.find((n) => n?.type === 'short_var_declaration');
          for (const target of inner?.childForFieldName('left')?.namedChildren ?? []) add(target?.text, inner!);
        }
      }
    } finally {
      cursor.delete();
    }
    byBlock.set(block.id, names);
    return names;
  }

  /** The type a declaration gives its name. */
  declaredType(declaration: Declaration, depth = 0): GoType {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const file = declaration.file;
    if (declaration.kind === 'func') {
      const fn = declaration.statement;
      if (fn.childForFieldName('type_parameters')) return UNKNOWN;
      return { kind: 'func', results: this.resultTypes(fn.childForFieldName('result'), file, depth), node: fn, file, text: '' };
    }
    if (declaration.kind === 'type') return UNKNOWN;
    if (declaration.type) {
      const type = this.typeFromSyntax(declaration.type, file, depth + 1);
      return declaration.variadic ? sliceOf(type) : type;
    }
    if (declaration.value) {
      const type = this.typeOf(declaration.value, depth + 1);
      // An untyped constant's variable gets the default type.
      return type.kind === 'basic' && type.untyped && declaration.kind !== 'const' ? basic(type.name!) : type;
    }
    if (declaration.multi) {
      const { value, index } = declaration.multi;
      if (declaration.kind === 'range') return rangeTypes(this.underlying(this.typeOf(value, depth + 1)), this)[index] ?? UNKNOWN;
      const source = unparenthesize(value);
      const type = this.typeOf(source, depth + 1);
      if (type.kind === 'tuple') return type.results?.[index] ?? UNKNOWN;
      // Comma-ok: `v, ok := m[k]`, `x.(T)`, `<-ch`.
      if (index === 1 && ['index_expression', 'type_assertion_expression', 'unary_expression'].includes(source.type)) return basic('bool');
      return index === 0 ? type : UNKNOWN;
    }
    return UNKNOWN;
  }

  // ---- expressions ----

  /** The type of an expression at its use site, as far as the syntax and the package's declarations tell. */
  typeOf(expression: SyntaxNode, depth = 0): GoType {
    if (depth > MAX_DEPTH) return UNKNOWN;
    let byTree = this.expressionTypes.get(expression.tree);
    if (!byTree) this.expressionTypes.set(expression.tree, (byTree = new Map()));
    let type = byTree.get(expression.id);
    if (!type) {
      byTree.set(expression.id, UNKNOWN); // a cycle (x := x.f) is unknown
      type = this.computeTypeOf(expression, depth);
      byTree.set(expression.id, type);
    }
    return type;
  }

  private computeTypeOf(expression: SyntaxNode, depth: number): GoType {
    const node = unparenthesize(expression);
    switch (node.type) {
      case 'identifier': {
        const name = node.text;
        const declaration = this.declarationOf(node);
        if (declaration) return this.declaredType(declaration, depth + 1);
        if (name === 'nil') return NIL;
        if (name === 'true' || name === 'false') return basic('bool', true);
        if (name === 'iota') return basic('int', true);
        return UNKNOWN;
      }
      case 'true':
      case 'false':
        return basic('bool', true);
      case 'nil':
        return NIL;
      case 'iota':
        return basic('int', true);
      case 'int_literal':
        return basic('int', true);
      case 'float_literal':
        return basic('float64', true);
      case 'imaginary_literal':
        return basic('complex128', true);
      case 'rune_literal':
        return basic('rune', true);
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return basic('string', true);
      case 'composite_literal':
        return this.typeFromSyntax(node.childForFieldName('type'), undefined, depth + 1);
      case 'func_literal':
        return { kind: 'func', results: this.resultTypes(node.childForFieldName('result'), this.fileOf(node), depth), node, text: '' };
      case 'unary_expression': {
        const operator = node.childForFieldName('operator')?.text;
        const operand = node.childForFieldName('operand');
        if (!operand) return UNKNOWN;
        if (operator === '&') return pointerTo(this.typeOf(operand, depth + 1));
        if (operator === '*') return this.pointee(this.typeOf(operand, depth + 1));
        if (operator === '<-') {
          const channel = this.underlying(this.typeOf(operand, depth + 1));
          return channel.kind === 'chan' ? channel.elem ?? UNKNOWN : UNKNOWN;
        }
        if (operator === '!') return basic('bool');
        return this.typeOf(operand, depth + 1);
      }
      case 'binary_expression': {
        const operator = node.childForFieldName('operator')?.text ?? '';
        if (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(operator)) return basic('bool');
        const left = this.typeOf(node.childForFieldName('left')!, depth + 1);
        if (operator === '<<' || operator === '>>') return left;
        if (left.kind === 'basic' && left.untyped) {
          const right = this.typeOf(node.childForFieldName('right')!, depth + 1);
          return isKnown(right) ? right : left;
        }
        return left;
      }
      case 'call_expression':
        return this.typeOfCall(node, depth);
      case 'selector_expression':
        return this.typeOfSelector(node, depth);
      case 'index_expression': {
        const operand = this.typeOf(node.childForFieldName('operand')!, depth + 1);
        let container = this.underlying(operand);
        if (container.kind === 'pointer') container = this.underlying(container.elem ?? UNKNOWN);
        if (container.kind === 'slice' || container.kind === 'array' || container.kind === 'map') return container.elem ?? UNKNOWN;
        if (container.kind === 'basic' && container.name === 'string') return basic('byte');
        return UNKNOWN;
      }
      case 'slice_expression': {
        const operand = this.typeOf(node.childForFieldName('operand')!, depth + 1);
        const under = this.underlying(operand);
        if (under.kind === 'basic' && under.name === 'string') return operand.kind === 'basic' ? basic('string') : operand;
        if (under.kind === 'slice') return operand;
        const array = under.kind === 'pointer' ? this.underlying(under.elem ?? UNKNOWN) : under;
        return array.kind === 'array' ? sliceOf(array.elem ?? UNKNOWN) : UNKNOWN;
      }
      case 'type_assertion_expression':
      case 'type_conversion_expression':
        return this.typeFromSyntax(node.childForFieldName('type'), undefined, depth + 1);
      default:
        return UNKNOWN;
    }
  }

  private typeOfSelector(node: SyntaxNode, depth: number): GoType {
    const operand = node.childForFieldName('operand');
    const field = node.childForFieldName('field')?.text;
    if (!operand || !field) return UNKNOWN;
    const packagePath = this.packageOperand(operand);
    if (packagePath !== undefined) return UNKNOWN; // a package's variable: not listed
    const base = this.typeOf(operand, depth + 1);
    const found = this.field(base, field);
    if (found) return found.type;
    const method = this.method(base, field);
    if (method) return { kind: 'func', results: this.resultTypes(method.node.childForFieldName('result'), method.file, depth), node: method.node, file: method.file, text: '' };
    return UNKNOWN;
  }

  /** The import path when the expression names an imported package (not shadowed by a local or package name). */
  packageOperand(operand: SyntaxNode): string | undefined {
    if (operand.type !== 'identifier') return undefined;
    const file = this.fileOf(operand);
    const path = this.importPath(file, operand.text);
    if (path === undefined) return undefined;
    if (this.localDeclaration(operand)) return undefined;
    return path;
  }

  /** The results a call gives: one type, a tuple for several, unknown when not known. */
  private typeOfCall(call: SyntaxNode, depth: number): GoType {
    const callee = unparenthesize(call.childForFieldName('function')!);
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const first = args[0] ?? null;
    if (callee.type === 'identifier') {
      const declaration = this.declarationOf(callee);
      if (!declaration) {
        switch (callee.text) {
          case 'new':
            return pointerTo(this.typeFromSyntax(first, undefined, depth + 1));
          case 'make':
            return this.typeFromSyntax(first, undefined, depth + 1);
          case 'append':
            return first ? this.typeOf(first, depth + 1) : UNKNOWN;
          case 'len':
          case 'cap':
          case 'copy':
            return basic('int');
          case 'min':
          case 'max':
            return first ? this.typeOf(first, depth + 1) : UNKNOWN;
          case 'real':
          case 'imag':
            return basic('float64');
          case 'complex':
            return basic('complex128');
        }
        if (BASIC_TYPES.has(callee.text)) return basic(callee.text);
        return UNKNOWN;
      }
      if (declaration.kind === 'type') return this.typeFromSyntax(callee, declaration.file, depth + 1);
      return resultOf(this.declaredType(declaration, depth + 1), this);
    }
    if (callee.type === 'selector_expression') {
      const operand = callee.childForFieldName('operand')!;
      const name = callee.childForFieldName('field')?.text ?? '';
      const packagePath = this.packageOperand(operand);
      if (packagePath !== undefined) {
        if (packagePath === 'unsafe' && name === 'Pointer') return { kind: 'unsafePointer', text: 'unsafe.Pointer' };
        if (packagePath === 'unsafe' && name === 'Slice' && first) return sliceOf(this.pointee(this.typeOf(first, depth + 1)));
        if (packagePath === 'unsafe' && name === 'SliceData' && first) {
          const slice = this.underlying(this.typeOf(first, depth + 1));
          return slice.kind === 'slice' ? pointerTo(slice.elem ?? UNKNOWN) : UNKNOWN;
        }
        const results = stdFunctionResults(packagePath, name);
        if (results) return results.length === 1 ? results[0] : { kind: 'tuple', results, text: '' };
        // `pkg.T(x)`: a conversion to a named type spells it with a capital; functions too, so only the table's types.
        return UNKNOWN;
      }
      const base = this.typeOf(operand, depth + 1);
      const named = base.kind === 'pointer' ? base.elem ?? UNKNOWN : base;
      if (named.kind === 'named' && named.pkg) {
        const results = stdMethodResults(named.pkg, named.name!, name);
        if (results) return results.length === 1 ? results[0] : { kind: 'tuple', results, text: '' };
        return UNKNOWN;
      }
      const method = this.method(base, name);
      // (A generic type's method: results that mention its type parameters come out unknown.)
      if (method) {
        return resultOf({ kind: 'func', results: this.resultTypes(method.node.childForFieldName('result'), method.file, depth), text: '' }, this);
      }
      const fieldType = this.field(base, name)?.type;
      return fieldType ? resultOf(fieldType, this) : UNKNOWN;
    }
    if (callee.type === 'parenthesized_expression' || TYPE_LITERALS.has(callee.type)) {
      // `(*T)(x)`, `([]byte)(s)`, `[]byte(s)`: conversions.
      const inner = unparenthesize(callee);
      if (inner.type === 'unary_expression' && inner.childForFieldName('operator')?.text === '*') return this.typeFromSyntax(inner);
      if (TYPE_LITERALS.has(inner.type)) return this.typeFromSyntax(inner);
      return resultOf(this.typeOf(inner, depth + 1), this);
    }
    if (callee.type === 'func_literal') return resultOf(this.typeOf(callee, depth + 1), this);
    return UNKNOWN;
  }

  // ---- what types hold ----

  /** amd64 size and alignment of a type, and whether it holds no pointers. */
  layout(type: GoType, visiting: Set<string> = new Set()): Layout | undefined {
    switch (type.kind) {
      case 'basic': {
        const basicLayout = BASIC_LAYOUTS.get(type.name!);
        if (basicLayout) return basicLayout;
        return type.name === 'string' ? { size: 16, align: 8, pointerFree: false } : undefined;
      }
      case 'interface':
        return { size: 16, align: 8, pointerFree: false };
      case 'pointer':
      case 'unsafePointer':
      case 'map':
      case 'chan':
      case 'func':
        return { size: 8, align: 8, pointerFree: false };
      case 'slice':
        return { size: 24, align: 8, pointerFree: false };
      case 'named': {
        const key = `${type.pkg}.${type.name}`;
        if (visiting.has(key) || type.typeArgs) return undefined;
        visiting.add(key);
        const layout = this.layout(this.underlying(type), visiting);
        visiting.delete(key);
        return layout;
      }
      case 'array': {
        const inner = type.elem ? this.layout(type.elem, visiting) : undefined;
        if (type.length === undefined || !inner) return undefined;
        return { size: type.length * inner.size, align: inner.align, pointerFree: inner.pointerFree || type.length === 0 };
      }
      case 'struct': {
        if (!type.node) return undefined;
        let offset = 0;
        let align = 1;
        let pointerFree = true;
        let lastSize = -1;
        for (const field of this.fieldDeclarations(type)) {
          const fieldType = this.typeFromSyntax(field.childForFieldName('type'), type.file);
          const embeddedPointer = field.childrenForFieldName('name').length === 0 && field.text.trimStart().startsWith('*') && fieldType.kind !== 'pointer';
          const layout = embeddedPointer ? { size: 8, align: 8, pointerFree: false } : this.layout(fieldType, visiting);
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
      default:
        return undefined;
    }
  }

  /** Whether values of a type can be map keys (== is defined); undefined when unknown. */
  comparable(type: GoType, visiting: Set<string> = new Set()): boolean | undefined {
    switch (type.kind) {
      case 'basic':
      case 'pointer':
      case 'unsafePointer':
      case 'chan':
      case 'interface':
        return true;
      case 'slice':
      case 'map':
      case 'func':
        return false;
      case 'array':
        return type.elem ? this.comparable(type.elem, visiting) : undefined;
      case 'named': {
        const key = `${type.pkg}.${type.name}`;
        if (visiting.has(key)) return undefined;
        visiting.add(key);
        return this.comparable(this.underlying(type), visiting);
      }
      case 'struct': {
        if (!type.node) return undefined;
        let result: boolean | undefined = true;
        for (const field of this.fieldDeclarations(type)) {
          const comparable = this.comparable(this.typeFromSyntax(field.childForFieldName('type'), type.file), visiting);
          if (comparable === false) return false;
          if (comparable === undefined) result = undefined;
        }
        return result;
      }
      default:
        return undefined;
    }
  }
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

function roundUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** What calling a value of this type gives. */
function resultOf(type: GoType, resolver: Resolver): GoType {
  const fn = type.kind === 'named' ? resolver.underlying(type) : type;
  if (fn.kind !== 'func' || !fn.results) return UNKNOWN;
  if (fn.results.length === 1) return fn.results[0];
  return fn.results.length > 1 ? { kind: 'tuple', results: fn.results, text: '' } : UNKNOWN;
}

/** The iteration variables' types of `for k, v := range x` by x's underlying type. */
function rangeTypes(container: GoType, resolver: Resolver): GoType[] {
  if (container.kind === 'pointer') container = resolver.underlying(container.elem ?? UNKNOWN);
  switch (container.kind) {
    case 'slice':
    case 'array':
      return [basic('int'), container.elem ?? UNKNOWN];
    case 'map':
      return [container.key ?? UNKNOWN, container.elem ?? UNKNOWN];
    case 'chan':
      return [container.elem ?? UNKNOWN];
    case 'basic':
      if (container.name === 'string') return [basic('int'), basic('rune')];
      return container.name && /int/.test(container.name) ? [container.untyped ? basic('int') : container] : [];
    default:
      return [];
  }
}

function withFunction(declaration: Declaration, scope: SyntaxNode): Declaration {
  for (let node: SyntaxNode | null = scope; node; node = node.parent) {
    if (FUNCTION_TYPES.has(node.type)) return { ...declaration, function: node };
  }
  return declaration;
}

function innerSpecs(declaration: SyntaxNode): SyntaxNode[] {
  const specs: SyntaxNode[] = [];
  for (const child of declaration.namedChildren) {
    if (!child) continue;
    if (child.type.endsWith('_spec_list')) for (const inner of child.namedChildren) if (inner && inner.type.endsWith('_spec')) specs.push(inner);
    if (child.type.endsWith('_spec') || child.type === 'type_alias') specs.push(child);
  }
  return specs;
}

/** The declaration of `name` a local statement makes, if it makes one. */
function statementDeclaration(statement: SyntaxNode, name: string, file: SourceFile): Declaration | undefined {
  switch (statement.type) {
    case 'short_var_declaration': {
      const left = statement.childForFieldName('left')?.namedChildren ?? [];
      const right = statement.childForFieldName('right')?.namedChildren ?? [];
      const index = left.findIndex((id) => id?.type === 'identifier' && id.text === name);
      if (index < 0) return undefined;
      if (left.length === right.length) return { kind: 'var', name: left[index]!, statement, value: right[index]!, packageLevel: false, file };
      if (right.length === 1) return { kind: 'var', name: left[index]!, statement, multi: { value: right[0]!, index }, packageLevel: false, file };
      return { kind: 'var', name: left[index]!, statement, packageLevel: false, file };
    }
    case 'labeled_statement': {
      const inner = statement.namedChildren.find((n) => n?.type === 'short_var_declaration');
      return inner ? statementDeclaration(inner, name, file) : undefined;
    }
    case 'var_declaration':
    case 'const_declaration':
      for (const spec of innerSpecs(statement)) {
        const found = specDeclaration(spec, name, statement.type === 'var_declaration' ? 'var' : 'const', file, false);
        if (found) return found;
      }
      return undefined;
    case 'type_declaration':
      for (const spec of innerSpecs(statement)) {
        const nameNode = spec.childForFieldName('name');
        if (nameNode?.text === name) return { kind: 'type', name: nameNode, statement: spec, packageLevel: false, file };
      }
      return undefined;
    default:
      return undefined;
  }
}

function specDeclaration(spec: SyntaxNode, name: string, kind: 'var' | 'const', file: SourceFile, packageLevel: boolean): Declaration | undefined {
  const names = spec.childrenForFieldName('name');
  const index = names.findIndex((n) => n?.text === name);
  if (index < 0) return undefined;
  const type = spec.childForFieldName('type') ?? undefined;
  const values = spec.childForFieldName('value')?.namedChildren ?? [];
  const declaration: Declaration = { kind, name: names[index]!, statement: spec, type, packageLevel, file };
  if (values.length === names.length) declaration.value = values[index]!;
  else if (values.length === 1) declaration.multi = { value: values[0]!, index };
  return declaration;
}

/** The name an embedded field goes by: its type's name. */
function embeddedName(type: SyntaxNode | null): string | undefined {
  while (type && (type.type === 'pointer_type' || type.type === 'parenthesized_type')) type = type.namedChild(0);
  if (type?.type === 'generic_type') type = type.childForFieldName('type');
  if (type?.type === 'qualified_type') return type.childForFieldName('name')?.text;
  return type?.type === 'type_identifier' ? type.text : undefined;
}

/** `func (p *Pool[T]) ...`: the receiver's type arguments, which declare the method's type parameters. */
function receiverTypeArguments(method: SyntaxNode): SyntaxNode | null {
  let type = method.childForFieldName('receiver')?.namedChildren.find((n) => n?.type === 'parameter_declaration')?.childForFieldName('type') ?? null;
  while (type && (type.type === 'pointer_type' || type.type === 'parenthesized_type')) type = type.namedChild(0);
  return type?.type === 'generic_type' ? type.childForFieldName('type_arguments') : null;
}

function declaresTypeParameter(parameters: SyntaxNode, name: string): boolean {
  if (parameters.type === 'type_arguments') return parameters.namedChildren.some((arg) => arg?.text === name);
  return parameters.namedChildren.some((declaration) => declaration?.childrenForFieldName('name').some((n) => n?.text === name));
}

const functionAnswers = new WeakMap<SourceFile, Map<string, boolean>>();

/** Whether a file could declare the function `name` (`func name(` or `func name[`), without its tree. */
function mayDeclareFunction(file: SourceFile, name: string): boolean {
  if (!spellsName(file, name)) return false;
  let answers = functionAnswers.get(file);
  if (!answers) functionAnswers.set(file, (answers = new Map()));
  let answer = answers.get(name);
  if (answer === undefined) {
    answer = false;
    for (let at = file.text.indexOf(name); at >= 0 && !answer; at = file.text.indexOf(name, at + 1)) {
      answer = /\bfunc[ \t]+$/.test(file.text.slice(Math.max(0, at - 12), at)) && /^\s*[([]/.test(file.text.slice(at + name.length, at + name.length + 8));
    }
    answers.set(name, answer);
  }
  return answer;
}

/**
 * Whether to ask a file's summary straight away rather than its text first: once its tree is
 * built, the summary answers any name with a lookup, while the text facts scan every occurrence
 * of it (thousands of `int` in a large file), and the file being edited is new text at every lint.
 */
function summaryAnswers(file: SourceFile): boolean {
  return treeIsBuilt(file);
}

/** Whether a file could declare `name` at package level in any way, without its tree. */
function mayDeclareAtTop(file: SourceFile, name: string): boolean {
  return mayDeclareFunction(file, name) || mayDeclare(file, 'var', name) || mayDeclare(file, 'const', name) || mayDeclare(file, 'type', name);
}

const genericFiles = new WeakMap<SourceFile, boolean>();

/** Whether a file could declare type parameters (`func f[`, `type T[`, `func (r T[`). */
function mayBeGeneric(file: SourceFile): boolean {
  let answer = genericFiles.get(file);
  if (answer === undefined) genericFiles.set(file, (answer = /\b(?:func|type)\s+[\p{L}_][\p{L}\p{N}_]*\s*\[|\bfunc\s*\([^)]*\[/u.test(file.text)));
  return answer;
}
