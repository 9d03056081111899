import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { SourceFile } from '../rule';
import { nodeAt, RelativeSpan, spanIn, TextMemo } from '../analysis/poolSpans';
import { ownCopy } from '../text';

/**
 * The package-level declarations of one file, by name: what the package index merges. Built once
 * per syntax tree (a file's version). While the user types, the declarations before and after the
 * edited text keep what the file's last version read from them (shifted by the edit's length),
 * and only the top-level nodes between them are read again; a declaration whose text was seen
 * before reuses the names read from it then (kept by its text).
 */

export type DeclarationKind = 'type' | 'var' | 'const' | 'func' | 'method';

/** One package-level declaration of a name. */
export interface TopDeclaration {
  kind: DeclarationKind;
  /** The spec (`type_spec`, `type_alias`, `var_spec`, `const_spec`) or the function/method declaration. */
  node: SyntaxNode;
  file: SourceFile;
}

/** A method declared in the file: the receiver's base type name, the method name, how it receives. */
export interface MethodDeclaration {
  receiverType: string;
  name: string;
  pointerReceiver: boolean;
  node: SyntaxNode;
  file: SourceFile;
}

/** An import of the file: the name it is used by in the file ('.' for a dot import, '_' for a blank one). */
export interface ImportSpec {
  name: string;
  path: string;
}

/** What one top-level declaration declares, as spans relative to it (valid for any tree holding the same text). */
interface DeclarationNames {
  kind: DeclarationKind;
  names: [name: string, span: RelativeSpan][];
  /** For a method: its receiver base type and whether the receiver is a pointer. */
  receiver?: { type: string; pointer: boolean };
}

const namesByText = new TextMemo<DeclarationNames>(16384);

const TOP_KINDS: Record<string, DeclarationKind | undefined> = {
  type_declaration: 'type',
  var_declaration: 'var',
  const_declaration: 'const',
  function_declaration: 'func',
  method_declaration: 'method',
};

/** A declaration found by the cursor: where it starts, without the node (made only when asked for). */
interface Entry {
  kind: DeclarationKind;
  /** The top-level declaration's start in the file. */
  start: number;
  span: RelativeSpan;
}

/** One top-level declaration of a file's version, in document order. */
interface Declared {
  kind: DeclarationKind;
  /** The top-level node's type, start and end. */
  type: string;
  start: number;
  end: number;
  names: [name: string, span: RelativeSpan][];
}

/** The declarations last read from a file (by path), which its next version starts from. */
const lastRead = new Map<string, { text: string; declared: Declared[] }>();
const LAST_READ_LIMIT = 256;

/** Characters compared at once while looking for where two versions of a text differ. */
const CHUNK = 1024;

/** How many characters two texts share at their start. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  // Whole chunks first: comparing slices runs natively, a character loop does not.
  while (at + CHUNK <= limit && a.slice(at, at + CHUNK) === b.slice(at, at + CHUNK)) at += CHUNK;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** How many characters two texts share at their end, at most `limit`. */
export function commonSuffixLength(a: string, b: string, limit: number): number {
  let length = 0;
  while (length + CHUNK <= limit && a.slice(a.length - length - CHUNK, a.length - length) === b.slice(b.length - length - CHUNK, b.length - length)) length += CHUNK;
  while (length < limit && a.charCodeAt(a.length - length - 1) === b.charCodeAt(b.length - length - 1)) length++;
  return length;
}

export class FileSummary {
  private entries?: Map<string, Entry[]>;
  private readonly located = new Map<string, TopDeclaration[]>();
  private methodList?: MethodDeclaration[];
  private importList?: ImportSpec[];
  /** Set when a remembered span does not fit this tree: then everything is read from the tree itself. */
  private fresh = false;

  private static readonly byTree = new WeakMap<object, FileSummary>();

  private constructor(readonly file: SourceFile) {}

  static of(file: SourceFile): FileSummary {
    let summary = FileSummary.byTree.get(file.tree);
    if (!summary || summary.file !== file) FileSummary.byTree.set(file.tree, (summary = new FileSummary(file)));
    return summary;
  }

