import type { Node as SyntaxNode } from 'web-tree-sitter';
import { FUNCTION_TYPES, unparenthesize, walkNamed } from '../syntax';
import type { TextEdit } from '../text';
import { nodeRange } from '../syntax';
import type { Resolver } from '../resolver';
import { INTEGER_TYPES } from '../resolver';

/** Facts about request-scoped values and the goroutines that may outlive them. */

export type RequestFramework = 'http' | 'gin' | 'echo' | 'fasthttp';

/** A parameter that carries one request and dies (or is reused) when the handler returns. */
export interface RequestParameter {
  name: string;
  framework: RequestFramework;
  /** The parameter's identifier. */
  node: SyntaxNode;
  /** The function (declaration, method or literal) that declares it. */
  function: SyntaxNode;
}

interface FrameworkType {
  framework: RequestFramework;
  /** Last element of the import path (a `/vN` suffix stripped). */
  packageName: string;
  typeName: string;
  pointer: boolean;
}

const REQUEST_TYPES: readonly FrameworkType[] = [
  { framework: 'http', packageName: 'http', typeName: 'Request', pointer: true },
  { framework: 'gin', packageName: 'gin', typeName: 'Context', pointer: true },
  { framework: 'echo', packageName: 'echo', typeName: 'Context', pointer: false },
  { framework: 'fasthttp', packageName: 'fasthttp', typeName: 'RequestCtx', pointer: true },
];

export interface ImportInfo {
  /** Local name (alias or last path element) → import path. */
  byName: Map<string, string>;
  /** Import path → local name. */
  byPath: Map<string, string>;
}

/** The file's imports by local name and by path. */
export function importsOf(root: SyntaxNode): ImportInfo {
  const byName = new Map<string, string>();
  const byPath = new Map<string, string>();
  for (let i = 0; i < root.namedChildCount; i++) {
    const declaration = root.namedChild(i);
    // Imports come right after the package clause: stop at the first other declaration.
    if (declaration && !['import_declaration', 'package_clause', 'comment'].includes(declaration.type)) break;
    if (declaration?.type !== 'import_declaration') continue;
    walkNamed(declaration, (node) => {
      if (node.type !== 'import_spec') return;
      const pathNode = node.childForFieldName('path');
      if (!pathNode) return false;
      const importPath = pathNode.text.slice(1, -1);
      const alias = node.childForFieldName('name')?.text;
      const name = alias ?? lastPathElement(importPath);
      if (name !== '_' && name !== '.') byName.set(name, importPath);
      byPath.set(importPath, name);
      return false;
    });
  }
  return { byName, byPath };
}

/** `github.com/labstack/echo/v4` → `echo`. */
export function lastPathElement(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last;
}

function packageClauseName(root: SyntaxNode): string | undefined {
  for (let i = 0; i < root.namedChildCount; i++) {
    const child = root.namedChild(i);
    if (child?.type === 'package_clause') return child.namedChild(0)?.text;
    if (child?.type !== 'comment') return undefined;
  }
  return undefined;
}

/** A result type whose name says it is the process's exit code: `exitCode`, `ExitCode`, `cmdutil.ExitCode`. */
const EXIT_CODE_TYPE = /^(exit|Exit)_?(code|Code)$/;
/** A constant named as an exit code: `ExitCodeSuccess`, `exitOK`, `ExitFailure`. */
const EXIT_CODE_CONSTANT = /^(exit|Exit)([A-Z0-9_]\w*)?$/;

/**
 * Whether a function runs once per process, its end being the process's: `main` of package main,
 * or a function that returns the process's exit code (its first result is a type named
 * `exitCode`/`ExitCode`, or an integer that every return statement spells as a constant named
 * `Exit...`/`exit...`). Whatever it strands outside loops is stranded once, until the process
 * exits. A call of os.Exit somewhere proves nothing of the paths that return, so it does not count.
 */
