import type { Node as SyntaxNode } from 'web-tree-sitter';
import { addImportEdits } from '../analysis/goroutines';
import { goVersionAtLeast } from '../goVersion';
import { isNamedOrPointer, type Resolver } from '../resolver';
import type { Fix, Rule, RuleContext } from '../rule';
import type { TextEdit } from '../text';
import { checkDeadline } from '../timeBudget';
import { FUNCTION_TYPES, nodeRange, unparenthesize } from '../syntax';
import { anyOf, inOneFunction } from '../textHints';

/** strings.Clone and bytes.Clone arrived in these releases; older modules get a conversion or an append. */
const STRINGS_CLONE_GO = '1.18';
const BYTES_CLONE_GO = '1.20';

/** Calls that read a whole body, file or connection into one new buffer, by import path. */
const WHOLE_READS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['io', new Set(['ReadAll'])],
  ['io/ioutil', new Set(['ReadAll', 'ReadFile'])],
  ['os', new Set(['ReadFile'])],
]);
/** strings/bytes functions whose results are sub-slices of their first argument. */
const SPLITS: ReadonlySet<string> = new Set(['Split', 'SplitN', 'SplitAfter', 'SplitAfterN', 'Fields', 'FieldsFunc']);
const TRIMS: ReadonlySet<string> = new Set(['TrimSpace', 'Trim', 'TrimLeft', 'TrimRight', 'TrimPrefix', 'TrimSuffix', 'TrimFunc', 'TrimLeftFunc', 'TrimRightFunc']);
const STATEMENT_TYPES = ['short_var_declaration', 'var_spec', 'assignment_statement', 'range_clause', 'send_statement'];
/** The strings/bytes functions `derive` follows pieces through: other calls are not looked up. */
const DERIVING_NAMES: ReadonlySet<string> = new Set([...SPLITS, ...TRIMS]);

/** Where a piece is stored, as a message names it. */
interface Holder {
  description: string;
  name: string;
}

/** The read a value comes from: the call, and how to name it in a message. */
interface WholeRead {
  call: SyntaxNode;
  what: string;
}

/**
 * What a value is, relative to one whole read: the whole buffer (or nearly: a suffix, a trim),
 * a slice of its pieces (`strings.Split(s, "\n")`), one of those pieces as a range loop visits
 * them all (`element`), or a short piece (`fragment`: `line[:16]`, `data[i:j]`, `lines[0]`).
 */
interface Derived {
  shape: 'whole' | 'pieces' | 'element' | 'fragment';
  of: 'string' | 'bytes';
  read: WholeRead;
}

export const retainSubslice: Rule = {
  meta: {
    id: 'retain-subslice',
    family: 'retain',
    defaultSeverity: 'info',
    description: 'A short sub-slice or substring of a buffer read whole (io.ReadAll, os.ReadFile, a filled bytes.Buffer) stored in a long-lived holder (package-level variable, map, field, channel): it pins the whole backing array.',
    docs: 'docs/rules/retain-subslice.md',
    offByDefault:
      'on 29 real-world projects its one finding (a nonce sliced from a key file of a few dozen bytes) was debatable, below the 90% a rule on by default must reach; 11 of 11 on the standard library were true.',
    fixable: true,
  },
  // Test code ends with its test binary: nothing it leaves behind lasts.
  quietInTests: true,
  // Nothing to say about a declaration that reads nothing whole: a ReadAll or ReadFile, or a
  // buffer filled by ReadFrom or io.Copy whose Bytes() or String() the same function takes.
  textHint: anyOf(/\b(ReadAll|ReadFile)\(/, inOneFunction(/\b(ReadFrom|Copy)\(/, /\.(Bytes|String)\(\)/)),
  query: '(call_expression function: (selector_expression field: (field_identifier) @name (#match? @name "^(ReadAll|ReadFile|ReadFrom|Copy)$"))) @read',
  check(context, matches) {
    if (matches.length === 0) return;
    const resolver = context.resolver();
    const byDeclaration = new Map<number, { declaration: SyntaxNode; reads: SyntaxNode[] }>();
    for (const { captures } of matches) {
      const declaration = topLevelOf(captures.read);
      if (!declaration) continue;
      const entry = byDeclaration.get(declaration.id) ?? { declaration, reads: [] };
      entry.reads.push(captures.read);
      byDeclaration.set(declaration.id, entry);
    }
    for (const { declaration, reads } of byDeclaration.values()) {
      const analysis = new FunctionAnalysis(context, resolver, declaration, reads);
      // Most io.Copy and ReadFrom calls fill a file or a connection: nothing read whole, no walk.
      if (analysis.readsWhole) analysis.run(declaration);
    }
  },
};

/** The top-level declaration (function, method, or a var whose value is a literal function) around a node. */
function topLevelOf(node: SyntaxNode): SyntaxNode | undefined {
  let inFunction = false;
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) inFunction = true;
    if (current.parent?.type === 'source_file') return inFunction ? current : undefined;
  }
  return undefined;
}