  /** Package-level declarations of `name` in this file, in document order. */
  declarations(name: string): readonly TopDeclaration[] {
    let found = this.located.get(name);
    if (found) return found;
    const entries = (this.entries ??= this.collect()).get(name) ?? [];
    found = [];
    for (const entry of entries) {
      const node = this.nodeOf(entry);
      if (!node) {
        if (this.fresh) continue;
        // A remembered declaration the tree does not confirm: read this tree afresh.
        this.fresh = true;
        this.entries = this.collect();
        this.located.clear();
        this.methodList = undefined;
        return this.declarations(name);
      }
      found.push({ kind: entry.kind, node, file: this.file });
    }
    this.located.set(name, found);
    return found;
  }

  /** The methods declared in this file. */
  methods(): readonly MethodDeclaration[] {
    if (this.methodList) return this.methodList;
    this.methodList = [];
    for (const [name, entries] of (this.entries ??= this.collect())) {
      for (const entry of entries) {
        if (entry.kind !== 'method') continue;
        const declaration = this.nodeOf(entry);
        if (!declaration) continue;
        const names = functionNames(declaration, 'method');
        if (!names.receiver) continue;
        this.methodList.push({ receiverType: names.receiver.type, name, pointerReceiver: names.receiver.pointer, node: declaration, file: this.file });
      }
    }
    return this.methodList;
  }

  /** Names the file declares at package level with this kind, in document order. */
  names(kind: DeclarationKind): string[] {
    const names: { name: string; at: number }[] = [];
    for (const [name, entries] of (this.entries ??= this.collect())) {
      const entry = entries.find((candidate) => candidate.kind === kind);
      if (entry) names.push({ name, at: entry.start + entry.span.start });
    }
    return names.sort((a, b) => a.at - b.at).map((entry) => entry.name);
  }

