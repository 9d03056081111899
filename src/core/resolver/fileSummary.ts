import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { SourceFile } from '../rule';
import { nodeAt, RelativeSpan, spanIn, TextMemo } from '../analysis/poolSpans';

/**
 * The package-level declarations of one file, by name: what the package index merges. Built once
 * per syntax tree (a file's version); while the user types, every top-level declaration whose
 * text is unchanged reuses the names read from it before (kept by its text), so an edit re-reads
 * only the declarations it touched.
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

export class FileSummary {
  private entries?: Map<string, { kind: DeclarationKind; declaration: SyntaxNode; span: RelativeSpan }[]>;
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
      const node = this.fresh ? undefined : nodeAt(entry.declaration, entry.span);
      if (!node) {
        if (this.fresh) break;
        // A remembered declaration the tree does not confirm: read this tree afresh.
        this.fresh = true;
        this.entries = this.collect();
        this.located.clear();
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
        const names = functionNames(entry.declaration, 'method');
        if (!names.receiver) continue;
        this.methodList.push({ receiverType: names.receiver.type, name, pointerReceiver: names.receiver.pointer, node: entry.declaration, file: this.file });
      }
    }
    return this.methodList;
  }

  /** Names the file declares at package level with this kind, in document order. */
  names(kind: DeclarationKind): string[] {
    const names: { name: string; at: number }[] = [];
    for (const [name, entries] of (this.entries ??= this.collect())) {
      const entry = entries.find((candidate) => candidate.kind === kind);
      if (entry) names.push({ name, at: entry.declaration.startIndex + entry.span.start });
    }
    return names.sort((a, b) => a.at - b.at).map((entry) => entry.name);
  }

  /** The file's imports. */
  imports(): readonly ImportSpec[] {
    if (this.importList) return this.importList;
    this.importList = [];
    // Imports come first: stop at the first declaration of anything else.
    for (const child of this.file.tree.rootNode.namedChildren) {
      if (!child || child.type === 'package_clause' || child.type === 'comment') continue;
      if (child.type !== 'import_declaration') break;
      for (const spec of importSpecs(child)) {
        const path = spec.childForFieldName('path')?.text.slice(1, -1);
        if (!path) continue;
        const alias = spec.childForFieldName('name')?.text;
        this.importList.push({ name: alias ?? defaultImportName(path), path });
      }
    }
    return this.importList;
  }

  private namesOf(declaration: SyntaxNode): DeclarationNames | undefined {
    const text = declaration.text;
    let names = namesByText.get(text);
    if (!names) {
      const kind = TOP_KINDS[declaration.type];
      if (!kind) return undefined;
      names = readNames(declaration, kind);
      namesByText.set(text, names);
    }
    return names;
  }

  private collect(): Map<string, { kind: DeclarationKind; declaration: SyntaxNode; span: RelativeSpan }[]> {
    const entries = new Map<string, { kind: DeclarationKind; declaration: SyntaxNode; span: RelativeSpan }[]>();
    // A cursor reads each top-level node's type without materializing the ones it skips.
    const cursor = this.file.tree.rootNode.walk();
    try {
      for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
        const kind = TOP_KINDS[cursor.nodeType];
        if (!kind) continue;
        const declaration = cursor.currentNode;
        const names = kind === 'func' || kind === 'method' ? functionNames(declaration, kind) : this.fresh ? readNames(declaration, kind) : this.namesOf(declaration);
        for (const [name, span] of names?.names ?? []) {
          if (name === '_') continue;
          const list = entries.get(name);
          const entry = { kind, declaration, span };
          if (list) list.push(entry);
          else entries.set(name, [entry]);
        }
      }
    } finally {
      cursor.delete();
    }
    return entries;
  }
}

const ID = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
/** `func name(` or `func name[`. */
const FUNCTION_HEADER = new RegExp(String.raw`^func\s+(${ID})\s*[([]`, 'u');
/** `func (r *T) name(`, `func (T[K]) name[`. */
const METHOD_HEADER = new RegExp(String.raw`^func\s*\(\s*(?:${ID}\s+)?(\*?)\s*(${ID})\s*(?:\[[^\]()]*\])?\s*\)\s*(${ID})\s*[([]`, 'u');

/** A function's or method's name (and receiver) off its header text; the tree only when a comment is in the way. */
function functionNames(declaration: SyntaxNode, kind: 'func' | 'method'): DeclarationNames {
  const header = declaration.text.slice(0, 400);
  const whole = { start: 0, end: declaration.endIndex - declaration.startIndex, type: declaration.type };
  if (kind === 'func') {
    const match = FUNCTION_HEADER.exec(header);
    if (match) return { kind, names: [[match[1], whole]] };
  } else {
    const match = METHOD_HEADER.exec(header);
    if (match) return { kind, names: [[match[3], whole]], receiver: { type: match[2], pointer: match[1] === '*' } };
  }
  return readNames(declaration, kind);
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
