import type { Node as SyntaxNode } from 'web-tree-sitter';
import { mayDeclare, mayDeclareField } from '../textFacts';
import type { SourceFile } from '../rule';
import { FUNCTION_TYPES, specsOf, topLevelOfType, unparenthesize } from '../syntax';

/**
 * Just enough of Go's type information for the unsafe rules: the declared type of a name at a
 * use site (locals, parameters, package-level vars across the package's files), the type of a
 * struct field by name, and the underlying kind of the package's named types. Everything is
 * syntactic; when the answer is not certain the result is `unknown`.
 */

export type TypeKind =
  | 'string'
  | 'pointer'
  | 'unsafePointer'
  | 'map'
  | 'chan'
  | 'func'
  | 'slice'
  | 'array'
  | 'struct'
  | 'interface'
  | 'integer'
  | 'other'
  | 'unknown';

export interface ResolvedType {
  kind: TypeKind;
  /** The type as written (empty when it was inferred without a spelled-out type). */
  text: string;
}

const UNKNOWN: ResolvedType = { kind: 'unknown', text: '' };

export const INTEGER_TYPES: ReadonlySet<string> = new Set([
  'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune',
]);

/** Package-level declarations of one file, collected once per parsed file. */
interface FileDeclarations {
  /** Package-level variables: the type node, or failing that the initial value. */
  vars: Map<string, { type: SyntaxNode | null; value: SyntaxNode | null }>;
  /** Named types and what they are defined as. */
  types: Map<string, SyntaxNode>;
  /** Struct fields by field name, over every struct type declared in the file. */
  fields: Map<string, SyntaxNode[]>;
}

const declarationCache = new WeakMap<SourceFile, FileDeclarations>();

/** A file's package-level declarations; each table is built on first use (per parsed file). */
function fileDeclarations(file: SourceFile): FileDeclarations {
  let declarations = declarationCache.get(file);
  if (declarations) return declarations;
  let vars: FileDeclarations['vars'] | undefined;
  let types: FileDeclarations['types'] | undefined;
  let fields: FileDeclarations['fields'] | undefined;
  declarations = {
    get vars() {
      if (!vars) {
        vars = new Map();
        for (const top of topLevelOfType(file.tree.rootNode, 'var_declaration')) {
          for (const spec of specsOf(top, 'var_spec')) {
            const type = spec.childForFieldName('type');
            const values = spec.childForFieldName('value')?.namedChildren ?? [];
            spec.childrenForFieldName('name').forEach((name, index) => {
              if (name) vars!.set(name.text, { type, value: values[index] ?? null });
            });
          }
        }
      }
      return vars;
    },
    get types() {
      if (!types) {
        types = new Map();
        for (const top of topLevelOfType(file.tree.rootNode, 'type_declaration')) {
          for (const spec of top.namedChildren) {
            if (spec?.type !== 'type_spec' && spec?.type !== 'type_alias') continue;
            const name = spec.childForFieldName('name');
            const type = spec.childForFieldName('type');
            if (name && type) types.set(name.text, type);
          }
        }
      }
      return types;
    },
    get fields() {
      if (!fields) {
        fields = new Map();
        // Fields of every struct type in the file, including nested and anonymous ones.
        collectStructFields(file, fields);
      }
      return fields;
    },
  };
  declarationCache.set(file, declarations);
  return declarations;
}

function collectStructFields(file: SourceFile, fields: Map<string, SyntaxNode[]>): void {
  for (const list of fieldLists(file)) {
    for (const field of list.namedChildren) {
      if (field?.type !== 'field_declaration') continue;
      const type = field.childForFieldName('type');
      if (!type) continue;
      for (const name of field.childrenForFieldName('name')) {
        if (!name) continue;
        const known = fields.get(name.text);
        if (known) known.push(type);
        else fields.set(name.text, [type]);
      }
    }
  }
}

/**
 * Every struct's field list, in document order (outer structs before the ones nested in them),
 * found from the `struct` keywords of the text rather than by walking the whole tree.
 */
function fieldLists(file: SourceFile): SyntaxNode[] {
  const lists: SyntaxNode[] = [];
  const root = file.tree.rootNode;
  const keyword = /\bstruct\b/g;
  for (let match = keyword.exec(file.text); match; match = keyword.exec(file.text)) {
    const token = root.descendantForIndex(match.index, match.index + 'struct'.length);
    const struct = token?.parent;
    if (token?.type !== 'struct' || struct?.type !== 'struct_type') continue; // a comment, a string, a name
    for (const child of struct.namedChildren) if (child?.type === 'field_declaration_list') lists.push(child);
  }
  return lists;
}

/** Resolves names against a file and the other files of its package. */
export class PackageTypes {
  private readonly files: readonly SourceFile[];

  constructor(file: SourceFile, siblings: () => readonly SourceFile[]) {
    this.files = [file];
    this.siblingsLoader = siblings;
  }

  private siblingsLoader: (() => readonly SourceFile[]) | undefined;
  private allFiles: readonly SourceFile[] | undefined;