/**
 * One pass over a declaration in source order: what each local holds (derived from a whole read
 * or not), and every store of a short piece into something that outlives the function.
 */
class FunctionAnalysis {
  /** Locals by their declaring identifier's node id. */
  private readonly values = new Map<number, Derived>();
  /** bytes.Buffer locals filled from a reader (ReadFrom, io.Copy), by declaring identifier. */
  private readonly filled = new Map<number, WholeRead>();
  private readonly reported = new Set<number>();
  /** Names of the locals in `values`: other names are not looked up at all. */
  private readonly names = new Set<string>();
  /** Some captured call reads whole: io.ReadAll and friends, or a bytes.Buffer filled from a reader. */
  readonly readsWhole: boolean;

  constructor(
    private readonly context: RuleContext,
    private readonly resolver: Resolver,
    declaration: SyntaxNode,
    reads: readonly SyntaxNode[],
  ) {
    let readsWhole = false;
    // A filled buffer matters only through its Bytes() or String() in the same declaration.
    const usesBuffer = /\.(Bytes|String)\(\)/.test(declaration.text);
    for (const read of reads) {
      const name = read.childForFieldName('function')?.childForFieldName('field')?.text;
      if (name === 'ReadFrom' || name === 'Copy') readsWhole = (usesBuffer && this.noteFilledBuffer(read)) || readsWhole;
      else readsWhole ||= !!this.wholeRead(read);
    }
    this.readsWhole = readsWhole;
  }

  run(declaration: SyntaxNode): void {
    // Only the statements that bind or store, in source order (found natively, not walked node by node).
    for (const node of declaration.descendantsOfType(STATEMENT_TYPES)) {
      checkDeadline();
      if (!node) continue;
      switch (node.type) {
        case 'short_var_declaration':
        case 'var_spec':
          this.bind(node);
          break;
        case 'assignment_statement':
          if (node.childForFieldName('operator')?.text !== '=') break;
          this.checkStore(node);
          this.bind(node);
          break;
        case 'range_clause':
          this.bindRange(node);
          break;
        case 'send_statement': {
          const channel = node.childForFieldName('channel');
          const value = node.childForFieldName('value');
          const holder = { description: `the channel ${channel?.text}`, name: channel?.text ?? '' };
          if (channel && value) this.stored(value, () => holder, true);
          break;
        }
      }
    }
  }

  /** `buf.ReadFrom(r)` or `io.Copy(&buf, r)` on a local bytes.Buffer: its Bytes() and String() are the whole input. */
  private noteFilledBuffer(call: SyntaxNode): boolean {
    const callee = call.childForFieldName('function')!;
    const name = callee.childForFieldName('field')?.text;
    const operand = callee.childForFieldName('operand');
    if (!operand) return false;
    let buffer: SyntaxNode | null | undefined;
    if (name === 'ReadFrom') buffer = operand;
    else if (name === 'Copy' && this.resolver.packageOperand(operand) === 'io') {
      buffer = argumentsOf(call)[0];
      if (buffer?.type === 'unary_expression' && buffer.childForFieldName('operator')?.text === '&') buffer = buffer.childForFieldName('operand');
    }
    buffer = buffer ? unparenthesize(buffer) : undefined;
    if (buffer?.type !== 'identifier' || !isNamedOrPointer(this.resolver.typeOf(buffer), 'bytes', 'Buffer')) return false;
    const declaration = this.resolver.localDeclaration(buffer);
    if (!declaration) return false;
    this.filled.set(declaration.name.id, { call, what: name === 'Copy' ? `${operand.text}.Copy` : `${buffer.text}.ReadFrom` });
    this.names.add(buffer.text);
    return true;
  }