  /** The file's imports. */
  imports(): readonly ImportSpec[] {
    if (this.importList) return this.importList;
    this.importList = [];
    // Imports come first: stop at the first declaration of anything else, with a cursor, which
    // makes no node of the thousands of declarations a generated file may hold after them.
    const cursor = this.file.tree.rootNode.walk();
    try {
      for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
        const type = cursor.nodeType;
        if (!cursor.nodeIsNamed || type === 'package_clause' || type === 'comment') continue;
        if (type !== 'import_declaration') break;
        for (const spec of importSpecs(cursor.currentNode)) {
          const path = spec.childForFieldName('path')?.text.slice(1, -1);
          if (!path) continue;
          const alias = spec.childForFieldName('name')?.text;
          this.importList.push({ name: alias ?? defaultImportName(path), path });
        }
      }
    } finally {
      cursor.delete();
    }
    return this.importList;
  }

  private nodeOf(entry: Entry): SyntaxNode | undefined {
    return nodeAt({ startIndex: entry.start, tree: this.file.tree }, entry.span);
  }

  private namesOf(text: string, declaration: () => SyntaxNode, kind: DeclarationKind): DeclarationNames {
    let names = namesByText.get(text);
    if (!names) {
      // The memo outlives this version of the file: it keeps copies, not slices of the text.
      const read = readNames(declaration(), kind);
      names = { ...read, names: read.names.map(([name, span]) => [ownCopy(name), span]) };
      namesByText.set(text, names);
    }
    return names;
  }

  /** Every package-level name with where it is declared. */
  private collect(): Map<string, Entry[]> {
    const declared = this.fresh ? this.readDeclared(0, Infinity)! : this.declaredFromLastRead();
    if (!this.fresh) {
      lastRead.delete(this.file.path);
      lastRead.set(this.file.path, { text: this.file.text, declared });
      if (lastRead.size > LAST_READ_LIMIT) lastRead.delete(lastRead.keys().next().value!);
    }
    const entries = new Map<string, Entry[]>();
    for (const declaration of declared) {
      for (const [name, span] of declaration.names) {
        const list = entries.get(name);
        const entry = { kind: declaration.kind, start: declaration.start, span };
        if (list) list.push(entry);
        else entries.set(name, [entry]);
      }
    }
    return entries;
  }

  /**
   * This version's declarations, starting from what the file's last version read: those wholly
   * inside the text both share before and after the edit are kept (a character of the shared text
   * after or before each, its terminator or the previous one's, so the edit cannot have joined it
   * to another), and only the top-level nodes between them are read. A tree with syntax errors, a
   * node straddling the kept ones, or a kept declaration the tree does not confirm reads all.
   */
  private declaredFromLastRead(): Declared[] {
    const last = lastRead.get(this.file.path);
    const text = this.file.text;
    if (!last) return this.readDeclared(0, Infinity)!;
    if (last.text === text) return last.declared;
    const root = this.file.tree.rootNode;
    if (root.hasError) return this.readDeclared(0, Infinity)!;
    const prefix = commonPrefixLength(last.text, text);
    const suffix = commonSuffixLength(last.text, text, Math.min(last.text.length, text.length) - prefix);
    const shift = text.length - last.text.length;
    const suffixStart = last.text.length - suffix;
    const before = last.declared.filter((declaration) => declaration.end < prefix);
    const after = last.declared.filter((declaration) => declaration.start > suffixStart).map((declaration) => ({ ...declaration, start: declaration.start + shift, end: declaration.end + shift }));
    const from = before.length ? before[before.length - 1].end : 0;
    const to = after.length ? after[0].start : text.length;
    const between = this.readDeclared(from, to);
    const edges = [before[before.length - 1], after[0]].filter((declaration) => declaration !== undefined);
    if (!between || edges.some((declaration) => !nodeAt({ startIndex: declaration.start, tree: this.file.tree }, { start: 0, end: declaration.end - declaration.start, type: declaration.type }))) {
      return this.readDeclared(0, Infinity)!;
    }
    return [...before, ...between, ...after];
  }

  /**
   * The declarations among the top-level nodes that start in [from, to): a node is made only for
   * the nodes of that range (and the few a binary search looks at), or, for the whole file, a cursor
   * reads each node's type and range. Undefined when a node starting before `from` or ending
   * after `to` holds part of the range.
   */
  private readDeclared(from: number, to: number): Declared[] | undefined {
    const declared: Declared[] = [];
    if (from === 0 && to === Infinity) {
      const cursor = this.file.tree.rootNode.walk();
      try {
        for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
          const type = cursor.nodeType;
          if (TOP_KINDS[type]) this.addDeclared(declared, type, cursor.startIndex, cursor.endIndex, () => cursor.currentNode);
        }
      } finally {
        cursor.delete();
      }
      return declared;
    }
    const root = this.file.tree.rootNode;
    const count = root.childCount;
    // The first top-level node ending after `from`, by binary search (tree-sitter's
    // firstChildForIndex misses nodes that start in the whitespace after the index).
    let low = 0;
    for (let high = count; low < high; ) {
      const middle = (low + high) >> 1;
      if (root.child(middle)!.endIndex <= from) low = middle + 1;
      else high = middle;
    }
    for (let index = low; index < count; index++) {
      const node = root.child(index)!;
      if (node.startIndex >= to) break;
      if (node.startIndex < from || node.endIndex > to) {
        if (node.isNamed && node.type !== 'comment') return undefined;
        continue;
      }
      if (TOP_KINDS[node.type]) this.addDeclared(declared, node.type, node.startIndex, node.endIndex, () => node);
    }
    return declared;
  }

  /** Reads the names one top-level declaration declares: functions from their header's text, others from what their text gave before. */
  private addDeclared(declared: Declared[], type: string, start: number, end: number, declaration: () => SyntaxNode): void {
    const kind = TOP_KINDS[type]!;
    const text = this.file.text;
    const names =
      kind === 'func' || kind === 'method'
        ? (functionNamesFromHeader(text.slice(start, Math.min(end, start + 400)), end - start, type, kind) ?? readNames(declaration(), kind))
        : this.fresh
          ? readNames(declaration(), kind)
          : this.namesOf(text.slice(start, end), declaration, kind);
    // Carried into the file's next versions: copies, so that no name keeps this version's text
    // alive (an entry whose name needs no copy is shared as it is).
    const kept: [name: string, span: RelativeSpan][] = [];
    for (const entry of names.names) {
      if (entry[0] === '_') continue;
      const name = ownCopy(entry[0]);
      kept.push(name === entry[0] ? entry : [name, entry[1]]);
    }
    declared.push({ kind, type, start, end, names: kept });
  }
}

