// The call tree behind an icicle graph: root → callers → callees, inlined frames expanded.
import { Profile } from './model';
import { frameFunctionIndices } from './top';

/**
 * Nodes in depth-first preorder; node 0 is the synthetic root holding the total. A node's children
 * follow it contiguously (ordered by function name), so an icicle lays out by running sums.
 */
export interface FlameTree {
  /** Function index (into Profile.functions) per node; -1 for the root. */
  functionIndex: Int32Array;
  depth: Int32Array;
  parent: Int32Array;
  /** Value of all samples through this node (its width). */
  total: Float64Array;
  /** Value of samples ending at this node. */
  self: Float64Array;
  /** Number of nodes. */
  size: number;
}

export function flameTree(profile: Profile, sampleIndex: number): FlameTree {
  const frameFunction = frameFunctionIndices(profile);
  const functionCount = Math.max(1, profile.functions.length);
  // Trie in insertion order; child lookup by (parent, function) in one numeric-keyed map.
  const parentOf: number[] = [-1];
  const functionOf: number[] = [-1];
  const totalOf: number[] = [0];
  const selfOf: number[] = [0];
  const childKey = new Map<number, number>();
  for (const sample of profile.samples) {
    const value = sample.values[sampleIndex];
    if (value === 0) {
      continue;
    }
    let node = 0;
    totalOf[0] += value;
    const stack = sample.locations;
    for (let l = stack.length - 1; l >= 0; l--) {
      const frames = profile.locations[stack[l]].frames;
      for (let f = frames.length - 1; f >= 0; f--) {
        const fn = frameFunction[frames[f]];
        const key = node * functionCount + fn;
        let child = childKey.get(key);
        if (child === undefined) {
          child = functionOf.length;
          childKey.set(key, child);
          parentOf.push(node);
          functionOf.push(fn);
          totalOf.push(0);
          selfOf.push(0);
        }
        totalOf[child] += value;
        node = child;
      }
    }
    selfOf[node] += value;
  }

  const size = functionOf.length;
  const children: number[][] = Array.from({ length: size }, () => []);
  for (let i = 1; i < size; i++) {
    children[parentOf[i]].push(i);
  }
  const names = profile.functions.map((f) => f.name);
  const byName = (a: number, b: number) => {
    const x = names[functionOf[a]];
    const y = names[functionOf[b]];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const tree: FlameTree = {
    functionIndex: new Int32Array(size),
    depth: new Int32Array(size),
    parent: new Int32Array(size),
    total: new Float64Array(size),
    self: new Float64Array(size),
    size,
  };
  // Iterative DFS (stacks can be thousands of frames deep).
  const newIndex = new Int32Array(size);
  const pending: number[] = [0];
  const depthOf = new Int32Array(size);
  let next = 0;
  while (pending.length > 0) {
    const old = pending.pop()!;
    const index = next++;
    newIndex[old] = index;
    tree.functionIndex[index] = functionOf[old];
    tree.depth[index] = depthOf[old];
    tree.parent[index] = old === 0 ? -1 : newIndex[parentOf[old]];
    tree.total[index] = totalOf[old];
    tree.self[index] = selfOf[old];
    const kids = children[old].sort(byName);
    for (let k = kids.length - 1; k >= 0; k--) {
      depthOf[kids[k]] = depthOf[old] + 1;
      pending.push(kids[k]);
    }
  }
  return tree;
}