  /** This file first, then its package siblings (parsed on first need). */
  private packageFiles(): readonly SourceFile[] {
    if (!this.allFiles) {
      this.allFiles = [...this.files, ...(this.siblingsLoader?.() ?? [])];
      this.siblingsLoader = undefined;
    }
    return this.allFiles;
  }

  /** The kind a type expression stands for, following the package's named types. */
  kindOfType(type: SyntaxNode | null, depth = 0): ResolvedType {
    if (!type || depth > 8) return UNKNOWN;
    const text = type.text;
    switch (type.type) {
      case 'parenthesized_type':
      case 'parenthesized_expression':
        return this.kindOfType(type.namedChild(0), depth + 1);
      case 'unary_expression':
        // `(*T)(x)` reads its type as an expression.
        return type.childForFieldName('operator')?.text === '*' ? { kind: 'pointer', text } : UNKNOWN;
      case 'pointer_type':
        return { kind: 'pointer', text };
      case 'map_type':
        return { kind: 'map', text };
      case 'channel_type':
        return { kind: 'chan', text };
      case 'function_type':
        return { kind: 'func', text };
      case 'slice_type':
        return { kind: 'slice', text };
      case 'array_type':
        return { kind: 'array', text };
      case 'struct_type':
        return { kind: 'struct', text };
      case 'interface_type':
        return { kind: 'interface', text };
      case 'qualified_type':
      case 'selector_expression':
        return { kind: text.replace(/\s+/g, '') === 'unsafe.Pointer' ? 'unsafePointer' : 'other', text };
      case 'type_identifier':
      case 'identifier': {
        if (text === 'string') return { kind: 'string', text };
        if (INTEGER_TYPES.has(text)) return { kind: 'integer', text };
        const named = this.namedType(text);
        return named ? { kind: this.kindOfType(named, depth + 1).kind, text } : { kind: 'other', text };
      }
      default:
        return { kind: 'other', text };
    }
  }

  /** Answers already looked up in this package (the package does not change during a lint). */
  private readonly namedTypes = new Map<string, SyntaxNode | undefined>();
  private readonly fieldTypes = new Map<string, ResolvedType>();

  private namedType(name: string): SyntaxNode | undefined {
    if (this.namedTypes.has(name)) return this.namedTypes.get(name);
    let result: SyntaxNode | undefined;
    for (const file of this.packageFiles()) {
      // A file whose text cannot declare the name needs no tree to say so.
      if (!mayDeclare(file, 'type', name)) continue;
      const found = fileDeclarations(file).types.get(name);
      if (found) {
        result = found;
        break;
      }
    }
    this.namedTypes.set(name, result);
    return result;
  }

  /** The declared type of the field `name` when every struct in the package that has it agrees on its kind. */
  fieldType(name: string): ResolvedType {
    let known = this.fieldTypes.get(name);
    if (!known) this.fieldTypes.set(name, (known = this.computeFieldType(name)));
    return known;
  }

  private computeFieldType(name: string): ResolvedType {
    let result: ResolvedType | undefined;
    for (const file of this.packageFiles()) {
      if (!mayDeclareField(file, name)) continue;
      for (const type of fileDeclarations(file).fields.get(name) ?? []) {
        const resolved = this.kindOfType(type);
        if (!result) result = resolved;
        else if (result.kind !== resolved.kind) return UNKNOWN;
        else if (result.text !== resolved.text) result = { kind: result.kind, text: '' };
      }
    }
    return result ?? UNKNOWN;
  }

  /** The type of an addressable expression: a name, or a field selected from something. */
  typeOfExpression(expression: SyntaxNode, depth = 0): ResolvedType {
    const node = unparenthesize(expression);
    if (depth > 6) return UNKNOWN;
    switch (node.type) {
      case 'identifier':
        return this.typeOfName(node, depth);
      case 'selector_expression': {
        const field = node.childForFieldName('field');
        return field ? this.fieldType(field.text) : UNKNOWN;
      }
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return { kind: 'string', text: 'string' };
      case 'unary_expression':
        return node.childForFieldName('operator')?.text === '&' ? { kind: 'pointer', text: '' } : UNKNOWN;
      case 'composite_literal':
        return this.kindOfType(node.childForFieldName('type'));
      case 'binary_expression': {
        if (node.childForFieldName('operator')?.text !== '+') return UNKNOWN;
        const left = this.typeOfExpression(node.childForFieldName('left')!, depth + 1);
        return left.kind === 'string' ? left : this.typeOfExpression(node.childForFieldName('right')!, depth + 1);
      }
      case 'type_conversion_expression':
        return this.kindOfType(node.childForFieldName('type'));
      case 'call_expression':
        return this.typeOfCall(node);
      default:
        return UNKNOWN;
    }
  }