  private keyOf(identifier: SyntaxNode, declares: boolean): number | undefined {
    if (identifier.type !== 'identifier' || identifier.text === '_') return undefined;
    return declares ? identifier.id : this.resolver.localDeclaration(identifier)?.name.id;
  }

  private assign(target: SyntaxNode, declares: boolean, value: Derived | undefined): void {
    target = unparenthesize(target);
    // Nothing to forget about a name that never held a piece.
    if (!value && !this.names.has(target.text)) return;
    const key = this.keyOf(target, declares);
    if (key === undefined) return;
    if (value) {
      this.values.set(key, value);
      this.names.add(target.text);
    } else this.values.delete(key);
  }

  /** `x := e`, `x = e`, `var x = e`, and the two-result forms of the whole reads and Cut. */
  private bind(statement: SyntaxNode): void {
    const declares = statement.type !== 'assignment_statement';
    const targets = statement.type === 'var_spec' ? statement.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n) : expressions(statement.childForFieldName('left'));
    const values = expressions(statement.childForFieldName(statement.type === 'var_spec' ? 'value' : 'right'));
    if (values.length === 0) return;
    if (values.length === 1 && targets.length > 1) {
      const results = this.deriveResults(values[0]);
      targets.forEach((target, index) => this.assign(target, declares, results[index]));
      return;
    }
    if (values.length !== targets.length) return;
    const derived = values.map((value) => this.derive(value));
    targets.forEach((target, index) => this.assign(target, declares, derived[index]));
  }

  /** `for _, line := range lines`: each piece in turn. */
  private bindRange(clause: SyntaxNode): void {
    const left = expressions(clause.childForFieldName('left'));
    const right = clause.childForFieldName('right');
    const declares = /^[^=]*:=/.test(clause.text);
    if (left.length < 2 || !right) {
      for (const target of left) this.assign(target, declares, undefined);
      return;
    }
    const ranged = this.derive(right);
    this.assign(left[0], declares, undefined);
    this.assign(left[1], declares, ranged?.shape === 'pieces' ? { ...ranged, shape: 'element' } : undefined);
  }

  /** The results of a multi-value call: `data, err := os.ReadFile(p)`, `key, value, ok := strings.Cut(line, "=")`. */
  private deriveResults(value: SyntaxNode): (Derived | undefined)[] {
    const call = unparenthesize(value);
    if (call.type !== 'call_expression') return [];
    const whole = this.wholeRead(call);
    if (whole) return [whole];
    const callee = unparenthesize(call.childForFieldName('function')!);
    if (callee.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Cut') return [];
    const pkg = this.resolver.packageOperand(callee.childForFieldName('operand')!);
    if (pkg !== 'strings' && pkg !== 'bytes') return [];
    const first = argumentsOf(call)[0];
    const source = first ? this.derive(first) : undefined;
    if (!source || source.shape === 'pieces') return [];
    const before: Derived = { ...source, shape: 'fragment' };
    // What follows the separator of a whole buffer is most of it; of a line, a piece of it.
    const after: Derived = source.shape === 'whole' ? source : { ...source, shape: 'fragment' };
    return [before, after];
  }

  private wholeRead(call: SyntaxNode): Derived | undefined {
    const callee = unparenthesize(call.childForFieldName('function')!);
    if (callee.type !== 'selector_expression') return undefined;
    const operand = callee.childForFieldName('operand')!;
    const name = callee.childForFieldName('field')?.text ?? '';
    if (name !== 'ReadAll' && name !== 'ReadFile') return undefined;
    const pkg = this.resolver.packageOperand(operand);
    if (pkg === undefined || !WHOLE_READS.get(pkg)?.has(name)) return undefined;
    return { shape: 'whole', of: 'bytes', read: { call, what: `${operand.text}.${name}` } };
  }

  /** What an expression holds of a whole read, if anything. Copies and anything unknown are nothing. */
  private derive(node: SyntaxNode): Derived | undefined {
    node = unparenthesize(node);
    switch (node.type) {
      case 'identifier': {
        if (!this.names.has(node.text)) return undefined;
        const key = this.keyOf(node, false);
        return key === undefined ? undefined : this.values.get(key);
      }
      case 'slice_expression': {
        const base = this.derive(node.childForFieldName('operand')!);
        if (!base || base.shape === 'pieces') return base;
        if (base.shape === 'whole' && !shortSlice(node)) return base;
        return { ...base, shape: 'fragment' };
      }
      case 'index_expression': {
        const base = this.derive(node.childForFieldName('operand')!);
        if (base?.shape !== 'pieces') return undefined;
        // `lines[0]` picks one piece; `lines[i]` in a loop may visit them all, like a range.
        const index = node.childForFieldName('index');
        return { ...base, shape: index?.type === 'int_literal' ? 'fragment' : 'element' };
      }
      case 'call_expression':
        return this.deriveCall(node);
      default:
        return undefined;
    }
  }

  private deriveCall(call: SyntaxNode): Derived | undefined {
    const callee = unparenthesize(call.childForFieldName('function')!);
    const args = argumentsOf(call);
    // `string(data)` of a whole read is a whole (copied) string; of a piece, a small copy.
    if (callee.type === 'identifier' && callee.text === 'string' && args.length === 1) {
      const source = this.derive(args[0]);
      return source?.shape === 'whole' && source.of === 'bytes' && !this.resolver.localDeclaration(callee) ? { ...source, of: 'string' } : undefined;
    }
    if (callee.type === 'slice_type' && callee.text.replace(/\s+/g, '') === '[]byte' && args.length === 1) {
      const source = this.derive(args[0]);
      return source?.shape === 'whole' && source.of === 'string' ? { ...source, of: 'bytes' } : undefined;
    }
    if (callee.type !== 'selector_expression') return undefined;
    const operand = callee.childForFieldName('operand')!;
    const name = callee.childForFieldName('field')?.text ?? '';
    if (name === 'Bytes' || name === 'String') {
      // buf.Bytes() aliases a filled buffer; buf.String() copies it, but whole.
      if (args.length > 0 || operand.type !== 'identifier' || !this.names.has(operand.text)) return undefined;
      const key = this.keyOf(operand, false);
      const read = key === undefined ? undefined : this.filled.get(key);
      return read ? { shape: 'whole', of: name === 'Bytes' ? 'bytes' : 'string', read } : undefined;
    }
    if (name === 'ReadAll' || name === 'ReadFile') return this.wholeRead(call);
    if (!DERIVING_NAMES.has(name) || args.length === 0) return undefined;
    // Only what cuts a piece of a whole read matters: look at the argument before the package.
    const source = this.derive(args[0]);
    if (!source || source.shape === 'pieces') return undefined;
    const pkg = this.resolver.packageOperand(operand);
    if (pkg !== 'strings' && pkg !== 'bytes') return undefined;
    if (SPLITS.has(name)) return { ...source, shape: 'pieces' };
    if (TRIMS.has(name)) return source;
    return undefined;
  }

  /** `holder = v`, `m[k] = v`, `s.f = v`, `list = append(list, v)` where the target outlives the function. */
  private checkStore(statement: SyntaxNode): void {
    const targets = expressions(statement.childForFieldName('left'));
    const values = expressions(statement.childForFieldName('right'));
    if (targets.length !== values.length) return;
    targets.forEach((target, index) => {
      const inner = unparenthesize(target);
      // Asked only once a piece is stored: most assignments store none.
      let holder: Holder | null | undefined;
      const holderOnce = () => (holder === undefined ? (holder = this.holderOf(inner) ?? null) : holder);
      if (inner.type === 'index_expression') {
        const key = inner.childForFieldName('index');
        if (key) this.stored(key, holderOnce, true);
      }
      // A map or slice element, or an append, is one of many: storing every line is not waste.
      this.stored(values[index], holderOnce, inner.type === 'index_expression');
    });
  }

  /** A target that outlives the call: a package-level variable, or something reached from a receiver or a pointer, map or slice parameter. */
  private holderOf(target: SyntaxNode): Holder | undefined {
    if (target.type === 'identifier') {
      const declaration = this.resolver.declarationOf(target);
      return declaration?.packageLevel && declaration.kind === 'var' ? { description: `the package-level variable ${target.text}`, name: target.text } : undefined;
    }
    let root = target;
    while (root.type === 'selector_expression' || root.type === 'index_expression') root = unparenthesize(root.childForFieldName('operand')!);
    if (root.type !== 'identifier') return undefined;
    const declaration = this.resolver.declarationOf(root);
    if (!declaration) return undefined;
    let owner: string;
    if (declaration.packageLevel && declaration.kind === 'var') owner = 'package-level';
    else if (declaration.kind === 'receiver') owner = 'receiver';
    else if (declaration.kind === 'param' && ['pointer', 'map', 'slice'].includes(this.resolver.underlying(this.resolver.declaredType(declaration)).kind)) owner = 'parameter';
    else return undefined;
    const holder = target.type === 'index_expression' ? target.childForFieldName('operand')! : target;
    const isMap = target.type === 'index_expression' && this.resolver.underlying(this.resolver.typeOf(holder)).kind === 'map';
    const what = isMap ? 'map' : target.type === 'index_expression' ? 'slice' : 'field';
    const ofWhom = owner === 'package-level' ? (holder.type === 'identifier' ? 'package-level ' : 'of a package-level variable ') : owner === 'receiver' ? 'of the receiver ' : 'of the caller\'s ';
    const description = holder.type === 'identifier' ? `the ${ofWhom}${what} ${holder.text}` : `${holder.text} (a ${what} ${ofWhom.trim()})`;
    return { description, name: holder.text };
  }

  /**
   * Reports `value` when it is a short piece of a whole read, looking into composite literals
   * (`&Entry{Name: key}`) and appends (`append(list, key)`). An element of a loop over all the
   * pieces is reported only when stored alone (not one of many in a map, slice or channel).
   */
  private stored(value: SyntaxNode, holderOf: () => Holder | null, oneOfMany: boolean): void {
    value = unparenthesize(value);
    if (value.type === 'unary_expression' && value.childForFieldName('operator')?.text === '&') {
      const operand = value.childForFieldName('operand');
      if (operand) this.stored(operand, holderOf, oneOfMany);
      return;
    }
    if (value.type === 'composite_literal') {
      const body = value.childForFieldName('body');
      if (body) for (const element of literalValues(body)) this.stored(element, holderOf, oneOfMany);
      return;
    }
    if (value.type === 'call_expression' && value.childForFieldName('function')?.text === 'append') {
      // `append(list, pieces...)` stores all of them: the whole, not a waste.
      const callee = value.childForFieldName('function')!;
      // (the builtin, unless a local shadows it; a package-level `append` is not looked for, as in
      // other rules: that would read every sibling file, whose text all spells the name)
      const builtinHolder = () => (this.resolver.localDeclaration(callee) ? null : holderOf());
      for (const argument of argumentsOf(value).slice(1)) if (argument.type !== 'variadic_argument') this.stored(argument, builtinHolder, true);
      return;
    }
    const derived = this.derive(value);
    if (!derived || !(derived.shape === 'fragment' || (derived.shape === 'element' && !oneOfMany))) return;
    const holder = holderOf();
    if (!holder || this.reported.has(value.id)) return;
    this.reported.add(value.id);
    this.report(value, derived, holder.description, holder.name);
  }

  private report(value: SyntaxNode, derived: Derived, description: string, holderName: string): void {
    const { context } = this;
    const readLine = derived.read.call.startPosition.row + 1;
    const buffer = derived.of === 'string' ? 'string' : 'backing array';
    const fix = copyFix(context, this.resolver, value, derived.of);
    context.report({
      range: nodeRange(value),
      message: `${value.text} is a short ${derived.of === 'string' ? 'substring' : 'sub-slice'} of everything ${derived.read.what} read on line ${readLine}, stored in ${description}: it keeps that whole ${buffer} alive for as long as ${holderName} holds it.`,
      remedy: `store a copy: ${copyText(context, value.text, derived.of, 'strings', 'bytes')}`,
      related: [{ range: nodeRange(derived.read.call), message: `the whole input is read into memory here` }],
      fixes: fix ? [fix] : [],
    });
  }
}

