import { Node, Tree } from 'web-tree-sitter';
import { checkDeadline } from './timeBudget';

/**
 * Parent and sibling links that cost O(1) once known. tree-sitter nodes have no parent pointer:
 * `node.parent` searches down from the root every time, and `nextSibling` and the like go
 * through the parent, so climbing out of 5,000 nested blocks or walking the statements of a long
 * block cost the square of its size. Here one descent from the root to a node records the parent
 * and the position of every child of every node it passes, for as long as the tree is not edited:
 * each node's children are listed at most once per tree, so any mix of climbs and sibling walks
 * costs at most the size of the tree plus the steps taken.
 *
 * Listing children makes a JavaScript object of every child on the way down, which costs more
 * than tree-sitter's own search in ordinary code (a tenth of a lint's time). So `parent` asks
 * tree-sitter first, and a tree switches to the links for good once those searches have cost it
 * NATIVE_PARENT_BUDGET_MS: only deep or wide trees get that far. tree-sitter's answers are not
 * kept: the nodes they hold outlive young-generation collections while a large file is linted,
 * and copying them cost more than asking again (a lint of the standard library spent 550 ms in
 * young-generation collections with them kept, 445 ms without).
 */

interface Link {
  parent: Node;
  siblings: Node[];
  index: number;
}

interface TreeLinks {
  root: Node;
  byId: Map<number, Link>;
  /** Ids of the nodes whose children are recorded. */
  listed: Set<number>;
  /** Milliseconds spent in tree-sitter's parent search; past the budget the links take over. */
  nativeParentMs: number;
}

/** What tree-sitter's parent searches may cost one tree before its links take over (ordinary files stay far below). */
const NATIVE_PARENT_BUDGET_MS = 20;

const linksOf = new WeakMap<Tree, TreeLinks>();

function treeLinks(tree: Tree): TreeLinks {
  let links = linksOf.get(tree);
  if (!links) linksOf.set(tree, (links = { root: tree.rootNode, byId: new Map(), listed: new Set(), nativeParentMs: 0 }));
  return links;
}

function listChildren(links: TreeLinks, parent: Node): Node[] {
  const children = parent.children as Node[];
  if (!links.listed.has(parent.id)) {
    links.listed.add(parent.id);
    for (let index = 0; index < children.length; index++) links.byId.set(children[index].id, { parent, siblings: children, index });
  }
  return children;
}

/** The child of `children` whose range holds `node` (siblings overlap at most at zero-width edges). */
function childHolding(children: Node[], node: Node, nodeEnd: number): Node | undefined {
  let low = 0;
  let high = children.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (children[middle].startIndex <= node.startIndex) low = middle + 1;
    else high = middle;
  }
  for (let index = low - 1; index >= 0; index--) {
    const child = children[index];
    const childEnd = child.endIndex;
    if (childEnd < node.startIndex) return undefined;
    if (childEnd >= nodeEnd && child.childCount > 0) return child;
  }
  return undefined;
}

/** The link of a node: known already, or found by descending from the root once. */
function linkOf(node: Node): Link | undefined | null {
  const links = treeLinks(node.tree);
  const known = links.byId.get(node.id);
  if (known) return known;
  if (node.id === links.root.id) return null;
  const nodeEnd = node.endIndex;
  for (let current: Node | undefined = links.root; current; ) {
    checkDeadline();
    const children = listChildren(links, current);
    const found = links.byId.get(node.id);
    if (found) return found;
    current = childHolding(children, node, nodeEnd);
  }
  return undefined; // Not reached by position (zero-width nodes at an edge): the caller asks tree-sitter.
}

function linkedParent(native: (this: Node) => Node | null) {
  return function parent(this: Node): Node | null {
    const links = treeLinks(this.tree);
    if (links.nativeParentMs < NATIVE_PARENT_BUDGET_MS && !links.byId.has(this.id)) {
      const started = performance.now();
      const found = native.call(this);
      links.nativeParentMs += performance.now() - started;
      return found;
    }
    const link = linkOf(this);
    if (link !== undefined) return link && link.parent;
    return native.call(this);
  };
}

function linkedSibling(native: (this: Node) => Node | null, step: 1 | -1, named: boolean) {
  return function sibling(this: Node): Node | null {
    const link = linkOf(this);
    if (!link) return link === null ? null : native.call(this);
    for (let index = link.index + step; index >= 0 && index < link.siblings.length; index += step) {
      const candidate = link.siblings[index];
      if (!named || candidate.isNamed) return candidate;
    }
    return null;
  };
}

function override(name: keyof Node, make: (native: (this: Node) => Node | null) => (this: Node) => Node | null): void {
  const native = Object.getOwnPropertyDescriptor(Node.prototype, name)?.get as ((this: Node) => Node | null) | undefined;
  if (!native) return;
  Object.defineProperty(Node.prototype, name, { configurable: true, get: make(native) });
}

/** Answers every later `parent` of this tree from the links, as a costly tree does (for tests of the links). */
export function useParentLinks(tree: Tree): void {
  treeLinks(tree).nativeParentMs = Infinity;
}

let installed = false;

/** Makes `parent` and the sibling getters of every node use the links above (once per process). */
export function installNodeLinks(): void {
  if (installed) return;
  installed = true;
  override('parent', linkedParent);
  override('nextSibling', (native) => linkedSibling(native, 1, false));
  override('previousSibling', (native) => linkedSibling(native, -1, false));
  override('nextNamedSibling', (native) => linkedSibling(native, 1, true));
  override('previousNamedSibling', (native) => linkedSibling(native, -1, true));
  // An edit moves and replaces nodes: links recorded before it no longer hold.
  const edit = Tree.prototype.edit;
  Tree.prototype.edit = function (this: Tree, ...args: Parameters<Tree['edit']>) {
    linksOf.delete(this);
    return edit.apply(this, args);
  };
}