export function runsOncePerProcess(fn: SyntaxNode, resolver: Resolver): boolean {
  if (fn.type === 'function_declaration' && fn.childForFieldName('name')?.text === 'main' && packageClauseName(fn.tree.rootNode) === 'main') return true;
  if (fn.type !== 'function_declaration' && fn.type !== 'method_declaration') return false;
  const [first] = resolver.resultTypes(fn.childForFieldName('result'), resolver.fileOf(fn));
  if (!first) return false;
  if (first.kind === 'named' && EXIT_CODE_TYPE.test(first.name ?? '')) return true;
  if (!(first.kind === 'basic' && INTEGER_TYPES.has(first.name ?? '')) && first.kind !== 'named') return false;
  const returns = fn.descendantsOfType('return_statement').filter((statement): statement is SyntaxNode => !!statement && innermostFunction(statement)?.id === fn.id);
  return returns.length > 0 && returns.every((statement) => {
    const value = statement.namedChildren.find((child) => child?.type === 'expression_list')?.namedChildren[0] ?? statement.namedChildren.find((child) => child?.type !== 'comment');
    return !!value && isExitCodeConstant(unparenthesize(value), resolver);
  });
}

/** `exitOK` declared const in this package, or `pkg.ExitCodeSuccess` of an imported package. */
function isExitCodeConstant(value: SyntaxNode, resolver: Resolver): boolean {
  if (value.type === 'identifier') return EXIT_CODE_CONSTANT.test(value.text) && resolver.declarationOf(value)?.kind === 'const';
  if (value.type !== 'selector_expression') return false;
  const operand = value.childForFieldName('operand');
  const name = value.childForFieldName('field')?.text ?? '';
  return !!operand && resolver.packageOperand(operand) !== undefined && EXIT_CODE_CONSTANT.test(name);
}

function innermostFunction(node: SyntaxNode): SyntaxNode | null {
  let current = node.parent;
  while (current && !FUNCTION_TYPES.has(current.type)) current = current.parent;
  return current;
}

/** Which request framework a parameter type names, given the file's imports. */
function frameworkOfType(type: SyntaxNode, imports: ImportInfo, ownPackage: string | undefined): RequestFramework | undefined {
  let pointer = false;
  if (type.type === 'pointer_type') {
    pointer = true;
    type = type.namedChild(0)!;
  }
  if (!type) return undefined;
  if (type.type === 'type_identifier') {
    // Inside net/http itself the request type is unqualified.
    return pointer && ownPackage === 'http' && type.text === 'Request' ? 'http' : undefined;
  }
  if (type.type !== 'qualified_type') return undefined;
  const qualifier = type.childForFieldName('package')?.text ?? '';
  const name = type.childForFieldName('name')?.text ?? '';
  const importPath = imports.byName.get(qualifier);
  if (!importPath) return undefined;
  for (const known of REQUEST_TYPES) {
    if (known.typeName !== name || known.pointer !== pointer) continue;
    if (known.framework === 'http' ? importPath === 'net/http' : lastPathElement(importPath) === known.packageName) return known.framework;
  }
  return undefined;
}

/** The request-carrying parameters a function declares. */
export function requestParameters(fn: SyntaxNode, imports: ImportInfo, root: SyntaxNode): RequestParameter[] {
  const parameters = fn.childForFieldName('parameters');
  if (!parameters) return [];
  const ownPackage = packageClauseName(root);
  const found: RequestParameter[] = [];
  const serverSide = isServerSide(fn, parameters, imports, ownPackage);
  for (const declaration of parameters.namedChildren) {
    if (declaration?.type !== 'parameter_declaration') continue;
    const type = declaration.childForFieldName('type');
    const framework = type ? frameworkOfType(type, imports, ownPackage) : undefined;
    if (!framework || (framework === 'http' && !serverSide)) continue;
    for (const name of declaration.childrenForFieldName('name')) {
      if (name && name.text !== '_') found.push({ name: name.text, framework, node: name, function: fn });
    }
  }
  return found;
}

/**
 * Whether a function with an *http.Request serves it (and the request ends when it returns)
 * rather than sending it: a client's RoundTrip or Do owns its request's lifetime. Server side
 * means an http.ResponseWriter parameter too, or a handle…/serve… name.
 */