/**
 * `s[i:j]`, `s[:n]`, `s[len(s)-8:]`: an end that is not measured from the length of `s`, or a
 * start that is. A suffix `s[i:]` or `s[:len(s)-1]` is most of it.
 */
function shortSlice(slice: SyntaxNode): boolean {
  const operand = slice.childForFieldName('operand')!.text.replace(/\s+/g, '');
  const fromLength = (bound: SyntaxNode | null) => !!bound && bound.text.replace(/\s+/g, '').includes(`len(${operand})`);
  const start = slice.childForFieldName('start');
  const end = slice.childForFieldName('end');
  return (!!end && !fromLength(end)) || fromLength(start);
}

function expressions(list: SyntaxNode | null): SyntaxNode[] {
  if (!list) return [];
  if (list.type !== 'expression_list') return [list];
  return list.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment');
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is SyntaxNode => !!arg && arg.type !== 'comment');
}

/** The value expressions of a composite literal's body, keyed or not, nested bodies included. */
function literalValues(body: SyntaxNode): SyntaxNode[] {
  const values: SyntaxNode[] = [];
  for (const child of body.namedChildren) {
    if (!child || child.type === 'comment') continue;
    const element = child.type === 'keyed_element' ? child.namedChildren.filter((n) => n?.type !== 'comment').at(-1) : child;
    const inner = element?.type === 'literal_element' ? element.namedChild(0) : element;
    if (!inner) continue;
    if (inner.type === 'literal_value') values.push(...literalValues(inner));
    else values.push(inner);
  }
  return values;
}

