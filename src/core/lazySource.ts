import type { Tree } from 'web-tree-sitter';
import type { SourceFile } from './rule';
import { LineIndex } from './text';

/**
 * Package siblings whose syntax tree is built on first use. Rules look at a sibling's text
 * first (does it mention the name at all?), so most siblings of a large package are never parsed.
 */

const unparsed = new WeakSet<SourceFile>();

export interface LazySource {
  file: SourceFile;
  /** Frees the tree if it was ever built. */
  release(): void;
}

export function lazySourceFile(path: string, text: string, parse: (text: string) => Tree): LazySource {
  let tree: Tree | undefined;
  let lines: LineIndex | undefined;
  const file: SourceFile = {
    path,
    text,
    get tree() {
      if (!tree) {
        tree = parse(text);
        unparsed.delete(file);
      }
      return tree;
    },
    get lines() {
      return (lines ??= new LineIndex(text));
    },
  };
  unparsed.add(file);
  return { file, release: () => tree?.delete() };
}

/** Whether reading `file.tree` costs nothing (it is built already, or was never lazy). */
export function treeIsBuilt(file: SourceFile): boolean {
  return !unparsed.has(file);
}