function isServerSide(fn: SyntaxNode, parameters: SyntaxNode, imports: ImportInfo, ownPackage: string | undefined): boolean {
  const name = fn.childForFieldName('name')?.text ?? '';
  if (/^(handle|serve)/i.test(name)) return true;
  return parameters.namedChildren.some((declaration) => {
    const type = declaration?.type === 'parameter_declaration' ? declaration.childForFieldName('type') : null;
    if (!type) return false;
    if (type.type === 'type_identifier') return ownPackage === 'http' && type.text === 'ResponseWriter';
    if (type.type !== 'qualified_type' || type.childForFieldName('name')?.text !== 'ResponseWriter') return false;
    return imports.byName.get(type.childForFieldName('package')?.text ?? '') === 'net/http';
  });
}

/** Names a function literal declares itself (parameters and locals): references to them are not captures. */
export function namesDeclaredIn(fn: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const parameters = fn.childForFieldName('parameters');
  if (parameters) {
    for (const declaration of parameters.namedChildren) {
      for (const name of declaration?.childrenForFieldName('name') ?? []) if (name) names.add(name.text);
    }
  }
  const body = fn.childForFieldName('body');
  if (!body) return names;
  walkNamed(body, (node) => {
    switch (node.type) {
      case 'short_var_declaration':
      case 'range_clause': {
        const left = node.childForFieldName('left');
        for (const target of left?.namedChildren ?? []) if (target?.type === 'identifier') names.add(target.text);
        break;
      }
      case 'var_spec':
      case 'const_spec':
        for (const name of node.childrenForFieldName('name')) if (name) names.add(name.text);
        break;
      case 'parameter_declaration':
      case 'variadic_parameter_declaration':
        for (const name of node.childrenForFieldName('name')) if (name) names.add(name.text);
        break;
    }
  });
  return names;
}

/** Identifiers named `name` inside `root` (not field names, not inside `skip`). */
export function identifierReferences(root: SyntaxNode, names: ReadonlySet<string>, skip?: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  walkNamed(root, (node) => {
    if (skip && node.id === skip.id) return false;
    if (node.type === 'identifier' && names.has(node.text)) {
      // A key in a composite literal (`T{r: 1}`) may be a field name spelled as an identifier.
      const parent = node.parent;
      if (parent?.type === 'literal_element' && parent.parent?.type === 'keyed_element' && parent.parent.namedChild(0)?.id === parent.id) {
        return;
      }
      found.push(node);
    }
  });
  return found;
}

/**
 * Whether a goroutine is waited for after it starts, in the function that starts it: a
 * `.Wait()` on something the goroutine mentions (sync.WaitGroup, errgroup.Group), or a
 * receive from a channel it mentions (its result or done signal).
 */
export function isJoinedAfter(goStatement: SyntaxNode, mentioned: ReadonlySet<string>): boolean {
  let fn: SyntaxNode | null = goStatement.parent;
  while (fn && !FUNCTION_TYPES.has(fn.type)) fn = fn.parent;
  const body = fn?.childForFieldName('body');
  if (!body) return false;
  let joined = false;
  walkNamed(body, (node) => {
    if (joined) return false;
    const after = node.startIndex >= goStatement.endIndex;
    if (!after && node.type !== 'defer_statement') {
      // Descend only into what holds the go statement or a deferred call (a `defer wg.Wait()` joins too).
      return node.endIndex > goStatement.endIndex || containsDefer(node);
    }
    if (node.type === 'call_expression') {
      const callee = node.childForFieldName('function');
      if (callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === 'Wait') {
        const root = rootIdentifier(callee.childForFieldName('operand'));
        if (root && mentioned.has(root)) joined = true;
      }
    } else if (node.type === 'unary_expression' && node.childForFieldName('operator')?.text === '<-') {
      const root = rootIdentifier(node.childForFieldName('operand'));
      if (root && mentioned.has(root)) joined = true;
    } else if (node.type === 'range_clause') {
      // A range over a channel has at most one iteration variable.
      const root = rootIdentifier(node.childForFieldName('right'));
      const left = node.childForFieldName('left');
      if (root && mentioned.has(root) && (!left || left.namedChildCount === 1)) joined = true;
    }
  });
  return joined;
}

function containsDefer(node: SyntaxNode): boolean {
  return node.descendantsOfType('defer_statement').length > 0;
}