/**
 * The value's text for a call of several arguments (`append([]byte(nil), v...)`), where gofmt
 * writes `b[i+1:j]` without the blanks it puts around the colons of a statement's own `b[i+1 : j]`.
 */
function compactText(value: SyntaxNode): string {
  const cuts: [number, number][] = [];
  // (descendantsOfType includes the node itself)
  for (const slice of value.descendantsOfType('slice_expression')) {
    if (!slice) continue;
    for (let i = 0; i < slice.childCount; i++) {
      const colon = slice.child(i);
      if (colon?.type !== ':') continue;
      const before = slice.child(i - 1);
      const after = slice.child(i + 1);
      if (before && before.endIndex < colon.startIndex) cuts.push([before.endIndex, colon.startIndex]);
      if (after && colon.endIndex < after.startIndex) cuts.push([colon.endIndex, after.startIndex]);
    }
  }
  let text = value.text;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) text = text.slice(0, start - value.startIndex) + text.slice(end - value.startIndex);
  return text;
}

function copyText(context: RuleContext, text: string, of: 'string' | 'bytes', stringsName: string, bytesName: string): string {
  if (of === 'string') return goVersionAtLeast(context.goVersion, STRINGS_CLONE_GO) ? `${stringsName}.Clone(${text})` : `string([]byte(${text}))`;
  return goVersionAtLeast(context.goVersion, BYTES_CLONE_GO) ? `${bytesName}.Clone(${text})` : `append([]byte(nil), ${text}...)`;
}

