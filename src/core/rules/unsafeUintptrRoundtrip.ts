import type { Node as SyntaxNode } from 'web-tree-sitter';
import { WHOLE_FILE_QUERY } from '../analysis/pool';
import { conversionArgument, isRuntimePackage, kindOfExpression, onlyArgumentNode, UNSAFE_ADD_GO, unsafeConversionHint, unsafePointerArgument, unsafePointerCalls } from '../analysis/unsafe';
import { isNamed } from '../resolver';
import { mayAssignField, mayReceiveValue } from '../textFacts';
import { goVersionAtLeast } from '../goVersion';
import type { Fix, PackageTextFile, Rule, RuleContext, SourceFile } from '../rule';
import type { TextEdit } from '../text';
import { compactText } from './unsafePointerArithmetic';
import { anyOf } from '../textHints';
import { enclosingFunction, FUNCTION_TYPES, nodeRange, unparenthesize } from '../syntax';

/**
 * Calls that take pointers disguised as uintptr arguments (pattern 4 of the unsafe docs):
 * syscall.Syscall and friends, libc trampolines, and Windows' (*LazyProc).Call.
 */
const SYSCALL_NAMES = /^(Raw)?Syscall(\d+|N)?(X)?$|^(raw)?[sS]yscall_(raw)?[sS]yscall(\d+|X|10X)?$|^Call$/;

/** The words SYSCALL_NAMES can spell, to find candidate calls in the text. */
const SYSCALL_WORDS = /\b(?:(?:Raw)?Syscall(?:\d+|N)?X?|(?:raw)?[sS]yscall_(?:raw)?[sS]yscall(?:\d+|X|10X)?|Call)\b/g;

/** reflect.Value methods whose uintptr result must be converted in the same expression (pattern 5). */
const REFLECT_ADDRESS_METHODS: ReadonlySet<string> = new Set(['Pointer', 'UnsafeAddr']);

export const unsafeUintptrRoundtrip: Rule = {
  meta: {
    id: 'unsafe-uintptr-roundtrip',
    family: 'unsafe',
    defaultSeverity: 'error',
    description: 'A uintptr taken from an unsafe.Pointer is stored (variable, field, parameter) and later converted back to a pointer: nothing kept the object alive or in place meanwhile.',
    docs: 'docs/rules/unsafe-uintptr-roundtrip.md',
    fixable: true,
    fixMinGoVersion: UNSAFE_ADD_GO,
    // vet's unsafeptr reports the same conversion of a stored uintptr back to a pointer.
    equivalents: [{ tool: 'go vet', check: 'unsafeptr', linter: 'govet' }],
  },
  // A sink: a conversion back to unsafe.Pointer, or a syscall-like call, which needs no unsafe
  // import when the address was stored elsewhere (a field filled in a sibling file).
  textHint: anyOf(unsafeConversionHint(/\bunsafe\.Pointer\s*\(/), new RegExp(String.raw`${SYSCALL_WORDS.source}[ \t]*\(`)),
  // Before parsing: an address to store comes from an unsafe.Pointer or a reflect Value's
  // Pointer() or UnsafeAddr(), so some file of the package imports unsafe or calls one of those
  // (a method named Call alone, in a compiler back end or an RPC client, is no syscall).
  packageHint: (file, siblings) => mayTakeAddress(file) || siblings().some(mayTakeAddress),
  // File scope: the roundtrip pairs a store in one place with a conversion in another function or file.
  scope: 'file',
  // Conversions back to unsafe.Pointer and syscall-like calls are found by text scans
  // (unsafePointerCalls, syscallCalls): `#eq?`/`#match?` predicates would hand every call to JavaScript.
  query: WHOLE_FILE_QUERY,
  check(context) {
    if (isRuntimePackage(context.file)) return;
    const tracer = new StoredAddressTracer(context);
    const reported = new Set<number>();
    const sinks = unsafePointerCalls(context.file).map((call) => ({ call, syscall: false }));
    const syscalls = syscallCalls(context.file).map((call) => ({ call, syscall: true }));
    const calls = [...sinks, ...syscalls].sort((a, b) => a.call.startIndex - b.call.startIndex || b.call.endIndex - a.call.endIndex);
    for (const { call, syscall } of calls) {
      if (!syscall) {
        const only = onlyArgumentNode(call);
        if (!only) continue;
        const argument = unparenthesize(only);
        // Pointer-typed and direct conversions are the valid patterns; only integers can be stored addresses.
        if (argument.type === 'identifier' || argument.type === 'selector_expression' || argument.type === 'binary_expression' || argument.type === 'call_expression') {
          const store = tracer.storedAddressIn(argument);
          if (store && !reported.has(call.id)) {
            reported.add(call.id);
            reportRoundTrip(context, call, argument, store, 'converts it back to unsafe.Pointer', oneStepFix(context, call, argument, store, tracer));
          }
        }
        continue;
      }
      const callee = calleeName(call)!;
      for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
        if (!argument) continue;
        const store = tracer.storedAddressIn(unparenthesize(argument), 0, false);
        if (store && !reported.has(argument.id)) {
          reported.add(argument.id);
          reportRoundTrip(context, argument, argument, store, `passes it to ${callee.text}, which treats it as a pointer`);
        }
      }
    }
  },
};