/** `a.b.c` → `a`; `(&x)` → `x`; anything else → undefined. */
export function rootIdentifier(node: SyntaxNode | null): string | undefined {
  while (node) {
    node = unparenthesize(node);
    if (node.type === 'identifier') return node.text;
    if (node.type === 'selector_expression') node = node.childForFieldName('operand');
    else if (node.type === 'unary_expression' && node.childForFieldName('operator')?.text === '&') node = node.childForFieldName('operand');
    else if (node.type === 'index_expression') node = node.childForFieldName('operand');
    else return undefined;
  }
  return undefined;
}

/** Every identifier a subtree mentions (for matching Wait/receive targets). */
export function mentionedIdentifiers(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  walkNamed(root, (node) => {
    if (node.type === 'identifier') names.add(node.text);
  });
  return names;
}

/** Identifiers in use in a subtree, for choosing fresh local names. */
export function identifiersIn(root: SyntaxNode): Set<string> {
  return mentionedIdentifiers(root);
}

const GO_KEYWORDS_AND_PREDECLARED: ReadonlySet<string> = new Set(
  (
    'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var ' +
    'any append bool byte cap clear close complex complex64 complex128 copy delete error false float32 float64 imag int int8 int16 int32 int64 iota len make max min new nil panic print println real recover rune string true uint uint8 uint16 uint32 uint64 uintptr'
  ).split(' '),
);

/** A local name based on `wanted` that clashes with nothing in `taken` (which it then joins). */
export function freshName(wanted: string, taken: Set<string>, fallbackPrefix = 'req'): string {
  const candidates = [wanted, fallbackPrefix + wanted.charAt(0).toUpperCase() + wanted.slice(1)];
  for (const candidate of candidates) {
    if (!taken.has(candidate) && !GO_KEYWORDS_AND_PREDECLARED.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
  for (let n = 2; ; n++) {
    const candidate = `${wanted}${n}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/**
 * Edits that add an import of `importPath` (a standard-library path) to a file that lacks it,
 * keeping gofmt's order: into the first parenthesized group at its sorted place, or turning a
 * single import into a group.
 */
export function addImportEdits(root: SyntaxNode, importPath: string): TextEdit[] {
  const declarations = root.namedChildren.filter((child): child is SyntaxNode => child?.type === 'import_declaration');
  const quoted = `"${importPath}"`;
  if (declarations.length === 0) {
    const clause = root.namedChildren.find((child) => child?.type === 'package_clause');
    if (!clause) return [];
    const end = nodeRange(clause).end;
    return [{ range: { start: end, end }, newText: `\n\nimport ${quoted}` }];
  }
  const grouped = declarations.find((declaration) => declaration.namedChildren.some((child) => child?.type === 'import_spec_list'));
  if (grouped) {
    const list = grouped.namedChildren.find((child) => child?.type === 'import_spec_list')!;
    const specs = list.namedChildren.filter((child): child is SyntaxNode => child?.type === 'import_spec');
    // The first run of imports (gofmt sorts within runs separated by blank lines).
    const run: SyntaxNode[] = [];
    for (const spec of specs) {
      if (run.length && spec.startPosition.row > run[run.length - 1].endPosition.row + 1) break;
      run.push(spec);
    }
    const after = run.find((spec) => (spec.childForFieldName('path')?.text ?? '') > quoted);
    if (after) {
      const start = { line: after.startPosition.row, character: after.startPosition.column };
      return [{ range: { start, end: start }, newText: `${quoted}\n\t` }];
    }
    const last = run[run.length - 1];
    if (!last) {
      const open = list.child(0)!;
      const end = nodeRange(open).end;
      return [{ range: { start: end, end }, newText: `\n\t${quoted}` }];
    }
    const end = nodeRange(last).end;
    return [{ range: { start: end, end }, newText: `\n\t${quoted}` }];
  }
  const single = declarations[0];
  const spec = single.namedChildren.find((child) => child?.type === 'import_spec');
  if (!spec) return [];
  const specs = [spec.text, quoted].sort((a, b) => importSortKey(a).localeCompare(importSortKey(b)));
  return [{ range: nodeRange(single), newText: `import (\n\t${specs.join('\n\t')}\n)` }];
}

function importSortKey(spec: string): string {
  return /"[^"]*"/.exec(spec)?.[0] ?? spec;
}