  private typeOfCall(call: SyntaxNode): ResolvedType {
    const callee = unparenthesize(call.childForFieldName('function')!);
    const argument = call.childForFieldName('arguments')?.namedChild(0) ?? null;
    if (callee.type === 'identifier') {
      if (callee.text === 'string') return { kind: 'string', text: 'string' };
      if (callee.text === 'new') return { kind: 'pointer', text: argument ? `*${argument.text}` : '' };
      if (callee.text === 'make') return this.kindOfType(argument);
      if (INTEGER_TYPES.has(callee.text)) return { kind: 'integer', text: callee.text };
      return UNKNOWN;
    }
    if (callee.type === 'selector_expression' && callee.text.replace(/\s+/g, '') === 'unsafe.Pointer') return { kind: 'unsafePointer', text: 'unsafe.Pointer' };
    // `(*T)(x)` parses as a call of a parenthesized `*T`.
    if (callee.type === 'unary_expression' && callee.childForFieldName('operator')?.text === '*') return { kind: 'pointer', text: `*${callee.childForFieldName('operand')?.text ?? ''}` };
    return UNKNOWN;
  }

  /** The declared type of the variable an identifier refers to, following Go's scoping. */
  typeOfName(identifier: SyntaxNode, depth = 0): ResolvedType {
    const declaration = findDeclaration(identifier);
    if (declaration) return declaration.type ? this.kindOfType(declaration.type) : declaration.value ? this.typeOfExpression(declaration.value, depth + 1) : UNKNOWN;
    for (const file of this.packageFiles()) {
      if (!mayDeclare(file, 'var', identifier.text)) continue;
      const variable = fileDeclarations(file).vars.get(identifier.text);
      if (variable) return variable.type ? this.kindOfType(variable.type) : variable.value ? this.typeOfExpression(variable.value, depth + 1) : UNKNOWN;
    }
    return UNKNOWN;
  }
}

export interface LocalDeclaration {
  /** The identifier that declares the name. */
  name: SyntaxNode;
  type: SyntaxNode | null;
  value: SyntaxNode | null;
}

/**
 * The local declaration (variable, parameter, receiver, named result) an identifier refers to,
 * searching outward through blocks, statement headers and enclosing functions. Undefined when
 * the name is not declared inside a function (so it is package-level or from another package).
 */
export function findDeclaration(identifier: SyntaxNode): LocalDeclaration | undefined {
  const name = identifier.text;
  let child: SyntaxNode = identifier;
  for (let scope = identifier.parent; scope; child = scope, scope = scope.parent) {
    if (scope.type === 'source_file') return undefined;
    if (scope.type === 'statement_list') {
      for (let previous = child.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
        const found = declarationIn(previous, name);
        if (found) return found;
      }
      // A `x := f(x)` statement sees the outer x on its right side, its own x after it.
      continue;
    }
    if (scope.type === 'if_statement' || scope.type === 'expression_switch_statement' || scope.type === 'type_switch_statement') {
      const initializer = scope.childForFieldName('initializer');
      if (initializer && initializer.id !== child.id) {
        const found = declarationIn(initializer, name);
        if (found) return found;
      }
      continue;
    }
    if (scope.type === 'for_statement') {
      for (const header of scope.namedChildren) {
        if (!header || header.id === child.id) continue;
        if (header.type === 'for_clause') {
          const initializer = header.childForFieldName('initializer');
          const found = initializer ? declarationIn(initializer, name) : undefined;
          if (found) return found;
        } else if (header.type === 'range_clause' && header.text.includes(':=')) {
          const left = header.childForFieldName('left');
          const declared = left?.namedChildren.find((id) => id?.type === 'identifier' && id.text === name);
          if (declared) return { name: declared, type: null, value: null };
        }
      }
      continue;
    }
    if (FUNCTION_TYPES.has(scope.type)) {
      for (const field of ['receiver', 'parameters', 'result']) {
        const list = scope.childForFieldName(field);
        if (!list || list.type !== 'parameter_list') continue;
        for (const parameter of list.namedChildren) {
          if (!parameter) continue;
          const declared = parameter.childrenForFieldName('name').find((id) => id?.text === name);
          if (!declared) continue;
          const type = parameter.childForFieldName('type');
          return { name: declared, type: parameter.type === 'variadic_parameter_declaration' ? null : type, value: null };
        }
      }
    }
  }
  return undefined;
}

/** A declaration of `name` made by one statement, if it makes one. */
function declarationIn(statement: SyntaxNode, name: string): LocalDeclaration | undefined {
  switch (statement.type) {
    case 'short_var_declaration': {
      const left = statement.childForFieldName('left')?.namedChildren ?? [];
      const right = statement.childForFieldName('right')?.namedChildren ?? [];
      const index = left.findIndex((id) => id?.type === 'identifier' && id.text === name);
      if (index < 0) return undefined;
      return { name: left[index]!, type: null, value: left.length === right.length ? right[index] ?? null : null };
    }
    case 'var_declaration':
    case 'const_declaration':
      for (const spec of specsOf(statement, statement.type === 'var_declaration' ? 'var_spec' : 'const_spec')) {
        const names = spec.childrenForFieldName('name');
        const index = names.findIndex((id) => id?.text === name);
        if (index < 0) continue;
        const values = spec.childForFieldName('value')?.namedChildren ?? [];
        return { name: names[index]!, type: spec.childForFieldName('type'), value: values[index] ?? null };
      }
      return undefined;
    default:
      return undefined;
  }
}