/**
 * Wraps the stored piece in a copy, with what the module's Go has: strings.Clone (1.18),
 * bytes.Clone (1.20), else `string([]byte(s))` or `append([]byte(nil), b...)`; adds the import
 * when the file lacks it and the name is free.
 */
function copyFix(context: RuleContext, resolver: Resolver, value: SyntaxNode, of: 'string' | 'bytes'): Fix | undefined {
  const needsPackage = of === 'string' ? goVersionAtLeast(context.goVersion, STRINGS_CLONE_GO) : goVersionAtLeast(context.goVersion, BYTES_CLONE_GO);
  const path = of === 'string' ? 'strings' : 'bytes';
  let name = path;
  const edits: TextEdit[] = [];
  if (needsPackage) {
    const imported = resolver.importNames(context.file, path)[0];
    if (imported) name = imported;
    else {
      // A package-level or local `strings` would shadow the import the fix adds.
      const declaration = topLevelOf(value);
      if (resolver.packageDeclaration(path) || declaration?.descendantsOfType('identifier').some((identifier) => identifier?.text === path)) return undefined;
      edits.push(...addImportEdits(context.file.tree.rootNode, path));
    }
  }
  const appended = of === 'bytes' && !needsPackage;
  const replacement = copyText(context, appended ? compactText(value) : value.text, of, name, name);
  edits.push({ range: nodeRange(value), newText: replacement });
  return { title: `Store a copy: ${replacement}`, preferred: of === 'string', edits };
}