const takesAddress = new WeakMap<PackageTextFile, boolean>();

/** Whether a file could turn a pointer into an integer: it imports unsafe, or calls a Pointer() or UnsafeAddr() method. */
function mayTakeAddress(file: PackageTextFile): boolean {
  let found = takesAddress.get(file);
  if (found === undefined) takesAddress.set(file, (found = /["`]unsafe["`]|\.(?:Pointer|UnsafeAddr)\(\s*\)/.test(file.text)));
  return found;
}

/** The called name: `f` of `f(...)`, or the field of `x.f(...)`. */
function calleeName(call: SyntaxNode): SyntaxNode | null {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'identifier') return callee;
  if (callee?.type === 'selector_expression') return callee.childForFieldName('field');
  return null;
}

const syscallCallCache = new WeakMap<object, SyntaxNode[]>();

/** Calls whose callee name is a syscall entry point (SYSCALL_NAMES), in document order, per syntax tree. */
function syscallCalls(file: SourceFile): SyntaxNode[] {
  let calls = syscallCallCache.get(file.tree);
  if (calls) return calls;
  calls = [];
  const root = file.tree.rootNode;
  SYSCALL_WORDS.lastIndex = 0;
  for (let match = SYSCALL_WORDS.exec(file.text); match; match = SYSCALL_WORDS.exec(file.text)) {
    if (!SYSCALL_NAMES.test(match[0])) continue;
    const name = root.descendantForIndex(match.index, match.index + match[0].length);
    if ((name?.type !== 'identifier' && name?.type !== 'field_identifier') || name.text !== match[0]) continue;
    const call = name.type === 'identifier' ? name.parent : name.parent?.parent;
    if (call?.type === 'call_expression' && calleeName(call)?.id === name.id) calls.push(call);
  }
  syscallCallCache.set(file.tree, calls);
  return calls;
}

/** Where a stored address came from: the statement or argument that turned a pointer into an integer. */
interface AddressStore {
  /** The expression that holds the address (the variable, field or parameter read at the sink). */
  holder: SyntaxNode;
  /** Where the pointer was converted and stored. */
  origin: SyntaxNode;
  file?: string;
  kind: 'variable' | 'field' | 'parameter';
}

function reportRoundTrip(context: RuleContext, range: SyntaxNode, argument: SyntaxNode, store: AddressStore, action: string, fix?: Fix): void {
  const what = store.kind === 'parameter' ? `parameter ${store.holder.text}` : store.kind === 'field' ? `field ${store.holder.text}` : store.holder.text;
  const line = (store.file ? undefined : store.origin.startPosition.row + 1) ?? 0;
  const where = store.file ? `in ${store.file.split(/[\\/]/).pop()}` : `on line ${line}`;
  context.report({
    range: nodeRange(range),
    message: `${what} holds an address stored as a plain uintptr (${where}), and ${argument.text === store.holder.text ? 'this' : `${argument.text}`} ${action}: a uintptr keeps nothing alive and is not updated if the object moves.`,
    remedy: goVersionAtLeast(context.goVersion, UNSAFE_ADD_GO)
      ? 'keep an unsafe.Pointer instead (unsafe.Add for offsets) and convert to uintptr only within one expression'
      : 'keep an unsafe.Pointer instead and convert to uintptr and back only within one expression',
    related: [{ file: store.file, range: nodeRange(store.origin), message: `the address is stored as a uintptr here` }],
    fixes: fix ? [fix] : [],
  });
}

/**
 * The round trip one step from valid: `a := uintptr(unsafe.Pointer(p))`, later
 * `unsafe.Pointer(a + off)`, with `a` used nowhere else and `p` unchanged in between, becomes
 * `unsafe.Add(unsafe.Pointer(p), off)` (or `unsafe.Pointer(p)` without an offset), and the
 * declaration of `a` goes.
 */
function oneStepFix(context: RuleContext, sink: SyntaxNode, argument: SyntaxNode, store: AddressStore, tracer: StoredAddressTracer): Fix | undefined {
  if (store.kind !== 'variable' || store.file) return undefined;
  const name = store.holder.text;
  const declaration = store.origin.parent?.parent;
  if (declaration?.type !== 'short_var_declaration' || declaration.parent?.type !== 'statement_list') return undefined;
  const left = declaration.childForFieldName('left')?.namedChildren ?? [];
  const right = declaration.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== 1 || right.length !== 1 || left[0]?.text !== name || right[0]?.id !== store.origin.id) return undefined;
  const pointer = conversionArgument(store.origin, 'uintptr');
  if (!pointer || (unsafePointerArgument(unparenthesize(pointer)) === null && tracer.kindOf(pointer) !== 'unsafePointer')) return undefined;

  // `a`, or `a + x + y` with `a` leftmost.
  const offsets: SyntaxNode[] = [];
  let base = argument;
  while (base.type === 'binary_expression' && base.childForFieldName('operator')?.text === '+') {
    offsets.unshift(base.childForFieldName('right')!);
    base = unparenthesize(base.childForFieldName('left')!);
  }
  if (base.type !== 'identifier' || base.text !== name) return undefined;

  const fn = enclosingFunction(declaration);
  if (!fn || enclosingFunction(sink)?.id !== fn.id || sink.startIndex < declaration.endIndex) return undefined;
  const uses = fn.descendantsOfType('identifier').filter((identifier) => identifier?.text === name);
  if (uses.some((identifier) => identifier!.id !== left[0]!.id && identifier!.id !== base.id)) return undefined;
  if (pointerChangesBetween(fn, pointer, declaration.endIndex, sink.startIndex)) return undefined;
  const removal = wholeLinesOf(context.file.text, declaration);
  if (!removal) return undefined;

  const text = context.file.text;
  const pointerText = unparenthesize(pointer).text;
  const offset = offsets.length === 0 ? undefined : compactText(text, offsets[0].startIndex, offsets[offsets.length - 1].endIndex, [
    ...offsets.slice(1).map((operand) => operand.previousSibling!),
    ...offsets,
  ]);
  const replacement = offset === undefined ? pointerText : `unsafe.Add(${pointerText}, ${offset})`;
  return {
    title: `Use ${replacement} and drop ${name}`,
    preferred: true,
    edits: [removal, { range: nodeRange(sink), newText: replacement }],
    minGoVersion: offset === undefined ? undefined : UNSAFE_ADD_GO,
  };
}

/** Whether a name the pointer expression reads is assigned (or incremented) between two offsets of a function. */
function pointerChangesBetween(fn: SyntaxNode, pointer: SyntaxNode, from: number, to: number): boolean {
  const names = new Set([pointer, ...pointer.descendantsOfType('identifier')].filter((node) => node?.type === 'identifier').map((node) => node!.text));
  for (const statement of fn.descendantsOfType(['assignment_statement', 'short_var_declaration', 'inc_statement', 'dec_statement'])) {
    if (!statement || statement.startIndex < from || statement.startIndex >= to) continue;
    const targets = statement.type === 'inc_statement' || statement.type === 'dec_statement' ? [statement.namedChild(0)] : statement.childForFieldName('left')?.namedChildren ?? [];
    for (const target of targets) {
      const root = target && (target.type === 'identifier' ? target : target.descendantsOfType('identifier')[0]);
      if (root && names.has(root.text)) return true;
    }
  }
  return false;
}

/** The edit deleting a statement with its line(s), when nothing else shares them. */
function wholeLinesOf(text: string, statement: SyntaxNode): TextEdit | undefined {
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const newline = text.indexOf('\n', statement.endIndex);
  if (newline < 0 || !/^[ \t]*$/.test(text.slice(lineStart, statement.startIndex)) || !/^[ \t]*$/.test(text.slice(statement.endIndex, newline))) return undefined;
  return { range: { start: { line: statement.startPosition.row, character: 0 }, end: { line: statement.endPosition.row + 1, character: 0 } }, newText: '' };
}

/** Follows integers back to the pointer conversions they were stored from. */
class StoredAddressTracer {
  private readonly fieldStores = new Map<string, { origin: SyntaxNode; file: SourceFile } | undefined>();

  constructor(private readonly context: RuleContext) {}

  /** The resolved kind of an expression's type ('unsafePointer', 'integer', ...). */
  kindOf(expression: SyntaxNode): string {
    return kindOfExpression(this.context, expression);
  }

  /** A stored address that flows into this expression, through arithmetic and integer conversions. */
  storedAddressIn(expression: SyntaxNode, depth = 0, throughParameters = true): AddressStore | undefined {
    const node = unparenthesize(expression);
    if (depth > 6) return undefined;
    switch (node.type) {
      case 'identifier':
        return this.storedInName(node, depth, throughParameters);
      case 'selector_expression':
        return this.storedInField(node);
      case 'binary_expression':
        return this.storedInArithmetic(node, depth, (operand) => this.storedAddressIn(operand, depth + 1, throughParameters));
      case 'call_expression': {
        const inner = conversionArgument(node, 'uintptr');
        return inner ? this.storedAddressIn(inner, depth + 1, throughParameters) : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * Address arithmetic keeps an address: `a + off`, `a - off`, `a &^ mask`. A difference of two
   * addresses is an offset, and multiplying or shifting an address makes no address at all.
   */
  private storedInArithmetic<T>(node: SyntaxNode, depth: number, inner: (operand: SyntaxNode) => T | undefined): T | undefined {
    const operator = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left')!;
    const right = node.childForFieldName('right')!;
    if (operator === '+') {
      const fromLeft = inner(left);
      const fromRight = inner(right);
      return fromLeft && fromRight ? undefined : fromLeft ?? fromRight;
    }
    if (operator === '-' || operator === '&^' || operator === '&' || operator === '|') {
      if (operator === '-' && isAddress(right, this, depth)) return undefined;
      return inner(left);
    }
    return undefined;
  }

  private storedInName(identifier: SyntaxNode, depth: number, throughParameters: boolean): AddressStore | undefined {
    // A local holds a stored address only if it is assigned one; a name its function never
    // assigns is a parameter (or global) and counts only through parameters. Syscall wrappers pass
    // dozens of plain parameters: this spares a declaration lookup for each.
    const file = this.context.file;
    if (!throughParameters && identifier.tree === file.tree && !mayReceiveValue(file, identifier.text, identifier.startIndex)) return undefined;
    const declaration = this.context.resolver().localDeclaration(identifier);
    if (!declaration) return undefined;
    const scope = declarationScope(declaration.name);
    if (!scope) return undefined;
    // Generated syscall wrappers take addresses as uintptr parameters and hand them straight to
    // Syscall; only a conversion back to unsafe.Pointer inside the callee is reported.
    if (scope.kind === 'parameter') return throughParameters ? this.storedInParameter(identifier, declaration.name, scope.node) : undefined;
    // Every value the variable receives in its function: its initializer and later assignments.
    const values: SyntaxNode[] = [];
    if (declaration.value) values.push(declaration.value);
    values.push(...(this.assignedValues(scope.node).get(identifier.text) ?? []));
    for (const value of values) {
      if (value.startIndex > identifier.startIndex && !isInsideLoop(identifier)) continue;
      if (isAddress(value, this, depth + 1)) return { holder: identifier, origin: value, kind: 'variable' };
    }
    return undefined;
  }

  /** Per function: the values each name is assigned (`=`, `+=`, `-=`), in order, collected in one walk. */
  private readonly assignments = new Map<number, Map<string, SyntaxNode[]>>();

  private assignedValues(scope: SyntaxNode): Map<string, SyntaxNode[]> {
    let byName = this.assignments.get(scope.id);
    if (byName) return byName;
    const found = new Map<string, SyntaxNode[]>();
    // descendantsOfType walks natively and returns only the assignments, in document order.
    for (const node of scope.descendantsOfType('assignment_statement')) {
      if (!node) continue;
      const operator = node.childForFieldName('operator')?.text;
      if (operator !== '=' && operator !== '+=' && operator !== '-=') continue;
      const left = node.childForFieldName('left')?.namedChildren ?? [];
      const right = node.childForFieldName('right')?.namedChildren ?? [];
      if (left.length !== right.length) continue;
      const seen = new Set<string>();
      left.forEach((target, index) => {
        if (target?.type !== 'identifier' || seen.has(target.text)) return;
        seen.add(target.text);
        const list = found.get(target.text);
        if (list) list.push(right[index]!);
        else found.set(target.text, [right[index]!]);
      });
    }
    this.assignments.set(scope.id, (byName = found));
    return byName;
  }

  /** A uintptr parameter that some caller in the package fills with a converted pointer. */
  private storedInParameter(identifier: SyntaxNode, parameterName: SyntaxNode, fn: SyntaxNode): AddressStore | undefined {
    const declaration = parameterName.parent;
    if (declaration?.childForFieldName('type')?.text !== 'uintptr' || fn.type === 'func_literal') return undefined;
    if (fn.childForFieldName('receiver')?.id === declaration.parent?.id) return undefined;
    if (hasKeepAliveDirective(fn, this.context.file.text)) return undefined;
    const functionName = fn.childForFieldName('name')?.text;
    if (!functionName) return undefined;
    const parameters = declaration.parent?.namedChildren.filter((p) => p?.type === 'parameter_declaration') ?? [];
    let index = 0;
    for (const parameter of parameters) {
      const names = parameter!.childrenForFieldName('name');
      const position = names.findIndex((name) => name?.id === parameterName.id);
      if (position >= 0) {
        index += position;
        break;
      }
      index += Math.max(1, names.length);
    }
    for (const file of [this.context.file, ...this.context.packageFiles()]) {
      if (!file.text.includes(`${functionName}(`)) continue;
      for (const call of file.tree.rootNode.descendantsOfType('call_expression')) {
        const callee = call?.childForFieldName('function');
        if (!call || !callee || (callee.type === 'identifier' ? callee.text : callee.type === 'selector_expression' ? callee.childForFieldName('field')?.text : '') !== functionName) continue;
        const argument = call.childForFieldName('arguments')?.namedChildren[index];
        if (argument && isAddress(argument, this, 0, true)) {
          return { holder: identifier, origin: argument, file: file === this.context.file ? undefined : file.path, kind: 'parameter' };
        }
      }
    }
    return undefined;
  }

  /** A uintptr field that the package fills, somewhere, with a converted pointer. */
  private storedInField(selector: SyntaxNode): AddressStore | undefined {
    const field = selector.childForFieldName('field')?.text;
    // reflect.SliceHeader/StringHeader.Data over a real slice or string is pattern 6 of the unsafe docs.
    if (!field || field === 'Data') return undefined;
    const store = this.fieldStore(field);
    if (!store) return undefined;
    return { holder: selector, origin: store.origin, file: store.file === this.context.file ? undefined : store.file.path, kind: 'field' };
  }

  /** The first store into a field of this name, in the file first and then its siblings (only those that could assign it are parsed). */
  private fieldStore(field: string): { origin: SyntaxNode; file: SourceFile } | undefined {
    if (this.fieldStores.has(field)) return this.fieldStores.get(field);
    let found: { origin: SyntaxNode; file: SourceFile } | undefined;
    for (const file of [this.context.file, ...this.context.packageFiles()]) {
      if (!mayAssignField(file, field)) continue;
      const origin = fieldStoresOf(file).get(field);
      if (origin) {
        found = { origin, file };
        break;
      }
    }
    this.fieldStores.set(field, found);
    return found;
  }

  isReflectValue(node: SyntaxNode): boolean {
    return /\breflect\.|ValueOf\(|Elem\(\)|Field\(/.test(node.text) || isNamed(this.context.resolver().typeOf(node), 'reflect', 'Value');
  }

  isUnsafePointer(node: SyntaxNode): boolean {
    return unsafePointerArgument(node) !== null || kindOfExpression(this.context, node) === 'unsafePointer';
  }
}

/**
 * Whether an integer expression is an address taken from a pointer: `uintptr(unsafe.Pointer(x))`,
 * `uintptr(p)` of an unsafe.Pointer, a reflect Value's Pointer()/UnsafeAddr(), address
 * arithmetic on those, or (unless `directOnly`) a variable that stored one.
 */
function isAddress(expression: SyntaxNode, tracer: StoredAddressTracer, depth: number, directOnly = false): boolean {
  const node = unparenthesize(expression);
  if (depth > 6) return false;
  switch (node.type) {
    case 'call_expression': {
      const converted = conversionArgument(node, 'uintptr');
      if (converted) {
        const inner = unparenthesize(converted);
        return tracer.isUnsafePointer(inner) || isAddress(inner, tracer, depth + 1, directOnly);
      }
      return isReflectAddress(node, tracer);
    }
    case 'binary_expression': {
      const operator = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left')!;
      const right = node.childForFieldName('right')!;
      if (operator === '+') return isAddress(left, tracer, depth + 1, directOnly) !== isAddress(right, tracer, depth + 1, directOnly);
      if (operator === '-') return isAddress(left, tracer, depth + 1, directOnly) && !isAddress(right, tracer, depth + 1, directOnly);
      if (operator === '&^' || operator === '&' || operator === '|') return isAddress(left, tracer, depth + 1, directOnly);
      return false;
    }
    case 'identifier':
      return !directOnly && tracer.storedAddressIn(node, depth + 1) !== undefined;
    default:
      return false;
  }
}

const fieldStoreCache = new WeakMap<SourceFile, Map<string, SyntaxNode>>();

/**
 * Fields a file assigns a converted pointer to (`x.f = uintptr(unsafe.Pointer(p))`, `T{f: ...}`),
 * computed once per parsed file so a package's files do not rescan each other on every lint.
 */
function fieldStoresOf(file: SourceFile): Map<string, SyntaxNode> {
  let stores = fieldStoreCache.get(file);
  if (stores) return stores;
  stores = new Map();
  if (file.text.includes('uintptr(')) {
    // Each stored conversion contains a `uintptr(...)` call: start from those instead of walking
    // the whole tree, then keep the first store of each field in document order.
    const candidates: { owner: SyntaxNode; position: number; name: string; value: SyntaxNode }[] = [];
    const seen = new Set<string>();
    const root = file.tree.rootNode;
    const uintptrWord = /\buintptr\b/g;
    for (let match = uintptrWord.exec(file.text); match; match = uintptrWord.exec(file.text)) {
      const callee = root.descendantForIndex(match.index, match.index + 'uintptr'.length);
      const call = callee?.type === 'identifier' ? callee.parent : null;
      if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== callee!.id) continue;
      // Up through the arithmetic and parentheses a direct conversion may wrap it in.
      let top: SyntaxNode = call;
      while (top.parent && (top.parent.type === 'binary_expression' || top.parent.type === 'parenthesized_expression')) top = top.parent;
      const store = fieldStoreAt(top);
      if (!store) continue;
      const key = `${store.owner.id}:${store.position}`;
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push(store);
    }
    // Document order as a tree walk meets them: by start, enclosing before enclosed.
    candidates.sort((a, b) => a.owner.startIndex - b.owner.startIndex || b.owner.endIndex - a.owner.endIndex || a.position - b.position);
    for (const { name, value } of candidates) if (!stores.has(name)) stores.set(name, value);
  }
  fieldStoreCache.set(file, stores);
  return stores;
}

/**
 * The field store a value is part of, when it is a direct conversion: `x.f = <value>` (the
 * assignment and the target's position) or `T{f: <value>}` (the keyed element).
 */
function fieldStoreAt(value: SyntaxNode): { owner: SyntaxNode; position: number; name: string; value: SyntaxNode } | undefined {
  const parent = value.parent;
  if (parent?.type === 'expression_list' && parent.parent?.type === 'assignment_statement' && parent.parent.childForFieldName('right')?.id === parent.id) {
    const statement = parent.parent;
    const left = statement.childForFieldName('left')?.namedChildren ?? [];
    const right = parent.namedChildren;
    const position = right.findIndex((node) => node?.id === value.id);
    if (position < 0 || left.length !== right.length) return undefined;
    const target = left[position];
    const name = target?.type === 'selector_expression' ? target.childForFieldName('field')?.text : undefined;
    return name && isDirectConversion(right[position]!) ? { owner: statement, position, name, value: right[position]! } : undefined;
  }
  const wrapper = parent?.type === 'literal_element' ? parent : value;
  const element = wrapper.parent;
  if (element?.type !== 'keyed_element') return undefined;
  const key = element.namedChild(0);
  const stored = element.namedChild(1);
  if (stored?.id !== wrapper.id) return undefined;
  const keyName = key?.type === 'literal_element' ? key.namedChild(0) : key;
  const valueExpression = stored.type === 'literal_element' ? stored.namedChild(0) : stored;
  if (keyName?.type !== 'identifier' || !valueExpression || !isDirectConversion(valueExpression)) return undefined;
  return { owner: element, position: 0, name: keyName.text, value: stored };
}

/** `uintptr(unsafe.Pointer(x))`, possibly with address arithmetic: an address stored in one step. */
function isDirectConversion(expression: SyntaxNode): boolean {
  const node = unparenthesize(expression);
  if (node.type === 'binary_expression') {
    const operator = node.childForFieldName('operator')?.text;
    const left = isDirectConversion(node.childForFieldName('left')!);
    const right = isDirectConversion(node.childForFieldName('right')!);
    if (operator === '+') return left !== right;
    return (operator === '-' || operator === '&^' || operator === '&' || operator === '|') && left && !right;
  }
  const converted = conversionArgument(node, 'uintptr');
  return !!converted && unsafePointerArgument(unparenthesize(converted)) !== null;
}

/** `v.Pointer()` or `v.UnsafeAddr()` of a reflect.Value: a uintptr that must be converted at once. */
function isReflectAddress(call: SyntaxNode, tracer: StoredAddressTracer): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'selector_expression' || call.childForFieldName('arguments')?.namedChildCount !== 0) return false;
  const method = callee.childForFieldName('field')?.text ?? '';
  if (!REFLECT_ADDRESS_METHODS.has(method)) return false;
  return method === 'UnsafeAddr' || tracer.isReflectValue(callee.childForFieldName('operand')!);
}

/** The function whose body (or parameter list) declares a name. */
function declarationScope(name: SyntaxNode): { kind: 'parameter' | 'local'; node: SyntaxNode } | undefined {
  const fn = enclosingFunction(name);
  if (!fn) return undefined;
  const declaration = name.parent;
  const isParameter = declaration?.type === 'parameter_declaration' && declaration.parent?.parent && FUNCTION_TYPES.has(declaration.parent.parent.type);
  return { kind: isParameter ? 'parameter' : 'local', node: isParameter ? declaration!.parent!.parent! : fn };
}

function isInsideLoop(node: SyntaxNode): boolean {
  for (let current = node.parent; current && !FUNCTION_TYPES.has(current.type); current = current.parent) {
    if (current.type === 'for_statement') return true;
  }
  return false;
}

/** `//go:uintptrescapes` / `//go:uintptrkeepalive` make the compiler keep converted arguments alive. */
function hasKeepAliveDirective(fn: SyntaxNode, text: string): boolean {
  const before = text.slice(Math.max(0, fn.startIndex - 400), fn.startIndex);
  return /\/\/go:uintptr(escapes|keepalive)\s*$/.test(before.replace(/\n\s*\/\/(?!go:uintptr).*$/gm, '').trimEnd() + '\n') || /\/\/go:uintptr(escapes|keepalive)/.test(before.split(/\n\s*\n/).pop() ?? '');
}