const ID = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
/** `func name(` or `func name[`. */
const FUNCTION_HEADER = new RegExp(String.raw`^func\s+(${ID})\s*[([]`, 'u');
/** `func (r *T) name(`, `func (T[K]) name[`. */
const METHOD_HEADER = new RegExp(String.raw`^func\s*\(\s*(?:${ID}\s+)?(\*?)\s*(${ID})\s*(?:\[[^\]()]*\])?\s*\)\s*(${ID})\s*[([]`, 'u');

/** A function's or method's name (and receiver) off its header text; the tree only when a comment is in the way. */
function functionNames(declaration: SyntaxNode, kind: 'func' | 'method'): DeclarationNames {
  return functionNamesFromHeader(declaration.text.slice(0, 400), declaration.endIndex - declaration.startIndex, declaration.type, kind) ?? readNames(declaration, kind);
}

/** What functionNames reads from a header (the declaration's first 400 characters); undefined when it cannot. */
function functionNamesFromHeader(header: string, length: number, type: string, kind: 'func' | 'method'): DeclarationNames | undefined {
  const whole = { start: 0, end: length, type };
  if (kind === 'func') {
    const match = FUNCTION_HEADER.exec(header);
    if (match) return { kind, names: [[match[1], whole]] };
  } else {
    const match = METHOD_HEADER.exec(header);
    if (match) return { kind, names: [[match[3], whole]], receiver: { type: match[2], pointer: match[1] === '*' } };
  }
  return undefined;
}

function readNames(declaration: SyntaxNode, kind: DeclarationKind): DeclarationNames {
  if (kind === 'func' || kind === 'method') {
    const name = declaration.childForFieldName('name');
    const names: DeclarationNames = { kind, names: name ? [[name.text, spanIn(declaration, declaration)]] : [] };
    if (kind === 'method') {
      let type = declaration.childForFieldName('receiver')?.namedChildren.find((n) => n?.type === 'parameter_declaration')?.childForFieldName('type') ?? null;
      let pointer = false;
      while (type?.type === 'parenthesized_type') type = type.namedChild(0);
      if (type?.type === 'pointer_type') {
        pointer = true;
        type = type.namedChild(0);
      }
      if (type?.type === 'generic_type') type = type.childForFieldName('type');
      if (type?.type === 'type_identifier') names.receiver = { type: type.text, pointer };
    }
    return names;
  }
  const names: DeclarationNames = { kind, names: [] };
  for (const spec of topSpecs(declaration)) {
    for (const name of spec.childrenForFieldName('name')) if (name) names.names.push([name.text, spanIn(declaration, spec)]);
  }
  return names;
}

function isSpec(node: SyntaxNode): boolean {
  return node.type === 'var_spec' || node.type === 'const_spec' || node.type === 'type_spec' || node.type === 'type_alias';
}

/** The specs of a `var`, `const` or `type` declaration, grouped or not. */
function topSpecs(declaration: SyntaxNode): SyntaxNode[] {
  const specs: SyntaxNode[] = [];
  for (const child of declaration.namedChildren) {
    if (!child) continue;
    if (child.type.endsWith('_spec_list')) for (const inner of child.namedChildren) if (inner && isSpec(inner)) specs.push(inner);
    if (isSpec(child)) specs.push(child);
  }
  return specs;
}

function importSpecs(declaration: SyntaxNode): SyntaxNode[] {
  const specs: SyntaxNode[] = [];
  for (const child of declaration.namedChildren) {
    if (child?.type === 'import_spec') specs.push(child);
    else if (child?.type === 'import_spec_list') for (const inner of child.namedChildren) if (inner?.type === 'import_spec') specs.push(inner);
  }
  return specs;
}

/**
 * The name a package is used by when imported without one: its path's last element, without a
 * major-version element (`.../v2`), a `.vN` suffix (`yaml.v3`) or a `go-` prefix. The package
 * clause could say otherwise; the common conventions hold for nearly every module.
 */
export function defaultImportName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  last = last.replace(/\.v\d+$/, '').replace(/^go-/, '');
  return last.replace(/[^\p{L}\p{N}_]/gu, '_');
}
